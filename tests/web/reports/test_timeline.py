"""The runner timeline service (issue #11 item 4): decisions with their rules from the stored
plan, pain paired with the next morning, runs without GPS, a bounded window and a cost that
does not grow with the runner's history (design.md §4)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kneewise.core.load import monday_of
from kneewise.core.plan.codec import from_json
from kneewise.core.plan.models import DayPlan
from kneewise.web.activities.history import load_history
from kneewise.web.reports.timeline import runner_timeline, window_of
from kneewise.web.runners.knee_score import save_knee_score
from kneewise.web.runners.models import CheckIn
from tests.web.daily_helpers import green_checkin
from tests.web.plan_helpers import full_replay, import_run, recorded_activity
from tests.web.reports.report_helpers import history, runner

pytestmark = pytest.mark.django_db
AKPS_84 = [1, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]
AKPS_100 = [0] * 13


def today() -> date:
    return timezone.now().date()


def test_every_planned_day_carries_the_plans_own_decision_with_its_rules() -> None:
    profile = runner(plan_days=10)
    for back in range(10, 0, -1):
        green_checkin(profile, today() - timedelta(days=back))
    timeline = runner_timeline(profile, today(), weeks=4)
    replayed = [from_json(DayPlan, plan) for _, plan in full_replay(profile, today())]
    planned = [d for d in timeline.days if d.decision is not None]
    assert [d.day for d in planned] == [p.day for p in replayed]
    for day, plan in zip(planned, replayed, strict=True):
        assert day.plan is not None
        assert day.decision == plan.decision  # the core's Decision as it is, rules and all
        assert day.plan.stage == plan.stage.value
    decisions = [d.decision for d in planned if d.decision is not None]
    assert all(decision.rules for decision in decisions)
    assert any(rule.startswith("R") for decision in decisions for rule in decision.rules)
    assert timeline.stages
    assert timeline.stages[0].first == profile.plan_start


def test_the_days_before_the_plan_have_no_plan_and_no_decision() -> None:
    profile = runner(plan_days=3)
    timeline = runner_timeline(profile, today(), weeks=2)
    before = [d for d in timeline.days if profile.plan_start and d.day < profile.plan_start]
    assert before
    assert all(d.plan is None and d.decision is None for d in before)


def test_the_next_morning_response_belongs_to_the_day_before_it() -> None:
    profile = runner(plan_days=6)
    monday = today() - timedelta(days=3)
    green_checkin(profile, monday, morning_pain=1, pain_during=2, pain_after_60min=3)
    green_checkin(profile, monday + timedelta(days=1), morning_pain=4)
    green_checkin(profile, monday + timedelta(days=2), morning_pain=2)
    days = {d.day: d for d in runner_timeline(profile, today(), weeks=2).days}
    assert days[monday].next_morning_pain == 4
    assert days[monday].next_morning_change == 3  # worse the morning after
    assert days[monday + timedelta(days=1)].next_morning_pain == 2
    assert days[monday + timedelta(days=1)].next_morning_change == -2
    assert days[monday + timedelta(days=2)].next_morning_pain is None  # no check-in after it
    assert days[monday].pain_after_60min == 3


def test_runs_come_as_summaries_next_to_the_pain_of_the_following_mornings(
    data_dir: Path,
) -> None:
    profile = runner(plan_days=8)
    run_day = today() - timedelta(days=3)
    import_run(profile, run_day, km=5.0)  # a real GPX file with a track near 47° N, 8° E
    green_checkin(profile, run_day, morning_pain=1, pain_during=2, pain_after_60min=2)
    green_checkin(profile, run_day + timedelta(days=1), morning_pain=3)
    green_checkin(profile, run_day + timedelta(days=2), morning_pain=1)
    timeline = runner_timeline(profile, today(), weeks=2)
    (run,) = timeline.runs
    assert run.day == run_day
    assert run.start == "07:00"
    assert run.distance_m == pytest.approx(5000, rel=0.02)
    assert (run.pain_during, run.next_morning_pain, run.second_morning_pain) == (2, 3, 1)
    text = json.dumps(timeline.to_json())
    assert "47.0" not in text
    assert "8.0000" not in text
    for key in ("lat", "lon", "latitude", "longitude", "track", "points", "route"):
        assert f'"{key}":' not in text


def test_the_window_is_whole_monday_weeks_up_to_today_and_nothing_outside_it() -> None:
    profile = runner(plan_days=60)
    first, last = window_of(today(), 4)
    assert first == monday_of(today()) - timedelta(weeks=3)
    assert last == today()
    CheckIn.objects.create(owner=profile.user, day=first - timedelta(days=1), morning_pain=9)
    CheckIn.objects.create(owner=profile.user, day=first, morning_pain=2)
    CheckIn.objects.create(owner=profile.user, day=today() + timedelta(days=1), morning_pain=8)
    recorded_activity(profile, datetime.combine(first - timedelta(days=1), time(12), tzinfo=UTC))
    recorded_activity(profile, datetime.combine(first, time(12), tzinfo=UTC), km=7)
    timeline = runner_timeline(profile, today(), weeks=4)
    assert (timeline.first, timeline.last) == (first, today())
    assert timeline.days[0].day == first
    assert timeline.days[-1].day == today()
    assert [d.morning_pain for d in timeline.days if d.checked_in] == [2]
    assert timeline.days[-1].next_morning_pain is None  # tomorrow is not in the report
    assert [r.distance_m for r in timeline.runs] == [7000.0]
    assert [w.week_start for w in timeline.load] == [first + timedelta(weeks=i) for i in range(4)]


def test_weekly_load_and_flags_are_the_load_models_own() -> None:
    profile = runner(plan_days=70)
    start = today() - timedelta(days=70)
    history(profile, start, today() - timedelta(days=1), run_every=2)
    # One much longer run this week: R15 flags it (core.load, not a second load model).
    recorded_activity(profile, datetime.combine(today(), time(18), tzinfo=UTC), km=15)
    timeline = runner_timeline(profile, today(), weeks=8)
    whole = load_history(profile.user, profile.zone)
    for week in timeline.load:
        assert week.totals == whole.weeks.get(week.week_start)
    flags = [f for w in timeline.load for f in w.flags]
    assert any(f.reason.rule == "R15" and f.day == today() for f in flags)


def test_knee_scores_keep_the_first_score_as_the_meaningful_change_baseline() -> None:
    profile = runner(plan_days=90)
    save_knee_score(profile.user, today() - timedelta(days=80), AKPS_84)  # before the window
    save_knee_score(profile.user, today() - timedelta(days=10), AKPS_100)
    knee = runner_timeline(profile, today(), weeks=4).knee
    assert knee.first is not None
    assert knee.first.score == 84
    assert (knee.band_low, knee.band_high) == (74, 94)
    (latest,) = knee.scores
    assert (latest.score, latest.change_from_first, latest.meaningful) == (100, 16, True)


def test_adherence_is_sessions_done_of_those_prescribed_and_exercises_are_not_measured() -> None:
    profile = runner(plan_days=6)
    for back in (6, 5, 4):
        green_checkin(profile, today() - timedelta(days=back))
    green_checkin(profile, today() - timedelta(days=3), done=False)
    adherence = runner_timeline(profile, today(), weeks=2).adherence
    assert adherence.sessions_prescribed == 7
    assert (adherence.sessions_done, adherence.sessions_not_done) == (3, 1)
    assert adherence.sessions_unreported == 3
    assert adherence.check_in_days == 4
    assert not adherence.exercises_recorded
    assert "not recorded" in adherence.note


def test_the_json_has_iso_dates_and_the_decisions_as_the_api_shows_them() -> None:
    profile = runner(plan_days=3)
    green_checkin(profile, today() - timedelta(days=1))
    document = json.loads(json.dumps(runner_timeline(profile, today(), weeks=1).to_json()))
    assert document["today"] == today().isoformat()
    assert document["triage"]["outcome"] == "likely_pfp"
    planned = [d for d in document["days"] if d["decision"]]
    assert set(planned[0]["decision"]) == {"action", "rules", "message"}
    assert date.fromisoformat(planned[0]["day"]) == profile.plan_start


def _queries_of_a_second_timeline(days_of_history: int, name: str) -> int:
    profile = runner(name, plan_days=days_of_history)
    history(profile, today() - timedelta(days=days_of_history), today())
    runner_timeline(profile, today())  # the first look stores the plan and the load weeks
    with CaptureQueriesContext(connection) as queries:
        runner_timeline(profile, today())
    return len(queries)


def test_the_cost_does_not_grow_with_the_runners_history() -> None:
    one_year = _queries_of_a_second_timeline(365, "one")
    two_years = _queries_of_a_second_timeline(730, "two")
    assert two_years <= one_year <= 20, (one_year, two_years)
