"""Screenshots of the main runner pages for issue #12 item 20 (a look a runner trusts): Today,
Check-in, Plan, Progress and one activity page of the demo runner at 390 and 1280 px, light,
and Today and Progress in dark too. KNEEWISE_SCREENSHOT_PHASE=before names them "before"."""

from __future__ import annotations

import os

import pytest

from kneewise.web.activities.models import Activity
from kneewise.web.clinic.demo import create_demo_clinician
from kneewise.web.runners.demo import create_demo_runner, demo_today
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)
PHASE = os.environ.get("KNEEWISE_SCREENSHOT_PHASE", "after")
PAGES = {"today": "/today/", "check-in": "/check-in/", "plan": "/plan/", "progress": "/progress/"}
DARK_PAGES = ("today", "progress")
SIZES = {390: 844, 1280: 800}


@pytest.mark.parametrize("width", sorted(SIZES))
def test_the_main_pages_are_photographed_for_the_closing_note(  # type: ignore[no-untyped-def]
    live_server, browser, width: int
) -> None:
    user, password = create_demo_runner(demo_today())
    activity = Activity.objects.filter(owner=user).order_by("-start_time").first()
    assert activity is not None
    pages = {**PAGES, "activity": f"/activities/{activity.pk}/"}
    schemes = ("light",) if PHASE == "before" else ("light", "dark")
    for scheme in schemes:
        context = browser.new_context(
            viewport={"width": width, "height": SIZES[width]}, color_scheme=scheme
        )
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill('input[name="username"]', user.get_username())
        page.fill('input[name="password"]', password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        for name, path in pages.items():
            if scheme == "dark" and name not in DARK_PAGES:
                continue
            response = page.goto(live_server.url + path)
            assert response is not None, path
            assert response.status == 200, path
            suffix = "" if scheme == "light" else "-dark"
            saved = screenshot(page, f"i12-look-{PHASE}-{name}-{width}{suffix}")
            assert saved.stat().st_size > 1000, saved
        context.close()


OTHER_PAGES = {"home": "/", "triage": "/triage/", "answers": "/answers/", "rule": "/rules/R22/",
               "not-found": "/no-such-page/", "login": "/accounts/login/"}  # fmt: skip


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_public_and_clinician_pages_are_photographed_too(  # type: ignore[no-untyped-def]
    live_server, browser, scheme: str
) -> None:
    user, _ = create_demo_runner(demo_today())
    physio, password = create_demo_clinician(user)
    suffix = "" if scheme == "light" else "-dark"
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme)
    page = context.new_page()
    for name, path in OTHER_PAGES.items():
        page.goto(live_server.url + path)
        screenshot(page, f"i12-look-{PHASE}-{name}-390{suffix}")
    context.close()
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill('input[name="username"]', physio.get_username())
    page.fill('input[name="password"]', password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"{live_server.url}/clinic/")
    screenshot(page, f"i12-look-{PHASE}-clinic-1280{suffix}")
    context.close()
