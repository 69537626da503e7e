"""Today's run as watch steps (design.md §3.8): warm-up walk, the run, cool-down walk."""

from __future__ import annotations

import pytest

from kneewise.core.errors import InvalidInput
from kneewise.core.plan.workout import (
    COOL_DOWN_SECONDS,
    WARM_UP_SECONDS,
    NoRunToday,
    RepeatBlock,
    StepKind,
    WorkoutStep,
    cadence_range,
    workout_for,
)
from tests.core.plan.workout_builders import continuous_day, rest_day, walk_run_day


def test_a_walk_run_day_is_warm_up_then_the_r23_repeats_then_cool_down() -> None:
    day = walk_run_day()
    warm_up, middle, cool_down = workout_for(day).parts
    assert warm_up == WorkoutStep(StepKind.WARM_UP, WARM_UP_SECONDS, "Warm-up brisk walk")
    assert isinstance(middle, RepeatBlock)
    assert middle.times == 3
    run, walk = middle.steps
    assert (run.kind, run.seconds) == (StepKind.RUN, 180)
    assert (walk.kind, walk.seconds, walk.cadence_spm) == (StepKind.WALK, 120, None)
    assert cool_down == WorkoutStep(StepKind.COOL_DOWN, COOL_DOWN_SECONDS, "Cool-down walk")


def test_the_warm_up_is_10_minutes_and_the_cool_down_5_minutes_of_walking() -> None:
    # Crowell 2023 (R23's source) warms up for 10–15 min; the plan's minutes stay the run's.
    assert (WARM_UP_SECONDS, COOL_DOWN_SECONDS) == (600, 300)


def test_the_repeats_take_exactly_the_plans_total_minutes() -> None:
    day = walk_run_day()
    assert day.run is not None
    workout = workout_for(day)
    middle = workout.total_seconds - WARM_UP_SECONDS - COOL_DOWN_SECONDS
    assert middle == round(day.run.total_minutes * 60) == 15 * 60
    assert workout.running_minutes == day.run.running_minutes == 9


def test_run_steps_carry_the_r24_target_as_a_range_around_it() -> None:
    middle = workout_for(walk_run_day()).parts[1]
    assert isinstance(middle, RepeatBlock)
    assert middle.steps[0].cadence_spm == (167, 173)  # target 170 ± 3
    assert "167-173 steps/min" in middle.steps[0].name


def test_without_a_measured_baseline_the_run_has_no_cadence_target() -> None:
    middle = workout_for(walk_run_day(cadence=None)).parts[1]
    assert isinstance(middle, RepeatBlock)
    assert middle.steps[0].cadence_spm is None
    assert cadence_range(None) is None


def test_a_continuous_run_is_one_run_step_to_the_second() -> None:
    warm_up, middle, cool_down = workout_for(continuous_day(minutes=20.5)).parts
    assert middle == WorkoutStep(StepKind.RUN, 1230, "Run 167-173 steps/min", (167, 173))
    assert (warm_up.kind, cool_down.kind) == (StepKind.WARM_UP, StepKind.COOL_DOWN)


def test_a_day_without_a_run_is_a_clear_error() -> None:
    day = rest_day()
    with pytest.raises(NoRunToday, match="has no run in the plan") as raised:
        workout_for(day)
    assert isinstance(raised.value, InvalidInput)
    assert str(day.day.day) in str(raised.value)


def test_the_json_lists_the_parts_in_order_with_the_repeat_block() -> None:
    steps = workout_for(walk_run_day()).as_json()
    assert [step["kind"] for step in steps] == ["warm_up", "repeat", "cool_down"]
    assert steps[1]["times"] == 3
    assert steps[1]["steps"] == [
        {"kind": "run", "seconds": 180, "name": "Run 167-173 steps/min", "cadence_spm": [167, 173]},
        {"kind": "walk", "seconds": 120, "name": "Walk", "cadence_spm": None},
    ]
