"""resolve_start_config: keywords over the command line over options and the environment, resolved once."""

from __future__ import annotations

import socket

import pytest

from trame_desktop.server.cli import create_parser
from trame_desktop.server.config import StartConfig, resolve_start_config
from trame_desktop.server.options import resolve_options
from trame_desktop.server.secret import DEFAULT_SECRET


def resolve(start: dict | None = None, argv: list[str] | None = None, environ: dict | None = None,
            **options: object) -> StartConfig:
    return resolve_start_config(parser=create_parser(), options=resolve_options(options, environ or {}),
                                start=start or {}, argv=argv or [], environ=environ or {})


def test_defaults_are_trames() -> None:
    config = resolve()
    assert (config.exec_mode, config.host, config.port, config.timeout) == ("main", "localhost", 8080, 300)
    assert config.secret == DEFAULT_SECRET and config.open_browser and config.show_connection_info
    assert not config.in_window and not config.thread and config.ws_heart_beat == 30.0


def test_keywords_win_over_the_command_line() -> None:
    config = resolve({"port": 0, "host": "127.0.0.1", "timeout": 5}, ["-p", "9000", "--host", "0.0.0.0", "--timeout", "7"])
    assert (config.host, config.port, config.timeout) == ("127.0.0.1", 0, 5)
    assert (config.args.host, config.args.port, config.args.timeout) == ("127.0.0.1", 0, 5)
    assert resolve(argv=["-p", "9000", "--timeout", "7"]).port == 9000


def test_desktop_mode_is_loopback_any_port_no_timeout_and_a_fresh_secret() -> None:
    config = resolve({"exec_mode": "desktop", "thread": True})
    assert (config.host, config.port, config.timeout) == ("127.0.0.1", 0, 0)
    assert config.secret != DEFAULT_SECRET and len(config.secret) >= 32
    assert not config.open_browser and not config.show_connection_info and not config.in_window
    assert resolve({"exec_mode": "desktop", "thread": True}).secret != config.secret


def test_a_window_is_asked_for_by_desktop_mode_or_app_flag_but_not_in_a_thread() -> None:
    assert resolve({"exec_mode": "desktop"}).in_window
    assert resolve(argv=["--app"]).in_window
    assert not resolve({"thread": True}, ["--app"]).in_window
    assert not resolve({"exec_mode": "task"}, ["--app"]).in_window


def test_secret_from_keyword_file_or_flag(tmp_path) -> None:
    key = tmp_path / "key"
    key.write_text("from-file\n")
    assert resolve(argv=["--authKey", "flag"]).secret == "flag"
    assert resolve(argv=["--authKey", "flag", "--authKeyFile", str(key)]).secret == "from-file"
    assert resolve({"secret": "kw"}, ["--authKey", "flag"]).secret == "kw"


def test_environment_switches() -> None:
    assert not resolve(environ={"TRAME_SERVER": "1"}).open_browser
    assert resolve(environ={"TRAME_SERVER": "off"}).open_browser
    assert resolve(environ={"TRAME_DEFAULT_HOST": "0.0.0.0"}).host == "0.0.0.0"
    assert resolve(environ={"TRAME_DESKTOP_DEBUG": "off"}).debug is False
    assert resolve(environ={"TRAME_DESKTOP_DEBUG": "1"}).debug is True
    assert resolve(argv=["--debug"]).debug is True


def test_a_given_socket_sets_host_and_port() -> None:
    with socket.create_server(("127.0.0.1", 0)) as sock:
        config = resolve({"sock": sock, "port": 1, "host": "example.org"})
        assert (config.host, config.port) == ("127.0.0.1", sock.getsockname()[1])
    with pytest.raises(TypeError, match="sock must be"):
        resolve({"sock": "not a socket"})


def test_bad_exec_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="exec_mode must be one of"):
        resolve({"exec_mode": "thread"})


def test_the_config_is_frozen() -> None:
    config = resolve()
    with pytest.raises(AttributeError):
        config.port = 1  # type: ignore[misc]  # the point of the test
    assert config.display_host == "localhost" and not config.compress
    assert resolve({"host": "192.0.2.1"}).compress
