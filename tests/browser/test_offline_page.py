"""In Chromium: once Kneewise has been opened, losing the network shows the offline page."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_without_a_network_the_offline_page_shows(live_server, phone) -> None:  # type: ignore[no-untyped-def]
    phone.goto(f"{live_server.url}/")
    phone.wait_for_function("navigator.serviceWorker.ready.then(() => true)", timeout=10_000)
    phone.evaluate("navigator.serviceWorker.ready")
    phone.reload()  # the worker now controls the page
    phone.context.set_offline(True)
    phone.goto(f"{live_server.url}/triage/")
    assert "No connection right now" in phone.content()
    screenshot(phone, "i12-offline-page")
    phone.context.set_offline(False)
