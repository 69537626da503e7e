"""One exercise day (R26, R28, R29, §11a.4): what exercise_session prescribes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kneewise.core.errors import InvalidInput
from kneewise.core.plan.exercises import (
    ExercisePrescription,
    Group,
    Region,
    estimated_minutes,
    exercise,
    exercise_session,
)

levels = st.integers(min_value=1, max_value=5)
days = st.integers(min_value=0, max_value=10_000)
DESIGN_KEYS = {"id", "region", "level", "sets", "reps", "seconds", "per_leg"}


def ids(session: tuple[ExercisePrescription, ...]) -> list[str]:
    return [item.id for item in session]


def hop_ids(session: tuple[ExercisePrescription, ...]) -> list[str]:
    return [item.id for item in session if item.region is Region.PLYOMETRIC]


# Properties over level × hop test × day


@given(levels, st.booleans(), days)
def test_every_session_has_a_hip_abductor_or_extensor_and_a_knee_exercise(
    level: int, allowed: bool, day: int
) -> None:
    session = exercise_session(level, plyometrics_allowed=allowed, day_index=day)
    groups = {exercise(item.id).group for item in session}
    assert groups & {Group.HIP_ABDUCTORS, Group.HIP_EXTENSORS}  # R26
    assert any(item.region is Region.KNEE for item in session)  # R26


@given(levels, st.booleans(), days)
def test_every_session_has_the_balance_drill_alongside_other_work(
    level: int, allowed: bool, day: int
) -> None:
    session = exercise_session(level, plyometrics_allowed=allowed, day_index=day)
    drill = "around-the-clock" if level >= 2 else "single-leg-balance"
    assert ids(session).count(drill) == 1  # R29
    assert len(session) >= 5  # §11a.4: never prescribed alone


@given(levels, st.booleans(), days)
def test_no_exercise_is_above_the_session_level(level: int, allowed: bool, day: int) -> None:
    for item in exercise_session(level, plyometrics_allowed=allowed, day_index=day):
        assert 1 <= item.level <= level
        assert exercise(item.id).level == item.level


@given(levels, st.booleans(), days)
def test_sessions_are_deterministic(level: int, allowed: bool, day: int) -> None:
    first = exercise_session(level, plyometrics_allowed=allowed, day_index=day)
    again = exercise_session(level, plyometrics_allowed=allowed, day_index=day)
    assert first == again
    assert [i.as_json() for i in first] == [i.as_json() for i in again]


@given(levels, st.booleans(), days)
def test_plyometrics_appear_only_at_level_5_with_the_hop_test_passed(
    level: int, allowed: bool, day: int
) -> None:
    session = exercise_session(level, plyometrics_allowed=allowed, day_index=day)
    assert bool(hop_ids(session)) == (level == 5 and allowed)  # R28


@given(levels, st.booleans(), days)
def test_sessions_have_5_to_7_different_exercises_and_take_about_30_minutes(
    level: int, allowed: bool, day: int
) -> None:
    session = exercise_session(level, plyometrics_allowed=allowed, day_index=day)
    assert 5 <= len(session) <= 7
    assert len(set(ids(session))) == len(session)
    assert 20 <= estimated_minutes(session) <= 40


@given(levels, st.booleans(), days)
def test_every_prescription_has_the_design_keys_and_one_of_reps_or_seconds(
    level: int, allowed: bool, day: int
) -> None:
    for item in exercise_session(level, plyometrics_allowed=allowed, day_index=day):
        data = item.as_json()
        assert set(data) >= DESIGN_KEYS
        assert data["region"] in {"hip", "knee", "trunk", "plyometric"}
        assert data["level"] in {1, 2, 3, 4, 5}
        assert (data["reps"] is None) != (data["seconds"] is None)
        assert isinstance(data["per_leg"], bool)


@given(levels, st.booleans(), days)
def test_weight_bearing_knee_bends_stay_within_the_session_depth(
    level: int, allowed: bool, day: int
) -> None:
    limit = {1: 0, 2: 45, 3: 60, 4: 90, 5: 90}[level]  # R28: 0–45°, 0–60°, 0–90°
    for item in exercise_session(level, plyometrics_allowed=allowed, day_index=day):
        e = exercise(item.id)
        if not e.is_hold:
            assert e.max_knee_flexion_deg <= limit or e.group is Group.QUADRICEPS, e.id


# Level by level


def test_level_1_is_holds_and_hip_work_with_the_quad_hold_every_day() -> None:
    for day in range(6):
        session = exercise_session(1, plyometrics_allowed=False, day_index=day)
        assert "quad-isometric-seated" in ids(session)
        assert "single-leg-balance" in ids(session)
        assert "around-the-clock" not in ids(session)


def test_level_2_prescribes_the_seed_exercises_over_two_days() -> None:
    seen = {
        i
        for day in range(2)
        for i in ids(exercise_session(2, plyometrics_allowed=False, day_index=day))
    }
    assert {"banded-side-steps", "step-down-10cm", "around-the-clock"} <= seen


def test_step_downs_are_prescribed_from_10_reps_per_leg() -> None:
    session = exercise_session(2, plyometrics_allowed=False, day_index=0)
    step_down = next(i for i in session if i.id == "step-down-10cm")
    assert (step_down.sets, step_down.reps, step_down.per_leg) == (3, 10, True)
    assert step_down.dose == "3 × 10–12 per leg"


@pytest.mark.parametrize("level", [2, 3, 4])
def test_deepest_squat_pattern_in_a_session_follows_the_depth_sequence(level: int) -> None:
    deepest = max(
        exercise(item.id).max_knee_flexion_deg
        for day in range(6)
        for item in exercise_session(level, plyometrics_allowed=False, day_index=day)
        if exercise(item.id).group is Group.SQUAT
    )
    assert deepest == {2: 45, 3: 60, 4: 90}[level]


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_inner_hip_work_appears_on_some_days_but_not_all(level: int) -> None:
    inner = {Group.HIP_ADDUCTORS, Group.HIP_FLEXORS}
    with_inner = [
        any(
            exercise(i.id).group in inner
            for i in exercise_session(level, plyometrics_allowed=False, day_index=day)
        )
        for day in range(3)
    ]
    assert with_inner.count(True) == 2


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_day_index_rotates_the_exercises(level: int) -> None:
    day_0 = exercise_session(level, plyometrics_allowed=True, day_index=0)
    day_1 = exercise_session(level, plyometrics_allowed=True, day_index=1)
    assert ids(day_0) != ids(day_1)


def test_level_5_without_the_hop_test_is_the_level_4_session() -> None:
    for day in range(12):
        assert exercise_session(5, plyometrics_allowed=False, day_index=day) == exercise_session(
            4, plyometrics_allowed=False, day_index=day
        )


def test_level_4_ignores_plyometrics_allowed() -> None:
    for day in range(6):
        assert exercise_session(4, plyometrics_allowed=True, day_index=day) == exercise_session(
            4, plyometrics_allowed=False, day_index=day
        )


def test_level_5_with_the_hop_test_passed_does_two_leg_hops_before_single_leg_hops() -> None:
    for day in range(12):
        hops = hop_ids(exercise_session(5, plyometrics_allowed=True, day_index=day))
        assert len(hops) == 2
        assert hops[0].startswith("two-leg-")
        assert hops[1].startswith("single-leg-")


def test_level_5_hops_cover_every_hop_exercise_over_a_few_days() -> None:
    seen = {
        h
        for day in range(12)
        for h in hop_ids(exercise_session(5, plyometrics_allowed=True, day_index=day))
    }
    assert len(seen) == 7


def test_first_level_5_session_with_hops_is_pinned() -> None:
    session = exercise_session(5, plyometrics_allowed=True, day_index=0)
    assert [(i.id, i.dose) for i in session] == [
        ("around-the-clock", "3 × 30 s per leg"),
        ("two-leg-hops-in-place", "3 × 30"),
        ("single-leg-hops-in-place", "3 × 20 per leg"),
        ("rear-foot-elevated-split-squat", "3 × 8–10 per leg"),
        ("side-plank-leg-lift", "3 × 10 per leg"),
        ("single-leg-rdl", "3 × 10 per leg"),
        ("pallof-press", "3 × 10 per side"),
    ]


def test_first_level_2_session_is_pinned_as_json() -> None:
    session = exercise_session(2, plyometrics_allowed=False, day_index=0)
    first = session[0].as_json()
    assert first == {
        "id": "around-the-clock",
        "region": "trunk",
        "level": 2,
        "sets": 3,
        "reps": None,
        "seconds": 30,
        "per_leg": True,
        "name": "Around the clock",
        "dose": "3 × 30 s per leg",
    }
    assert ids(session) == [
        "around-the-clock",
        "squat-0-45",
        "step-down-10cm",
        "banded-side-steps",
        "bridge-march",
        "adductor-ball-squeeze",
        "front-plank",
    ]


# Input checks


@pytest.mark.parametrize("level", [0, 6, -1, True])
def test_a_level_outside_1_to_5_is_invalid_input(level: int) -> None:
    with pytest.raises(InvalidInput, match="level"):
        exercise_session(level, plyometrics_allowed=False)


def test_a_negative_day_index_is_invalid_input() -> None:
    with pytest.raises(InvalidInput, match="day_index"):
        exercise_session(2, plyometrics_allowed=False, day_index=-1)


def test_day_index_defaults_to_the_first_day() -> None:
    assert exercise_session(3, plyometrics_allowed=False) == exercise_session(
        3, plyometrics_allowed=False, day_index=0
    )
