"""The caseload's attention flags (issue #11 item 3): each flag with its rule and evidence,
most urgent first, nothing for a calm runner, and a fixed number of queries per caseload."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kneewise.web.runners.attention import (
    AttentionFlag,
    EvidenceKind,
    RunnerAttention,
    Urgency,
    attention_for,
    most_urgent_first,
)
from kneewise.web.runners.caseload_plans import store_many
from kneewise.web.runners.models import PlanSnapshot, RunnerProfile, invalidate_plan
from kneewise.web.runners.plan_store import decoded_snapshot, unpack
from tests.web import caseload_helpers as scenario
from tests.web.caseload_helpers import days_ago
from tests.web.daily_helpers import runner_with_plan_started, today
from tests.web.plan_helpers import full_replay

pytestmark = pytest.mark.django_db


def attention_of(profile: RunnerProfile) -> RunnerAttention:
    return attention_for([profile])[profile.pk]


def flags_coded(profile: RunnerProfile, code: str) -> list[AttentionFlag]:
    return [flag for flag in attention_of(profile).flags if flag.code == code]


def test_a_calm_runner_has_no_flags() -> None:
    found = attention_of(scenario.calm_runner())
    assert found.flags == ()
    assert found.urgency == Urgency.CALM
    assert found.last_check_in == today()
    assert found.stage is not None


def test_a_red_session_yesterday_is_flagged_with_r6_and_its_day() -> None:
    [flag] = flags_coded(scenario.runner_with_red_session_yesterday(), "red_session")
    assert flag.rule == "R6"
    assert flag.day == days_ago(1)
    assert flag.evidence.kind is EvidenceKind.DAY
    assert flag.evidence.anchor == f"day-{days_ago(1).isoformat()}"
    assert "6/10" in flag.message
    assert "(R6)" in flag.message


def test_a_red_session_eight_days_ago_is_no_longer_flagged() -> None:
    profile = scenario.calm_runner()
    scenario.change_check_in(profile, days_ago(8), pain_during=6)
    assert flags_coded(profile, "red_session") == []


def test_two_red_sessions_in_a_week_show_the_r12_pause() -> None:
    profile = scenario.runner_paused_after_two_red_sessions()
    [pause] = flags_coded(profile, "pause")
    assert pause.rule == "R12"
    assert pause.day == today()
    assert "clinician" in pause.message
    assert [f.day for f in flags_coded(profile, "red_session")] == [days_ago(1), days_ago(3)]


def test_a_swollen_knee_shows_the_swelling_pause() -> None:
    [pause] = flags_coded(scenario.runner_with_swollen_knee_this_morning(), "pause")
    assert pause.rule == "R3"
    assert "swollen" in pause.message
    assert pause.evidence.anchor == f"day-{today().isoformat()}"


def test_a_worsening_week_is_flagged_with_r11_and_its_week() -> None:
    [flag] = flags_coded(scenario.runner_with_worsening_week(), "worsening_trend")
    assert flag.rule == "R11"
    assert flag.evidence.kind is EvidenceKind.WEEK
    monday = today() - timedelta(days=today().weekday())
    assert flag.evidence.anchor == f"week-{monday.isoformat()}"
    assert "+2.0" in flag.message
    assert "steps back" in flag.message


def test_no_meaningful_change_at_four_weeks_shows_the_r32_review() -> None:
    profile = scenario.runner_without_progress_at_four_weeks()
    [flag] = flags_coded(profile, "review")
    assert flag.rule == "R32"
    assert flag.day == days_ago(30) + timedelta(days=28)
    assert "4 weeks" in flag.message
    assert flag.evidence.anchor == f"day-{flag.day.isoformat()}"


def test_a_long_run_yesterday_is_an_r15_flag_linked_to_the_run() -> None:
    profile, long_run = scenario.runner_with_long_run_yesterday()
    [flag] = flags_coded(profile, "single_run_spike")
    assert flag.rule == "R15"
    assert flag.day == days_ago(1)
    assert flag.evidence.kind is EvidenceKind.ACTIVITY
    assert flag.evidence.anchor == f"activity-{long_run.pk}"


def test_load_flags_older_than_14_days_are_left_out() -> None:
    profile = scenario.calm_runner(days=40)
    for back in (38, 35, 32, 29, 26):
        scenario.run_on(profile, days_ago(back), km=5.0)
    scenario.run_on(profile, days_ago(20), km=9.0)  # an R15 spike, but 20 days ago
    assert [f for f in attention_of(profile).flags if f.urgency == Urgency.LOAD] == []


def test_new_load_from_a_file_and_from_a_check_in_are_r20_flags() -> None:
    reported = scenario.runner_with_new_load_reported()
    [flag] = flags_coded(reported, "new_load_reported")
    assert (flag.rule, flag.day) == ("R20", days_ago(2))
    recorded = scenario.calm_runner("rider")
    scenario.run_on(recorded, days_ago(10), km=5.0)
    ride = scenario.run_on(recorded, days_ago(3), km=20.0, sport="cycling")
    [flag] = flags_coded(recorded, "new_load")
    assert flag.rule == "R20"
    assert flag.evidence.anchor == f"activity-{ride.pk}"


def test_three_days_without_a_check_in_are_flagged_as_missing_not_green() -> None:
    found = attention_of(scenario.runner_silent_for_four_days())
    [flag] = [f for f in found.flags if f.code == "no_check_in"]
    assert flag.rule == "§11b.5"
    assert found.last_check_in == days_ago(4)
    assert "4 days" in flag.message
    assert flag.evidence.anchor == f"day-{days_ago(4).isoformat()}"


def test_two_days_without_a_check_in_are_not_flagged() -> None:
    profile = scenario.calm_runner()
    profile.user.checkins.filter(day__gte=days_ago(1)).delete()
    assert flags_coded(profile, "no_check_in") == []


def test_a_knee_score_is_due_four_weeks_into_the_plan() -> None:
    found = attention_of(scenario.runner_whose_knee_score_is_due())
    [flag] = found.flags
    assert (flag.code, flag.rule) == ("knee_score_due", "R30")
    assert flag.day == days_ago(30) + timedelta(days=28)
    assert flag.evidence.kind is EvidenceKind.AKPS


def test_a_red_flag_at_triage_is_at_the_very_top() -> None:
    found = attention_of(scenario.runner_sent_to_urgent_care())
    [flag] = found.flags
    assert (flag.code, flag.rule, flag.urgency) == ("triage_urgent_care", "R1", 0)
    assert flag.evidence.anchor == "triage"
    assert flag.message.startswith("Triage: urgent care, a red flag (R1).")
    assert found.stage is None
    assert found.last_check_in is None


def test_a_runners_flags_run_from_the_most_urgent() -> None:
    found = attention_of(scenario.runner_paused_after_two_red_sessions())
    codes = [flag.code for flag in found.flags]
    assert codes == ["red_session", "red_session", "pause", "worsening_trend"]
    assert found.urgency == Urgency.RED_SESSION
    urgencies = [flag.urgency for flag in found.flags]
    assert urgencies == sorted(urgencies)


def test_the_caseload_runs_from_the_most_urgent_runner() -> None:
    calm = scenario.calm_runner()
    due = scenario.runner_whose_knee_score_is_due()
    red = scenario.runner_with_red_session_yesterday()
    urgent = scenario.runner_sent_to_urgent_care()
    ordered = most_urgent_first(attention_for([calm, due, red, urgent]))
    assert [a.profile_id for a in ordered] == [urgent.pk, red.pk, due.pk, calm.pk]


def test_a_caseload_of_10_costs_the_queries_of_a_caseload_of_2() -> None:
    runners = [scenario.calm_runner(f"r{i}") for i in range(10)]
    scenario.run_on(runners[0], days_ago(2), km=5.0)
    attention_for(runners)  # stores every plan once
    assert queries(runners[:2]) == queries(runners)
    # Behind by a day (a new day): the missing day for everyone, still a fixed number.
    tomorrow = today() + timedelta(days=1)
    assert queries(runners[:2], tomorrow) == queries(runners, tomorrow)


def queries(profiles: list[RunnerProfile], day: date | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        attention_for(profiles, None if day is None else (lambda _: day))
    return len(captured)


def test_a_snapshot_behind_today_is_brought_current_and_stored_like_the_plan() -> None:
    profile = scenario.calm_runner()
    attention_for([profile])
    later = today() + timedelta(days=2)
    scenario.check_ins(profile, today() + timedelta(days=1), later, morning_pain=3)
    attention_for([profile], lambda _: later)
    stored = PlanSnapshot.objects.get(owner=profile.user, day=later)
    assert unpack(stored.state) == full_replay(profile, later)[-1][0]


def test_flags_read_from_a_stored_snapshot_equal_those_of_the_whole_plan() -> None:
    """The caseload decodes only the last days of a stored plan's log (FLAG_LOG_DAYS): every
    flag window must fit in them."""
    profile = scenario.runner_with_worsening_week()
    scenario.change_check_in(profile, days_ago(6), pain_during=6)
    scenario.change_check_in(profile, days_ago(13), new_load="hiking")
    first = attention_of(profile)  # no snapshot yet: the whole plan, replayed and stored
    assert PlanSnapshot.objects.filter(owner=profile.user, day=today()).exists()
    again = attention_of(profile)  # from today's stored snapshot
    assert {f.code for f in first.flags} >= {"red_session", "worsening_trend", "new_load_reported"}
    assert again == first


def test_a_plan_that_starts_tomorrow_has_no_plan_flags() -> None:
    profile = runner_with_plan_started(-1, username="soon", onboarding_step="done")
    found = attention_of(profile)
    assert found.flags == ()
    assert found.stage is None


def test_a_replay_is_not_stored_when_the_plan_changed_meanwhile() -> None:
    """As plan_store.store_snapshots: days replayed from inputs read at an older revision."""
    profile = scenario.calm_runner()
    attention_for([profile])
    row = PlanSnapshot.objects.get(owner=profile.user, day=today())
    state, plan = decoded_snapshot(bytes(row.state), bytes(row.plan))
    later = today() + timedelta(days=1)
    old = RunnerProfile.objects.get(pk=profile.pk).plan_revision
    invalidate_plan(profile.user_id, later)  # a change meanwhile: the revision goes up
    stored = store_many({profile: [(later, state, plan)]}, {profile.pk: old})
    assert stored == set()
    assert not PlanSnapshot.objects.filter(owner=profile.user, day=later).exists()


def test_the_benchmark_caseload_is_read_in_two_queries() -> None:
    """bench/caseload_data.py, small: what the caseload and web page benchmarks build."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from caseload_data import build_caseload, warm_snapshots

    linked: list[int] = []
    profiles = build_caseload(
        None, runners=3, days=60, link=lambda _clinician, profile: linked.append(profile.pk)
    )
    assert linked == [p.pk for p in profiles]
    assert profiles[0].user.checkins.count() == 61
    warm_snapshots(profiles, today())
    with CaptureQueriesContext(connection) as captured:
        found = attention_for(profiles)
    assert len(captured) == 2
    assert all(a.stage is not None for a in found.values())
