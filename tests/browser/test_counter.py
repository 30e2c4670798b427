"""The counter example in a real browser: render, trigger, v_model, screenshot, two pages."""

from __future__ import annotations

import pytest

from tests.support.images import colours

pytestmark = pytest.mark.browser


def open_counter(new_page, counter):
    page = new_page()
    page.goto(counter.url())
    page.wait_for_selector(".count")
    return page


def test_counter_renders_its_layout_and_title(new_page, counter):
    page = open_counter(new_page, counter)
    assert page.inner_text(".count") == "Count: 0"
    assert page.inner_text(".area") == "Area (computed by the server): 100"
    assert page.inner_text(".td-spa-title") == "Counter"
    assert page.title() == "Counter"
    assert not page.is_visible("#td-loading")


def test_click_reaches_the_trigger_and_the_new_state_shows(new_page, counter):
    page = open_counter(new_page, counter)
    page.click("button.increment")
    page.wait_for_selector(".count:text-is('Count: 1')")
    page.click("button.increment")
    page.wait_for_selector(".count:text-is('Count: 2')")
    # a JavaScript expression handler assigning state goes to the server and back
    page.click("text=Reset")
    page.wait_for_selector(".count:text-is('Count: 0')")


def test_v_model_reaches_state_change_on_the_server(new_page, counter):
    page = open_counter(new_page, counter)
    page.fill("input.size", "7")
    # area is only ever computed by @state.change("size") on the server
    page.wait_for_selector(".area:text-is('Area (computed by the server): 49')")


def test_dragging_the_slider_never_loses_the_last_value(new_page, counter):
    page = open_counter(new_page, counter)
    page.evaluate(
        """() => {
            const slider = document.querySelector('input.size');
            for (let value = 1; value <= 33; value += 1) {
                slider.value = String(value);
                slider.dispatchEvent(new Event('input', { bubbles: true }));
            }
        }"""
    )
    page.wait_for_selector(".area:text-is('Area (computed by the server): 1089')")


def test_screenshot_has_content(new_page, counter):
    page = open_counter(new_page, counter)
    # the layout's stylesheet (served through enable_module) is applied
    page.wait_for_function(
        "getComputedStyle(document.querySelector('.td-spa-toolbar')).backgroundColor === 'rgb(59, 110, 168)'"
    )
    found = colours(page.screenshot())
    assert (59, 110, 168) in found  # the toolbar
    assert len(found) > 20  # text is anti-aliased: a blank page has one or two colours


def test_two_pages_see_each_others_changes(new_page, counter):
    first = open_counter(new_page, counter)
    second = open_counter(new_page, counter)
    first.click("button.increment")
    second.wait_for_selector(".count:text-is('Count: 1')")
    second.fill("input.size", "12")
    first.wait_for_selector(".area:text-is('Area (computed by the server): 144')")
    assert first.input_value("input.size") == "12"
