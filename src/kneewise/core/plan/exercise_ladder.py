"""The exercise ladder (R28 with §11b.8): levels move up slowly and come down at once.

Up: two green-passed exercise sessions in a row, at least 7 days at the level, on an exercise
day when nothing else holds. Down: a red session, or two amber ones in a row. Gentle days
(a red morning, §11b.1; a pause, §11b.2) keep exercises at level 2 or below. Plyometrics (L5)
only in ST3 or later, after a passed hop test (not needed on the R21 keep-running path,
§11b.12f), and not before the programme's fourth week.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from kneewise.core.education import Topic
from kneewise.core.plan.exercise_model import PLYOMETRIC_LEVEL
from kneewise.core.plan.ladder import ST3_FIRST
from kneewise.core.plan.models import Action
from kneewise.core.plan.state import DayEntry, Outcome, PlanState
from kneewise.core.plan.workday import DayWork
from kneewise.core.reasons import Reason

LEVEL_HOLD_DAYS = 7  # §11b.8: a level is held for at least 7 days
PLYOMETRICS_FROM_DAY = 21  # §11b.8: not before the programme's fourth week
GENTLE_MAX_LEVEL = 2  # §11b.1, §11b.2
# R27 + §11a.4: exercises on 4 days a week (within 3–5), the same days of every plan week.
EXERCISE_DAYS = frozenset({0, 2, 4, 6})


def is_exercise_day(state: PlanState, day: date) -> bool:
    return (day - state.start).days % 7 in EXERCISE_DAYS


def plyometrics_allowed(state: PlanState, day: date) -> bool:
    """§11b.8 and §11a.12f: L5 hops in ST3 or later, hop test passed where one is needed, from
    the fourth week, and never while paused."""
    return (
        state.rung >= ST3_FIRST
        and not state.paused
        and (state.hop_test_passed or not state.hop_test_required)
        and (day - state.start).days >= PLYOMETRICS_FROM_DAY
    )


def level_ceiling(state: PlanState, day: date, *, gentle: bool) -> int:
    if gentle or state.paused:
        return GENTLE_MAX_LEVEL
    return PLYOMETRIC_LEVEL if plyometrics_allowed(state, day) else PLYOMETRIC_LEVEL - 1


def lower_level(work: DayWork, level: int, why: str) -> None:
    """Set the exercise level down to `level` (never up), and say why."""
    state = work.state
    if level >= state.exercise_level:
        return
    work.state = replace(
        state,
        exercise_level=level,
        exercise_level_since=work.day,
        exercise_green_streak=0,
        exercise_amber_streak=0,
    )
    work.hold_all = True  # §11b.4: a step back never comes with a step up the same day
    work.note(Action.REGRESS, Reason("R28", f"Exercises go back to level {level} ({why})."))


def enforce_ceiling(work: DayWork) -> None:
    """Gentle days and pauses cap the level (§11b.1, §11b.2); L5 needs what §11b.8 says."""
    ceiling = level_ceiling(work.state, work.day, gentle=work.red_morning)
    if work.state.exercise_level > ceiling:
        why = (
            "gentle exercises only while the knee settles"
            if ceiling == GENTLE_MAX_LEVEL
            else "hops wait for the hop test, walk-run and the fourth week"
        )
        lower_level(work, ceiling, why)


def exercise_outcome(work: DayWork, outcome: Outcome, entry: DayEntry) -> None:
    """R28 with §11b.8 on an exercise day's outcome: red down one, two ambers down one."""
    if entry.planned.exercise_level is None:
        return
    state = work.state
    if outcome is Outcome.RED:
        lower_level(work, max(1, state.exercise_level - 1), "a red exercise day")
    elif outcome is Outcome.AMBER:
        if state.exercise_amber_streak >= 1:
            lower_level(work, max(1, state.exercise_level - 1), "two amber exercise days in a row")
            work.state = replace(work.state, exercise_amber_streak=0)
        else:
            work.state = replace(state, exercise_amber_streak=1, exercise_green_streak=0)
    elif outcome is Outcome.GREEN_PASSED:
        work.state = replace(
            state,
            exercise_green_streak=state.exercise_green_streak + 1,
            exercise_amber_streak=0,
        )
    elif outcome in (Outcome.NOT_PASSED, Outcome.MISSING):
        work.state = replace(state, exercise_green_streak=0)


def level_up_if_due(work: DayWork) -> None:
    """Up one level on an exercise day when §11b.8's conditions all hold."""
    state, day = work.state, work.day
    if not is_exercise_day(state, day) or not work.may_progress:
        return
    since = state.exercise_level_since or state.start
    ceiling = level_ceiling(state, day, gentle=False)
    if (
        state.exercise_green_streak < 2
        or (day - since).days < LEVEL_HOLD_DAYS
        or state.exercise_level >= ceiling
    ):
        return
    level = state.exercise_level + 1
    work.state = replace(
        state, exercise_level=level, exercise_level_since=day, exercise_green_streak=0
    )
    work.note(
        Action.PROGRESS,
        Reason(
            "R28",
            f"Two green-passed exercise days in a row, and at least a week at level {level - 1}: "
            f"exercises move up to level {level}.",
        ),
    )
    work.education.append(Topic.HIP_AND_KNEE_STRENGTH)
