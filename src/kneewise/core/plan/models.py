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
    run_min: int
    walk_min: int
    repeats: int

    def as_json(self) -> dict[str, int]:
        return {"run_min": self.run_min, "walk_min": self.walk_min, "repeats": self.repeats}


@dataclass(frozen=True, slots=True)
class RunPrescription:
    running_minutes: int
    total_minutes: int
    intervals: Intervals | None
    distance_km: float | None
    terrain: Terrain
    intensity: Intensity
    cadence_target_spm: int | None

    def as_json(self) -> dict[str, object]:
        return {
            "running_minutes": self.running_minutes,
            "total_minutes": self.total_minutes,
            "intervals": None if self.intervals is None else self.intervals.as_json(),
            "distance_km": self.distance_km,
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
