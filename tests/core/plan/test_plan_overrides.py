"""A clinician's overrides in the closed loop (rule CLIN, issue #11): each kind shapes the day
plans and is explained in the decision; the rules' own safety decisions come first."""

from __future__ import annotations

from typing import Any

import pytest

from kneewise.core.errors import InvalidInput
from kneewise.core.plan.engine import apply, prescribe, start_plan
from kneewise.core.plan.overrides import override_from_json
from kneewise.core.plan.profile import MorningReport
from kneewise.core.plan.scenario import parse_scenario
from kneewise.core.plan.state import PlanState

from .scenario_builders import (
    SEE_CLINICIAN_SOON_TRIAGE,
    URGENT_TRIAGE,
    date_of,
    decision,
    green_day,
    plan_day,
    red_day,
    returning_runner,
    rung,
    running_green_runner,
    scenario,
    simulate_json,
    with_days,
)

HOP_TEST, PHASE_1, PHASE_2, PHASE_3, ST4 = 2, 3, 4, 5, 9


def override(kind: str, start: int, until: int | None = None, **fields: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "from": date_of(start),
        "until": None if until is None else date_of(until),
        **fields,
    }


def with_overrides(document: dict[str, Any], *overrides: dict[str, Any]) -> dict[str, Any]:
    return {**document, "overrides": list(overrides)}


def clin(output: dict[str, Any], day: int) -> bool:
    return "CLIN" in decision(output, day)["rules"]


def paused_runner() -> dict[str, Any]:
    """Red sessions on days 10 and 12 pause running (R12) the next morning, day 13."""
    return with_days(returning_runner(24), red_day(10), red_day(12), green_day(13))


PAUSE_DAY = 13


# Hold ----------------------------------------------------------------------------------------


def test_a_hold_keeps_the_stage_until_its_date_and_says_so_each_day() -> None:
    free = simulate_json(returning_runner(21))
    held = simulate_json(with_overrides(returning_runner(21), override("hold", 3, 9, note="Rest")))
    assert rung(free, 9) > HOP_TEST  # without the hold, the runner walk-runs by now
    for day in range(3, 10):
        assert rung(held, day) == HOP_TEST
        assert decision(held, day)["action"] == "hold"
        assert clin(held, day)
    message = decision(held, 5)["message"]
    assert "Held at the hop test by your physiotherapist until Wednesday 11 March" in message
    assert 'Their note: "Rest"' in message


def test_a_hold_ends_after_its_until_date() -> None:
    held = simulate_json(with_overrides(returning_runner(21), override("hold", 3, 9)))
    assert not clin(held, 10)
    assert rung(held, 10) == PHASE_1
    assert decision(held, 10)["action"] == "progress"


def test_a_hold_keeps_the_exercise_level_too() -> None:
    free = simulate_json(returning_runner(14))
    held = simulate_json(with_overrides(returning_runner(14), override("hold", 0)))
    levels_free = {e["level"] for e in plan_day(free, 7)["exercises"]}
    levels_held = {e["level"] for e in plan_day(held, 7)["exercises"]}
    assert max(levels_free) > max(levels_held)


def test_a_hold_never_stops_a_step_back_by_the_rules() -> None:
    document = with_days(running_green_runner(10), red_day(3))
    held = simulate_json(with_overrides(document, override("hold", 0)))
    day = decision(held, 4)
    assert day["action"] == "regress"
    assert "R14" in day["rules"]
    assert "CLIN" in day["rules"]
    assert rung(held, 4) < ST4


# Cap -----------------------------------------------------------------------------------------


def test_a_cap_steps_a_running_runner_down_to_the_capped_phase() -> None:
    capped = simulate_json(
        with_overrides(running_green_runner(10), override("cap", 2, 5, walk_run_phase=3))
    )
    assert rung(capped, 1) == ST4
    assert rung(capped, 2) == PHASE_3
    assert decision(capped, 2)["action"] == "regress"
    assert "walk-run phase 3 (was continuous easy running)" in decision(capped, 2)["message"]
    assert all(rung(capped, day) <= PHASE_3 for day in range(2, 6))
    assert (
        "no further than walk-run phase 3 until Saturday 7 March"
        in (decision(capped, 3)["message"])
    )


