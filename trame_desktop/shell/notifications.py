"""Desktop notifications through desktop-notifier: the platform's own service, click callbacks where it has them.

On Linux that is the ``org.freedesktop.Notifications`` service on the session bus (any notification
daemon); on macOS the User Notifications framework, on Windows WinRT toasts. desktop-notifier is
asyncio-based, so notifications are sent, and their callbacks run, on the server's loop, where app
code lives. One notifier per app name is kept for the process: it holds the bus connection that
hears clicks.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["notify"]

log = logging.getLogger(__name__)

_notifiers: dict[str, Any] = {}


def _notifier(app_name: str) -> Any:
    try:
        from desktop_notifier import DesktopNotifier
    except ImportError as error:  # an optional extra
        raise RuntimeError("notifications need desktop-notifier: pip install trame-desktop[notify]") from error
    notifier = _notifiers.get(app_name)
    if notifier is None:
        notifier = _notifiers[app_name] = DesktopNotifier(app_name=app_name)
    return notifier


def _on_loop(callback: Callable[[], Any] | None) -> Callable[[], None] | None:
    """``callback`` as desktop-notifier calls it (sync, on the loop); an async one becomes a task."""
    if callback is None:
        return None

    def call() -> None:
        try:
            result = callback()
            if inspect.isawaitable(result):
                from trame_desktop.server.asynchronous import create_task

                create_task(result)
        except Exception:  # the app's error: logged, the bus connection goes on
            log.exception("a notification callback raised")

    return call


async def notify(app_name: str, title: str, body: str = "", *, on_clicked: Callable[[], Any] | None = None,
                 on_dismissed: Callable[[], Any] | None = None, icon: str | Path | None = None,
                 timeout: float | None = None) -> str:
    """Show a notification and return its identifier (from the running loop: the server's)."""
    from desktop_notifier import Icon

    notifier = _notifier(app_name)
    return str(await notifier.send(
        title=title,
        message=body,
        icon=Icon(path=Path(icon)) if icon else None,
        on_clicked=_on_loop(on_clicked),
        on_dismissed=_on_loop(on_dismissed),
        timeout=-1 if timeout is None else int(timeout),
    ))
