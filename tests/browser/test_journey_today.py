"""A runner's day on a phone and on a laptop (issue #12 defects 4, 5, 6, 8, 10, items 12, 13,
15, 17, 19): exercise-day advice without a run, figures and timers on Today, answers reachable
from Today and from a rule page, the menu and the token page that fit, no full menu after a red
flag, the calendar that opens and edits a past day, the reminder setting, the baseline changed
after onboarding, the manifest and offline page. Every page visited asserts no sideways scroll
and rule chips that link (journey_helpers.visit)."""

from __future__ import annotations

import re
from datetime import time, timedelta

import pytest

from kneewise.web.runners.models import CheckIn
from tests.browser.journey_helpers import WIDTHS, logged_in_as, screen, shot, visit
from tests.browser.test_today_timers import walk_runner
from tests.web.daily_helpers import TRIAGE, green_checkin, runner_with_plan_started, today

pytestmark = pytest.mark.django_db(transaction=True)
RUNNER_PAGES = ("/today/", "/check-in/", "/plan/", "/progress/", "/activities/",
                "/activities/upload/", "/api/account/", "/accounts/profile/", "/sharing/",
                "/check-ins/", "/knee-score/", "/rules/", "/answers/")  # fmt: skip


@WIDTHS
def test_an_exercise_day_with_amber_pain_shows_figures_timers_and_no_running_advice(  # type: ignore[no-untyped-def]
    live_server, browser, width: int
) -> None:
    runner = runner_with_plan_started(days_ago=0)  # day one: walking and exercises (R22)
    green_checkin(runner, today(), pain_during=3)
    base = live_server.url
    with screen(browser, width) as page:
        logged_in_as(page, base, runner.user)
        main = visit(page, f"{base}/today/")
        # Defect 5: no in-run advice on a day without a run; the exercise advice instead.
        assert "running part" not in main
        assert "the exercise level stays where it is (R28)" in main
        shot(page, "5-amber-exercise-day", width)

        # Items 12 and 13: each exercise drawn in its two positions, a hold timer and sets.
        # Each exercise folds into a <details> (item 20): count the figures, open or not.
        figures = page.get_by_role(
            "group", name=re.compile(r": start and end position$"), include_hidden=True
        )
        assert figures.count() >= 3
        first = page.locator("details.exercise").first
        first.locator("summary").click()
        assert figures.first.is_visible()
        assert figures.first.get_by_role("img", name="Start position").is_visible()
        assert figures.first.get_by_role("img", name="End position").is_visible()
        assert page.get_by_role("button", name="Start timer").first.is_visible()
        assert page.get_by_role("button", name="Set done").first.is_visible()
        first.scroll_into_view_if_needed()
        shot(page, "12-13-figures-and-hold-timer", width)

        # Item 19: the answers from Today, and from a rule page back to them.
        page.locator("main").get_by_role("link", name="Answers to what runners ask").click()
        page.wait_for_url("**/answers/")
        answers = visit(page, page.url)
        assert "arthritis" in answers.lower()
        assert "crack" in answers.lower()  # clicking and crackling
        shot(page, "19-answers-from-today", width)
        visit(page, f"{base}/today/")
        page.locator("main").get_by_role("link", name=re.compile(r"^(Rule )?R22$")).first.click()
        page.wait_for_url("**/rules/R22/")
        visit(page, page.url)
        page.locator("main a[href='/answers/']").first.click()
        page.wait_for_url("**/answers/")
        shot(page, "19-answers-from-a-rule-page", width)


@WIDTHS
def test_every_runner_page_fits_and_the_menu_fits_one_row_and_log_out_one_line(  # type: ignore[no-untyped-def]
    live_server, browser, width: int
) -> None:
    runner = runner_with_plan_started(days_ago=5)
    for back in range(5, -1, -1):
        green_checkin(runner, today() - timedelta(days=back))
    base = live_server.url
    with screen(browser, width) as page:
        logged_in_as(page, base, runner.user)
        for path in RUNNER_PAGES:  # defect 6 (no sideways scroll), defect 8 (rule chips link)
            visit(page, base + path)
            header = page.locator("header").first.bounding_box()
            assert header is not None
            assert header["height"] <= 100, (path, header)  # one row, two at most

        # Defect 6: the token page fits once a token is shown.
        visit(page, f"{base}/api/account/")
        page.locator("main form").filter(has_text="Create a token").locator(
            "input[name=name]"
        ).fill("My watch script")
        page.get_by_role("button", name="Create a token").click()
        token = page.get_by_label("Token", exact=True)
        assert len(token.input_value()) > 20
        token.scroll_into_view_if_needed()
        shot(page, "6-token-page", width)

        # Defect 6: "Log out" under More is one line, on a phone and on a laptop.
        visit(page, f"{base}/today/")
        page.get_by_role("navigation", name="Main").get_by_text("More").click()
        log_out = page.get_by_role("button", name="Log out")
        assert log_out.is_visible()
        lines = log_out.get_by_text("Log out").evaluate(  # the words, not the icon
            "b => { const r = document.createRange(); r.selectNodeContents(b);"
            " return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; }"
        )
        assert lines == 1
        shot(page, "6-menu-open", width)


