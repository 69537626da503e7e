"""In a phone-sized browser: the knee check sends a locked knee to the emergency department."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_locked_knee_is_sent_to_the_emergency_department_today(live_server, phone) -> None:  # type: ignore[no-untyped-def]
    phone.goto(f"{live_server.url}/triage/")
    phone.get_by_label("Is the knee locked, so it will not straighten?").check()
    phone.get_by_label("How old are you?").fill("41")
    phone.get_by_label("It came on gradually, without an injury").check()
    phone.get_by_label("Around or behind the kneecap").check()
    phone.get_by_role("button", name="See my result").click()
    body = phone.locator("main").inner_text()
    assert "emergency department" in body
    assert "R1" in body
    shot = screenshot(phone, "triage-urgent")
    assert shot.stat().st_size > 10_000


def test_the_landing_page_fits_a_phone_without_sideways_scrolling(live_server, phone) -> None:  # type: ignore[no-untyped-def]
    phone.goto(f"{live_server.url}/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    assert "Not medical advice" in phone.locator("footer").inner_text()
    screenshot(phone, "home")
