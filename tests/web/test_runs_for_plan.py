"""Recorded runs reach the plan engine (§11b.9), on the runner's local date."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from kneewise.core.plan.profile import ActualRun
from kneewise.web.activities.runs_for_plan import runs_for_plan
from kneewise.web.runners.plan_service import plan_view
from tests.web.daily_helpers import green_checkin, runner_with_plan_started
from tests.web.plan_helpers import import_run, record_engine_calls, recorded_activity

pytestmark = pytest.mark.django_db
START = date(2026, 3, 2)


def test_runs_come_by_local_date_across_midnight_in_new_york() -> None:
    runner = runner_with_plan_started(plan_start=START, time_zone="America/New_York")
    late_evening = datetime(2026, 3, 4, 4, 30, tzinfo=UTC)  # 23:30 on 3 March in New York
    after_midnight = datetime(2026, 3, 4, 5, 30, tzinfo=UTC)  # 00:30 on 4 March
    recorded_activity(runner, late_evening, km=5.0)
    recorded_activity(runner, after_midnight, km=3.0)
    runs = runs_for_plan(runner, date(2026, 3, 3), date(2026, 3, 4))
    assert [r.distance_km for r in runs[date(2026, 3, 3)]] == [5.0]
    assert [r.distance_km for r in runs[date(2026, 3, 4)]] == [3.0]


def test_runs_come_by_local_date_ahead_of_utc_in_tokyo() -> None:
    runner = runner_with_plan_started(plan_start=START, time_zone="Asia/Tokyo")
    recorded_activity(runner, datetime(2026, 3, 4, 16, 0, tzinfo=UTC))  # 01:00 on 5 March
    assert list(runs_for_plan(runner, date(2026, 3, 4), date(2026, 3, 5))) == [date(2026, 3, 5)]
    assert runs_for_plan(runner, date(2026, 3, 3), date(2026, 3, 4)) == {}


def test_a_run_carries_distance_moving_minutes_downhill_and_cadence() -> None:
    runner = runner_with_plan_started(plan_start=START)
    start = datetime(2026, 3, 3, 7, 0, tzinfo=UTC)
    recorded_activity(runner, start, km=6.5, moving_s=2400, downhill_m=250, cadence=171)
    recorded_activity(runner, start + timedelta(hours=9), km=2, moving_s=None, elapsed_s=900)
    runs = runs_for_plan(runner, date(2026, 3, 3), date(2026, 3, 3))[date(2026, 3, 3)]
    assert runs == (
        ActualRun(distance_km=6.5, running_minutes=40.0, downhill_m=250, cadence_spm=171),
        ActualRun(distance_km=2.0, running_minutes=15.0, downhill_m=120.0, cadence_spm=166.0),
    )


def test_only_running_counts_and_only_inside_the_dates() -> None:
    runner = runner_with_plan_started(plan_start=START)
    recorded_activity(runner, datetime(2026, 3, 3, 7, 0, tzinfo=UTC), sport="cycling")
    recorded_activity(runner, datetime(2026, 3, 5, 7, 0, tzinfo=UTC))
    assert runs_for_plan(runner, date(2026, 3, 3), date(2026, 3, 4)) == {}


def test_another_runners_runs_never_count() -> None:
    runner = runner_with_plan_started(plan_start=START)
    other = runner_with_plan_started(plan_start=START, username="ben")
    recorded_activity(other, datetime(2026, 3, 3, 7, 0, tzinfo=UTC))
    assert runs_for_plan(runner, START, date(2026, 3, 9)) == {}


def test_a_run_on_a_day_without_a_check_in_reaches_the_engine(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = runner_with_plan_started(plan_start=START, time_zone="Europe/Zurich")
    green_checkin(runner, START)
    import_run(runner, START + timedelta(days=1), km=4.0)  # no check-in that day
    calls = record_engine_calls(monkeypatch)
    view = plan_view(runner, START + timedelta(days=2))
    run_day = START + timedelta(days=1)
    session = next(s for s in calls.sessions if s.day == run_day)
    assert session.reported is False
    assert [round(r.distance_km or 0, 1) for r in session.actual_runs] == [4.0]
    assert (session.actual_runs[0].running_minutes or 0) > 20
    entry = view.state.entry(run_day)
    assert entry is not None
    assert entry.session is not None
    assert entry.session.actual_runs == session.actual_runs  # kept in the engine's state
    assert entry.run is not None
    assert round(entry.run.distance_km, 1) == 4.0  # and counted for the load rules (§11b.9)


def test_a_run_on_a_checked_in_day_goes_with_that_days_session_report(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = runner_with_plan_started(plan_start=START)
    green_checkin(runner, START, pain_during=2)
    import_run(runner, START, km=3.0)
    calls = record_engine_calls(monkeypatch)
    plan_view(runner, START + timedelta(days=1))
    session = next(s for s in calls.sessions if s.day == START)
    assert (session.reported, session.pain_during, len(session.actual_runs)) == (True, 2, 1)


def test_a_day_without_a_check_in_or_a_run_is_an_unreported_morning_and_no_session(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    runner = runner_with_plan_started(plan_start=START)
    calls = record_engine_calls(monkeypatch)
    plan_view(runner, START, ahead=1)
    assert [m.reported for m in calls.morning_reports] == [False]
    assert calls.sessions == []
