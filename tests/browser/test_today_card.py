"""Today's card (issue #12 item 20): on a fresh load at 390 × 844 the one action that matters
(Check in; once checked in, Start the timer or Send to watch) sits within the first screen, for
the demo runner and for a new runner, in light and dark."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from kneewise.web.runners.demo import create_demo_runner, demo_today
from tests.web.daily_helpers import green_checkin, runner_with_plan_started, today

pytestmark = pytest.mark.django_db(transaction=True)
SCREEN = {"width": 390, "height": 844}


def first_screen_bottom(browser, base: str, user: User, name: str, scheme: str) -> float:  # type: ignore[no-untyped-def]
    """Where the named action ends on Today, in CSS pixels from the top of a fresh page."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport=SCREEN, color_scheme=scheme)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])
    page = context.new_page()
    page.goto(f"{base}/today/")
    card = page.get_by_role("region", name=page.locator("#session-title").inner_text())
    box = card.get_by_role("link", name=name, exact=True).bounding_box()
    context.close()
    assert box is not None
    return float(box["y"] + box["height"])


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_check_in_is_on_the_first_screen_for_the_demo_runner(live_server, browser, scheme) -> None:  # type: ignore[no-untyped-def]
    user, _ = create_demo_runner(demo_today())
    assert first_screen_bottom(browser, live_server.url, user, "Check in", scheme) <= 844


def test_check_in_is_on_the_first_screen_for_a_new_runner(live_server, browser) -> None:  # type: ignore[no-untyped-def]
    runner = runner_with_plan_started(days_ago=0)
    assert first_screen_bottom(browser, live_server.url, runner.user, "Check in", "light") <= 844


def test_once_checked_in_start_the_timer_is_on_the_first_screen(live_server, browser) -> None:  # type: ignore[no-untyped-def]
    runner = runner_with_plan_started(days_ago=2)  # walk-run today (R22 met, hop test passed)
    green_checkin(runner, today() - timedelta(days=2))
    green_checkin(runner, today() - timedelta(days=1))
    green_checkin(runner, today(), done=None, pain_during=None, pain_after_60min=None)
    bottom = first_screen_bottom(browser, live_server.url, runner.user, "Start the timer", "light")
    assert bottom <= 844
