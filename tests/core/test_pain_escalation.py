"""R12 red escalation: two reds within 7 days, or a red with a limp that persists."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from kneewise.core.pain import (
    SEE_CLINICIAN_SOON,
    DayReport,
    red_escalation_on,
    red_escalations,
    red_session_days,
)

START = date(2026, 3, 2)


def day(n: int) -> date:
    return START + timedelta(days=n)


def red(on: int, *, limp: bool = False) -> DayReport:
    return DayReport(day(on), morning_pain=1, pain_during=5, pain_after_60min=3, limp=limp)


def green(on: int, *, limp: bool = False) -> DayReport:
    return DayReport(day(on), morning_pain=1, pain_during=1, pain_after_60min=1, limp=limp)


def test_two_reds_in_a_week_escalate() -> None:
    (escalation,) = red_escalations([red(0), green(1), red(3)])
    assert escalation.day == day(3)
    assert escalation.red_days == (day(0), day(3))


def test_reds_seven_days_apart_escalate() -> None:
    assert len(red_escalations([red(0), red(7)])) == 1


def test_reds_eight_days_apart_do_not_escalate() -> None:
    assert red_escalations([red(0), red(8)]) == ()


def test_one_red_does_not_escalate() -> None:
    assert red_escalations([red(0), green(1), green(2)]) == ()


def test_amber_sessions_do_not_escalate() -> None:
    ambers = [DayReport(day(n), 1, 4, 3) for n in range(3)]
    assert red_escalations(ambers) == ()


def test_red_from_pain_60_minutes_after_counts() -> None:
    late = DayReport(day(2), morning_pain=1, pain_during=2, pain_after_60min=5)
    assert red_session_days([red(0), late]) == [day(0), day(2)]
    assert len(red_escalations([red(0), late])) == 1


def test_skipped_day_is_not_a_red_session() -> None:
    skipped = DayReport(day(2), 1, 6, 6, done=False)
    assert red_escalations([red(0), skipped]) == ()


def test_red_with_limp_that_persists_the_next_day_escalates() -> None:
    next_day = DayReport(day(1), morning_pain=2, limp=True, done=False)
    (escalation,) = red_escalations([red(0, limp=True), next_day])
    assert escalation.day == day(1)
    assert escalation.red_days == (day(0),)
    assert "limp" in escalation.reasons[0].message


def test_red_with_limp_gone_the_next_day_does_not_escalate() -> None:
    assert red_escalations([red(0, limp=True), green(1)]) == ()


def test_red_with_limp_and_no_report_the_next_day_does_not_escalate_yet() -> None:
    assert red_escalations([red(0, limp=True)]) == ()


def test_limp_two_days_running_escalates_as_a_red_with_limp() -> None:
    # A limp alone makes a session red (R6), so both days are red sessions too.
    (escalation,) = red_escalations([green(0, limp=True), green(1, limp=True)])
    assert escalation.day == day(1)
    assert len(escalation.reasons) == 3  # two red sessions, the limp, and one piece of advice


def test_red_escalation_pauses_running_and_advises_seeing_a_clinician_soon() -> None:
    (escalation,) = red_escalations([red(0), red(2)])
    assert escalation.pause_running
    assert escalation.advice == SEE_CLINICIAN_SOON == "see_clinician_soon"
    fact, advice = escalation.reasons
    assert "Monday 2 March and Wednesday 4 March" in fact.message
    assert "see a physiotherapist or doctor soon" in advice.message
    assert all(r.rule == "R12" and r.message.endswith("(R12).") for r in escalation.reasons)


def test_red_escalation_on_a_day_uses_only_reports_up_to_that_day() -> None:
    reports = [red(0), red(4)]
    assert red_escalation_on(reports, day(3)) is None
    escalation = red_escalation_on(reports, day(4))
    assert escalation is not None
    assert escalation.day == day(4)


def test_each_new_red_within_a_week_of_another_escalates_again() -> None:
    escalations = red_escalations([red(0), red(2), red(5)])
    assert [e.day for e in escalations] == [day(2), day(5)]


@given(st.sets(st.integers(min_value=0, max_value=40), max_size=8))
def test_escalation_happens_exactly_when_two_reds_are_at_most_7_days_apart(
    days: set[int],
) -> None:
    ordered = sorted(days)
    close = any(b - a <= 7 for a, b in itertools.pairwise(ordered))
    assert bool(red_escalations([red(n) for n in ordered])) == close
