"""The header fits one row on a phone, "More" holds the rest, no page scrolls sideways, and a
runner without a plan is offered only what works (issue #12 defect 6)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot
from tests.web.daily_helpers import green_checkin, runner_with_plan_started, today

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a long password"
PAGES = ("/today/", "/check-in/", "/plan/", "/progress/", "/activities/", "/api/account/",
         "/accounts/profile/", "/sharing/", "/check-ins/")  # fmt: skip


def log_in(page, base: str, name: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/accounts/login/")
    page.fill('input[name="username"]', name)
    page.fill('input[name="password"]', PASSWORD)
    page.locator("main button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def runner(name: str, days_ago: int | None) -> None:
    profile = runner_with_plan_started(days_ago, username=name)
    profile.user.set_password(PASSWORD)
    profile.user.save()
    if days_ago is not None:
        green_checkin(profile, today())


def test_a_phone_has_a_one_row_header_and_no_page_scrolls_sideways(live_server, phone) -> None:  # type: ignore[no-untyped-def]
    runner("ana", 5)
    log_in(phone, live_server.url, "ana")
    for path in PAGES:
        phone.goto(live_server.url + path)
        header = phone.locator(".site-header").bounding_box()
        assert header is not None
        assert header["height"] <= 56, (path, header)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
    phone.goto(live_server.url + "/today/")
    phone.locator(".nav-more summary").click()
    assert phone.get_by_role("button", name="Log out").is_visible()
    assert phone.get_by_role("link", name="Activities").is_visible()
    screenshot(phone, "i12-nav-more-open")


def test_on_a_laptop_log_out_does_not_wrap(live_server, browser) -> None:  # type: ignore[no-untyped-def]
    runner("ana", 5)
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    log_in(page, live_server.url, "ana")
    header = page.locator(".site-header").bounding_box()
    assert header is not None
    assert header["height"] <= 56


def test_before_the_plan_starts_the_nav_offers_only_what_works(live_server, phone) -> None:  # type: ignore[no-untyped-def]
    runner("ben", None)
    log_in(phone, live_server.url, "ben")
    nav = phone.locator("nav.site-nav").inner_text()
    assert "Today" not in nav
    assert "Settings" in nav
    screenshot(phone, "i12-nav-during-onboarding")
