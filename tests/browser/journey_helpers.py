"""Shared steps of the browser journeys (issue #12 acceptance): the two screen widths, a page
logged in as a runner, sign-up and onboarding as a person does them, a visit that asserts no
sideways scroll, and screenshots named i12-journey-<topic>-<width>.png."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from tests.browser.conftest import screenshot

# A phone and a laptop (issue #12 acceptance: journeys at 390 and 1280 px).
PHONE, LAPTOP = 390, 1280
SCREENS = {PHONE: (390, 844), LAPTOP: (1280, 800)}
WIDTHS = pytest.mark.parametrize("width", [PHONE, LAPTOP], ids=["390", "1280"])
PASSWORD = "knee-runner-2026!"
SCROLL_WIDTH = "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
# Rule chips (a text of its own, "R22") that are not links to their page; drawings aside.
PLAIN_RULE_CHIPS = """() => {
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  const plain = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue.trim();
    if (!/^R[0-9]{1,2}$/.test(text) || node.parentElement.closest("svg")) continue;
    if (location.pathname === "/rules/" + text + "/") continue;  // the rule's own page
    const link = node.parentElement.closest("a[href]");
    if (!link || !link.getAttribute("href").startsWith("/rules/" + text)) plain.push(text);
  }
  return plain;
}"""


@contextmanager
def screen(browser, width: int, **options: object) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A fresh page of `width` (390: a phone, 1280: a laptop) with its own cookies."""
    w, h = SCREENS[width]
    context = browser.new_context(viewport={"width": w, "height": h}, **options)
    page = context.new_page()
    page.set_default_timeout(8000)
    try:
        yield page
    finally:
        context.close()


def logged_in_as(page, base: str, user: User) -> None:  # type: ignore[no-untyped-def]
    """Give `page` the session of `user` (a test client's login: no login form to fill)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])


def assert_no_sideways_scroll(page) -> None:  # type: ignore[no-untyped-def]
    """The page is no wider than the screen (issue #12: no horizontal scroll at 390 px)."""
    wide = page.evaluate(SCROLL_WIDTH)
    screen_width = page.viewport_size["width"]
    assert wide <= screen_width, f"{page.url} is {wide} px wide on a {screen_width} px screen"


def assert_rule_chips_link(page) -> None:  # type: ignore[no-untyped-def]
    """Every rule chip on the page opens its rule page (issue #12 defect 8)."""
    assert page.evaluate(PLAIN_RULE_CHIPS) == [], f"plain rule codes on {page.url}"


def visit(page, url: str) -> str:  # type: ignore[no-untyped-def]
    """Open `url`, check it answered, does not scroll sideways and links its rule chips; the
    main text."""
    response = page.goto(url)
    assert response is not None
    assert response.ok, (url, response.status)
    assert_no_sideways_scroll(page)
    assert_rule_chips_link(page)
    return str(page.locator("main").inner_text())


def shot(page, topic: str, width: int) -> Path:  # type: ignore[no-untyped-def]
    """artifacts/screenshots/i12-journey-<topic>-<width>.png (after a sideways-scroll check)."""
    assert_no_sideways_scroll(page)
    return screenshot(page, f"i12-journey-{topic}-{width}")


def pick(page, name: str, value: str) -> None:  # type: ignore[no-untyped-def]
    """Choose an option as a person does: tap its label (the 0–10 scales are big labels)."""
    option = page.locator(f'input[name="{name}"][value="{value}"]')
    page.locator(f'label[for="{option.get_attribute("id")}"]').click()
    assert option.is_checked()


def submit(page) -> None:  # type: ignore[no-untyped-def]
    page.locator("main button[type=submit]").first.click()


def sign_up(page, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    """Create an account on the sign-up page; ends on the first onboarding step."""
    visit(page, f"{base}/accounts/signup/")
    page.fill('input[name="username"]', username)
    page.fill('input[name="email"]', f"{username}@example.org")
    page.fill('input[name="password1"]', PASSWORD)
    page.fill('input[name="password2"]', PASSWORD)
    submit(page)
    page.wait_for_url("**/start/triage/")
    assert_no_sideways_scroll(page)


def knee_check(page, on_result=None) -> None:  # type: ignore[no-untyped-def]
    """Onboarding's knee check with the usual answers (likely PFP); `on_result(page)` looks
    at the result page before moving on."""
    page.fill('input[name="age"]', "34")
    pick(page, "onset", "gradual")
    pick(page, "pain_location", "front")
    pick(page, "aggravating", "stairs")
    pick(page, "aggravating", "squatting")
    page.check('input[name="squat_painful"]')
    submit(page)
    page.wait_for_url("**/start/triage/result/")  # the result and what happens next first
    assert "What happens next" in page.content()
    assert_no_sideways_scroll(page)
    assert_rule_chips_link(page)
    if on_result is not None:
        on_result(page)
    page.get_by_role("link", name="Continue").click()


def finish_onboarding(page, on_score=None) -> None:  # type: ignore[no-untyped-def]
    """From the knee score to Today: usual answers, not running now; `on_score(page)` looks at
    the knee score's result page."""
    page.wait_for_url("**/start/knee-score/")
    for number in range(1, 14):
        pick(page, f"item_{number}", "1")
    submit(page)
    page.wait_for_url("**/start/knee-score/result/")
    assert "Your knee score:" in page.content()
    assert_no_sideways_scroll(page)
    if on_score is not None:
        on_score(page)
    page.get_by_role("link", name="Continue").click()
    page.wait_for_url("**/start/pain-and-you/")
    for name, value in (
        ("usual_pain", "2"),
        ("worst_pain", "3"),
        ("function_sit_30min", "0"),
        ("function_stairs", "1"),
        ("function_squat", "1"),
    ):
        page.fill(f'input[name="{name}"]', value)
    pick(page, "sex", "female")
    page.fill('input[name="sleep_hours"]', "7.5")
    submit(page)
    page.wait_for_url("**/start/running/")
    assert_no_sideways_scroll(page)
    pick(page, "running_now", "no")
    page.fill('input[name="usual_runs_per_week"]', "3")
    page.fill('input[name="usual_weekly_km"]', "20")
    page.fill('input[name="longest_recent_run_km"]', "8")
    submit(page)
    page.wait_for_url("**/start/cadence/")
    submit(page)
    page.wait_for_url("**/today/")
    assert_no_sideways_scroll(page)


def sign_up_and_onboard(page, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    sign_up(page, base, username)
    knee_check(page)
    finish_onboarding(page)


def check_in(page, base: str, *, morning: str = "1", during: str | None = None) -> str:  # type: ignore[no-untyped-def]
    """Today's check-in: morning pain, and the session as done with `during` pain (None: the
    session not reported); the confirmation message."""
    visit(page, f"{base}/check-in/")
    pick(page, "morning_pain", morning)
    if during is not None:
        pick(page, "done", "yes")
        pick(page, "pain_during", during)
        pick(page, "pain_after_60min", during)
    page.get_by_role("button", name="Save check-in").click()
    page.wait_for_url("**/today/")
    assert_no_sideways_scroll(page)
    return str(page.locator(".messages").inner_text())
