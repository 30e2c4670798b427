"""PyInstaller run-time hook: a frozen app exits without the interpreter's final garbage collections.

After the window closed, CPython's teardown runs full collections over every object the web
stack and Qt made: most of a packaged app's close-to-exit time (``python app.py --app`` pays the
same; figures in benchmarks/README.md). An ``atexit`` handler registered here, before the app runs, is called after all of the app's own, just before that teardown; moving
every object to the permanent generation there (``gc.freeze``) makes those collections short.
Objects are still freed by reference counting and the exit status stays the app's; only cyclic
garbage is left for the OS to reclaim. (The unpackaged shell goes further: it ends with
``os._exit`` once the ``atexit`` handlers ran, see ``trame_desktop.process.ending``.)
"""

import atexit
import gc

atexit.register(gc.freeze)
del atexit, gc
