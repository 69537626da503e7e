"""A day's run as a step list for a watch (design.md §3.8): warm-up walk, the run, cool-down.

The plan's `total_minutes` is the running session itself (walk-run repeats, R23). The watch
adds a 10-minute brisk-walk warm-up, the low end of the 10–15 min the R23 source protocol
uses (Crowell 2023, clinical-evidence.md §4.2), and a 5-minute easy walk to cool down. Both
are walking, so no running cap (R15–R17) counts them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from kneewise.core.dates import spoken_date
from kneewise.core.errors import InvalidInput
from kneewise.core.plan.models import DayPlan, duration_text

WARM_UP_SECONDS = 10 * 60
COOL_DOWN_SECONDS = 5 * 60
# R24: the watch alerts outside target ± 3 steps/min, so the target itself sits mid-range.
CADENCE_TOLERANCE_SPM = 3


class NoRunToday(InvalidInput):
    """The day's plan has no run, so there is no workout to send to a watch."""


class StepKind(StrEnum):
    WARM_UP = "warm_up"
    RUN = "run"
    WALK = "walk"
    COOL_DOWN = "cool_down"


@dataclass(frozen=True, slots=True)
class WorkoutStep:
    """One timed step; `cadence_spm` is the step-rate range (low, high) for run steps (R24)."""

    kind: StepKind
    seconds: int
    name: str
    cadence_spm: tuple[int, int] | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind.value,
            "seconds": self.seconds,
            "name": self.name,
            "cadence_spm": None if self.cadence_spm is None else list(self.cadence_spm),
        }


@dataclass(frozen=True, slots=True)
class RepeatBlock:
    """The walk-run repeats (R23): `steps` done `times` times in a row."""

    steps: tuple[WorkoutStep, ...]
    times: int

    def as_json(self) -> dict[str, object]:
        return {
            "kind": "repeat",
            "times": self.times,
            "steps": [step.as_json() for step in self.steps],
        }


Part = WorkoutStep | RepeatBlock


@dataclass(frozen=True, slots=True)
class Workout:
    day: date
    name: str
    parts: tuple[Part, ...]
    running_minutes: float

    @property
    def total_seconds(self) -> int:
        return sum(
            step.seconds * (part.times if isinstance(part, RepeatBlock) else 1)
            for part in self.parts
            for step in (part.steps if isinstance(part, RepeatBlock) else (part,))
        )

    def as_json(self) -> list[dict[str, object]]:
        return [part.as_json() for part in self.parts]


def cadence_range(target_spm: int | None) -> tuple[int, int] | None:
    """R24's target as the range a watch alerts outside of; None without a target."""
    if target_spm is None:
        return None
    return target_spm - CADENCE_TOLERANCE_SPM, target_spm + CADENCE_TOLERANCE_SPM


def workout_for(plan: DayPlan) -> Workout:
    """The day's run as watch steps; NoRunToday when the plan has no run that day."""
    run = plan.run
    if run is None:
        raise NoRunToday(f"{spoken_date(plan.day)} has no run in the plan.")
    cadence = cadence_range(run.cadence_target_spm)
    warm_up = WorkoutStep(StepKind.WARM_UP, WARM_UP_SECONDS, "Warm-up brisk walk")
    cool_down = WorkoutStep(StepKind.COOL_DOWN, COOL_DOWN_SECONDS, "Cool-down walk")
    middle: Part
    if run.intervals is None:
        seconds = round(run.running_minutes * 60)
        middle = _run_step(seconds, cadence)
    else:
        intervals = run.intervals
        walk = WorkoutStep(StepKind.WALK, intervals.walk_seconds, "Walk")
        middle = RepeatBlock((_run_step(intervals.run_seconds, cadence), walk), intervals.repeats)
    return Workout(
        day=plan.day,
        name=f"Kneewise {plan.day.isoformat()}",
        parts=(warm_up, middle, cool_down),
        running_minutes=run.running_minutes,
    )


def _run_step(seconds: int, cadence: tuple[int, int] | None) -> WorkoutStep:
    name = f"Easy run {duration_text(seconds / 60)}"
    if cadence is not None:
        name = f"Run {cadence[0]}-{cadence[1]} steps/min"
    return WorkoutStep(StepKind.RUN, seconds, name, cadence)
