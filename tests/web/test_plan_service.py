"""The runner's plan is the engine replayed over their check-ins; late check-ins re-run it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model

from kneewise.core.load_rules import WEEKLY_NORMAL, WEEKLY_RETURN
from kneewise.web.runners.models import CheckIn, RunnerProfile
from kneewise.web.runners.plan_service import (
    cadence_target,
    load_numbers,
    plan_view,
    weekly_factor,
)
from tests.web.daily_helpers import green_checkin, runner_with_plan_started

pytestmark = pytest.mark.django_db
START = date(2026, 3, 2)


def walker() -> RunnerProfile:
    return runner_with_plan_started(plan_start=START)


def test_the_first_day_starts_with_walks_and_14_days_are_projected() -> None:
    view = plan_view(walker(), START)
    assert view.day(START) is not None
    assert view.day(START).walk_minutes == 30  # type: ignore[union-attr]
    assert len(view.upcoming(14)) == 14


def test_check_ins_move_the_plan_on() -> None:
    profile = walker()
    green_checkin(profile, START)
    green_checkin(profile, START + timedelta(days=1))
    # Today's morning report (the session comes later): the hop test's next morning is fine.
    green_checkin(profile, START + timedelta(days=2), done=None, pain_during=None)
    view = plan_view(profile, START + timedelta(days=2))
    today = view.day(START + timedelta(days=2))
    assert today is not None
    assert today.stage.value == "ST3"


def test_a_late_red_check_in_re_runs_the_plan_from_that_day() -> None:
    profile = walker()
    for offset in range(3):
        green_checkin(profile, START + timedelta(days=offset))
    before = plan_view(profile, START + timedelta(days=3)).day(START + timedelta(days=3))
    green_checkin(profile, START + timedelta(days=2), pain_during=6)  # edited: now red
    after = plan_view(profile, START + timedelta(days=3)).day(START + timedelta(days=3))
    assert before is not None
    assert after is not None
    assert after.decision.action.value == "regress"
    assert (after.stage.value, after.walk_run_phase) < (
        before.stage.value,
        before.walk_run_phase or 0,
    )


def test_another_runners_check_ins_never_touch_this_plan() -> None:
    profile = walker()
    other = get_user_model().objects.create(username="ben")
    CheckIn.objects.create(owner=other, day=START, morning_pain=9, swelling=True, done=True)
    view = plan_view(profile, START)
    assert view.day(START).decision.action.value == "start"  # type: ignore[union-attr]


def test_the_pages_load_numbers_are_the_plans_own_r16_factor_and_r24_target() -> None:
    profile = runner_with_plan_started(days_ago=10)
    today = profile.plan_start + timedelta(days=10)  # type: ignore[operator]
    numbers = load_numbers(profile, today)
    assert numbers.weekly_factor == weekly_factor(profile, today)
    assert numbers.weekly_factor in (WEEKLY_NORMAL, WEEKLY_RETURN)
    assert numbers.cadence_target == cadence_target(plan_view(profile, today, ahead=1))


def test_before_a_plan_the_pages_use_the_normal_r16_factor_and_no_target() -> None:
    profile = runner_with_plan_started(days_ago=None)
    numbers = load_numbers(profile, date(2026, 3, 3))
    assert (numbers.weekly_factor, numbers.cadence_target) == (WEEKLY_NORMAL, None)
