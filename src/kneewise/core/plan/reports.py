"""The log's days as the pain rules read them (core/pain's `DayReport`): only what was reported
counts (§11b.5), and only a bounded window is ever built."""

from __future__ import annotations

from datetime import date, timedelta

from kneewise.core.pain import DayReport
from kneewise.core.plan.state import DayEntry, PlanState


def day_report(entry: DayEntry) -> DayReport:
    """A log entry as the pain rules read it: only what was reported counts (§11b.5)."""
    morning = entry.morning if entry.morning.reported else None
    session = entry.session if entry.session is not None and entry.session.judged else None
    during = session.pain_during if session else None
    after = session.pain_after_60min if session else None
    if session and during is None and after is None:
        during = 0  # a limp or a sharp pain with no number is still a red session (R6)
    return DayReport(
        day=entry.day,
        morning_pain=morning.morning_pain if morning else None,
        pain_during=during,
        pain_after_60min=after,
        limp=bool(session and session.limp),
        sharp=bool(session and session.sharp),
        done=session is not None,
    )


def recent_reports(state: PlanState, last: date, days: int) -> list[DayReport]:
    """The pain reports of the `days` days ending on `last` that are still in the log."""
    return [day_report(e) for e in state.entries_between(last - timedelta(days=days - 1), last)]
