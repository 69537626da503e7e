"""Return-to-run stages ST0–ST5 and the walk-run phases of R23, as one ladder of rungs.

R13/R14 move one rung at a time: ST0, ST1, ST2, ST3 phase 1…6, ST4, ST5.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Stage(StrEnum):
    ST0 = "ST0"  # exercise and cross-training only
    ST1 = "ST1"  # brisk walking, 30 minutes
    ST2 = "ST2"  # hop test
    ST3 = "ST3"  # walk-run, 6 phases (R23)
    ST4 = "ST4"  # continuous easy running, growing by the caps
    ST5 = "ST5"  # usual training, caps and guardrails still on


@dataclass(frozen=True, slots=True)
class WalkRunPhase:
    """One row of the R23 table (Crowell 2023): intervals, total distance and effort."""

    number: int
    run_min: int
    walk_min: int
    repeats: int
    distance_km: float
    rpe: int

    @property
    def continuous(self) -> bool:
        return self.walk_min == 0

    @property
    def running_minutes(self) -> int:
        return self.run_min * self.repeats

    @property
    def total_minutes(self) -> int:
        return (self.run_min + self.walk_min) * self.repeats


# R23: run 3 / walk 2 over 1.0 mile → continuous over 2.0 miles, RPE 3 → 5. Repeats are
# chosen so the session covers about the table's distance at an easy walk-run pace (E).
WALK_RUN_PHASES: tuple[WalkRunPhase, ...] = (
    WalkRunPhase(1, run_min=3, walk_min=2, repeats=3, distance_km=1.6, rpe=3),
    WalkRunPhase(2, run_min=3, walk_min=2, repeats=5, distance_km=2.4, rpe=3),
    WalkRunPhase(3, run_min=4, walk_min=2, repeats=4, distance_km=2.4, rpe=4),
    WalkRunPhase(4, run_min=4, walk_min=2, repeats=5, distance_km=3.2, rpe=4),
    WalkRunPhase(5, run_min=4, walk_min=1, repeats=6, distance_km=3.2, rpe=5),
    WalkRunPhase(6, run_min=22, walk_min=0, repeats=1, distance_km=3.2, rpe=5),
)


@dataclass(frozen=True, slots=True)
class Rung:
    stage: Stage
    phase: int | None = None

    @property
    def label(self) -> str:
        names = {
            Stage.ST0: "exercise and cross-training",
            Stage.ST1: "brisk walking",
            Stage.ST2: "the hop test",
            Stage.ST4: "continuous easy running",
            Stage.ST5: "your usual training",
        }
        if self.stage is Stage.ST3:
            return f"walk-run phase {self.phase}"
        return names[self.stage]

    @property
    def walk_run(self) -> WalkRunPhase | None:
        return WALK_RUN_PHASES[self.phase - 1] if self.phase is not None else None

    @property
    def runs(self) -> bool:
        return self.stage in (Stage.ST3, Stage.ST4, Stage.ST5)


LADDER: tuple[Rung, ...] = (
    Rung(Stage.ST0),
    Rung(Stage.ST1),
    Rung(Stage.ST2),
    *(Rung(Stage.ST3, phase.number) for phase in WALK_RUN_PHASES),
    Rung(Stage.ST4),
    Rung(Stage.ST5),
)

ST0, ST1, ST2 = 0, 1, 2
ST3_FIRST = 3
ST3_LAST = ST3_FIRST + len(WALK_RUN_PHASES) - 1
ST4 = ST3_LAST + 1
ST5 = ST4 + 1


def rung(index: int) -> Rung:
    return LADDER[index]


def step_down(index: int, steps: int) -> int:
    """R14: down one or two rungs, never below ST0."""
    return max(ST0, index - steps)
