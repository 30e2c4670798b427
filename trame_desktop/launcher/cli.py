"""The launcher's command line: run ``app.py`` as ``__main__`` and hand its server to the shell.

``python -m trame_desktop [window options] app.py [app args]`` (or ``-m module``);
``python -m trame_desktop package ...`` is the build command instead.
"""

from __future__ import annotations

import argparse
import os
import runpy
import sys
import traceback
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from trame_desktop.process.ending import ProcessEnd
from trame_desktop.shell.hosts import is_trame_server
from trame_desktop.shell.window_options import add_window_arguments, options_from_cli

from .core_swap import CORES, chosen_core, trame_apps_on_our_core
from .preflight import window_problem
from .reload import LiveReload
from .start_takeover import StartInterceptor

__all__ = ["Launch", "build_parser", "find_server", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trame-desktop",
        description="Run a trame-style Python web-UI app in a native desktop window.",
        epilog="Options after the app file (or -m module) are the app's own.",
    )
    add_window_arguments(parser)
    parser.add_argument("--core", choices=CORES, default=None,
                        help="the server core for apps written for the trame package: ours (default; "
                             "also TRAME_DESKTOP_CORE) or trame's own")
    parser.add_argument("--reload", action="store_true",
                        help="re-run the app in the same window when one of its files is saved (needs watchfiles)")
    parser.add_argument("-m", dest="module", nargs=argparse.REMAINDER, metavar="MODULE [ARGS]",
                        help="run a module as the app (like python -m)")
    parser.add_argument("app", nargs="?", help="the app's Python file")
    parser.add_argument("app_args", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    return parser


def find_server(namespace: dict[str, Any]) -> Any | None:
    """A server the app built but did not start: the first one among its module globals."""
    from trame_desktop.server import Server  # the app imported it already, if it made one

    for value in namespace.values():
        if is_trame_server(value) or isinstance(value, Server):
            return value
    return None


class Launch:
    """One launch: takes over the app's ``server.start()`` and keeps the window's exit status."""

    def __init__(self, cli: dict[str, Any], reloader: LiveReload | None = None) -> None:
        self.cli = cli
        self.reloader = reloader
        self.hosted = False
        self.status = 0

    def on_start(self, server: Any, start_kwargs: dict[str, Any]) -> None:
        from trame_desktop.shell.run import run_in_window

        if self.hosted:
            print("trame-desktop: server.start() called again; the app already ran in a window", file=sys.stderr)
            return None
        self.hosted = True
        if self.reloader is not None:
            self.reloader.watch(server)
        self.status = run_in_window(server, start_kwargs, self.cli)
        return None


def _run_app(args: argparse.Namespace, parser: argparse.ArgumentParser) -> dict[str, Any]:
    if args.module is not None:
        if not args.module:
            parser.error("-m needs a module name")
        module, *app_args = args.module
        sys.argv = [module, *(a for a in app_args if a != "--app")]
        sys.path.insert(0, os.getcwd())
        return runpy.run_module(module, run_name="__main__", alter_sys=True)
    path = Path(args.app)
    sys.argv = [str(path), *(a for a in args.app_args if a != "--app")]
    sys.path.insert(0, str(path.resolve().parent))
    return runpy.run_path(str(path), run_name="__main__")


def main(argv: list[str] | None = None) -> int:
    """The launcher (``python -m trame_desktop`` and the ``trame-desktop`` script, both through
    :mod:`trame_desktop.__main__`); returns the exit status.

    Once a window was shown, the process ends right after the app's ``atexit`` handlers
    (see :mod:`trame_desktop.process.ending`).
    """
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["package"]:  # python -m trame_desktop package app.py ...: a PyInstaller build
        from trame_desktop.packager.command import main as package_main

        return package_main(args[1:])
    end = ProcessEnd()  # first, so that the app's atexit handlers run before it
    launch = Launch({})
    status = _main(argv, launch)
    if launch.hosted:
        end.set(status)
    return status


def _main(argv: list[str] | None, launch: Launch) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.module is None and not args.app:
        parser.error("give the app's Python file (or -m module)")
    if args.module is None and not Path(args.app).is_file():
        print(f"trame-desktop: no such app file: {args.app}", file=sys.stderr)
        return 2
    problem = window_problem(args.gui)
    if problem:
        print(problem, file=sys.stderr)
        return 2

    launch.cli = options_from_cli(args)
    try:
        core = chosen_core(args.core)
    except ValueError as error:
        parser.error(str(error))
    if args.reload:
        if args.module is not None:
            parser.error("--reload takes an app file, not -m")
        app_file = Path(args.app)
        launch.reloader = LiveReload(lambda: runpy.run_path(str(app_file), run_name="__main__"), app_file)
    with StartInterceptor(launch.on_start).active(), (trame_apps_on_our_core() if core == "ours" else nullcontext()):
        try:
            namespace = _run_app(args, parser)
        except SystemExit as exit_:
            if launch.hosted and exit_.code in (None, 0):
                return launch.status
            raise
        except KeyboardInterrupt:  # Ctrl-C before the window existed
            return 130
        except BaseException:  # the app's own error: its traceback, then exit 1
            traceback.print_exc()
            return 1
        if launch.hosted:
            return launch.status
        server = find_server(namespace)
        if server is None:
            print("trame-desktop: the app built no server (call get_server() in it)", file=sys.stderr)
            return 1
        launch.on_start(server, {})
        return launch.status
