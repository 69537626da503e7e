"""The DayReport check-in record: validation and rounding on the way in (R6)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from kneewise.core.errors import InvalidInput
from kneewise.core.pain import DayReport, reports_by_day

DAY = date(2026, 3, 2)


def test_report_stores_part_point_pain_rounded_up() -> None:
    report = DayReport(DAY, morning_pain=0.5, pain_during=2.1, pain_after_60min=2.0)  # type: ignore[arg-type]
    assert (report.morning_pain, report.pain_during, report.pain_after_60min) == (1, 3, 2)


def test_report_with_pain_above_10_names_the_field() -> None:
    with pytest.raises(InvalidInput, match="pain during the session must be from 0 to 10"):
        DayReport(DAY, pain_during=11)


def test_report_with_negative_morning_pain_is_invalid() -> None:
    with pytest.raises(InvalidInput, match="morning pain"):
        DayReport(DAY, morning_pain=-1)


def test_report_day_must_be_a_date_not_a_datetime() -> None:
    with pytest.raises(InvalidInput, match="calendar date"):
        DayReport(datetime(2026, 3, 2, 8, 0))  # noqa: DTZ001


def test_report_flags_must_be_booleans() -> None:
    with pytest.raises(InvalidInput, match="limp must be true or false"):
        DayReport(DAY, limp="yes")  # type: ignore[arg-type]


def test_done_day_with_session_pain_has_a_session() -> None:
    assert DayReport(DAY, pain_during=1).has_session


def test_skipped_day_has_no_session() -> None:
    assert not DayReport(DAY, pain_during=1, done=False).has_session


def test_morning_only_report_has_no_session_yet() -> None:
    assert not DayReport(DAY, morning_pain=1).has_session


def test_session_pain_is_the_worst_of_during_and_60_minutes_after() -> None:
    assert DayReport(DAY, pain_during=2, pain_after_60min=3).session_pain == 3
    assert DayReport(DAY, pain_during=4, pain_after_60min=1).session_pain == 4


def test_two_reports_for_one_day_are_invalid() -> None:
    with pytest.raises(InvalidInput, match="two pain reports for 2026-03-02"):
        reports_by_day([DayReport(DAY), DayReport(DAY, morning_pain=1)])
