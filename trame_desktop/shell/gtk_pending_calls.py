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
from types import FrameType
from typing import Any

__all__ = ["PendingCalls", "finish_pending_calls", "threads_in_pywebview"]


@dataclass
class PendingCalls:
    """What :func:`finish_pending_calls` did: web processes it ended, threads still waiting after it."""

    ended_web_processes: int = 0
    still_waiting: list[str] = field(default_factory=list)


def _pywebview_stacks() -> dict[threading.Thread, list[Any]]:
    """Each thread that would keep the process alive (not a daemon) and is inside pywebview's code
    now, with its frames in that code (innermost first)."""
    webview = sys.modules.get("webview")
    if webview is None or webview.__file__ is None:
        return {}
    package = str(Path(webview.__file__).parent)
    frames = sys._current_frames()
    stacks: dict[threading.Thread, list[Any]] = {}
    for thread in threading.enumerate():
        if thread.daemon or thread is threading.main_thread() or thread.ident not in frames:
            continue
        frame: FrameType | None = frames[thread.ident]
        inside = []
        while frame is not None:
            if frame.f_code.co_filename.startswith(package):
                inside.append(frame)
            frame = frame.f_back
        if inside:
            stacks[thread] = inside
    return stacks


def threads_in_pywebview() -> list[threading.Thread]:
    """Threads that would keep the process alive (not daemons) and are inside pywebview's code now."""
    return list(_pywebview_stacks())


def _web_views_waited_on(stacks: dict[threading.Thread, list[Any]]) -> list[Any]:
    """The WebKit views the threads' pywebview calls wait on (the ``self`` of pywebview's GTK window methods)."""
    views: list[Any] = []
    for frames in stacks.values():
        for frame in frames:
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


def _dispatch_while_waiting(context: Any, timeout: float) -> dict[threading.Thread, list[Any]]:
    deadline = time.monotonic() + timeout
    while (waiting := _pywebview_stacks()) and time.monotonic() < deadline:
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