@WIDTHS
def test_after_a_red_flag_the_menu_offers_only_what_works(live_server, browser, width: int) -> None:  # type: ignore[no-untyped-def]
    runner = runner_with_plan_started(
        days_ago=None,
        triage_answers={**TRIAGE, "locked_knee": True},
        triage_outcome="urgent_care",
        onboarding_step="stopped",
    )
    base = live_server.url
    with screen(browser, width) as page:
        logged_in_as(page, base, runner.user)
        visit(page, f"{base}/start/see-a-clinician/")
        nav = page.get_by_role("navigation", name="Main").inner_text()
        for label in ("Today", "Check in", "Plan", "Progress", "Activities"):
            assert label not in nav, label
        assert "Settings" in nav
        shot(page, "6-after-a-red-flag", width)


@WIDTHS
def test_the_calendar_opens_a_past_day_and_the_change_shows_in_its_colour(  # type: ignore[no-untyped-def]
    live_server, browser, width: int
) -> None:
    runner = walk_runner()  # green check-ins two days ago, yesterday and this morning
    runner.user.email = "walker@example.org"
    runner.user.save()
    base = live_server.url
    day = today() - timedelta(days=2)
    label = f"{day:%A} {day.day} {day:%B}"
    with screen(browser, width) as page:
        logged_in_as(page, base, runner.user)
        # Item 13: the walk-run timer is on Today at this width too.
        visit(page, f"{base}/today/")
        timer = page.get_by_role("button", name="Start", exact=True)
        assert timer.is_visible()
        timer.scroll_into_view_if_needed()
        shot(page, "13-walk-run-timer", width)

        # Item 17: the month calendar, each day in its zone; a tap opens the day.
        visit(page, f"{base}/check-ins/?month={day:%Y-%m}")
        page.get_by_role("link", name=f"{label}: green").click()
        page.wait_for_url(f"**/check-in/?day={day.isoformat()}")
        form = visit(page, page.url)
        # Defect 10: a past day asks about that day's session.
        assert "Did you do that day's session?" in form
        assert "today's session" not in form
        shot(page, "17-past-day-open", width)
        page.locator('label[for="' + page.locator('input[name="pain_during"][value="6"]')
                     .get_attribute("id") + '"]').click()  # fmt: skip
        page.get_by_role("button", name="Save check-in").click()
        page.wait_for_load_state()
        assert CheckIn.objects.get(owner=runner.user, day=day).pain_during == 6
        visit(page, f"{base}/check-ins/?month={day:%Y-%m}")
        assert page.get_by_role("link", name=f"{label}: red").is_visible()
        shot(page, "17-calendar-after-the-change", width)

        # Item 15: a morning reminder at a chosen local time, in Settings.
        visit(page, f"{base}/accounts/profile/")
        page.get_by_label("Morning reminder by email").select_option("07:00")
        page.locator("main form").filter(
            has=page.get_by_label("Morning reminder by email")
        ).get_by_role("button").first.click()
        page.wait_for_load_state()
        runner.refresh_from_db()
        assert runner.reminder_time == time(7, 0)
        page.get_by_label("Morning reminder by email").scroll_into_view_if_needed()
        shot(page, "15-reminder-setting", width)


@WIDTHS
def test_the_app_is_installable_and_has_an_offline_page(live_server, browser, width: int) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    with screen(browser, width) as page:
        visit(page, f"{base}/")
        manifest = page.locator('link[rel="manifest"]').get_attribute("href")
        answer = page.request.get(base + manifest)
        assert answer.ok
        document = answer.json()
        assert document["display"] in {"standalone", "minimal-ui", "fullscreen"}
        sizes = {icon["sizes"] for icon in document["icons"]}
        assert {"192x192", "512x512"} <= sizes
        for icon in document["icons"]:
            png = page.request.get(
                base + icon["src"] if icon["src"].startswith("/") else icon["src"]
            )
            assert png.ok
            assert len(png.body()) > 100  # not the empty favicon of before
        main = visit(page, f"{base}/offline/")
        assert "No connection right now" in main
        shot(page, "15-offline-page", width)


@WIDTHS
def test_the_baseline_is_changed_from_settings_after_onboarding(  # type: ignore[no-untyped-def]
    live_server, browser, width: int
) -> None:
    runner = runner_with_plan_started(
        days_ago=3, onboarding_step="done", usual_runs_per_week=3, usual_weekly_km=20
    )
    base = live_server.url
    with screen(browser, width) as page:
        logged_in_as(page, base, runner.user)
        visit(page, f"{base}/accounts/profile/")  # defect 4: reachable from Settings
        page.get_by_role("link", name="Change your running").click()
        page.wait_for_url("**/start/your-running/")
        visit(page, page.url)
        page.locator('input[name$="usual_weekly_km"]').fill("32")
        shot(page, "4-change-your-running", width)
        page.locator("main button[type=submit]").first.click()
        page.wait_for_load_state()
        assert "Your plan has been worked out again" in page.locator("main").inner_text()
        runner.refresh_from_db()
        assert runner.usual_weekly_km == 32
