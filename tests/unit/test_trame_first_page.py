"""trame_desktop.shell.trame_first_page without a window: what goes into the first page of an app on
trame's own client, and when there is none (our client, Vue 2)."""

import base64
import json

import msgpack

from tests.support.page_parts import page_parts as parsed
from trame_desktop.app import get_server
from trame_desktop.server.web_client import built_client_dir
from trame_desktop.shell.first_page import first_page
from trame_desktop.shell.trame_first_page import TRAME_PAGE_QUERY, trame_first_page

URL = "http://127.0.0.1:41234/index.html?secret=abc"


def trame_app(name: str, client_type: str = "vue3"):
    from trame.ui.html import DivLayout
    from trame.widgets import html

    server = get_server(name, client_type=client_type)
    server.state.count = 7
    with DivLayout(server):
        html.Div("{{ count }}")
    return server


def test_the_page_is_trames_own_with_the_boot_data_and_the_stand_in_before_its_scripts():
    server = trame_app("trame_page_build")
    page = trame_first_page(server, "abc", URL, built_client_dir())
    assert page is not None
    assert page.base_url == f"http://127.0.0.1:41234/index.html?{TRAME_PAGE_QUERY}"  # no secret in it
    assert page.bundle_url.startswith("http://127.0.0.1:41234/assets/index-")
    scripts = parsed(page.html).scripts
    (boot_attrs, boot_text), (stand_in_attrs, stand_in_text) = scripts[0], scripts[1]
    assert boot_attrs == {"type": "application/json", "id": "td-boot"}
    boot = json.loads(boot_text)
    assert boot["secret"] == "abc"
    assert msgpack.unpackb(base64.b64decode(boot["snapshot"])) == server.get_server_state()
    assert stand_in_attrs == {} and "createWebSocket" in stand_in_text  # a classic inline script, first to run
    assert scripts[2][0].get("src") == "vue.global.js"  # trame-client's own scripts follow
    # trame-client's fetch of loading.tpl is gone: landing late, it would wipe the painted app
    assert not any("loading.tpl" in text for _, text in scripts)
    assert "trame__loader" in page.html


def test_the_page_carries_the_servers_policy_for_trames_client():
    page = trame_first_page(trame_app("trame_page_policy"), "abc", URL, built_client_dir())
    assert page is not None
    (meta,) = [meta for meta in parsed(page.html).metas if meta.get("http-equiv") == "Content-Security-Policy"]
    policy = meta["content"]
    assert "script-src 'self' 'unsafe-eval' 'unsafe-inline'" in policy
    assert "connect-src 'self' ws://127.0.0.1:41234" in policy
    assert "frame-ancestors" not in policy  # a meta element cannot carry it
    assert page.html.index("Content-Security-Policy") < page.html.index("<script")


def test_no_trame_page_for_our_client_nor_for_vue2():
    ours = get_server("trame_page_ours")
    assert trame_first_page(ours, "abc", URL, built_client_dir()) is None
    vue2 = trame_app("trame_page_vue2", client_type="vue2")
    assert trame_first_page(vue2, "abc", URL, built_client_dir()) is None
    assert first_page(vue2, "abc", URL, built_client_dir()) is None  # the window loads it from the server


def test_no_trame_page_without_the_built_stand_in(tmp_path):
    assert trame_first_page(trame_app("trame_page_unbuilt"), "abc", URL, tmp_path) is None
