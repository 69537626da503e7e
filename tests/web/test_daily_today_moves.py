"""Today shows each exercise's figure, and the timers' markup waits hidden for JavaScript
(issue #12): without it the page is the plan as before."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from kneewise.web.runners.models import RunnerProfile
from tests.web.daily_helpers import client_for, green_checkin, runner_with_plan_started, today

pytestmark = pytest.mark.django_db


def walk_runner() -> RunnerProfile:
    """A runner on the walk-run stage today (R22 met, hop test passed the day before)."""
    runner = runner_with_plan_started(days_ago=2)
    green_checkin(runner, today() - timedelta(days=2))
    green_checkin(runner, today() - timedelta(days=1))
    green_checkin(runner, today(), done=None, pain_during=None, pain_after_60min=None)
    return runner


def test_every_exercise_on_today_has_its_figure_with_a_start_and_an_end_pose() -> None:
    page = client_for(runner_with_plan_started(days_ago=0)).get("/today/").content.decode()
    exercises = page.count('<details class="exercise">')
    assert exercises >= 3
    assert page.count('<div class="fig" role="group"') == exercises
    assert page.count('class="fig-pose fig-pose--start"') == exercises
    assert page.count('class="fig-pose fig-pose--end"') == exercises


def test_the_timers_are_hidden_until_javascript_shows_them() -> None:
    page = client_for(runner_with_plan_started(days_ago=0)).get("/today/").content.decode()
    moves = re.findall(r'<div class="moves"[^>]*>', page)
    assert moves
    assert all(tag.endswith(" hidden>") for tag in moves)
    assert 'data-sets="' in moves[0]


def test_timed_exercises_get_a_hold_timer_of_their_seconds() -> None:
    page = client_for(runner_with_plan_started(days_ago=0)).get("/today/").content.decode()
    holds = re.findall(r'data-hold-seconds="(\d+)"', page)
    assert holds
    assert all(20 <= int(seconds) <= 45 for seconds in holds)  # R27/R29 holds, 20–45 s


def test_the_page_links_its_own_static_script_and_styles_and_inlines_neither() -> None:
    page = client_for(runner_with_plan_started(days_ago=0)).get("/today/").content.decode()
    assert re.search(r'<script src="/static/kneewise/timers\.js[^"]*" defer></script>', page)
    assert re.search(r'<link rel="stylesheet" href="/static/kneewise/moves\.css', page)
    assert "<script>" not in page
    assert " style=" not in page


def test_a_walk_run_day_carries_its_intervals_and_step_rate_to_the_timer() -> None:
    runner = walk_runner()
    response = client_for(runner).get("/today/")
    plan = response.context["plan"]
    assert plan.run is not None
    assert plan.run.intervals is not None
    page = response.content.decode()
    timer = re.search(r"<div class=\"interval-timer\" data-interval ([^>]*) hidden>", page)
    assert timer is not None
    intervals = plan.run.intervals
    assert f'data-run="{intervals.run_seconds}"' in timer[1]
    assert f'data-walk="{intervals.walk_seconds}"' in timer[1]
    assert f'data-repeats="{intervals.repeats}"' in timer[1]
    if plan.run.cadence_target_spm:
        assert f'data-cadence="{plan.run.cadence_target_spm}"' in timer[1]


def test_a_walking_day_has_no_interval_timer() -> None:
    page = client_for(runner_with_plan_started(days_ago=0)).get("/today/").content.decode()
    assert "data-interval" not in page
