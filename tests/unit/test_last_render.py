"""trame_desktop.shell.last_render and the first page built with it, without a window: which saved
render a launch shows, what the page then holds, and what it allows to run."""

import base64
import hashlib
import json

from tests.support.page_parts import page_parts
from trame_desktop.app import get_server
from trame_desktop.server.web_client import built_client_dir
from trame_desktop.shell.first_page import MAX_PAGE_BYTES, bundle_name, first_page
from trame_desktop.shell.last_render import INPUT_KEEPER, MAX_RENDER_CHARS, LastRender

URL = "http://127.0.0.1:41234/index.html"
RENDER = '<div><div id="count">Count: 41</div><input id="text" value="draft"></div>'


def counter_server(name: str, count: int = 41):
    server = get_server(name)
    server.state.count = count
    server.state.trame__template_main = '<div><div id="count">Count: {{ count }}</div></div>'
    return server


def boot_of(html: str) -> dict:
    return json.loads(next(text for attrs, text in page_parts(html).scripts if attrs.get("id") == "td-boot"))


def policy_of(html: str) -> str:
    meta = next(m for m in page_parts(html).metas if m.get("http-equiv") == "Content-Security-Policy")
    return meta["content"] or ""


def saved_for(tmp_path, server, html: str = RENDER) -> LastRender:
    """A LastRender holding ``html`` as the render of ``server``'s first page."""
    renders = LastRender(tmp_path / "render.json")
    page = first_page(server, "s", URL, built_client_dir(), renders)
    assert page is not None and page.snapshot is not None
    assert renders.remember(bundle_name(page.bundle_url), page.snapshot, html)
    return renders


def test_a_first_launch_asks_the_page_to_keep_its_render(tmp_path):
    renders = LastRender(tmp_path / "render.json")
    page = first_page(counter_server("render_first"), "s", URL, built_client_dir(), renders)
    assert page is not None and page.keep_render and not page.rendered
    assert boot_of(page.html)["keepRender"] is True
    assert 'id="td-loading"' in page.html  # the usual loading note until the bundle mounts
    assert INPUT_KEEPER not in page.html
    assert not renders.path.exists()  # nothing is written before the page has rendered


def test_the_next_launch_with_the_same_snapshot_shows_the_saved_render_in_place_of_the_loading_note(tmp_path):
    renders = saved_for(tmp_path, counter_server("render_same"))
    page = first_page(counter_server("render_same"), "s", URL, built_client_dir(), renders)
    assert page is not None and page.rendered and not page.keep_render
    app = page.html.index('<div id="app">')
    assert page.html[page.html.index(">", app) + 1:page.html.index(RENDER)].strip() == ""  # inside #app, first
    assert 'id="td-loading"' not in page.html
    assert '<body data-connection="connecting" data-painted="render">' in page.html  # "Connecting…" shows
    assert "keepRender" not in boot_of(page.html)
    # the bundle is imported after the render's first frame, not by an element the page's load waits for
    bundle = page.bundle_url.rsplit("/", 2)[-2] + "/" + bundle_name(page.bundle_url)
    assert f'<script type="module" src="./{bundle}">' not in page.html
    loaders = [text for attrs, text in page_parts(page.html).scripts if f'import("./{bundle}")' in text]
    assert len(loaders) == 1 and "requestAnimationFrame" in loaders[0]
    assert page.html.index('id="td-boot"') < page.html.index(loaders[0])
    # the keeper comes after #app and its hash is in the page's policy: it runs
    keeper = INPUT_KEEPER.removeprefix("<script>").removesuffix("</script>")
    assert page.html.index(INPUT_KEEPER) > page.html.index(RENDER)
    digest = base64.b64encode(hashlib.sha256(keeper.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy_of(page.html)


def test_a_script_in_a_saved_render_is_not_allowed_by_the_pages_policy(tmp_path):
    evil = "<div><script>window.pwned = 1</script></div>"
    renders = saved_for(tmp_path, counter_server("render_evil"), evil)
    page = first_page(counter_server("render_evil"), "s", URL, built_client_dir(), renders)
    assert page is not None and page.rendered and evil in page.html
    digest = base64.b64encode(hashlib.sha256(b"window.pwned = 1").digest()).decode()
    assert digest not in policy_of(page.html)
    assert "'unsafe-inline'" not in policy_of(page.html).split("script-src", 1)[1].split(";", 1)[0]


def test_another_snapshot_or_bundle_misses_the_saved_render(tmp_path):
    renders = saved_for(tmp_path, counter_server("render_other", count=41))
    changed = first_page(counter_server("render_other", count=7), "s", URL, built_client_dir(), renders)
    assert changed is not None and not changed.rendered and changed.keep_render
    assert RENDER not in changed.html
    page = first_page(counter_server("render_other", count=41), "s", URL, built_client_dir(), renders)
    assert page is not None and page.snapshot is not None
    assert renders.html_for(bundle_name(page.bundle_url), page.snapshot) == RENDER
    assert renders.html_for("main-OTHERHASH.js", page.snapshot) is None


def test_the_file_keeps_a_digest_of_the_snapshot_not_the_state(tmp_path):
    server = counter_server("render_digest")
    server.state.secret_note = "a private note of the user's"
    renders = saved_for(tmp_path, server)
    text = renders.path.read_text()
    assert "private note" not in text and "c2VjcmV0X25vdGU" not in text
    assert renders.path.stat().st_mode & 0o077 == 0  # this user's only


def test_a_render_too_large_is_not_kept_and_one_too_large_for_the_page_is_not_shown(tmp_path):
    renders = LastRender(tmp_path / "render.json")
    assert renders.remember("main-X.js", "c25hcA==", "x" * (MAX_RENDER_CHARS + 1)) is False
    assert not renders.path.exists()

    server = counter_server("render_big")
    server.state.filler = "y" * 400_000  # packed, in base64: the page fits, the page with the render does not
    renders = saved_for(tmp_path, server, "<div>" + "z" * 100_000 + "</div>")
    page = first_page(server, "s", URL, built_client_dir(), renders)
    assert page is not None and not page.rendered and len(page.html.encode()) <= MAX_PAGE_BYTES


def test_a_broken_file_is_set_aside_and_shows_nothing(tmp_path, caplog):
    renders = LastRender(tmp_path / "render.json")
    renders.path.write_text('{"bundle": 3}')
    assert renders.html_for("main-X.js", "c25hcA==") is None
    assert not renders.path.exists() and list(tmp_path.glob("render.broken-*.json"))
    assert "first render" in caplog.text
    assert LastRender(tmp_path / "absent.json").html_for("main-X.js", "c25hcA==") is None
