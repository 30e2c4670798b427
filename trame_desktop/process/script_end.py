"""A frozen app's main script that ran to its end: the process then exits without the interpreter's teardown.

The unpackaged shell ends with ``os._exit`` once the ``atexit`` handlers ran
(:mod:`trame_desktop.process.ending`): its launcher knows the exit status. A frozen app's main
script is run by PyInstaller's bootloader, which exits with status 0 when the script's module code
returned and otherwise handles the exception itself (``SystemExit``'s code, a traceback). Once the
window has closed, :func:`watch_main_script` follows the script's module frame to its end; the
``atexit`` handler PyInstaller's run-time hook registered first (so it runs after all of the app's
own) calls :func:`end_if_script_returned`, which exits with 0 only when that frame returned, and
leaves every other ending to the interpreter.
"""

from __future__ import annotations

import sys
from types import FrameType
from typing import Any

from .ending import exit_now

__all__ = ["end_if_script_returned", "watch_main_script"]

_ending: dict[str, bool] = {}


def _main_script_frame() -> FrameType | None:
    """The outermost running frame of ``__main__``'s module code (the script the process runs)."""
    frame: FrameType | None = sys._getframe(1)
    found: FrameType | None = None
    while frame is not None:
        if frame.f_code.co_name == "<module>" and frame.f_globals.get("__name__") == "__main__":
            found = frame
        frame = frame.f_back
    return found


def watch_main_script() -> bool:
    """Follow the main script's module frame to its end, on this (the main) thread; False if there is none.

    Only that frame is traced, line by line: an exception that passes through it and is not
    caught there means the script did not return. Frames started later are not traced.
    """
    frame = _main_script_frame()
    if frame is None:
        return False
    passing: list[BaseException] = []

    def follow(_frame: FrameType, event: str, arg: Any) -> Any:
        if event == "exception":
            passing[:] = [arg[1]]
        elif event == "line":  # the script went on: what passed was caught
            passing.clear()
        elif event == "return":
            _ending["returned"] = not passing
        return follow

    frame.f_trace = follow
    sys.settrace(_untraced)  # tracing on for this thread, which makes the frame's own tracer run
    return True


def _untraced(_frame: FrameType, _event: str, _arg: Any) -> None:
    return None


def end_if_script_returned() -> None:
    """``atexit``, last: exit with status 0 now if the main script returned; otherwise do nothing."""
    if _ending.get("returned"):
        exit_now(0)
