"""Exercise catalogue and exercise-day sessions (clinical-evidence.md §5; R26–R29, R34).

The exercises are data in `exercises.toml` (shipped as package data), checked on load by
`catalogue_parser`. This module builds the deterministic list of exercises for one exercise
day at a ladder level (§5.5). Pure: no Django, no clock, no randomness.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from importlib.resources import files
from types import MappingProxyType

from kneewise.core.errors import InvalidInput
from kneewise.core.plan.catalogue_parser import parse_catalogue
from kneewise.core.plan.exercise_model import (
    BALANCE_DRILL_ID,
    DEPTH_LIMIT_DEG,
    DEPTH_LIMITED_GROUPS,
    GROUP_REGION,
    L1_BALANCE_DRILL_ID,
    LEVELS,
    PLYOMETRIC_LEVEL,
    Catalogue,
    CatalogueError,
    Exercise,
    ExercisePrescription,
    Group,
    Region,
    describe_dose,
    dose_text,
)

__all__ = [
    "BALANCE_DRILL_ID",
    "DEPTH_LIMITED_GROUPS",
    "DEPTH_LIMIT_DEG",
    "GROUP_REGION",
    "L1_BALANCE_DRILL_ID",
    "LEVELS",
    "PLYOMETRIC_LEVEL",
    "Catalogue",
    "CatalogueError",
    "Exercise",
    "ExercisePrescription",
    "Group",
    "Region",
    "describe_dose",
    "dose_text",
    "estimated_minutes",
    "exercise",
    "exercise_session",
    "load_catalogue",
    "neighbours",
    "parse_catalogue",
]


@cache
def load_catalogue() -> Catalogue:
    """The shipped catalogue (package data), parsed and checked once."""
    text = files("kneewise.core.plan").joinpath("exercises.toml").read_text(encoding="utf-8")
    return parse_catalogue(text)


def exercise(exercise_id: str) -> Exercise:
    """One exercise of the shipped catalogue by id (InvalidInput if unknown)."""
    return load_catalogue().get(exercise_id)


def neighbours(exercise_id: str) -> tuple[Exercise | None, Exercise | None]:
    """(easier, harder) neighbours in the shipped catalogue, for stepping one exercise down/up."""
    return load_catalogue().neighbours(exercise_id)


# Sessions -------------------------------------------------------------------------------------

# Each slot rotates through its exercises with day_index; None leaves the slot empty that day.
# Knee slots first (the main lifts), then hip (R26: always one abductor or extensor item and
# one knee item), inner hip on two days of three [S1], one trunk item. The balance drill and,
# at L5, the hops are added by exercise_session. About 6–7 exercises, about 30 minutes.
_Slot = tuple[str | None, ...]
_INNER_HIP_L1_L2: _Slot = ("adductor-ball-squeeze", "seated-march", None)
_SESSIONS: Mapping[int, tuple[_Slot, ...]] = MappingProxyType(
    {
        1: (
            ("quad-isometric-seated",),
            ("straight-leg-raise", None),  # the long quad holds fill the time on other days
            ("standing-hip-abduction-isometric", "side-lying-hip-abduction"),
            ("glute-bridge",),
            _INNER_HIP_L1_L2,
            ("dead-bug",),
        ),
        2: (
            ("squat-0-45", "knee-extension-mid-range"),
            ("step-down-10cm",),
            ("banded-side-steps", "banded-clamshell"),
            ("bridge-march",),
            _INNER_HIP_L1_L2,
            ("front-plank", "side-plank-knees"),
        ),
        3: (
            ("wall-squat-0-60", "wall-sit-60"),
            ("step-down-20cm", "short-lunge-0-45", "single-leg-sit-to-stand"),
            ("pelvic-drop", "banded-side-steps-strong"),
            ("single-leg-bridge",),
            ("side-lying-adduction", "standing-banded-hip-flexion", None),
            ("side-plank", "front-plank"),
        ),
        4: (
            ("squat-0-90", "spanish-squat", "goblet-squat"),
            ("weighted-step-down", "split-squat", "single-leg-squat"),
            ("side-plank-leg-lift", "banded-side-steps-strong"),
            ("single-leg-rdl", "weighted-hip-thrust"),
            ("copenhagen-short-lever", "single-leg-knee-drive", None),
            ("pallof-press", "side-plank"),
        ),
        # L5 with the hop test passed: one heavy knee item instead of two and no inner-hip
        # item, to make room for the hops and keep the session about 30 minutes.
        5: (
            ("rear-foot-elevated-split-squat", "weighted-step-down", "single-leg-squat"),
            ("side-plank-leg-lift", "banded-side-steps-strong"),
            ("single-leg-rdl", "weighted-hip-thrust"),
            ("pallof-press", "side-plank"),
        ),
    }
)
# Cannon routine (§4.2d): two-leg hops first, then single-leg hops; directions rotate by day.
_HOPS: tuple[_Slot, ...] = (
    ("two-leg-hops-in-place", "two-leg-hops-forward-back", "two-leg-hops-side-to-side"),
    (
        "single-leg-hops-in-place",
        "single-leg-hops-forward-back",
        "single-leg-hops-side-to-side",
        "single-leg-broad-hop",
    ),
)


def exercise_session(
    level: int, *, plyometrics_allowed: bool, day_index: int = 0
) -> tuple[ExercisePrescription, ...]:
    """The exercises of one exercise day at ladder level 1–5 (§5.5), in the order to do them.

    Every session has a hip abductor/extensor item and a knee item (R26) and the daily balance
    drill (R29, §11a.4). Hops only at L5 with `plyometrics_allowed` (hop test passed, R28);
    L5 without it is the L4 session. `day_index` (the n-th exercise day, from 0) rotates the
    choices. Same input, same output.
    """
    if isinstance(level, bool) or level not in LEVELS:
        raise InvalidInput(f"exercise level must be 1–5, got {level!r}")
    if isinstance(day_index, bool) or not isinstance(day_index, int) or day_index < 0:
        raise InvalidInput(f"day_index must be a whole number ≥ 0, got {day_index!r}")
    catalogue = load_catalogue()
    hops = level == PLYOMETRIC_LEVEL and plyometrics_allowed
    table_level = level if hops or level < PLYOMETRIC_LEVEL else PLYOMETRIC_LEVEL - 1
    slots = (*(_HOPS if hops else ()), *_SESSIONS[table_level])
    balance = BALANCE_DRILL_ID if level >= 2 else L1_BALANCE_DRILL_ID
    chosen = [balance, *(slot[day_index % len(slot)] for slot in slots)]
    return tuple(catalogue.get(item).prescribe() for item in chosen if item is not None)


def estimated_minutes(exercises: Iterable[ExercisePrescription]) -> int:
    """Rough session length: 3 s a repetition (1 s a hop), 30 s rest between sets (60 s
    for hops), 1 minute to set up each exercise. For display, never for decisions."""
    total = 0
    for item in exercises:
        hop = item.region is Region.PLYOMETRIC
        per_set = item.seconds if item.seconds is not None else (item.reps or 0) * (1 if hop else 3)
        per_set *= 2 if item.per_leg else 1
        total += item.sets * per_set + (item.sets - 1) * (60 if hop else 30) + 60
    return -(-total // 60)