def test_a_cap_from_the_first_day_starts_the_plan_at_the_cap() -> None:
    capped = simulate_json(with_overrides(running_green_runner(3), override("cap", 0, stage="ST2")))
    assert rung(capped, 0) == HOP_TEST
    assert decision(capped, 0)["action"] == "start"
    assert clin(capped, 0)


def test_a_cap_stops_the_ladder_but_not_the_exercise_ladder() -> None:
    capped = simulate_json(with_overrides(returning_runner(21), override("cap", 0, stage="ST2")))
    assert max(rung(capped, day) for day in range(21)) == HOP_TEST
    assert all(plan_day(capped, day)["run"] is None for day in range(21))
    assert any("R28" in decision(capped, day)["rules"] for day in range(21))
    assert decision(capped, 12)["rules"][0] == "CLIN"  # nothing moves: the cap says why


# Exclude exercises ---------------------------------------------------------------------------


def test_excluded_exercises_are_never_prescribed_and_swapped_where_possible() -> None:
    excluded = ["around-the-clock", "squat-0-45"]
    document = with_overrides(
        returning_runner(21), override("exclude_exercises", 0, exercises=excluded)
    )
    output = simulate_json(document)
    free = simulate_json(returning_runner(21))
    for day in range(21):
        ids = [e["id"] for e in plan_day(output, day)["exercises"]]
        assert not set(ids) & set(excluded)
        assert clin(output, day)
    swapped = [
        day
        for day in range(21)
        if "around-the-clock" in [e["id"] for e in plan_day(free, day)["exercises"]]
    ]
    assert swapped
    for day in swapped:
        assert "single-leg-balance" in [e["id"] for e in plan_day(output, day)["exercises"]]
        assert (
            "today single-leg balance instead of around the clock"
            in (decision(output, day)["message"])
        )


# Run days ------------------------------------------------------------------------------------


def test_run_days_keep_every_run_on_those_weekdays() -> None:
    document = with_overrides(returning_runner(28), override("run_days", 0, weekdays=[0, 3]))
    output = simulate_json(document)
    runs = [day for day in range(28) if plan_day(output, day)["run"] is not None]
    assert runs
    assert {(day % 7) for day in runs} <= {0, 3}  # the plan starts on a Monday
    message = decision(output, 8)["message"]
    assert "set your run days to Monday and Thursday until they change it" in message
    assert "no run today" in message


# Clear pause ---------------------------------------------------------------------------------


def test_a_paused_runner_is_paused_without_an_override() -> None:
    output = simulate_json(paused_runner())
    assert decision(output, PAUSE_DAY)["action"] == "pause_running"
    assert rung(output, PAUSE_DAY + 2) == 0  # waits for a clinician or 3 settled days


def test_clearing_a_pause_lets_running_come_back_through_walking() -> None:
    document = with_overrides(paused_runner(), override("clear_pause", PAUSE_DAY + 1))
    output = simulate_json(document)
    message = decision(output, PAUSE_DAY + 1)["message"]
    assert "Your physiotherapist saw you on Monday 16 March and ended the running pause" in message
    assert clin(output, PAUSE_DAY + 1)
    # Without it, the next morning still waits for a clinician or settled days (§11b.2).
    free = simulate_json(paused_runner())
    assert "Running is paused since" in decision(free, PAUSE_DAY + 2)["message"]
    assert "Running is paused since" not in decision(output, PAUSE_DAY + 2)["message"]
    assert any(rung(output, d) == 1 for d in range(PAUSE_DAY + 2, 24))


def test_a_clearance_the_morning_after_a_red_session_waits_and_names_the_rule() -> None:
    document = with_overrides(paused_runner(), override("clear_pause", PAUSE_DAY))
    output = simulate_json(document)
    message = decision(output, PAUSE_DAY)["message"]
    assert "yesterday's session was in the red zone (R6, R12)" in message
    assert "the pause stays for today" in message
    assert rung(output, PAUSE_DAY) == 0
    # Still active the next morning, it ends the pause then.
    assert "ended the running pause" in decision(output, PAUSE_DAY + 1)["message"]


