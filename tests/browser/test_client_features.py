"""Refs reached by js_call, enable_module resources, ?ui=, busy count and client error reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.browser import BROWSER_APPS as APPS

pytestmark = pytest.mark.browser

PROBE_JS = """
window.probeRanBeforeRender = document.getElementById('greeting') === null;
window.ProbePlugin = {
  install(app, options) {
    app.component('probe-badge', { template: '<span class="probe-badge">badge from plugin</span>' });
  },
};
window.ProbeFactory = {
  make(label) {
    return { install(app, options) { app.component('probe-made', { template: `<b>${label}${options.suffix}</b>` }); } };
  },
};
"""


@pytest.fixture
def probe(start_app, tmp_path: Path):
    module_dir = tmp_path / "serve"
    module_dir.mkdir()
    (module_dir / "probe.js").write_text(PROBE_JS)
    (module_dir / "probe.css").write_text(".probe-styled { color: rgb(1, 2, 3); }\n")
    (module_dir / "late.css").write_text(".late-styled { background-color: rgb(4, 5, 6); }\n")
    return start_app(APPS / "probe_app.py", env={"PROBE_MODULE_DIR": str(module_dir)})


def open_probe(new_page, probe, query: str = "", selector: str = "#greeting"):
    page = new_page()
    page.goto(probe.url(query))
    page.wait_for_selector(selector, state="attached")
    return page


def style_of(page, selector: str, prop: str) -> str:
    return page.evaluate(f"getComputedStyle(document.querySelector({selector!r})).{prop}")


def test_js_call_reaches_a_ref(new_page, probe):
    page = open_probe(new_page, probe)
    assert page.evaluate("document.activeElement.id") != "name"
    page.click("#focus")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'name'")
    page.click("#mark")  # js_call with an argument the trigger received from the page
    page.wait_for_selector("#name[data-from-server='marked-by-js-call']", state="attached")


def test_v_model_text_input_round_trip(new_page, probe):
    page = open_probe(new_page, probe)
    page.fill("#name", "Ada")
    page.wait_for_selector("#greeting:text-is('Hello Ada')")


def test_client_only_keys_are_never_sent(new_page, probe):
    page = open_probe(new_page, probe)
    page.fill("#draft", "typed locally")
    page.fill("#name", "Bob")  # a key that is sent, changed after the client-only one
    page.wait_for_selector("#greeting:text-is('Hello Bob')")
    page.click("#check")
    page.wait_for_selector("#draft_seen:text-is('server has: server draft')")
    assert page.input_value("#draft") == "typed locally"


def test_module_script_style_and_plugin_apply_before_the_first_render(new_page, probe):
    page = open_probe(new_page, probe)
    assert page.evaluate("window.probeRanBeforeRender") is True
    assert page.inner_text("#badge") == "badge from plugin"  # the Vue plugin's component
    assert page.inner_text("#made") == "from an expression!"  # a plugin given as an expression
    assert style_of(page, "#styled", "color") == "rgb(1, 2, 3)"
    assert style_of(page, "#styled", "backgroundColor") != "rgb(4, 5, 6)"


def test_module_enabled_later_is_loaded_too(new_page, probe):
    page = open_probe(new_page, probe)
    page.click("#late")
    page.wait_for_function(
        "getComputedStyle(document.getElementById('styled')).backgroundColor === 'rgb(4, 5, 6)'"
    )


def test_ui_query_selects_the_layout(new_page, probe):
    page = open_probe(new_page, probe, "?ui=alt", "#alt")
    assert page.inner_text("#alt") == "alternate layout Probe"
    assert page.query_selector("#greeting") is None


def test_busy_counts_pending_rpcs(new_page, probe):
    waiting = open_probe(new_page, probe)
    other = open_probe(new_page, probe)
    assert waiting.inner_text("#busy") == "busy=0"
    waiting.click("#wait")  # a trigger that only returns once another page releases it
    waiting.wait_for_selector("#busy:text-is('busy=1')")
    other.click("#release")
    waiting.wait_for_selector("#busy:text-is('busy=0')")


def test_client_errors_reach_the_server_log(new_page, probe):
    page = open_probe(new_page, probe)
    page.click("#broken")  # a Vue event handler that throws
    probe.wait_for_output("no_such_function_in_template")
    page.evaluate("setTimeout(() => { throw new Error('probe-window-error'); })")
    probe.wait_for_output("probe-window-error")
    page.evaluate("setTimeout(() => { Promise.reject(new Error('probe-rejection')); })")
    probe.wait_for_output("probe-rejection")


def test_template_compile_errors_reach_the_server_log(new_page, probe):
    page = open_probe(new_page, probe, "?ui=broken", ".td-template-error")
    assert "Template compile error" in page.inner_text(".td-template-error")
    probe.wait_for_output("Template compile error in trame__template_broken")
