"""The engine's state: everything needed to prescribe the next day, as plain frozen data.

Cost must not grow with history (design.md §4): the state keeps a log of the last
`LOG_DAYS` days only, one entry per consecutive day, so a day is found by arithmetic and
no rule rescans the past. What a rule needs from further back (the first AKPS, the best
week, the last green-passed session) is kept as a single value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from kneewise.core.education import Topic
from kneewise.core.errors import InvalidInput
from kneewise.core.load_rules import LOOKBACK_DAYS
from kneewise.core.plan.codec import from_json, to_json
from kneewise.core.plan.ladder import ST0, Rung, rung
from kneewise.core.plan.models import Action, DayPlan, Decision
from kneewise.core.plan.profile import FunctionScores, MorningReport, RunnerProfile, SessionReport
from kneewise.core.reasons import Reason
from kneewise.core.triage import PlanAllowed, TriageOutcome

STATE_VERSION = 2
# The longest look-back of any rule: R15's 30 days, plus the day itself and a little margin
# for the Monday week before (R16, R17 need this week and the one before: at most 14 days).
LOG_DAYS = LOOKBACK_DAYS + 2
NOT_STARTED = Decision(Action.START, (), "Your plan starts with your first check-in.")


class SessionKind(StrEnum):
    RUN = "run"
    WALK = "walk"
    HOP_TEST = "hop_test"
    EXERCISE = "exercise"  # exercises and/or cross-training, no running
    REST = "rest"

    @property
    def ladder_session(self) -> bool:
        """§11b.3: the sessions whose outcomes R13/R14 count (run, walk, hop test)."""
        return self in (SessionKind.RUN, SessionKind.WALK, SessionKind.HOP_TEST)


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """What was prescribed on a day."""

    day: date
    rung: int
    kind: SessionKind
    distance_km: float | None = None
    running_minutes: float | None = None
    exercise_level: int | None = None
    cross_training: bool = False
    full: bool = True  # the rung's whole session; False when a cap trimmed the run (R15, R16)
    moved: SessionKind | None = None  # the session the runner moved to the next day (item 16)


@dataclass(frozen=True, slots=True)
class RunDone:
    """What a day's running counts for in the load rules (§11b.9): recorded runs when there
    are any, else the prescribed run unless it was skipped.

    `confirmed` is False for a prescribed run nobody reported: it still uses up weekly room
    (R16, R17), but is not a reference for R15 (a run nobody confirmed cannot raise a cap)."""

    distance_km: float
    minutes: float
    longest_km: float
    downhill_m: float = 0.0
    confirmed: bool = True


class Outcome(StrEnum):
    """A day's session as the pain rules judged it the next morning (R6–R10, §11b.3, §11b.5)."""

    NONE = "none"  # nothing prescribed that counts, nothing reported
    SKIPPED = "skipped"
    MISSING = "missing"  # a session without a report, or a blank pain: neither green nor red
    GREEN_PASSED = "green_passed"
    NOT_PASSED = "not_passed"  # green, but not settled or the next morning not fine (R8–R10)
    AMBER = "amber"
    RED = "red"


@dataclass(frozen=True, slots=True)
class DayEntry:
    """One day of the log: the morning report, what was prescribed, the session report, and
    (from the next morning on) how the session was judged."""

    day: date
    morning: MorningReport
    planned: SessionRecord
    session: SessionReport | None = None
    run: RunDone | None = None
    outcome: Outcome | None = None


class PauseKind(StrEnum):
    """Why running is paused (§11b.2)."""

    RED_ESCALATION = "R12"  # two reds in a week, or a red with a limp that persists
    SWELLING = "R3"  # a swollen knee in the morning
    REGRESSION = "R14"  # back to exercises only after a step back

    @property
    def strictness(self) -> int:
        """How demanding the pause's exit is: R12 (settled also means low pain, no limp, no
        red) over swelling over a step back."""
        return {PauseKind.RED_ESCALATION: 2, PauseKind.SWELLING: 1, PauseKind.REGRESSION: 0}[self]

    @property
    def needs_clinician_or_settling(self) -> bool:
        """§11b.2: after R12 or swelling, running resumes only after a clinician's look or
        three settled days."""
        return self is not PauseKind.REGRESSION


