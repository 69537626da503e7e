"""Dates in sentences, as a runner reads them at 7 am: "Tuesday 3 March" (no ISO, no padding)."""

from __future__ import annotations

from datetime import date

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


def spoken_date(day: date, *, year: bool = False) -> str:
    """'Tuesday 3 March', or 'Tuesday 3 March 2026' with `year`; English whatever the locale."""
    text = f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text
