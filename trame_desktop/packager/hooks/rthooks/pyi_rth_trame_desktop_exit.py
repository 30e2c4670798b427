"""PyInstaller run-time hook: a frozen app's end after its window closed skips the interpreter's teardown.

An ``atexit`` handler registered here, before the app runs, is called after all of the app's
own. When the main script returned after its window closed, it exits at once with status 0, as the
unpackaged shell does (``trame_desktop.process.script_end``): the web engine's helper processes
then end on their own, which is sooner than Qt's orderly shutdown. Any other ending (``sys.exit``,
an exception, an app that never opened a window) goes through the interpreter's teardown with its
own exit status; every object is first moved to the permanent generation (``gc.freeze``), so that
the teardown's final full collections over what the web stack and Qt made are short.
"""

import atexit


def _end():
    import gc

    try:
        from trame_desktop.process.script_end import end_if_script_returned
    except Exception:  # the package itself is broken: the interpreter's own ending remains
        pass
    else:
        end_if_script_returned()
    gc.freeze()


atexit.register(_end)
del atexit
