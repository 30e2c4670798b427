"""After pywebview's GTK loop has ended: run what its calls still wait for, so that none keeps the process from exiting.

pywebview's GTK backend runs a window call (``evaluate_js``, which its own page-load thread uses
to inject its API) by adding an idle source to GLib's main context and waiting on a semaphore
that the source, or WebKit's answer, releases. When the last window closes while such a call is
on its way (a window closed just as its page finished loading), the loop has ended before the
source runs: the waiting thread, not a daemon, then keeps the interpreter from exiting, forever.
Dispatching the main context's pending sources once more lets those calls run against the
closed web view, which answers them at once (with nothing), and their threads end.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

__all__ = ["finish_pending_calls", "threads_in_pywebview"]


def threads_in_pywebview() -> list[threading.Thread]:
    """Threads that would keep the process alive (not daemons) and are inside pywebview's code now."""
    webview = sys.modules.get("webview")
    if webview is None or webview.__file__ is None:
        return []
    package = str(Path(webview.__file__).parent)
    frames = sys._current_frames()
    found = []
    for thread in threading.enumerate():
        if thread.daemon or thread is threading.main_thread():
            continue
        frame = frames.get(thread.ident) if thread.ident is not None else None
        while frame is not None:
            if frame.f_code.co_filename.startswith(package):
                found.append(thread)
                break
            frame = frame.f_back
    return found


def finish_pending_calls(timeout: float = 1.0) -> list[str]:
    """Dispatch GLib's default main context until no thread waits in pywebview, for ``timeout`` s at most.

    Call it on the GUI (main) thread once ``webview.start()`` has returned. Returns the names of
    the threads still waiting after ``timeout`` (none, normally).
    """
    from gi.repository import GLib

    context = GLib.MainContext.default()
    deadline = time.monotonic() + timeout
    while (waiting := threads_in_pywebview()) and time.monotonic() < deadline:
        if not context.iteration(False):  # nothing was ready: the thread may not have added it yet
            time.sleep(0.005)
    return [thread.name for thread in waiting]
