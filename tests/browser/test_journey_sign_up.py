"""A new runner in Sydney at 7 am, on a phone and on a laptop (issue #12 defects 1, 2, 3, 6, 10):
sign-up takes the browser's time zone and says so, onboarding shows each result before moving on
with no full menu, the check-in lands on Sydney's date and asks what unlocks running (R22), says
where pre-filled answers came from, and confirms briefly; Settings offers a searchable list."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from kneewise.web.runners.models import CheckIn, RunnerProfile
from tests.browser.journey_helpers import (
    WIDTHS,
    check_in,
    finish_onboarding,
    knee_check,
    shot,
    sign_up,
    visit,
)

pytestmark = pytest.mark.django_db(transaction=True)
SYDNEY = ZoneInfo("Australia/Sydney")


def seven_am_in_sydney(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """Move the server's clock to the next 7:00 in Sydney (when the UTC date is the day
    before, as defect 1 saw); the clock keeps ticking from there. Sydney's 7:00."""
    real_now = timezone.now
    now = real_now().astimezone(SYDNEY)
    seven = datetime.combine(now.date(), time(7, 0), tzinfo=SYDNEY)
    if seven <= now:
        seven = datetime.combine(now.date() + timedelta(days=1), time(7, 0), tzinfo=SYDNEY)
    shift = seven - now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + shift)
    return seven


@WIDTHS
def test_a_7am_check_in_in_sydney_lands_on_sydneys_date_after_an_onboarding_that_shows_results(  # type: ignore[no-untyped-def]
    live_server, browser, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    seven = seven_am_in_sydney(monkeypatch)
    local_day = seven.date()
    assert local_day != seven.astimezone(ZoneInfo("UTC")).date()  # the defect would show
    base = live_server.url
    context = browser.new_context(
        viewport={"width": width, "height": 844 if width == 390 else 800},
        timezone_id="Australia/Sydney",
    )
    page = context.new_page()
    page.set_default_timeout(8000)
    name = f"syd{width}"

    # Defect 1 and 10: the page takes the browser's zone and says so; no "not saved" footer.
    visit(page, f"{base}/accounts/signup/")
    assert "Australia/Sydney" in page.locator("#time-zone-note").inner_text()
    assert "not saved" not in page.locator("footer").inner_text()
    shot(page, "1-sign-up-time-zone", width)
    sign_up(page, base, name)
    assert RunnerProfile.objects.get(user__username=name).time_zone == "Australia/Sydney"

    # Defect 6: during onboarding the menu offers only what works there.
    nav = page.get_by_role("navigation", name="Main").inner_text()
    for label in ("Today", "Check in", "Plan", "Progress"):
        assert label not in nav, label

    # Defect 2: each result, its reasons and what happens next, before moving on.
    def knee_check_result(result) -> None:  # type: ignore[no-untyped-def]
        text = result.locator("main").inner_text()
        assert "What happens next" in text
        assert re.search(r"\bR\d+\b", text)  # the reasons name their rules
        shot(result, "2-knee-check-result", width)

    def knee_score_result(result) -> None:  # type: ignore[no-untyped-def]
        text = result.locator("main").inner_text()
        assert "Your knee score:" in text
        shot(result, "2-knee-score-result", width)

    knee_check(page, knee_check_result)
    finish_onboarding(page, knee_score_result)

    # Defect 1: Today and the check-in say Sydney's date, 7 am there.
    spoken = f"{local_day:%A} {local_day.day} {local_day:%B}"
    assert spoken in visit(page, f"{base}/today/")
    form = visit(page, f"{base}/check-in/")
    heading = page.get_by_role("heading", level=1).inner_text()
    assert f"today, {spoken}" in heading

    # Defect 3: the R22 question is in view with what it unlocks; pre-filled values say where
    # they came from; this morning's pain is asked, not pre-selected.
    activities = page.get_by_role("group", name="Daily activities")
    assert activities.is_visible()
    assert page.get_by_text("Pain after sitting 30 minutes").is_visible()
    assert "running can come back (R22)" in activities.inner_text()
    assert "Filled in from your answers when you started" in form
    assert page.locator('input[name="morning_pain"]:checked').count() == 0
    shot(page, "3-check-in-r22", width)

    # Defect 10: a short confirmation, and the Check-in button says it is done.
    message = check_in(page, base, morning="1")
    assert "Check-in saved for today" in message
    assert len(message) < 300
    main = page.locator("main")
    assert main.get_by_role("link", name="Checked in this morning ✓ · add the session").is_visible()
    assert main.get_by_role("link", name="Check in", exact=True).count() == 0
    shot(page, "10-checked-in", width)
    saved = CheckIn.objects.get(owner__username=name)
    assert saved.day == local_day

    # Defect 1: Settings offers a searchable list of time zones, Sydney chosen.
    visit(page, f"{base}/accounts/profile/")
    zone = page.get_by_label("Time zone")
    assert zone.input_value() == "Australia/Sydney"
    assert zone.get_attribute("list") == "time-zones"
    assert page.locator("#time-zones option[value='Europe/London']").count() == 1
    shot(page, "1-settings-time-zone", width)
    context.close()
