"""trame_desktop.shell.first_page without a window: what goes into the page, when there is none, and
the record of the cached client bundle."""

import base64
import json
import re

import msgpack

from tests.support.page_parts import page_parts
from trame_desktop.app import get_server
from trame_desktop.server.web_client import built_client_dir
from trame_desktop.shell.first_page import MAX_PAGE_BYTES, first_page

URL = "http://127.0.0.1:41234/index.html#secret=abc"


def test_the_page_carries_the_secret_and_the_state_a_client_gets_on_connect():
    server = get_server("first_page_build")
    server.state.count = 3
    server.state.note = "</script><script>alert(1)</script><!--"
    server.state.blob = b"\x00\x01"  # msgpack carries bytes, as the wire does
    page = first_page(server, "s3cret", URL, built_client_dir())
    assert page is not None
    assert page.base_url == "http://127.0.0.1:41234/index.html"
    assert re.fullmatch(r"http://127\.0\.0\.1:41234/__trame_desktop/main-\w+\.js", page.bundle_url)
    assert "s3cret" not in page.base_url

    parser = page_parts(page.html)
    boot = [text for attrs, text in parser.scripts if attrs.get("id") == "td-boot"]
    assert len(boot) == 1, parser.scripts  # the state's "</script>" did not end the element
    data = json.loads(boot[0])
    assert data["secret"] == "s3cret"
    snapshot = msgpack.unpackb(base64.b64decode(data["snapshot"]))
    assert snapshot == server.get_server_state()
    assert snapshot["state"]["count"] == 3 and snapshot["state"]["blob"] == b"\x00\x01"
    # the boot data comes before the bundle that reads it
    assert page.html.index('id="td-boot"') < page.html.index(page.bundle_url.rsplit("/", 1)[1])


def test_a_state_too_large_for_the_web_view_leaves_the_snapshot_out():
    server = get_server("first_page_large")
    server.state.big = "x" * MAX_PAGE_BYTES
    page = first_page(server, "s3cret", URL, built_client_dir())
    assert page is not None and len(page.html.encode()) < MAX_PAGE_BYTES
    parser = page_parts(page.html)
    boot = json.loads(next(text for attrs, text in parser.scripts if attrs.get("id") == "td-boot"))
    assert boot == {"secret": "s3cret"}  # the page still connects, then renders the live state


def test_no_page_for_a_server_with_its_own_client(tmp_path):
    server = get_server("first_page_own_www")
    server.enable_module({"www": str(tmp_path)})
    assert first_page(server, "s", URL, built_client_dir()) is None


def test_no_page_without_a_built_client(tmp_path):
    assert first_page(get_server("first_page_no_client"), "s", URL, tmp_path) is None

