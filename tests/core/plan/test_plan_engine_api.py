"""The engine's interface: start, apply a morning, prescribe, apply a session; JSON state."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from kneewise.core.errors import InvalidInput
from kneewise.core.plan.engine import apply, prescribe, start_plan
from kneewise.core.plan.models import Action, Intervals, duration_text
from kneewise.core.plan.profile import (
    ActualRun,
    FunctionScores,
    MorningReport,
    RunnerProfile,
    SessionReport,
)
from kneewise.core.plan.scenario import parse_scenario, simulate
from kneewise.core.plan.state import PlanState
from kneewise.core.risk import Sex
from kneewise.core.triage import evaluate_triage
from kneewise.core.triage_answers import parse_triage_answers
from tests.core.plan.rule_scenarios import START, green_day, scenario

GREEN = FunctionScores(0, 1, 1)


def new_plan(**runner: object) -> PlanState:
    profile = RunnerProfile(age=30, sex=Sex.MALE, sleep_hours=8, **runner)  # type: ignore[arg-type]
    triage = evaluate_triage(
        parse_triage_answers(
            {
                "age": 30,
                "onset": "gradual",
                "pain_location": "front",
                "aggravating": ["stairs", "running"],
                "squat_painful": True,
            }
        )
    )
    return start_plan(START, profile, triage, GREEN)


def test_a_morning_report_gives_the_days_decision_and_prescribe_the_session() -> None:
    state, decision = apply(new_plan(), MorningReport(START, morning_pain=1, function=GREEN))
    plan = prescribe(state, START)
    assert decision.action is Action.START
    assert plan.decision == decision
    assert plan.walk_minutes == 30


def test_prescribe_is_pure_and_repeatable() -> None:
    state, _ = apply(new_plan(), MorningReport(START, morning_pain=1, function=GREEN))
    assert prescribe(state, START) == prescribe(state, START)


def test_a_session_report_answers_with_the_in_session_rule() -> None:
    state, _ = apply(new_plan(), MorningReport(START, morning_pain=1, function=GREEN))
    state, feedback = apply(state, SessionReport(START, pain_during=4, pain_after_60min=2))
    assert "R7" in feedback.rules
    assert "amber" in feedback.message.lower()


def test_the_next_morning_acts_on_the_session_before() -> None:
    state, _ = apply(new_plan(), MorningReport(START, morning_pain=1, function=GREEN))
    state, _ = apply(state, SessionReport(START, pain_during=1, pain_after_60min=1))
    state, decision = apply(state, MorningReport(START + timedelta(days=1), morning_pain=1))
    assert decision.action is Action.PROGRESS
    assert prescribe(state, START + timedelta(days=1)).hop_test


def test_an_unreported_day_still_counts_for_the_caps_but_not_as_a_reference_11b_5() -> None:
    state, _ = apply(
        new_plan(
            running_now=True, usual_runs_per_week=3, usual_weekly_km=15, longest_recent_run_km=6
        ),
        MorningReport(START, morning_pain=1, function=GREEN),
    )
    prescribed = prescribe(state, START).run
    assert prescribed is not None
    state, _ = apply(state, MorningReport(START + timedelta(days=1), reported=False))
    entry = state.entry(START)
    assert entry is not None
    assert entry.run is not None
    assert entry.run.distance_km == prescribed.distance_km  # uses up R16's room (R16, R17)
    assert not entry.run.confirmed  # but is no R15 reference: nobody said it was run


def test_a_recorded_run_counts_at_its_real_length_11b_9() -> None:
    state, _ = apply(
        new_plan(running_now=True, usual_runs_per_week=3, usual_weekly_km=15),
        MorningReport(START, morning_pain=1, function=GREEN),
    )
    recorded = ActualRun(distance_km=9.0, running_minutes=55.0, downhill_m=300.0)
    state, _ = apply(
        state,
        SessionReport(START, pain_during=1, pain_after_60min=1, actual_runs=(recorded,)),
    )
    state, _ = apply(state, MorningReport(START + timedelta(days=1), morning_pain=1))
    entry = state.entry(START)
    assert entry is not None
    assert entry.run is not None
    assert (entry.run.distance_km, entry.run.minutes, entry.run.downhill_m) == (9.0, 55.0, 300.0)


def test_days_are_read_in_order_once_each() -> None:
    state, _ = apply(new_plan(), MorningReport(START, morning_pain=1, function=GREEN))
    with pytest.raises(InvalidInput, match="in order"):
        apply(state, MorningReport(START, morning_pain=1))


def test_a_day_the_caller_skipped_is_filled_in_as_a_day_without_a_check_in() -> None:
    state, _ = apply(new_plan(), MorningReport(START, morning_pain=1, function=GREEN))
    state, _ = apply(state, MorningReport(START + timedelta(days=3), morning_pain=1))
    skipped = state.entry(START + timedelta(days=1))
    assert skipped is not None
    assert not skipped.morning.reported


def test_state_round_trips_through_json() -> None:
    result = simulate(parse_scenario(scenario(green_day(0), green_day(3, pain_during=3), days=12)))
    encoded = json.dumps(result.final_state.to_json())
    restored = PlanState.from_json(json.loads(encoded))
    assert restored == result.final_state


def test_a_restored_state_carries_on_exactly_like_the_original() -> None:
    state, _ = apply(new_plan(), MorningReport(START, morning_pain=1, function=GREEN))
    state, _ = apply(state, SessionReport(START, pain_during=1, pain_after_60min=1))
    restored = PlanState.from_json(json.loads(json.dumps(state.to_json())))
    tomorrow = MorningReport(START + timedelta(days=1), morning_pain=2)
    original_next, original_decision = apply(state, tomorrow)
    restored_next, restored_decision = apply(restored, tomorrow)
    assert original_decision == restored_decision
    assert prescribe(original_next, tomorrow.day) == prescribe(restored_next, tomorrow.day)


def test_a_state_from_another_version_is_refused() -> None:
    data = new_plan().to_json()
    data["version"] = 99
    with pytest.raises(InvalidInput, match="version"):
        PlanState.from_json(data)


def test_durations_read_as_minutes_and_seconds() -> None:
    assert duration_text(35) == "35 min"
    assert duration_text(113 / 60) == "1 min 53 s"
    assert duration_text(0.75) == "45 s"


def test_trimmed_intervals_are_described_to_the_second() -> None:
    assert Intervals(113, 120, 5).describe() == "5 × (run 1 min 53 s, walk 2 min)"
