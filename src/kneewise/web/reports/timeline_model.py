"""The timeline's records: frozen dataclasses, JSON-ready (ISO dates), built by `timeline`.

Core types are kept as they are (one representation per concept, design.md §2): a day's
`Decision`, the triage `TriageResult`, a week's `Week` totals and its load `Flag`s, a run's
`RunPrescription`; their own `as_json` writes them. Nothing here holds a position: no GPS.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from enum import Enum
from typing import Any

from kneewise.core.akps import AKPS_MEANINGFUL_CHANGE
from kneewise.core.load import Flag, Week
from kneewise.core.plan.exercise_model import ExercisePrescription
from kneewise.core.plan.models import Decision, RunPrescription
from kneewise.core.triage import TriageResult


def to_jsonable(value: Any) -> Any:
    """Dates as ISO strings, enums as values, tuples as lists; core types by their as_json."""
    as_json = getattr(value, "as_json", None)
    if callable(as_json):
        return as_json()
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [to_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_jsonable(item) for key, item in value.items()}
    return value


@dataclass(frozen=True, slots=True)
class PlanOfDay:
    """What the plan prescribed that day (from its stored snapshot)."""

    stage: str
    walk_run_phase: int | None
    session: str  # the day's headline, as the calendar and Today name it
    run: RunPrescription | None
    exercises: int  # how many exercises were prescribed
    has_session: bool


@dataclass(frozen=True, slots=True)
class TimelineDay:
    """One local day: the check-in, the next morning's response to it, the plan and decision."""

    day: date
    checked_in: bool
    morning_pain: int | None
    swelling: bool
    morning_limp: bool
    done: bool | None  # None: the session was not reported
    pain_during: int | None
    pain_after_60min: int | None
    limp: bool
    sharp: bool
    next_morning_pain: int | None  # the morning after: the 24-hour response (R8, R9)
    next_morning_change: int | None  # next morning minus this morning; > 0 is worse
    plan: PlanOfDay | None
    decision: Decision | None


@dataclass(frozen=True, slots=True)
class RunRecord:
    """One recorded run and the pain around it; summaries only, never a track."""

    day: date
    start: str  # local time "07:15"
    distance_m: float | None
    running_s: float | None  # moving time, else elapsed
    descent_m: float | None
    downhill_m: float | None  # on grade ≤ −5 %
    avg_cadence_spm: float | None
    knee_load: float | None
    pain_during: int | None  # that day's check-in
    pain_after_60min: int | None
    next_morning_pain: int | None
    second_morning_pain: int | None
    activity_id: int | None = None  # where a caseload flag links (the timeline's row id)


@dataclass(frozen=True, slots=True)
class WeekLoad:
    """A Monday week's totals (None: no activity) and the load flags dated in it."""

    week_start: date
    totals: Week | None
    flags: tuple[Flag, ...]


@dataclass(frozen=True, slots=True)
class KneeScore:
    day: date
    score: int
    change_from_first: int | None  # None for the first score itself
    meaningful: bool  # outside the ±10 band around the first score (R31)


@dataclass(frozen=True, slots=True)
class KneeScores:
    """AKPS scores of the window and the first score they are compared with (R31)."""

    first: KneeScore | None
    scores: tuple[KneeScore, ...]
    band_low: int | None
    band_high: int | None
    meaningful_change: int = AKPS_MEANINGFUL_CHANGE


@dataclass(frozen=True, slots=True)
class CadencePoint:
    day: date
    spm: float


@dataclass(frozen=True, slots=True)
class Cadence:
    """Cadence per run of the window, the runner's baseline and the plan's target (R24)."""

    runs: tuple[CadencePoint, ...]
    baseline_spm: int | None
    target_spm: int | None


@dataclass(frozen=True, slots=True)
class StageSpan:
    """Consecutive days at one stage and walk-run phase."""

    stage: str
    walk_run_phase: int | None
    first: date
    last: date


@dataclass(frozen=True, slots=True)
class Adherence:
    """What was done of what the plan prescribed, up to today, and what cannot be measured."""

    sessions_prescribed: int
    sessions_done: int
    sessions_not_done: int
    sessions_unreported: int
    runs_prescribed: int
    runs_recorded: int  # days with a prescribed run and a recorded run
    check_in_days: int
    days: int
    exercises_recorded: bool
    note: str


@dataclass(frozen=True, slots=True)
class RunnerTimeline:
    """One runner's weeks: check-ins, plan and decisions, runs, load, knee scores, cadence."""

    runner: str  # the user name
    name: str  # the full name, else the user name
    today: date
    first: date  # a Monday: the window is whole weeks
    last: date
    weeks: int
    time_zone: str
    units: str
    plan_start: date | None
    triage: TriageResult | None
    days: tuple[TimelineDay, ...]
    runs: tuple[RunRecord, ...]
    load: tuple[WeekLoad, ...]
    knee: KneeScores
    cadence: Cadence
    stages: tuple[StageSpan, ...]
    adherence: Adherence
    # The exercises of the window's latest planned day (today's, once the plan is under way).
    current_exercises: tuple[ExercisePrescription, ...] = ()

    def to_json(self) -> dict[str, Any]:
        document: dict[str, Any] = to_jsonable(self)
        return document

    @property
    def checked_in_days(self) -> tuple[TimelineDay, ...]:
        return tuple(d for d in self.days if d.checked_in)

    @property
    def decisions(self) -> tuple[TimelineDay, ...]:
        return tuple(d for d in self.days if d.decision is not None)
