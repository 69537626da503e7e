"""Plan the week around life at phone width (390 px, issue #12 item 16): choose the days you can
run on the Plan page, move today's run to tomorrow on Today, see tomorrow's plan; the pages
never scroll sideways. Screenshots: artifacts/screenshots/i12-week-*.png."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kneewise.core.plan.runner_choices import WEEKDAY_NAMES
from tests.browser.conftest import ARTIFACTS, screenshot
from tests.web.daily_helpers import today
from tests.web.week_helpers import runner_running_today

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a long password"  # what runner_with_plan_started gives every runner


def no_sideways_scroll(page) -> None:  # type: ignore[no-untyped-def]
    overflow = page.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - window.innerWidth"
    )
    assert overflow <= 0


def test_a_runner_chooses_days_moves_todays_run_and_sees_tomorrow(  # type: ignore[no-untyped-def]
    live_server, phone
) -> None:
    runner_running_today(username="ines")  # today's weekday is their one run day so far
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.fill('input[name="username"]', "ines")
    phone.fill('input[name="password"]', PASSWORD)
    phone.locator("main button[type=submit]").click()
    phone.wait_for_url(lambda url: "/accounts/login/" not in url)

    # Choose the days: today's weekday and the one three days on.
    phone.goto(f"{live_server.url}/plan/")
    later = WEEKDAY_NAMES[(today() + timedelta(days=3)).weekday()]
    phone.get_by_role("checkbox", name=later).check()
    phone.get_by_role("button", name="Save my run days").click()
    phone.wait_for_url(f"{live_server.url}/plan/")
    assert phone.get_by_text("from today you run on").is_visible()
    assert phone.get_by_role("checkbox", name=later).is_checked()
    no_sideways_scroll(phone)
    block = phone.get_by_role("region", name="Your run days")
    block.scroll_into_view_if_needed()
    screenshot(phone, "i12-week-plan-days")
    block.screenshot(path=str(ARTIFACTS / "screenshots" / "i12-week-days-form.png"))

    # Move today's run to tomorrow.
    phone.goto(f"{live_server.url}/today/")
    screenshot(phone, "i12-week-today-before")
    offer = phone.get_by_role("region", name="Not today?")
    offer.screenshot(path=str(ARTIFACTS / "screenshots" / "i12-week-move-offer.png"))
    phone.get_by_role("button", name="Move today's run to tomorrow").click()
    phone.wait_for_url(f"{live_server.url}/today/")
    assert phone.get_by_role("heading", name="Moved to tomorrow").is_visible()
    assert phone.get_by_role("heading", name="Hip and knee exercises").is_visible()
    assert phone.get_by_text("Tomorrow as the plan stands now").is_visible()
    assert phone.get_by_role("button", name="Undo: keep it today").is_visible()
    no_sideways_scroll(phone)
    screenshot(phone, "i12-week-today-moved")
    moved = phone.get_by_role("region", name="Moved to tomorrow")
    moved.screenshot(path=str(ARTIFACTS / "screenshots" / "i12-week-moved-block.png"))

    # Tomorrow's plan has the run, and says where it came from.
    phone.goto(f"{live_server.url}/plan/")
    tomorrow = phone.get_by_role("listitem").filter(has_text=f"{(today() + timedelta(days=1)):%a} ")
    assert "Easy run" in tomorrow.first.inner_text()
    no_sideways_scroll(phone)
    screenshot(phone, "i12-week-plan-tomorrow")
    tomorrow.first.screenshot(path=str(ARTIFACTS / "screenshots" / "i12-week-tomorrow-row.png"))
