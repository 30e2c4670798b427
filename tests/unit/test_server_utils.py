"""trame_desktop.server.utils: trame_server.utils' names, and its helpers' behaviour."""

from __future__ import annotations

import importlib
import importlib.metadata
import itertools
import os
import subprocess
import sys
import textwrap
import types
from pathlib import Path
from types import SimpleNamespace

import msgpack
import pytest

from trame_desktop.server import State, Translator, utils
from trame_desktop.server import asynchronous as our_asynchronous
from trame_desktop.server.cli import TrameArgumentParser
from trame_desktop.server.utils import argument_parser, namespace, typed_state, version
from trame_desktop.server.utils import asynchronous as utils_asynchronous
from trame_desktop.server.utils.server import print_informations

# Not ".desktop": trame's window in a second process is what the shell replaces (docs/contracts.md).
SUBMODULES = ["", ".namespace", ".asynchronous", ".server", ".typed_state", ".argument_parser", ".version",
              ".hot_reload", ".logger", ".banner", ".browser"]
# The license text of the library trame's module was derived from: not an API (ours derives from none).
NOT_API = {".hot_reload": {"JULVO_RELOADING_LICENSE"}}


def public_names(module: types.ModuleType) -> set[str]:
    """What an app may import from a trame_server module: its public names, less modules and what
    it imported from the standard library or third parties (``msgpack``, ``split_when``)."""
    names = set()
    for name in dir(module):
        value = getattr(module, name)
        if name.startswith("_") or isinstance(value, types.ModuleType):
            continue
        origin = getattr(value, "__module__", None) or ""
        if origin and not origin.startswith("trame_server"):
            continue
        names.add(name)
    return names


@pytest.mark.parametrize("suffix", SUBMODULES)
def test_every_public_name_of_trame_server_utils_exists_here(suffix: str) -> None:
    theirs = pytest.importorskip(f"trame_server.utils{suffix}")
    ours = importlib.import_module(f"trame_desktop.server.utils{suffix}")
    assert public_names(theirs), "the filter must not hide everything"
    assert {name for name in public_names(theirs) - NOT_API.get(suffix, set()) if not hasattr(ours, name)} == set()


def test_public_names_filter_sees_a_missing_name() -> None:
    # The parity test above is only as good as its filter: a name defined there counts.
    fake = types.ModuleType("trame_server.utils.fake")
    fake.helper = lambda: None  # type: ignore[attr-defined]
    fake.helper.__module__ = "trame_server.utils.fake"
    fake.CONSTANT = 3  # type: ignore[attr-defined]
    fake.sys = sys  # type: ignore[attr-defined]
    assert public_names(fake) == {"helper", "CONSTANT"}


def test_reexports_are_our_objects() -> None:
    assert namespace.Translator is Translator
    assert namespace.is_name_reserved("trame__busy") and not namespace.is_name_reserved("count")
    assert utils_asynchronous.create_task is our_asynchronous.create_task
    assert utils_asynchronous.StateQueue is our_asynchronous.StateQueue
    assert argument_parser.ArgumentParser is TrameArgumentParser
    assert typed_state.State is State


# -- helpers -------------------------------------------------------------------------------
def test_share_takes_the_attribute_of_a_given_object_only() -> None:
    parent = SimpleNamespace(state="parent state")
    assert utils.share(parent, "state", "own") == "parent state"
    assert utils.share(parent, "controller", "own") == "own"
    assert utils.share(None, "state", "own") == "own"


def test_name_predicates() -> None:
    assert utils.is_dunder("__init__") and not utils.is_dunder("____") and not utils.is_dunder("__x")
    assert utils.is_private("_x") and not utils.is_private("x") and not utils.is_private("")
    assert utils.isascii("abc") and not utils.isascii("é")


def test_clean_value_drops_filtered_keys_in_depth() -> None:
    value = {"a": 1, "secret": 2, "_filter": ["secret"]}
    assert utils.clean_value(value) == {"a": 1, "_filter": ["secret"]}
    assert utils.clean_value([value, 3]) == [{"a": 1, "_filter": ["secret"]}, 3]
    assert value["secret"] == 2  # the state's own value is not touched


def test_clean_state_leaves_out_what_msgpack_cannot_send(caplog: pytest.LogCaptureFixture) -> None:
    cleaned, packed = utils.clean_state({"a": [1, 2], "b": object()})
    assert cleaned == {"a": [1, 2]}
    assert msgpack.unpackb(packed["a"]) == [1, 2] and "b" not in packed
    assert "'b'" in caplog.text


def test_update_dict_merges_nested_dicts() -> None:
    destination = {"a": {"x": 1, "y": 1}, "b": 1}
    result = utils.update_dict(destination, {"a": {"y": 2, "z": {"deep": 3}}, "c": 4})
    assert result is destination
    assert destination == {"a": {"x": 1, "y": 2, "z": {"deep": 3}}, "b": 1, "c": 4}


