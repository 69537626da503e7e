"""Moving up: R22's re-entry gates, R13's two green-passed sessions, R23's walk-run ladder."""

from __future__ import annotations

import itertools

from kneewise.core.plan.ladder import WALK_RUN_PHASES
from tests.core.plan.rule_scenarios import (
    SORE_FUNCTION,
    first_day_at,
    green_day,
    position,
    returning,
    run,
    scenario,
)


def test_a_green_passed_walk_leads_to_the_hop_test() -> None:
    days = run(scenario())
    assert days[0].stage.value == "ST1"
    assert days[1].stage.value == "ST2"
    assert days[1].hop_test
    assert "R22" in days[1].decision.rules


def test_a_passed_hop_test_with_a_good_next_morning_starts_walk_run_phase_1() -> None:
    days = run(scenario())
    assert (days[2].stage.value, days[2].walk_run_phase) == ("ST3", 1)
    assert days[2].run is not None
    assert days[2].run.intervals is not None


def test_sore_daily_activities_keep_the_runner_in_st0() -> None:
    days = run(scenario(green_day(0, function=SORE_FUNCTION), function=SORE_FUNCTION))
    assert all(plan.stage.value == "ST0" for plan in days)


def test_daily_activities_at_2_of_10_open_the_walking_stage() -> None:
    sore = green_day(0, function=SORE_FUNCTION)
    better = green_day(3, function={"sit_30min": 2, "stairs": 2, "squat": 2})
    days = run(scenario(sore, better, function=SORE_FUNCTION))
    assert days[2].stage.value == "ST0"
    assert days[3].stage.value == "ST1"


def test_one_green_passed_session_is_not_enough_to_move_up_a_phase() -> None:
    days = run(scenario())
    start = first_day_at(days, "ST3", 1)
    assert start is not None
    assert days[start + 2].walk_run_phase == 1


def test_two_green_passed_sessions_move_up_exactly_one_phase() -> None:
    days = run(returning(days=28))
    phase_2 = first_day_at(days, "ST3", 2)
    assert phase_2 is not None
    assert days[phase_2 - 1].walk_run_phase == 1
    assert "R13" in days[phase_2].decision.rules
    runs_at_phase_1 = [p for p in days[:phase_2] if p.walk_run_phase == 1 and p.run]
    assert len(runs_at_phase_1) == 2


def test_the_ladder_never_moves_more_than_one_step_a_day() -> None:
    order = ["ST0", "ST1", "ST2", *[f"ST3p{n}" for n in range(1, 7)], "ST4", "ST5"]

    def index(stage: str, phase: int) -> int:
        return order.index(f"{stage}p{phase}" if stage == "ST3" else stage)

    days = run(scenario(days=56, running_now=False))
    steps = [index(*position(b)) - index(*position(a)) for a, b in itertools.pairwise(days)]
    assert max(steps) == 1


def test_there_is_a_rest_day_between_walk_run_sessions() -> None:
    days = run(scenario(days=42))
    run_days = [i for i, p in enumerate(days) if p.run is not None and p.stage.value == "ST3"]
    assert run_days
    assert all(b - a >= 2 for a, b in itertools.pairwise(run_days))


def test_walk_run_sessions_follow_the_six_phase_table_or_are_trimmed_to_fit_r16() -> None:
    days = run(returning(days=56)) + run(scenario(days=56))
    full = trimmed = 0
    for plan in days:
        if plan.run is None or plan.walk_run_phase is None:
            continue
        phase = WALK_RUN_PHASES[plan.walk_run_phase - 1]
        intervals = plan.run.intervals
        assert (intervals is None) == phase.continuous
        if plan.run.running_minutes == phase.running_minutes:
            full += 1
            assert plan.run.distance_km == phase.distance_km
            assert intervals is None or (intervals.run_min, intervals.walk_min) == (
                phase.run_min,
                phase.walk_min,
            )
            continue
        # §11b.6: the same walk breaks and repeats, shorter running parts, less distance.
        trimmed += 1
        assert plan.run.running_minutes < phase.running_minutes
        assert plan.run.distance_km is not None
        assert plan.run.distance_km < phase.distance_km
        if intervals is not None:
            assert intervals.walk_min == phase.walk_min
            assert intervals.repeats <= phase.repeats
            assert intervals.run_seconds < phase.run_min * 60
    assert full
    assert trimmed


def test_the_walk_run_table_runs_from_3_of_2_minutes_to_continuous() -> None:
    assert (WALK_RUN_PHASES[0].run_min, WALK_RUN_PHASES[0].walk_min) == (3, 2)
    assert WALK_RUN_PHASES[-1].continuous
    assert [p.distance_km for p in WALK_RUN_PHASES] == [1.6, 2.4, 2.4, 3.2, 3.2, 3.2]


def test_continuous_running_grows_after_two_green_passed_runs() -> None:
    days = run(scenario(days=28, running_now=True))
    distances = [p.run.distance_km for p in days if p.run is not None and p.stage.value == "ST4"]
    assert distances[0] < max(distances)
    growth = [b / a for a, b in itertools.pairwise(distances) if a]
    assert max(growth) <= 1.10 + 1e-9


def test_red_zone_morning_pain_blocks_a_step_up_and_the_walk_r6_11b_1() -> None:
    # Steady morning pain 5: a red morning every day, so no brisk walk and no step up (§11b.1).
    days = run(scenario(green_day(0, morning_pain=5), days=4))
    assert all(plan.stage.value == "ST1" for plan in days)
    assert all(plan.walk_minutes is None for plan in days)
    assert "R6" in days[1].decision.rules


def test_amber_morning_pain_holds_every_step_up_r6_11b_1() -> None:
    amber = run(scenario(green_day(0, morning_pain=3), days=3))
    assert [plan.stage.value for plan in amber] == ["ST1"] * 3
    assert all(plan.decision.action.value != "progress" for plan in amber[1:])
    calm = run(scenario(green_day(0, morning_pain=2), days=2))
    assert calm[1].stage.value == "ST2"
