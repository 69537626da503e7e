"""Runners a clinician's caseload shows (issue #11): small scenarios, one flag each, built from
check-ins and activity rows as the pages store them (bulk, no snapshot yet)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from kneewise.web.activities.models import Activity
from kneewise.web.runners.models import CheckIn, RunnerProfile
from tests.web.daily_helpers import runner_with_plan_started, today
from tests.web.plan_helpers import recorded_activity

GREEN = {
    "morning_pain": 1,
    "function_sit_30min": 0,
    "function_stairs": 1,
    "function_squat": 1,
    "done": True,
    "pain_during": 1,
    "pain_after_60min": 1,
}
CALM_DAYS = 20  # under 4 weeks: no review and no knee score due yet


def days_ago(days: int) -> date:
    return today() - timedelta(days=days)


def check_ins(profile: RunnerProfile, first: date, last: date, **changes: object) -> list[CheckIn]:
    """A green check-in (or one with `changes`) on every day from `first` to `last`."""
    values = {**GREEN, **changes}
    days = range((last - first).days + 1)
    return CheckIn.objects.bulk_create(
        CheckIn(owner=profile.user, day=first + timedelta(days=d), **values) for d in days
    )


def change_check_in(profile: RunnerProfile, day: date, **changes: object) -> None:
    CheckIn.objects.filter(owner=profile.user, day=day).update(**changes)


def calm_runner(username: str = "calm", days: int = CALM_DAYS) -> RunnerProfile:
    """Green every day since the plan began `days` ago, today included."""
    profile = runner_with_plan_started(days, username=username, onboarding_step="done")
    check_ins(profile, days_ago(days), today())
    return profile


def runner_with_red_session_yesterday(username: str = "red") -> RunnerProfile:
    profile = calm_runner(username)
    change_check_in(profile, days_ago(1), pain_during=6, pain_after_60min=4)
    return profile


def runner_paused_after_two_red_sessions(username: str = "paused") -> RunnerProfile:
    """Red sessions three days ago and yesterday: R12 pauses running this morning."""
    profile = calm_runner(username)
    change_check_in(profile, days_ago(3), pain_during=5)
    change_check_in(profile, days_ago(1), pain_during=5)
    return profile


def runner_with_swollen_knee_this_morning(username: str = "swollen") -> RunnerProfile:
    profile = calm_runner(username)
    change_check_in(profile, today(), swelling=True)
    return profile


def runner_with_worsening_week(username: str = "worse") -> RunnerProfile:
    """Pain 1/10 the week before, 3/10 this week: R11's mean rises by 2."""
    profile = calm_runner(username)
    for back in range(7):
        change_check_in(profile, days_ago(back), morning_pain=3, pain_during=3, pain_after_60min=3)
    return profile


def runner_without_progress_at_four_weeks(username: str = "stuck") -> RunnerProfile:
    """Worst pain 3/10 from the first week to the fifth: no meaningful change at 4 weeks."""
    profile = runner_with_plan_started(30, username=username, onboarding_step="done")
    check_ins(profile, days_ago(30), today(), morning_pain=3, pain_during=3, pain_after_60min=3)
    return profile


def runner_with_long_run_yesterday(username: str = "long") -> tuple[RunnerProfile, Activity]:
    """Easy 5 km runs every third day, then 9 km yesterday: R15's single-run spike."""
    profile = calm_runner(username)
    for back in (18, 15, 12, 9, 6, 3):
        run_on(profile, days_ago(back), km=5.0)
    return profile, run_on(profile, days_ago(1), km=9.0)


def run_on(profile: RunnerProfile, day: date, *, km: float, sport: str = "running") -> Activity:
    return recorded_activity(
        profile, datetime.combine(day, time(7, 0), tzinfo=UTC), km=km, sport=sport
    )


def runner_silent_for_four_days(username: str = "silent") -> RunnerProfile:
    profile = runner_with_plan_started(CALM_DAYS, username=username, onboarding_step="done")
    check_ins(profile, days_ago(CALM_DAYS), days_ago(4))
    return profile


def runner_whose_knee_score_is_due(username: str = "due") -> RunnerProfile:
    """Calm for 30 days with no knee score: R30 asks for one every 4 weeks."""
    return calm_runner(username, days=30)


def runner_with_new_load_reported(username: str = "cycling") -> RunnerProfile:
    profile = calm_runner(username)
    change_check_in(profile, days_ago(2), new_load="cycling_commute")
    return profile


def runner_sent_to_urgent_care(username: str = "urgent") -> RunnerProfile:
    """A locked knee at triage (R1): onboarding stopped, no plan."""
    return runner_with_plan_started(
        None,
        username=username,
        triage_answers={"age": 41, "locked_knee": True},
        triage_outcome="urgent_care",
        onboarding_step="stopped",
    )
