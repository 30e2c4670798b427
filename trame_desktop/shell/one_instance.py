"""One instance per app and user, and what a launch asks it to open, as the app's controller hooks.

A launch first tries to become the app's one instance (:mod:`trame_desktop.process.single_instance`).
When another holds it, the launch hands it its ``sys.argv`` and working directory and ends (exit
status 0) without starting a server; the running one calls ``ctrl.on_second_instance(argv, cwd)``,
brings its window to the front and opens what that argv names. A launch's own argv is opened the
same way once its server is ready: file paths reach ``ctrl.on_open_files(paths)`` (absolute, in
argv's order) and URLs of a scheme the app declared (``url_schemes=("myapp",)``) reach
``ctrl.on_open_url(url)``, one call per URL. ``single_instance=False`` lets every launch run its own.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from trame_desktop.process.single_instance import (
    Handoff,
    InstanceLock,
    hand_over,
    lock_is_held,
    runtime_folder,
    supported,
)
from trame_desktop.window import DesktopWindow

from .server_thread import ServerThread
from .window_options import add_window_arguments

__all__ = ["INSTANCE_KWARGS", "OneInstance", "open_requests"]

log = logging.getLogger(__name__)

#: The ``start()`` keywords this module takes: ``single_instance`` (default True) and ``url_schemes``.
INSTANCE_KWARGS = frozenset({"single_instance", "url_schemes"})


def _without_window_options(args: Sequence[str]) -> list[str]:
    """``args`` less the shell's window options and their values (``--icon x.png`` opens nothing)."""
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    add_window_arguments(parser)
    _known, rest = parser.parse_known_args(list(args))
    return rest


def open_requests(args: Sequence[str], cwd: str, url_schemes: Iterable[str] = ()) -> tuple[list[str], list[str]]:
    """The files and URLs a launch's arguments (``sys.argv[1:]``) ask to open: ``(paths, urls)``.

    An argument is a URL when its scheme is one of ``url_schemes``; ``file:`` URLs (what desktop
    environments pass for ``%U``) and arguments naming an existing file or folder (relative to
    ``cwd``) are paths. Options (``-x``, ``--name``) are skipped, everything after ``--`` is not.
    """
    schemes = {scheme.lower() for scheme in url_schemes}
    paths: list[str] = []
    urls: list[str] = []
    options_done = False
    for arg in _without_window_options(args):
        if arg == "--" and not options_done:
            options_done = True
            continue
        if arg.startswith("-") and not options_done:
            continue
        scheme = urlsplit(arg).scheme.lower() if ":" in arg else ""
        if len(scheme) == 1:  # a Windows drive (C:\\...), not a scheme
            scheme = ""
        if scheme and scheme in schemes:
            urls.append(arg)
        elif scheme == "file":
            paths.append(os.path.abspath(unquote(urlsplit(arg).path)))
        elif Path(cwd, arg).exists():
            paths.append(os.path.abspath(os.path.join(cwd, arg)))
    return paths, urls


class OneInstance:
    """One launch's part in the one-instance rule, and the opening of its own argv."""

    def __init__(self, app_name: str, options: dict[str, Any], argv: Sequence[str] | None = None,
                 cwd: str | None = None) -> None:
        """``options``: the ``start()`` keywords in :data:`INSTANCE_KWARGS`; ``argv``: the app's
        ``sys.argv`` (program first)."""
        self.app_name = app_name
        self.enabled = bool(options.get("single_instance", True)) and supported()
        self.url_schemes = tuple(str(s).lower().split(":", 1)[0] for s in options.get("url_schemes", ()) or ())
        self.argv = list(sys.argv if argv is None else argv)
        self.cwd = os.getcwd() if cwd is None else cwd
        #: The exit status of a launch that did not claim the instance (0: handed over).
        self.status = 0
        self._lock: InstanceLock | None = None

    def claim(self) -> bool:
        """True when this launch is to run the app; False when it must end with :attr:`status`
        (it handed its argv to the running instance, or that one did not answer)."""
        if not self.enabled:
            return True
        try:
            folder = runtime_folder(self.app_name)
            lock = InstanceLock(folder)
            for _ in range(3):  # the holder may end between our try and our hand-over
                if lock.acquire():
                    self._lock = lock
                    log.info("this is the one instance of %s (%s)", self.app_name, lock.socket_file)
                    return True
                if hand_over(folder, self.argv, self.cwd):
                    log.info("handed the arguments to the running instance of %s", self.app_name)
                    print(f"trame-desktop: {self.app_name} is already running: handed it the arguments",
                          file=sys.stderr)
                    return False
                if lock_is_held(lock.lock_file):
                    break
        except OSError as error:  # no usable runtime folder here: run without the rule
            log.warning("one instance is off for this launch: %s", error)
            return True
        print(f"trame-desktop: {self.app_name} is already running but did not answer", file=sys.stderr)
        self.status = 1
        return False

    def serve(self, server: ServerThread, window: DesktopWindow) -> None:
        """Open this launch's own argv once the server is ready, and hear later launches."""
        self._open(server, self.argv, self.cwd)
        if self._lock is None:
            return

        def on_handoff(handoff: Handoff) -> None:
            server.send_hook("on_second_instance", handoff.argv, handoff.cwd)
            window.bring_to_front()
            self._open(server, handoff.argv, handoff.cwd)

        self._lock.serve(on_handoff)

    def _open(self, server: ServerThread, argv: Sequence[str], cwd: str) -> None:
        paths, urls = open_requests(argv[1:], cwd, self.url_schemes)
        if paths:
            server.send_hook("on_open_files", paths)
        for url in urls:
            server.send_hook("on_open_url", url)

    def close(self) -> None:
        """Give the instance up (the next launch becomes it)."""
        if self._lock is not None:
            self._lock.close()
            self._lock = None
