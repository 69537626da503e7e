"""One cadence target (R24): every page shows the plan's own number, never one worked out in
the web."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kneewise.web.runners import plan_service
from kneewise.web.runners.plan_service import cadence_target, plan_view
from tests.web.daily_helpers import client_for, runner_with_plan_started, today
from tests.web.plan_helpers import recorded_activity

pytestmark = pytest.mark.django_db


def running_runner(cadence: int | None = 160) -> object:
    """A runner who keeps running (R21): the plan prescribes runs with a step-rate target."""
    runner = runner_with_plan_started(
        days_ago=0,
        running_now=True,
        usual_runs_per_week=3,
        usual_weekly_km=20,
        longest_recent_run_km=8,
        baseline_cadence_spm=cadence,
    )
    for ago in range(3):
        start = datetime.combine(today() - timedelta(days=ago), datetime.min.time(), UTC)
        recorded_activity(runner, start + timedelta(hours=7), cadence=158 + ago)
    return runner


def test_the_plans_target_is_the_runners_baseline_plus_5_percent_to_start() -> None:
    runner = running_runner(cadence=160)
    assert cadence_target(plan_view(runner, today())) == 168


def test_a_runner_without_a_baseline_has_no_target() -> None:
    assert cadence_target(plan_view(running_runner(cadence=None), today())) is None


def test_todays_run_and_progress_show_the_same_target() -> None:
    runner = running_runner(cadence=160)
    view = plan_view(runner, today())
    run = next(d.run for d in view.upcoming(14) if d.run is not None)
    assert run.cadence_target_spm == cadence_target(view) == 168
    page = client_for(runner).get("/progress/").content.decode()
    assert "Your plan&#x27;s step-rate target (R24) is 168 steps/min." in page
    assert "Target 168" in page  # the line on the chart


def test_progress_draws_whatever_target_the_plan_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plan_service, "cadence_target", lambda view: 171)
    page = client_for(running_runner(cadence=160)).get("/progress/").content.decode()
    assert "Target 171" in page
    assert "Target 168" not in page
    assert "(+5 %)" not in page  # no target range computed here


def test_progress_keeps_showing_the_baseline_measured_from_files() -> None:
    page = client_for(running_runner(cadence=None)).get("/progress/").content.decode()
    assert "Your baseline is 159 steps/min." in page  # the median of the files' runs
    assert "Your plan has no step-rate target yet." in page
