"""The working notes of one morning's decision, shared by the modules that fill them in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kneewise.core.dates import spoken_date
from kneewise.core.education import Topic
from kneewise.core.plan.models import Action
from kneewise.core.plan.overrides import ClinicianOverride
from kneewise.core.plan.profile import MorningReport, NewLoad
from kneewise.core.plan.state import PlanState, SessionKind
from kneewise.core.reasons import Reason

FREEZE_DAYS = 7  # R20: a week without running progression after new non-running knee load


@dataclass
class DayWork:
    """Working notes of one morning's decision.

    `hold_all` (§11b.1 amber morning, R9/R11/R14 holds, missing reports): nothing steps up
    today. `hold_running` (function 3–4, R20, a pause not yet cleared): running does not step
    up, the exercise ladder may (§11b.12b). `red_morning` (§11b.1): no run, walk, hop test or
    plyometrics today, exercises at level 2 or below.
    """

    state: PlanState
    day: date
    morning: MorningReport
    actions: list[Action] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    education: list[Topic] = field(default_factory=list)
    notes: list[Reason] = field(default_factory=list)
    dropped: int = 0
    paused_today: bool = False
    hold_all: bool = False
    hold_running: bool = False
    red_morning: bool = False
    moved: bool = False  # the stage or phase stepped up today (gates._move)
    # A clinician's overrides active today (clinician.py, rule CLIN): the highest rung allowed,
    # the weekdays with runs, the exercises left out; `clinician_holds` says the CLIN reason
    # explains a day where nothing moved.
    rung_cap: int | None = None
    run_weekdays: frozenset[int] | None = None
    excluded: frozenset[str] = frozenset()
    clinician_holds: bool = False
    overrides: tuple[ClinicianOverride, ...] = ()
    swaps: tuple[tuple[str, str | None], ...] = ()
    # The runner's own week (runner_choices.py, not rules): their run weekdays, today's session
    # moved to tomorrow, a session moved here from yesterday and why it could not be run.
    chosen_weekdays: frozenset[int] | None = None
    move_today: bool = False
    carried: SessionKind | None = None
    carried_why_not: Reason | None = None

    def note(self, action: Action, *reasons: Reason) -> None:
        self.actions.append(action)
        self.reasons.extend(reasons)

    @property
    def progressed(self) -> bool:
        return Action.PROGRESS in self.actions

    def hold(self, *reasons: Reason) -> None:
        """Nothing steps up today, and say why."""
        self.hold_all = True
        self.note(Action.HOLD, *reasons)

    def drop(self, steps: int) -> None:
        """R14/R11: the largest drop of the day wins; drops do not add up within a day."""
        self.dropped = max(self.dropped, steps)

    @property
    def may_progress(self) -> bool:
        """Anything may step up today (the exercise ladder, cadence, runs). Not once the day
        says hold or worse for any reason: a step up is only ever on a "progress" day
        (§11b.4), so the decision and what the day prescribes never disagree."""
        held = any(action.caution >= Action.HOLD.caution for action in self.actions)
        return not (held or self.hold_all or self.dropped or self.paused_today or self.red_morning)

    @property
    def may_progress_running(self) -> bool:
        return self.may_progress and not self.hold_running


def swelling_reason() -> Reason:
    return Reason(
        "R3",
        "Your knee is swollen this morning. Running is paused and a physiotherapist or GP "
        "should look at it soon; gentle exercises that do not hurt are fine.",
    )


def new_load_reason(load: NewLoad, until: date) -> Reason:
    return Reason(
        "R20",
        f"New knee load ({load.value.replace('_', ' ')}) counts as a load change: running does "
        f"not step up until {spoken_date(until)}.",
    )