VUE_USE = ["vuetify", ["vuetify", {"theme": {"dark": True}}], "router", ["vuetify", {"theme": {"x": 1}}]]


def test_reduce_vue_use_merges_entries_of_one_plugin() -> None:
    state = State(ready=True)
    state.trame__vue_use = list(VUE_USE)
    utils.reduce_vue_use(state)
    assert state.trame__vue_use == [("vuetify", {"theme": {"dark": True, "x": 1}}), "router"]


def test_reduce_vue_use_as_trame_server() -> None:
    trame_utils = pytest.importorskip("trame_server.utils")
    theirs, ours = SimpleNamespace(trame__vue_use=list(VUE_USE)), SimpleNamespace(trame__vue_use=list(VUE_USE))
    trame_utils.reduce_vue_use(theirs)
    utils.reduce_vue_use(ours)
    assert ours.trame__vue_use == theirs.trame__vue_use


@pytest.mark.parametrize(
    "expression", ["a+b", "toggle(a, 'b')", "x.y[z] ?? w", "{{ count }}", "a\nb", "`t${v}`"], ids=repr
)
def test_tokenizers_as_trame_server(expression: str) -> None:
    trame_namespace = pytest.importorskip("trame_server.utils.namespace")
    assert namespace.JS_DELIMITOR == trame_namespace.JS_DELIMITOR
    pairs = list(itertools.pairwise(expression))
    for tokenizer in ("js_tokenizer", "vue_template_tokenizer"):
        ours = [getattr(namespace, tokenizer)(a, b) for a, b in pairs]
        assert ours == [getattr(trame_namespace, tokenizer)(a, b) for a, b in pairs]


def test_print_informations_names_the_local_url(capsys: pytest.CaptureFixture[str]) -> None:
    server = SimpleNamespace(server_options=SimpleNamespace(host="127.0.0.1"), port=4321)
    print_informations(server)
    out = capsys.readouterr().out
    assert "App running at:" in out
    assert " - Local:   http://127.0.0.1:4321/" in out
    assert " - Network: http://127.0.0.1:4321/" in out


def test_get_version() -> None:
    assert version.get_version("msgpack") == importlib.metadata.version("msgpack")
    assert version.get_version("no-such-package-trame-desktop") is None


def test_the_exchange_log_writes_trames_records(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from trame_desktop.server.utils import logger as exchange_log

    log = tmp_path / "exchange.log"
    log.write_text("from an earlier run\n")
    try:
        exchange_log.initialize_logger({"log_network": str(log)})
        assert not log.exists()  # each run starts a new log
        exchange_log.state_c2s({"count": 1, "image": b"\x89PNG"})
        exchange_log.action_s2c({"method": "reset"})
        exchange_log.error("it broke")
    finally:
        exchange_log.initialize_logger({})
    text = log.read_text()
    assert text.startswith(exchange_log.StateExchangeType.STATE_CLIENT_TO_SERVER)
    assert '"count": 1' in text and "<class 'bytes'>" in text and "\\x89" not in text
    assert exchange_log.StateExchangeType.ACTION_SERVER_TO_CLIENT in text and "ERROR: it broke" in text
    assert "Error: it broke" in capsys.readouterr().out
    exchange_log.state_s2c({"after": "off"})  # switched off: nothing is written
    assert "after" not in log.read_text()


def test_the_banner_names_the_server(capsys: pytest.CaptureFixture[str]) -> None:
    from trame_desktop.server.utils.banner import print_banner

    print_banner(ignored=True)
    assert capsys.readouterr().out.startswith("trame-desktop")


def test_open_browser_opens_the_running_servers_page(tmp_path: Path) -> None:
    opened = tmp_path / "opened.txt"
    script = tmp_path / "app.py"
    script.write_text(textwrap.dedent(f"""
        import asyncio
        from trame_desktop.server import Server
        from trame_desktop.server.utils.browser import open_browser

        async def main():
            server = Server("browser")
            server.controller.on_server_ready.add(lambda **_: open_browser(server))
            task = server.start(port=0, exec_mode="task", open_browser=False, timeout=0)
            await server.ready
            for _ in range(100):
                await asyncio.sleep(0.05)
                if {str(opened)!r} and __import__("os").path.exists({str(opened)!r}):
                    break
            print("PORT", server.port)
            await server.stop()
            await task

        asyncio.run(main())
    """))
    # webbrowser runs $BROWSER with the URL in place of %s: a shell command that records it
    env = {**os.environ, "BROWSER": f"sh -c 'echo %s > {opened}'", "TRAME_ARGS": ""}
    done = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    port = done.stdout.split("PORT")[1].split()[0]
    assert opened.read_text().strip() == f"http://localhost:{port}/"
    assert "add '--server'" in done.stdout
