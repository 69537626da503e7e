"""R11 weekly trend of daily worst pain, with the §11a.3 start-of-plan rule."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from kneewise.core.pain import DayReport, TrendVerdict, WeeklyTrend, daily_worst_pain, weekly_trend

START = date(2026, 3, 2)


def mornings(pains: Sequence[int | None], *, first: date = START) -> list[DayReport]:
    """One morning report per day from `first`; None leaves that day unreported."""
    return [
        DayReport(first + timedelta(days=i), morning_pain=pain)
        for i, pain in enumerate(pains)
        if pain is not None
    ]


def two_weeks(last_week: Sequence[int | None], this_week: Sequence[int | None]) -> WeeklyTrend:
    """The trend on the 14th day, for the given daily worst pains of each week."""
    assert len(last_week) == len(this_week) == 7
    return weekly_trend(
        mornings([*last_week, *this_week]),
        as_of=START + timedelta(days=13),
        history_start=START,
    )


# §11a.3: start of a plan


def test_weekly_trend_with_fewer_than_14_days_neither_holds_nor_regresses() -> None:
    trend = weekly_trend(mornings([0] * 6 + [8] * 7), as_of=START + timedelta(days=12))
    assert trend.verdict is TrendVerdict.NOT_COMPUTED
    assert trend.history_days == 13
    assert trend.allows_progression
    assert trend.regress_stages == 0
    assert "13 days" in trend.reasons[0].message


def test_weekly_trend_with_14_days_is_computed() -> None:
    assert two_weeks([1] * 7, [1] * 7).verdict is TrendVerdict.PROGRESS_ALLOWED


def test_history_counts_from_the_plan_start_when_it_is_earlier_than_the_first_report() -> None:
    reports = mornings([1] * 7, first=START + timedelta(days=7))
    trend = weekly_trend(reports, START + timedelta(days=13), history_start=START)
    assert trend.history_days == 14
    assert trend.verdict is TrendVerdict.HOLD  # last week has no entries


def test_no_reports_and_no_plan_start_is_not_computed() -> None:
    assert weekly_trend([], START).verdict is TrendVerdict.NOT_COMPUTED


# R11: at least 4 daily entries in each week


def test_week_with_3_daily_entries_holds() -> None:
    trend = two_weeks([1] * 7, [1, 1, 1, None, None, None, None])
    assert trend.verdict is TrendVerdict.HOLD
    assert not trend.allows_progression
    assert "this week 3" in trend.reasons[0].message


def test_week_before_with_3_daily_entries_holds() -> None:
    assert two_weeks([1, None, 1, None, 1, None, None], [1] * 7).verdict is TrendVerdict.HOLD


def test_weeks_with_4_daily_entries_each_are_enough() -> None:
    trend = two_weeks([1, 1, 1, 1, None, None, None], [None, None, None, 1, 1, 1, 1])
    assert trend.verdict is TrendVerdict.PROGRESS_ALLOWED


# R11: the thresholds on the change of the weekly mean


def test_falling_weekly_pain_allows_progression() -> None:
    trend = two_weeks([3] * 7, [1] * 7)
    assert trend.verdict is TrendVerdict.PROGRESS_ALLOWED
    assert trend.delta == -2


def test_weekly_rise_of_exactly_half_a_point_allows_progression() -> None:
    trend = two_weeks([1, 1, 1, 1, None, None, None], [1, 2, 1, 2, None, None, None])
    assert trend.delta == 0.5
    assert trend.verdict is TrendVerdict.PROGRESS_ALLOWED


def test_weekly_rise_just_above_half_a_point_holds() -> None:
    trend = two_weeks([1] * 7, [1, 1, 1, 2, 2, 2, 2])  # +4/7
    assert trend.verdict is TrendVerdict.HOLD
    assert trend.regress_stages == 0


def test_weekly_rise_just_below_2_holds() -> None:
    trend = two_weeks([1] * 7, [3, 3, 3, 3, 3, 3, 2])  # +13/7
    assert trend.verdict is TrendVerdict.HOLD


def test_weekly_rise_of_exactly_2_regresses_one_stage() -> None:
    trend = two_weeks([1] * 7, [3] * 7)
    assert trend.delta == 2
    assert trend.verdict is TrendVerdict.REGRESS
    assert trend.regress_stages == 1
    assert not trend.allows_progression


def test_weekly_rise_of_half_a_point_in_sixths_is_compared_exactly() -> None:
    # 7/6 - 4/6 is 0.5 exactly, but 0.5000000000000001 in floating point.
    trend = two_weeks([1, 1, 1, 1, 0, 0, None], [2, 1, 1, 1, 1, 1, None])
    assert 7 / 6 - 4 / 6 > 0.5
    assert trend.delta == 0.5
    assert trend.verdict is TrendVerdict.PROGRESS_ALLOWED


def test_regress_message_gives_both_means_the_change_and_advice() -> None:
    (reason,) = two_weeks([1] * 7, [3] * 7).reasons
    assert reason.rule == "R11"
    assert "3.0/10 this week against 1.0/10 the week before (change +2.00)" in reason.message
    assert "steps back one stage" in reason.message
    assert reason.message.endswith("(R11).")


def test_hold_message_says_progressions_hold_this_week() -> None:
    (reason,) = two_weeks([1] * 7, [2] * 7).reasons
    assert "all progressions hold this week (R11)." in reason.message


def test_reports_after_as_of_are_ignored() -> None:
    reports = mornings([1] * 14 + [9] * 7)
    trend = weekly_trend(reports, as_of=START + timedelta(days=13))
    assert trend.verdict is TrendVerdict.PROGRESS_ALLOWED
    assert trend.this_week_mean == 1


# Daily worst pain


def test_daily_worst_pain_is_the_highest_of_morning_during_and_after() -> None:
    assert daily_worst_pain(DayReport(START, 1, 3, 2)) == 3
    assert daily_worst_pain(DayReport(START, 4, 3, 2)) == 4


def test_daily_worst_pain_ignores_session_pain_of_a_skipped_session() -> None:
    assert daily_worst_pain(DayReport(START, 1, 5, 5, done=False)) == 1


def test_day_without_any_pain_score_has_no_daily_worst_pain() -> None:
    assert daily_worst_pain(DayReport(START, limp=True)) is None


def test_session_pain_counts_towards_the_weekly_mean() -> None:
    last = mornings([1] * 7)
    this = [DayReport(START + timedelta(days=7 + i), 1, 3, 3) for i in range(7)]
    trend = weekly_trend([*last, *this], as_of=START + timedelta(days=13))
    assert trend.this_week_mean == 3
    assert trend.verdict is TrendVerdict.REGRESS


# Properties

week = st.lists(st.integers(min_value=0, max_value=10), min_size=7, max_size=7)


@given(week, week, st.integers(min_value=0, max_value=6), st.integers(min_value=1, max_value=10))
def test_more_pain_this_week_never_makes_the_trend_better(
    last: list[int], this: list[int], index: int, extra: int
) -> None:
    worse = [*this]
    worse[index] = min(10, worse[index] + extra)
    order = [TrendVerdict.PROGRESS_ALLOWED, TrendVerdict.HOLD, TrendVerdict.REGRESS]
    before = order.index(two_weeks(last, this).verdict)
    assert order.index(two_weeks(last, worse).verdict) >= before


@given(week, week)
def test_full_weeks_give_the_difference_of_the_means(last: list[int], this: list[int]) -> None:
    trend = two_weeks(last, this)
    assert trend.delta is not None
    assert abs(trend.delta - (sum(this) - sum(last)) / 7) < 1e-9
    assert trend.verdict is not TrendVerdict.NOT_COMPUTED
