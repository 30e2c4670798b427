"""Which arguments a server reads: the app's own, TRAME_ARGS or --trame-args, never pytest's."""

from __future__ import annotations

import sys

from trame_desktop.server import Server
from trame_desktop.server.cli import app_argv


def test_the_apps_command_line_outside_pytest() -> None:
    assert app_argv(["-p", "9000"], environ={}, under_pytest=False) == ["-p", "9000"]


def test_trame_args_replace_it() -> None:
    assert app_argv(["-p", "9000"], environ={"TRAME_ARGS": "--port 1 --server"}, under_pytest=False) == [
        "--port", "1", "--server"]
    assert app_argv(["-x", "--trame-args=-p 2", "--", "y"], environ={}, under_pytest=False) == ["-p", "2"]
    assert app_argv(["--trame-args", "-p 3"], environ={"TRAME_ARGS": "-p 4"}, under_pytest=True) == ["-p", "3"]


def test_under_pytest_its_own_flags_are_not_read(monkeypatch) -> None:
    monkeypatch.setattr(sys, "argv", ["pytest", "-p", "no:cacheprovider", "--timeout", "x"])
    monkeypatch.delenv("TRAME_ARGS", raising=False)
    args, _ = Server().cli.parse_known_args()
    assert args.port == 8080 and args.timeout == 300
    monkeypatch.setenv("TRAME_ARGS", "-p 1234")
    assert Server().cli.parse_known_args()[0].port == 1234