def test_a_clearance_on_a_red_morning_waits_and_names_the_rule() -> None:
    document = with_days(paused_runner(), green_day(PAUSE_DAY + 1, morning=6))
    document = with_overrides(document, override("clear_pause", PAUSE_DAY + 1, PAUSE_DAY + 1))
    output = simulate_json(document)
    message = decision(output, PAUSE_DAY + 1)["message"]
    assert "this morning is in the red zone (R6, §11b.1)" in message
    assert "ended the running pause" not in decision(output, PAUSE_DAY + 2)["message"]


@pytest.mark.parametrize("triage", [SEE_CLINICIAN_SOON_TRIAGE, URGENT_TRIAGE])
def test_a_clearance_never_lifts_a_red_flag_from_the_triage(triage: dict[str, Any]) -> None:
    document = scenario([green_day(d) for d in range(5)], days=5, triage=triage)
    output = simulate_json(with_overrides(document, override("clear_pause", 0)))
    message = decision(output, 0)["message"]
    assert "an override cannot lift" in message
    assert clin(output, 0)
    assert all(rung(output, day) == 0 for day in range(5))


def test_a_clearance_does_not_end_a_pause_that_began_after_it() -> None:
    document = with_overrides(paused_runner(), override("clear_pause", 2))
    output = simulate_json(document)
    assert "nothing to end" in decision(output, 2)["message"]
    assert rung(output, PAUSE_DAY + 2) == 0
    assert not any("ended the running pause" in decision(output, d)["message"] for d in range(24))


# Several overrides and refusals --------------------------------------------------------------


def test_overlapping_caps_keep_the_lower_and_each_is_explained() -> None:
    document = with_overrides(
        returning_runner(21),
        override("cap", 0, walk_run_phase=2),
        override("cap", 5, 12, stage="ST2"),
        override("hold", 14, 15),
    )
    output = simulate_json(document)
    assert max(rung(output, d) for d in range(5)) <= PHASE_2
    assert all(rung(output, d) <= HOP_TEST for d in range(5, 13))
    message = decision(output, 14)["message"]
    assert "go up to walk-run phase 2" in message
    assert "Held at" in message
    assert max(rung(output, d) for d in range(13, 21)) <= PHASE_2


def test_a_refused_override_is_not_a_valid_scenario() -> None:
    everything = ["around-the-clock", "single-leg-balance"]
    document = with_overrides(
        returning_runner(3), override("exclude_exercises", 0, exercises=everything)
    )
    with pytest.raises(InvalidInput, match=r"overrides\[0\]: Refused \(R29\)"):
        parse_scenario(document)


def test_the_engine_says_a_refused_override_was_not_applied() -> None:
    doc = parse_scenario(returning_runner(3))
    state: PlanState = start_plan(doc.start, doc.runner, doc.triage, doc.function)
    refused = override_from_json(
        override("exclude_exercises", 0, exercises=["around-the-clock", "single-leg-balance"])
    )
    state, made = apply(state, doc.responses[doc.start].morning, overrides=[refused])
    assert "was not applied" in made.message
    assert "R29" in made.message
    ids = [e.id for e in prescribe(state, doc.start).exercises]
    assert "single-leg-balance" in ids


def test_the_state_codec_still_round_trips_with_overrides() -> None:
    doc = parse_scenario(with_overrides(returning_runner(3), override("hold", 0)))
    state = start_plan(doc.start, doc.runner, doc.triage, doc.function)
    state, _ = apply(state, MorningReport(doc.start, morning_pain=1), overrides=doc.overrides)
    assert PlanState.from_json(state.to_json()) == state


def test_an_invalid_override_names_its_place_in_the_scenario() -> None:
    document = with_overrides(returning_runner(3), {"kind": "cap", "from": date_of(0)})
    with pytest.raises(InvalidInput, match=r"overrides\[0\]: a cap needs stage"):
        parse_scenario(document)
