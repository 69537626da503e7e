"""Where a plan starts: keep running (R21), re-entry (R22), triage gates (R1, R3), R33, R35."""

from __future__ import annotations

from tests.core.plan.rule_scenarios import (
    SORE_FUNCTION,
    green_day,
    run,
    scenario,
)

URGENT = {"age": 40, "locked_knee": True}
SOON = {"age": 40, "onset": "gradual", "pain_location": "front", "swelling": True}


def test_runner_running_now_with_comfortable_days_keeps_running() -> None:
    first = run(scenario(running_now=True))[0]
    assert first.stage.value == "ST4"
    assert first.run is not None
    assert first.decision.action.value == "start"
    assert "R21" in first.decision.rules


def test_keep_running_starts_a_little_shorter_than_the_usual_run() -> None:
    first = run(scenario(running_now=True, usual_weekly_km=30, usual_runs_per_week=4))[0]
    assert first.run is not None
    assert first.run.distance_km == 6.0  # 80 % of the usual 7.5 km


def test_comfortable_daily_activities_start_with_brisk_walks() -> None:
    first = run(scenario())[0]
    assert first.stage.value == "ST1"
    assert first.walk_minutes == 30
    assert first.run is None
    assert "R22" in first.decision.rules


def test_sore_daily_activities_start_with_exercises_only() -> None:
    first = run(
        scenario(green_day(0, function=SORE_FUNCTION), function=SORE_FUNCTION, running_now=True)
    )[0]
    assert first.stage.value == "ST0"
    assert first.run is None
    assert first.cross_training is not None
    assert first.exercises
    assert "R22" in first.decision.rules


def test_urgent_triage_refers_and_prescribes_nothing_every_day() -> None:
    days = run(scenario(triage=URGENT, days=10))
    for plan in days:
        assert plan.decision.action.value == "refer"
        assert plan.run is None
        assert plan.exercises == ()
        assert "R1" in plan.decision.rules


def test_see_clinician_soon_allows_gentle_exercises_but_never_running() -> None:
    days = run(scenario(triage=SOON, days=28))
    assert days[0].decision.action.value == "refer"
    assert all(plan.run is None and plan.stage.value == "ST0" for plan in days)
    assert any(plan.exercises for plan in days)


def test_symptoms_for_over_a_year_add_the_prognosis_note() -> None:
    first = run(scenario(symptom_weeks=60))[0]
    assert "R33" in first.decision.rules
    assert "longer" in first.decision.message


def test_a_higher_risk_profile_is_explained_at_the_start() -> None:
    first = run(scenario(sex="female", sleep_hours=7))[0]
    assert "R35" in first.decision.rules
    assert "5 %" in first.decision.message


def test_a_low_risk_profile_says_nothing_about_risk() -> None:
    first = run(scenario(sex="male", sleep_hours=8))[0]
    assert "R35" not in first.decision.rules
