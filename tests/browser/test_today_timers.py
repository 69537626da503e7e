"""Today's timers in Chromium with a fake clock (issue #12): the walk-run timer calls out Run and
Walk at the right seconds, the hold timer ends, the set counter counts; without JavaScript the
page still shows the plan; figures cross-fade, or stand side by side for reduced motion."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.test import Client

from kneewise.web.runners.models import RunnerProfile
from tests.browser.conftest import screenshot
from tests.web.daily_helpers import green_checkin, runner_with_plan_started, today

pytestmark = pytest.mark.django_db(transaction=True)
CLOCK = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)


def walk_runner() -> RunnerProfile:
    """A runner on the walk-run stage today (R22 met, hop test passed the day before)."""
    runner = runner_with_plan_started(days_ago=2)
    green_checkin(runner, today() - timedelta(days=2))
    green_checkin(runner, today() - timedelta(days=1))
    green_checkin(runner, today(), done=None, pain_during=None, pain_after_60min=None)
    return runner


def open_today(browser, base: str, runner: RunnerProfile, **options: object):  # type: ignore[no-untyped-def]
    """A phone-sized page logged in as `runner` (the session cookie of a test client)."""
    client = Client()
    client.force_login(runner.user)
    context = browser.new_context(viewport={"width": 390, "height": 844}, **options)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])
    page = context.new_page()
    page.set_default_timeout(8000)
    return context, page


def frozen_clock(page, url: str) -> None:  # type: ignore[no-untyped-def]
    """Load `url` under a fake clock that stands still: only fast_forward moves time on, so a
    slow machine cannot push a check across a switch."""
    page.clock.install(time=CLOCK)
    page.goto(url)
    page.clock.pause_at(CLOCK + timedelta(minutes=1))


def test_the_walk_run_timer_switches_between_run_and_walk_on_time(live_server, browser) -> None:  # type: ignore[no-untyped-def]
    runner = walk_runner()
    context, page = open_today(browser, live_server.url, runner)
    frozen_clock(page, f"{live_server.url}/today/")
    timer = page.locator(".interval-timer")
    run = int(timer.get_attribute("data-run"))
    walk = int(timer.get_attribute("data-walk"))
    repeats = int(timer.get_attribute("data-repeats"))
    phase = timer.locator(".interval-phase")
    assert phase.inner_text() == "Ready"
    assert phase.get_attribute("aria-live") == "assertive"
    screenshot(page, "i12-moves-today-walk-run")

    timer.get_by_role("button", name="Start").click()
    assert phase.inner_text() == "Run"
    page.clock.fast_forward((run - 1) * 1000)
    assert phase.inner_text() == "Run"
    page.clock.fast_forward(2000)
    assert phase.inner_text() == "Walk"
    assert timer.locator(".interval-round").inner_text() == f"Round 1 of {repeats}"
    page.clock.fast_forward((walk - 2) * 1000)
    assert phase.inner_text() == "Walk"
    page.clock.fast_forward(2000)
    assert phase.inner_text() == "Run"
    assert timer.locator(".interval-round").inner_text() == f"Round 2 of {repeats}"

    # A pause stops the clock: a minute later it is still the same second of the same run.
    timer.get_by_role("button", name="Pause").click()
    assert phase.inner_text() == "Paused"
    left = timer.locator(".interval-left").inner_text()
    page.clock.fast_forward(60_000)
    assert timer.locator(".interval-left").inner_text() == left
    timer.get_by_role("button", name="Start").click()
    page.clock.fast_forward((run + walk) * repeats * 1000)
    assert phase.inner_text() == "Done"
    assert timer.locator(".interval-round").inner_text().startswith(f"All {repeats} rounds done")
    screenshot(page, "i12-moves-today-walk-run-done")
    context.close()


def test_the_hold_timer_ends_after_its_seconds_and_the_set_counter_counts(
    live_server, browser
) -> None:  # type: ignore[no-untyped-def]
    runner = runner_with_plan_started(days_ago=0)
    context, page = open_today(browser, live_server.url, runner)
    frozen_clock(page, f"{live_server.url}/today/")
    # Each exercise opens to its figure and timers (issue #12 item 20: a scannable list).
    exercise = page.locator("details.exercise", has=page.locator(".moves[data-hold-seconds]"))
    exercise.first.locator("summary").click()
    moves = page.locator(".moves[data-hold-seconds]").first
    seconds = int(moves.get_attribute("data-hold-seconds"))
    assert moves.is_visible()
    status = moves.locator(".timer-status")
    moves.get_by_role("button", name="Start timer").click()
    assert status.inner_text() == "Counting down"
    page.clock.fast_forward((seconds - 1) * 1000)
    assert status.inner_text() == "Counting down"
    assert moves.locator(".hold-left").inner_text() == "0:01"
    page.clock.fast_forward(2000)
    assert status.inner_text() == "Time. Rest, then the next set."
    assert moves.locator(".hold-left").inner_text() == "0:00"

    sets = int(moves.get_attribute("data-sets"))
    done = moves.get_by_role("button", name="Set done")
    for _ in range(sets + 1):  # one tap too many: the counter stops at the prescribed sets
        done.click()
    assert moves.locator(".sets-done").inner_text() == str(sets)
    buttons = moves.locator("button").all()
    assert all(button.bounding_box()["height"] >= 44 for button in buttons)  # thumb-sized
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(page, "i12-moves-today-exercises")
    context.close()


def test_without_javascript_today_still_shows_the_plan_and_no_timers(live_server, browser) -> None:  # type: ignore[no-untyped-def]
    runner = walk_runner()
    context, page = open_today(browser, live_server.url, runner, java_script_enabled=False)
    page.goto(f"{live_server.url}/today/")
    assert page.get_by_role("heading", name="Exercises").is_visible()
    assert page.locator("details.exercise").count() >= 3
    page.locator("details.exercise").first.locator("summary").click()
    assert page.locator(".fig").first.is_visible()
    assert "Intervals" in page.locator(".session").inner_text()
    assert not page.locator(".interval-timer").is_visible()
    assert not page.locator(".moves").first.is_visible()
    screenshot(page, "i12-moves-today-no-js")
    context.close()


def test_figures_cross_fade_in_place_or_stand_side_by_side_for_reduced_motion(
    live_server, browser
) -> None:  # type: ignore[no-untyped-def]
    runner = runner_with_plan_started(days_ago=0)
    for motion, side_by_side in (("no-preference", False), ("reduce", True)):
        context, page = open_today(browser, live_server.url, runner, reduced_motion=motion)
        page.goto(f"{live_server.url}/today/")
        page.locator("details.exercise").first.locator("summary").click()
        figure = page.locator(".fig").first
        start = figure.locator(".fig-pose--start").bounding_box()
        end = figure.locator(".fig-pose--end").bounding_box()
        assert (end["x"] >= start["x"] + start["width"]) is side_by_side
        animation = figure.locator(".fig-pose--end").evaluate(
            "svg => getComputedStyle(svg).animationName"
        )
        assert (animation == "none") is side_by_side
        if side_by_side:
            screenshot(page, "i12-moves-today-reduced-motion")
        context.close()


# A stand-in for Web Audio and the Vibration API that records each beep's pitch and each buzz.
RECORD_SOUND = """
window.__beeps = [];
window.__buzzes = [];
window.AudioContext = function () {
  this.currentTime = 0;
  this.destination = {};
  this.createGain = function () { return { gain: { value: 0 }, connect: function () {} }; };
  this.createOscillator = function () {
    var tone = { frequency: { value: 0 }, connect: function () {}, stop: function () {} };
    tone.start = function () { window.__beeps.push(tone.frequency.value); };
    return tone;
  };
};
navigator.vibrate = function (pattern) { window.__buzzes.push(pattern); return true; };
"""


def test_switches_beep_and_buzz_and_the_step_rate_beat_runs_only_while_running(
    live_server, browser
) -> None:  # type: ignore[no-untyped-def]
    runner = walk_runner()
    runner.baseline_cadence_spm = 160
    runner.save()
    context, page = open_today(browser, live_server.url, runner)
    page.add_init_script(RECORD_SOUND)
    frozen_clock(page, f"{live_server.url}/today/")
    timer = page.locator(".interval-timer")
    cadence = int(timer.get_attribute("data-cadence"))
    run = int(timer.get_attribute("data-run"))
    assert 160 <= cadence <= 180  # R24: a few per cent above the runner's own step rate
    timer.get_by_label(f"Step-rate beat at {cadence} steps a minute while running").check()
    timer.get_by_role("button", name="Start").click()
    assert page.evaluate("window.__beeps") == [880]  # "Run": a high beep
    assert page.evaluate("window.__buzzes") == [[400]]

    page.clock.run_for(30_000)  # half a minute of running: a beat at every step
    beats = page.evaluate("window.__beeps.filter(function (f) { return f === 1200; }).length")
    assert abs(beats - cadence / 2) <= 2

    page.clock.run_for((run - 30) * 1000 + 1000)  # into the walk: a low beep, a double buzz
    assert timer.locator(".interval-phase").inner_text() == "Walk"
    assert 440 in page.evaluate("window.__beeps")
    assert page.evaluate("window.__buzzes")[-1] == [200, 100, 200]
    before = page.evaluate("window.__beeps.length")
    page.clock.run_for(30_000)  # walking: the beat is silent
    assert page.evaluate("window.__beeps.length") == before
    context.close()
