"""Builders for the runner's own week in the web app (issue #12 item 16)."""

from __future__ import annotations

from datetime import timedelta

from kneewise.web.runners.models import RunnerProfile, WeekChoice
from tests.web.daily_helpers import green_checkin, runner_with_plan_started, today


def runner_running_today(days_ago: int = 9, *, username: str = "ana") -> RunnerProfile:
    """A runner on the keep-running path (R21) who chose today's weekday as their one run day
    from the plan's start, with green check-ins every day before today: today has a run."""
    runner = runner_with_plan_started(
        days_ago,
        username=username,
        running_now=True,
        usual_runs_per_week=3,
        usual_weekly_km=24,
        longest_recent_run_km=10,
    )
    assert runner.plan_start is not None
    WeekChoice.objects.create(
        owner=runner.user, kind="run_days", day=runner.plan_start, weekdays=[today().weekday()]
    )
    for offset in range(days_ago):
        green_checkin(runner, runner.plan_start + timedelta(days=offset))
    return runner
