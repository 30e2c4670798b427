"""A page shows the lost connection, reconnects when the server is back and re-fetches the state."""

from __future__ import annotations

import pytest

from tests.support.browser import COUNTER

pytestmark = pytest.mark.browser


def test_lost_connection_shows_then_recovers_with_the_new_state(new_page, start_app):
    first = start_app(COUNTER)
    page = new_page()
    page.goto(first.url())
    page.wait_for_selector(".count")
    assert not page.is_visible("#td-connection")
    for expected in ("Count: 1", "Count: 2", "Count: 3"):
        page.click("button.increment")
        page.wait_for_selector(f".count:text-is('{expected}')")

    first.stop()
    page.wait_for_selector("#td-connection:text-is('Connection lost, reconnecting…')", state="visible")

    second = start_app(COUNTER, port=first.port)  # a fresh server: count is 0 again
    page.wait_for_selector("#td-connection", state="hidden")
    page.wait_for_selector(".count:text-is('Count: 0')")
    page.click("button.increment")
    page.wait_for_selector(".count:text-is('Count: 1')")
    assert second.port == first.port
