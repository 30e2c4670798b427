"""One rule for environment switches, shared by the core and the shell."""

from __future__ import annotations

import pytest

from trame_desktop.server.options import env_flag, parse_flag, resolve_options


@pytest.mark.parametrize("word", ["", "0", "false", "no", "off", "OFF", " No "])
def test_off_words(word: str) -> None:
    assert parse_flag(word) is False


@pytest.mark.parametrize("word", ["1", "true", "yes", "on", "anything"])
def test_on_words(word: str) -> None:
    assert parse_flag(word) is True


def test_env_flag_unset_is_false() -> None:
    assert env_flag("TRAME_X", {}) is False
    assert env_flag("TRAME_X", {"TRAME_X": "on"}) is True


def test_server_option_and_switch_agree() -> None:
    for word in ("off", "0", "yes", "1"):
        assert resolve_options({}, {"TRAME_DESKTOP_DEBUG": word})["desktop_debug"] == env_flag(
            "TRAME_DESKTOP_DEBUG", {"TRAME_DESKTOP_DEBUG": word})


def test_log_network_takes_a_path() -> None:
    assert resolve_options({}, {"TRAME_LOG_NETWORK": "/tmp/wire.jsonl"})["log_network"] == "/tmp/wire.jsonl"
    with pytest.raises(ValueError, match="TRAME_WS_MAX_MSG_SIZE"):
        resolve_options({}, {"TRAME_WS_MAX_MSG_SIZE": "big"})
