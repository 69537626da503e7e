"""The working notes of one morning's decision, shared by the modules that fill them in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kneewise.core.education import Topic
from kneewise.core.plan.models import Action
from kneewise.core.plan.profile import NewLoad
from kneewise.core.plan.state import PlanState
from kneewise.core.reasons import Reason

FREEZE_DAYS = 7  # R20: a week without running progression after new non-running knee load


@dataclass
class DayWork:
    """Working notes of one morning's decision."""

    state: PlanState
    day: date
    actions: list[Action] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    education: list[Topic] = field(default_factory=list)
    dropped: int = 0
    block_progress: bool = False

    def note(self, action: Action, *reasons: Reason) -> None:
        self.actions.append(action)
        self.reasons.extend(reasons)

    def drop(self, steps: int) -> None:
        """R14/R11: the largest drop of the day wins; drops do not add up within a day."""
        self.dropped = max(self.dropped, steps)


def swelling_reason() -> Reason:
    return Reason(
        "R3",
        "Your knee is swollen this morning. Running is paused and a physiotherapist or GP "
        "should look at it soon; gentle exercises that do not hurt are fine.",
    )


def new_load_reason(load: NewLoad, until: date) -> Reason:
    return Reason(
        "R20",
        f"New knee load ({load.value.replace('_', ' ')}) counts as a load change: no running "
        f"progression until {until.isoformat()}.",
    )
