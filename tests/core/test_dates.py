"""Dates in sentences: what a runner reads at 7 am ("Tuesday 3 March"), never ISO."""

from __future__ import annotations

from datetime import date

from kneewise.core.dates import spoken_date


def test_a_date_is_spoken_as_weekday_day_and_month() -> None:
    assert spoken_date(date(2026, 3, 3)) == "Tuesday 3 March"


def test_the_year_is_added_only_when_asked() -> None:
    assert spoken_date(date(2026, 12, 31), year=True) == "Thursday 31 December 2026"
