"""trame's widget packages from PyPI, on our core, in Chromium: each renders and answers an interaction."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.browser import BROWSER_APPS, SECRET, AppProcess

pytestmark = pytest.mark.browser

pytest.importorskip("trame_vuetify")
pytest.importorskip("trame_markdown")
pytest.importorskip("trame_plotly")
pytest.importorskip("trame_matplotlib")
pytest.importorskip("trame_components")


@pytest.fixture(scope="module")
def widgets_app() -> Iterator[AppProcess]:
    app = AppProcess(BROWSER_APPS / "trame_widgets_app.py")
    yield app
    app.stop()


@pytest.fixture
def page(new_page, widgets_app: AppProcess):
    page = new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(widgets_app.url(f"?secret={SECRET}"))  # trame's client reads its secret from the query
    page.wait_for_selector("#mounted", state="attached")
    yield page
    assert errors == []


def test_trames_own_client_is_served_and_the_mount_trigger_runs_once(page) -> None:
    page.wait_for_selector("#mounted:text-is('mounted=1')")
    assert page.evaluate("window.scriptRan") is True  # client.Script
    assert page.evaluate("typeof window.trame") == "object"  # trame-client's page, not ours


def test_vuetify_form_field_and_button_reach_the_server(page) -> None:
    page.fill("#name", "Grace")
    page.click("#save")
    page.wait_for_selector("#saved:text-is('saved=Grace')")
    page.wait_for_selector("#table :text('Grace')")  # the table re-rendered from the new rows


def test_vuetify_table_dialog_and_slider(page) -> None:
    assert page.locator("#table tbody tr").count() >= 2
    page.click("#open-dialog")
    page.wait_for_selector("#dialog-card:has-text('In the dialog')")
    page.click("#close-dialog")
    page.wait_for_selector("#dialog-card", state="detached")
    page.focus(".v-slider-thumb")
    page.keyboard.press("ArrowRight")
    page.wait_for_selector("#level:text-is('level=4 seen=4')")  # through @state.change on the server


def test_markdown_plotly_and_matplotlib_render(page) -> None:
    page.wait_for_selector("#md h1:has-text('Markdown works')")
    page.wait_for_selector("#plotly .main-svg", state="attached")
    # trame-matplotlib's element mounts with the figure's mpld3 spec in the state (it draws
    # nothing here with trame's own server either: no network for the fonts it asks for).
    page.wait_for_selector("#mpl", state="attached")
    spec = page.evaluate("window.trame.state.get('trame__matplotlib_1')")
    assert spec and spec.get("axes")


def test_a_child_servers_widgets_use_its_translated_names(page) -> None:
    page.wait_for_selector("#child:text-is('child=41')")
    page.click("#child-inc")
    page.wait_for_selector("#child:text-is('child=42')")


def test_a_server_click_round_trip(page) -> None:
    page.click("#click")
    page.wait_for_selector("#click:has-text('Click 1')")


def test_the_vuetify_example_adds_lists_and_clears(new_page) -> None:
    from tests.support.browser import REPO

    app = AppProcess(REPO / "examples" / "vuetify_app.py")
    try:
        page = new_page()
        page.goto(app.url(f"?secret={SECRET}"))
        page.wait_for_selector("#total:has-text('0 in stock')")
        page.fill("#item-name", "bolts")
        page.click("#add")
        page.wait_for_selector("#items :text('bolts')")
        page.wait_for_selector("#total:has-text('1 in stock')")
        page.click("#clear")
        page.click("#confirm")
        page.wait_for_selector("#items :text('No data available')")
        page.wait_for_selector("#total:has-text('0 in stock')")
    finally:
        app.stop()
