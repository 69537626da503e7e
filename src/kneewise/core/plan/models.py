"""What the engine hands out: a day's plan and the decision behind it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from kneewise.core.education import EDUCATION, Topic
from kneewise.core.plan.exercises import ExercisePrescription
from kneewise.core.plan.ladder import Stage


class Action(StrEnum):
    """Design §3.3: what the plan did today, most cautious last."""

    START = "start"
    PROGRESS = "progress"
    HOLD = "hold"
    REGRESS = "regress"
    PAUSE_RUNNING = "pause_running"
    REFER = "refer"

    @property
    def caution(self) -> int:
        return _CAUTION[self]


_CAUTION = {
    Action.PROGRESS: 0,
    Action.START: 1,
    Action.HOLD: 2,
    Action.REGRESS: 3,
    Action.PAUSE_RUNNING: 4,
    Action.REFER: 5,
}


@dataclass(frozen=True, slots=True)
class Decision:
    """One decision: what changed, the rules behind it, and why in plain words with the data."""

    action: Action
    rules: tuple[str, ...]
    message: str

    def as_json(self) -> dict[str, object]:
        return {"action": self.action.value, "rules": list(self.rules), "message": self.message}


class Terrain(StrEnum):
    FLAT = "flat"
    ANY = "any"


class Intensity(StrEnum):
    EASY = "easy"
    NORMAL = "normal"


@dataclass(frozen=True, slots=True)
class Intervals:
    """Walk-run repeats (R23), to the second: R16 can trim the running parts (§11b.6)."""

    run_seconds: int
    walk_seconds: int
    repeats: int

    @property
    def run_min(self) -> float:
        return round(self.run_seconds / 60, 2)

    @property
    def walk_min(self) -> float:
        return round(self.walk_seconds / 60, 2)

    @property
    def total_seconds(self) -> int:
        return (self.run_seconds + self.walk_seconds) * self.repeats

    def describe(self) -> str:
        """ "3 × (run 3 min, walk 2 min)" or, trimmed by R16, "5 × (run 1 min 53 s, walk 2 min)"."""
        return (
            f"{self.repeats} × (run {duration_text(self.run_seconds / 60)}, "
            f"walk {duration_text(self.walk_seconds / 60)})"
        )

    def as_json(self) -> dict[str, float | int]:
        return {
            "run_min": _whole(self.run_min),
            "walk_min": _whole(self.walk_min),
            "repeats": self.repeats,
            "run_s": self.run_seconds,
            "walk_s": self.walk_seconds,
        }


def duration_text(minutes: float) -> str:
    """A duration as a runner reads it: "35 min", "1 min 53 s", "45 s" (to the second)."""
    seconds = round(minutes * 60)
    whole, rest = divmod(seconds, 60)
    if not rest:
        return f"{whole} min"
    if not whole:
        return f"{rest} s"
    return f"{whole} min {rest} s"


def _whole(value: float) -> float | int:
    """3.0 → 3, so whole minutes stay integers in JSON."""
    return int(value) if value == int(value) else value


@dataclass(frozen=True, slots=True)
class RunPrescription:
    """A run: running minutes and distance to the hundredth (rounded down, so rounding never
    breaks a cap), minutes estimated from the distance for continuous runs."""

    running_minutes: float
    total_minutes: float
    intervals: Intervals | None
    distance_km: float | None
    terrain: Terrain
    intensity: Intensity
    cadence_target_spm: int | None

    def as_json(self) -> dict[str, object]:
        return {
            "running_minutes": _whole(round(self.running_minutes, 2)),
            "total_minutes": _whole(round(self.total_minutes, 2)),
            "intervals": None if self.intervals is None else self.intervals.as_json(),
            "distance_km": None if self.distance_km is None else round(self.distance_km, 2),
            "terrain": self.terrain.value,
            "intensity": self.intensity.value,
            "cadence_target_spm": self.cadence_target_spm,
        }


@dataclass(frozen=True, slots=True)
class DayPlan:
    day: date
    stage: Stage
    walk_run_phase: int | None
    run: RunPrescription | None
    walk_minutes: int | None
    hop_test: bool
    cross_training: str | None
    exercises: tuple[ExercisePrescription, ...]
    decision: Decision
    education: tuple[Topic, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def has_session(self) -> bool:
        return bool(
            self.run or self.walk_minutes or self.hop_test or self.exercises or self.cross_training
        )

    def as_json(self) -> dict[str, object]:
        return {
            "date": self.day.isoformat(),
            "stage": self.stage.value,
            "walk_run_phase": self.walk_run_phase,
            "run": None if self.run is None else self.run.as_json(),
            "walk_minutes": self.walk_minutes,
            "hop_test": self.hop_test,
            "cross_training": self.cross_training,
            "exercises": [exercise.as_json() for exercise in self.exercises],
            "decision": self.decision.as_json(),
            "education": [
                {
                    "topic": int(topic),
                    "title": EDUCATION[topic].title,
                    "text": EDUCATION[topic].text,
                }
                for topic in self.education
            ],
            "notes": list(self.notes),
        }
