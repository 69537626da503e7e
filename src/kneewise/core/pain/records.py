"""A day's pain check-in as the pain rules read it (design §3.3, clinical-evidence.md §11a.1)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from kneewise.core.errors import InvalidInput
from kneewise.core.pain.zones import pain_score

_PAIN_FIELDS = {
    "morning_pain": "morning pain",
    "pain_during": "pain during the session",
    "pain_after_60min": "pain 60 minutes after the session",
}


@dataclass(frozen=True, slots=True)
class DayReport:
    """One local calendar day: the morning report, then the session report (§11a.1).

    Pain scores are 0-10 and stored rounded up to whole points (R6); None means not reported.
    """

    day: date
    morning_pain: int | None = None
    pain_during: int | None = None
    pain_after_60min: int | None = None
    limp: bool = False
    sharp: bool = False
    done: bool = True

    def __post_init__(self) -> None:
        # A datetime is also a date; rejecting it keeps time zones out of day arithmetic.
        if isinstance(self.day, datetime) or not isinstance(self.day, date):
            raise InvalidInput(f"day must be a calendar date, got {self.day!r}")
        for name in ("limp", "sharp", "done"):
            if not isinstance(getattr(self, name), bool):
                raise InvalidInput(f"{name} must be true or false, got {getattr(self, name)!r}")
        for name, what in _PAIN_FIELDS.items():
            value = getattr(self, name)
            if value is not None:
                # Slider apps send fractions; store what R6 classifies: whole points, rounded up.
                object.__setattr__(self, name, pain_score(value, what))

    @property
    def has_session(self) -> bool:
        """True if a session was done and its pain was reported (during or 60 minutes after)."""
        return self.done and (self.pain_during is not None or self.pain_after_60min is not None)

    @property
    def session_pain(self) -> int | None:
        """§11a.5: the worst of pain during and pain 60 minutes after; None without a session."""
        if not self.has_session:
            return None
        return max(p for p in (self.pain_during, self.pain_after_60min) if p is not None)


def reports_by_day(reports: Iterable[DayReport]) -> dict[date, DayReport]:
    """Index reports by day; two reports for the same day are an input error."""
    by_day: dict[date, DayReport] = {}
    for report in reports:
        if report.day in by_day:
            raise InvalidInput(f"two pain reports for {report.day.isoformat()}; send one per day")
        by_day[report.day] = report
    return by_day
