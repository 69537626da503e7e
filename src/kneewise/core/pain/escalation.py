"""Red escalation R12: repeated or limping red sessions pause running (clinical-evidence.md §11)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from kneewise.core.dates import spoken_date
from kneewise.core.pain.records import DayReport, reports_by_day
from kneewise.core.pain.zones import Zone, zone_of
from kneewise.core.reasons import Reason

SEE_CLINICIAN_SOON: Final = "see_clinician_soon"
# R12: "2 sessions within 7 days"; red sessions up to 7 calendar days apart count, the
# conservative reading (a week later on the same weekday still escalates).
RED_WINDOW_DAYS = 7


@dataclass(frozen=True, slots=True)
class RedEscalation:
    """R12: pause running and see a clinician soon, triggered on `day` by the red `red_days`."""

    day: date
    red_days: tuple[date, ...]
    reasons: tuple[Reason, ...]
    advice: str = SEE_CLINICIAN_SOON
    pause_running: bool = True


def red_session_days(reports: Iterable[DayReport]) -> list[date]:
    """Days whose session was red by R6 on the worst of pain during and after (§11a.5)."""
    return sorted(
        report.day
        for report in reports
        if report.session_pain is not None
        and zone_of(report.session_pain, limp=report.limp, sharp=report.sharp) is Zone.RED
    )


def red_escalations(reports: Iterable[DayReport]) -> tuple[RedEscalation, ...]:
    """Every R12 trigger, by the day its evidence was complete: the second red session, or the
    day after a red session with a limp when the limp is still there."""
    by_day = reports_by_day(reports)
    reds = red_session_days(by_day.values())
    found: dict[date, list[tuple[tuple[date, ...], Reason]]] = {}
    for earlier, later in itertools.pairwise(reds):
        if (later - earlier).days <= RED_WINDOW_DAYS:
            message = (
                f"Sessions on {spoken_date(earlier)} and {spoken_date(later)} both reached the red "
                f"zone: 2 red sessions within {RED_WINDOW_DAYS} days (R12)."
            )
            found.setdefault(later, []).append(((earlier, later), Reason("R12", message)))
    for red in reds:
        next_day = by_day.get(red + timedelta(days=1))
        if by_day[red].limp and next_day is not None and next_day.limp:
            message = (
                f"The limp from the red session on {spoken_date(red)} was still there the next "
                "day (R12)."
            )
            found.setdefault(next_day.day, []).append(((red,), Reason("R12", message)))
    return tuple(
        RedEscalation(
            day=day,
            red_days=tuple(sorted({d for days, _ in found[day] for d in days})),
            reasons=(*(reason for _, reason in found[day]), Reason("R12", _ADVICE)),
        )
        for day in sorted(found)
    )


def red_escalation_on(reports: Iterable[DayReport], day: date) -> RedEscalation | None:
    """The R12 trigger completed on `day`, judged only from reports up to that day."""
    known = [report for report in reports if report.day <= day]
    return next((e for e in red_escalations(known) if e.day == day), None)


_ADVICE = (
    "Please pause running for now and see a physiotherapist or doctor soon, so they can check "
    "what your knee needs. This is a precaution, not a cause for alarm (R12)."
)
