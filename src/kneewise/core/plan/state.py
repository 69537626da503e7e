"""The engine's state: everything needed to prescribe the next day, as plain frozen data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from kneewise.core.education import Topic
from kneewise.core.errors import InvalidInput
from kneewise.core.pain import DayReport
from kneewise.core.plan.codec import from_json, to_json
from kneewise.core.plan.ladder import ST0, Rung, rung
from kneewise.core.plan.models import Action, Decision
from kneewise.core.plan.profile import FunctionScores, MorningReport, RunnerProfile, SessionReport
from kneewise.core.reasons import Reason
from kneewise.core.triage import PlanAllowed, TriageOutcome

STATE_VERSION = 1
NOT_STARTED = Decision(Action.START, (), "Your plan starts with your first check-in.")


class SessionKind(StrEnum):
    RUN = "run"
    WALK = "walk"
    HOP_TEST = "hop_test"
    EXERCISE = "exercise"  # exercises and/or cross-training, no running
    REST = "rest"


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """What was prescribed on a day, and (once reported) whether it was done."""

    day: date
    rung: int
    kind: SessionKind
    distance_km: float | None = None
    running_minutes: int | None = None
    exercise_level: int | None = None
    done: bool | None = None

    @property
    def ran(self) -> bool:
        """A run counts for the caps unless it was reported as skipped."""
        return self.kind is SessionKind.RUN and self.done is not False


@dataclass(frozen=True, slots=True)
class PlanState:
    start: date
    runner: RunnerProfile
    triage_outcome: TriageOutcome
    plan_allowed: PlanAllowed
    triage_reasons: tuple[Reason, ...]
    baseline_function: FunctionScores | None = None
    rung: int = ST0
    exercise_level: int = 1
    hop_test_passed: bool = False
    st4_km: float = 0.0
    cadence_factor: float = 0.0
    cadence_changed_on: date | None = None
    green_streak: int = 0
    exercise_green_streak: int = 0
    amber_streak: int = 0
    freeze_until: date | None = None
    paused_on: date | None = None
    last_trend_regress: date | None = None
    assessed_through: date | None = None
    escalations_through: date | None = None
    mornings: tuple[MorningReport, ...] = ()
    sessions: tuple[SessionReport, ...] = ()
    records: tuple[SessionRecord, ...] = ()
    decision: Decision = NOT_STARTED
    decided_on: date | None = None
    education: tuple[Topic, ...] = ()
    version: int = STATE_VERSION

    @property
    def current(self) -> Rung:
        return rung(self.rung)

    @property
    def awaiting_clinician_answer(self) -> bool:
        # interface for the web; the new engine defines it from its pause state
        return self.paused_on is not None

    def morning(self, day: date) -> MorningReport | None:
        return next((m for m in reversed(self.mornings) if m.day == day), None)

    def session(self, day: date) -> SessionReport | None:
        return next((s for s in reversed(self.sessions) if s.day == day), None)

    def record(self, day: date) -> SessionRecord | None:
        return next((r for r in reversed(self.records) if r.day == day), None)

    def latest_function(self, day: date) -> FunctionScores | None:
        """The most recent function scores reported up to `day`, else the baseline."""
        for morning in reversed(self.mornings):
            if morning.day <= day and morning.function is not None:
                return morning.function
        return self.baseline_function

    def day_reports(self) -> list[DayReport]:
        """Check-ins as the pain rules read them; session pains only where a session was set."""
        days = sorted({m.day for m in self.mornings} | {s.day for s in self.sessions})
        reports = []
        for day in days:
            morning, session = self.morning(day), self.session(day)
            # Pain reported on a day without a prescribed session still counts: the knee
            # reacted to something, and the pain rules err on the side of caution.
            done = bool(session and session.done)
            during = session.pain_during if session and done else None
            after = session.pain_after_60min if session and done else None
            if session and done and during is None and after is None:
                # A limp or sharp pain with no number is still a red session (R6).
                during = 0 if (session.limp or session.sharp) else None
            reports.append(
                DayReport(
                    day=day,
                    morning_pain=morning.morning_pain if morning else None,
                    pain_during=during,
                    pain_after_60min=after,
                    limp=bool(session and session.limp),
                    sharp=bool(session and session.sharp and done),
                    done=done,
                )
            )
        return reports

    def runs_between(self, first: date, last: date) -> list[SessionRecord]:
        return [r for r in self.records if r.ran and first <= r.day <= last]

    def week_index(self, day: date) -> int:
        """Plan weeks run from the plan's first day, so week 0 is the first 7 days."""
        return (day - self.start).days // 7

    def week_bounds(self, day: date) -> tuple[date, date]:
        first = self.start + timedelta(days=7 * self.week_index(day))
        return first, first + timedelta(days=6)

    def to_json(self) -> dict[str, Any]:
        encoded: dict[str, Any] = to_json(self)
        return encoded

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PlanState:
        if data.get("version") != STATE_VERSION:
            raise InvalidInput(f"plan state version {data.get('version')!r} is not supported")
        return from_json(cls, data)
