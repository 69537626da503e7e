"""In Chromium set to Sydney: signing up takes the browser's time zone and says so."""

from __future__ import annotations

import pytest

from kneewise.web.runners.models import RunnerProfile
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_up_in_sydney_keeps_sydneys_time_zone(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, timezone_id="Australia/Sydney"
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/signup/")
    note = page.locator("#time-zone-note")
    assert "Australia/Sydney" in note.inner_text()
    screenshot(page, "i12-time-zone-sign-up")
    page.fill('input[name="username"]', "ana")
    page.fill('input[name="email"]', "ana@example.org")
    page.fill('input[name="password1"]', "knee-runner-2026!")
    page.fill('input[name="password2"]', "knee-runner-2026!")
    page.locator("main button[type=submit]").first.click()
    page.wait_for_url("**/start/**")
    assert RunnerProfile.objects.get(user__username="ana").time_zone == "Australia/Sydney"
    context.close()