@dataclass(frozen=True, slots=True)
class Pause:
    kind: PauseKind
    since: date
    cleared_by: str | None = None  # "seen_clinician" or "settled" (§11b.2), kept and shown
    cleared_on: date | None = None


@dataclass(frozen=True, slots=True)
class RunSize:
    distance_km: float | None
    minutes: float | None


@dataclass(frozen=True, slots=True)
class AkpsScore:
    day: date
    score: int


@dataclass(frozen=True, slots=True)
class PlanState:
    start: date
    runner: RunnerProfile
    triage_outcome: TriageOutcome
    plan_allowed: PlanAllowed
    triage_reasons: tuple[Reason, ...]
    baseline_function: FunctionScores | None = None
    rung: int = ST0
    # Continuous running (ST4/ST5): the length the runs grow towards, R13 and R15 (§11b.7).
    run_km: float = 0.0
    exercise_level: int = 1
    exercise_level_since: date | None = None
    hop_test_passed: bool = False
    hop_test_required: bool = True  # §11a.12f: not for the R21 keep-running path
    cadence_factor: float = 0.0
    cadence_changed_on: date | None = None
    cadence_samples: tuple[float, ...] = ()  # R24 from recorded runs, the last 10
    green_streak: int = 0
    amber_streak: int = 0
    exercise_green_streak: int = 0
    exercise_amber_streak: int = 0
    freeze_until: date | None = None
    pause: Pause | None = None
    last_trend_regress: date | None = None
    last_review_on: date | None = None
    last_green_pass: date | None = None
    best_week_mean: float | None = None
    first_week_worst: int | None = None
    first_akps: AkpsScore | None = None
    latest_akps: AkpsScore | None = None
    last_run: RunSize | None = None
    run_cap_after_red: RunSize | None = None  # §11b.12d: the next run at most 90 % of a Red one
    red_days: tuple[date, ...] = ()  # red sessions of the last 7 days (R12)
    red_with_limp: date | None = None  # the last red session with a limp (R12)
    settled_days: int = 0  # consecutive reported days without the pause's symptom (§11b.2)
    log: tuple[DayEntry, ...] = ()
    decision: Decision = NOT_STARTED
    plan: DayPlan | None = None
    education: tuple[Topic, ...] = ()
    # The latest day's topics that had any: shown on a day without its own (one value, so
    # no page reads earlier days for it).
    last_education: tuple[Topic, ...] = ()
    version: int = STATE_VERSION

    @property
    def current(self) -> Rung:
        return rung(self.rung)

    @property
    def decided_on(self) -> date | None:
        """The last day whose morning report was read."""
        return self.log[-1].day if self.log else None

    @property
    def paused(self) -> bool:
        """§11b.2: running paused (R12, swelling, a triage R3 flag, ST0 after a step back)."""
        return self.pause is not None or self.plan_allowed is not PlanAllowed.FULL

    @property
    def awaiting_clinician_answer(self) -> bool:
        """§11b.2: the check-in should ask whether the runner saw a clinician."""
        pause = self.pause
        return (
            pause is not None
            and pause.kind.needs_clinician_or_settling
            and pause.cleared_by is None
        )

    def entry(self, day: date) -> DayEntry | None:
        """The log entry of `day`, found by arithmetic (the log holds consecutive days)."""
        if not self.log:
            return None
        index = (day - self.log[0].day).days
        if 0 <= index < len(self.log):
            return self.log[index]
        return None

    def morning(self, day: date) -> MorningReport | None:
        found = self.entry(day)
        return found.morning if found is not None and found.morning.reported else None

    def latest_function(self, day: date) -> FunctionScores | None:
        """The most recent function scores reported up to `day`, else the baseline."""
        for entry in reversed(self.log):
            if entry.day <= day and entry.morning.reported and entry.morning.function:
                return entry.morning.function
        return self.baseline_function

    def entries_between(self, first: date, last: date) -> list[DayEntry]:
        """Log entries from `first` to `last`, both included (only those still in the log)."""
        return [e for e in self.log if first <= e.day <= last]

    def to_json(self) -> dict[str, Any]:
        encoded: dict[str, Any] = to_json(self)
        return encoded

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PlanState:
        if data.get("version") != STATE_VERSION:
            raise InvalidInput(f"plan state version {data.get('version')!r} is not supported")
        return from_json(cls, data)
