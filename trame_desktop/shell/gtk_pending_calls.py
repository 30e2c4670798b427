"""After pywebview's GTK loop has ended: let the calls it left waiting finish, so that none keeps the process from exiting.

pywebview's GTK backend runs a window call (``evaluate_js``, which its own page-load thread uses
to inject its API) by adding an idle source to GLib's main context and waiting on a semaphore
that the source, or WebKit's answer to it, releases. When the last window closes while such a
call is on its way (a window closed just as its page finished loading), the loop ends first and
the waiting thread, not a daemon, keeps the interpreter from exiting, forever.

Dispatching the main context's pending sources once more lets those calls run, and a web process
that is free answers them at once. A page too busy to answer (a script in a long loop) is
ended with WebKit's ``terminate_web_process``: its window is closed, and WebKit then fails the
evaluations still waiting on it, which releases them.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["PendingCalls", "finish_pending_calls", "threads_in_pywebview"]


@dataclass
class PendingCalls:
    """What :func:`finish_pending_calls` did: web processes it ended, threads still waiting after it."""

    ended_web_processes: int = 0
    still_waiting: list[str] = field(default_factory=list)


def _package_dir() -> str | None:
    webview = sys.modules.get("webview")
    if webview is None or webview.__file__ is None:
        return None
    return str(Path(webview.__file__).parent)


def _pywebview_frames(thread: threading.Thread, package: str) -> list[Any]:
    frames = []
    frame = sys._current_frames().get(thread.ident) if thread.ident is not None else None
    while frame is not None:
        if frame.f_code.co_filename.startswith(package):
            frames.append(frame)
        frame = frame.f_back
    return frames


def threads_in_pywebview() -> list[threading.Thread]:
    """Threads that would keep the process alive (not daemons) and are inside pywebview's code now."""
    package = _package_dir()
    if package is None:
        return []
    return [thread for thread in threading.enumerate()
            if not thread.daemon and thread is not threading.main_thread() and _pywebview_frames(thread, package)]


def _web_views_waited_on(threads: list[threading.Thread]) -> list[Any]:
    """The WebKit views the threads' pywebview calls wait on (the ``self`` of pywebview's GTK window methods)."""
    package = _package_dir()
    views: list[Any] = []
    for thread in threads:
        for frame in _pywebview_frames(thread, package or ""):
            view = getattr(frame.f_locals.get("self"), "webview", None)
            if hasattr(view, "terminate_web_process") and all(view is not seen for seen in views):
                views.append(view)
    return views


@contextlib.contextmanager
def _pywebview_silent() -> Iterator[None]:
    """pywebview logs each evaluation WebKit fails, with a traceback: not for the ones ended on purpose."""
    logger = logging.getLogger("pywebview")
    disabled, logger.disabled = logger.disabled, True
    try:
        yield
    finally:
        logger.disabled = disabled


def _dispatch_while_waiting(context: Any, timeout: float) -> list[threading.Thread]:
    deadline = time.monotonic() + timeout
    while (waiting := threads_in_pywebview()) and time.monotonic() < deadline:
        if not context.iteration(False):  # nothing was ready: a thread may not have added its source yet
            time.sleep(0.005)
    return waiting


def finish_pending_calls(answer_wait: float = 0.25, timeout: float = 1.0) -> PendingCalls:
    """Dispatch GLib's default main context while a thread waits in pywebview: ``answer_wait`` s for
    the pages to answer, then, their web processes ended, ``timeout`` s more at most.

    Call it on the GUI (main) thread once ``webview.start()`` has returned.
    """
    from gi.repository import GLib

    context = GLib.MainContext.default()
    done = PendingCalls()
    waiting = _dispatch_while_waiting(context, answer_wait)
    if waiting:
        views = _web_views_waited_on(waiting)
        with _pywebview_silent():
            for view in views:
                view.terminate_web_process()
            done.ended_web_processes = len(views)
            waiting = _dispatch_while_waiting(context, timeout)
    done.still_waiting = [thread.name for thread in waiting]
    return done
