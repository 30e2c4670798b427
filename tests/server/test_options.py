"""Options: defaults, environment overrides, keyword precedence and bad values."""

from __future__ import annotations

import pytest

from trame_desktop.server import Server


def test_defaults() -> None:
    assert Server().options == {"log_network": False, "ws_max_msg_size": 10_000_000, "ws_heart_beat": 30, "desktop_debug": False}


def test_environment_overrides_and_keywords_win(monkeypatch) -> None:
    monkeypatch.setenv("TRAME_LOG_NETWORK", "/tmp/net.log")
    monkeypatch.setenv("TRAME_WS_MAX_MSG_SIZE", "1234")
    monkeypatch.setenv("TRAME_WS_HEART_BEAT", "5")
    monkeypatch.setenv("TRAME_DESKTOP_DEBUG", "1")
    options = Server().options
    assert options == {"log_network": "/tmp/net.log", "ws_max_msg_size": 1234, "ws_heart_beat": 5, "desktop_debug": True}
    assert Server(ws_heart_beat=7, custom="x").options["ws_heart_beat"] == 7
    monkeypatch.setenv("TRAME_DESKTOP_DEBUG", "off")
    assert Server().options["desktop_debug"] is False


def test_bad_environment_value_names_the_variable(monkeypatch) -> None:
    monkeypatch.setenv("TRAME_WS_MAX_MSG_SIZE", "lots")
    with pytest.raises(ValueError, match="TRAME_WS_MAX_MSG_SIZE"):
        Server()
