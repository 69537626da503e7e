"""R8 settling, R9 next morning and its baseline, R10 Green-passed, for one session."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kneewise.core.errors import InvalidInput
from kneewise.core.pain import (
    Baseline,
    DayReport,
    GreenPass,
    MorningVerdict,
    SessionAssessment,
    Settling,
    Zone,
    assess_day,
    assess_session,
    baseline_am,
    compare_next_morning,
    next_morning_check,
    settling_check,
)

START = date(2026, 3, 2)


def day(n: int) -> date:
    return START + timedelta(days=n)


def session(
    morning: int | None = 1,
    during: int | None = 1,
    after: int | None = 1,
    *,
    on: int = 0,
    limp: bool = False,
    sharp: bool = False,
) -> DayReport:
    return DayReport(day(on), morning, during, after, limp=limp, sharp=sharp)


def morning(pain: int, *, on: int) -> DayReport:
    return DayReport(day(on), morning_pain=pain)


def assessed(*reports: DayReport, on: int = 0) -> SessionAssessment:
    result = assess_day(reports, day(on))
    assert result is not None
    return result


# §11a.5: the session zone is the worst of pain during and 60 minutes after


def test_session_zone_uses_pain_60_minutes_after_when_it_is_worse() -> None:
    result = assessed(session(morning=3, during=2, after=3))
    assert (result.worst_pain, result.zone) == (3, Zone.AMBER)


def test_session_zone_uses_pain_during_when_it_is_worse() -> None:
    assert assessed(session(morning=0, during=5, after=0)).zone is Zone.RED


def test_limp_makes_the_session_red() -> None:
    assert assessed(session(during=0, after=0, limp=True)).outcome is Zone.RED


# R8: settling within 60 minutes


def test_pain_after_above_pre_session_pain_makes_the_session_amber() -> None:
    result = assessed(session(morning=0, during=1, after=1))
    assert result.zone is Zone.GREEN
    assert result.settling.result is Settling.NOT_SETTLED
    assert result.outcome is Zone.AMBER


def test_pain_after_back_to_pre_session_pain_has_settled() -> None:
    result = assessed(session(morning=2, during=2, after=2))
    assert result.settling.result is Settling.SETTLED
    assert result.outcome is Zone.GREEN


def test_pain_after_below_pre_session_pain_has_settled() -> None:
    assert settling_check(2, 1).result is Settling.SETTLED


def test_red_session_that_did_not_settle_stays_red() -> None:
    assert assessed(session(morning=1, during=6, after=5)).outcome is Zone.RED


def test_settling_without_morning_pain_is_unknown_and_not_green_passed() -> None:
    result = assessed(session(morning=None, during=0, after=0), morning(0, on=1))
    assert result.settling.result is Settling.UNKNOWN
    assert result.outcome is Zone.GREEN
    assert result.green_pass is GreenPass.FAILED


def test_settling_without_pain_60_minutes_after_is_unknown() -> None:
    assert settling_check(1, None).result is Settling.UNKNOWN


def test_settling_message_gives_both_scores_and_the_rule() -> None:
    (reason,) = settling_check(1, 3).reasons
    assert reason.rule == "R8"
    assert "3/10" in reason.message
    assert "1/10" in reason.message
    assert reason.message.endswith("(R8).")


# R9: the baseline


def test_baseline_is_the_morning_pain_of_the_session_day() -> None:
    reports = [morning(1, on=-1), session(morning=3)]
    assert baseline_am(day(0), reports) == Baseline(pain=3, day=day(0))


def test_baseline_falls_back_to_the_latest_morning_within_72_hours() -> None:
    reports = [morning(1, on=-3), morning(2, on=-2), session(morning=None)]
    assert baseline_am(day(0), reports) == Baseline(pain=2, day=day(-2))


def test_baseline_three_mornings_before_is_within_72_hours() -> None:
    assert baseline_am(day(0), [morning(2, on=-3)]) == Baseline(pain=2, day=day(-3))


def test_baseline_older_than_72_hours_fails_the_check() -> None:
    reports = [morning(0, on=-4), session(morning=None), morning(0, on=1)]
    assert baseline_am(day(0), reports) is None
    check = next_morning_check(day(0), reports)
    assert check is not None
    assert check.verdict is MorningVerdict.NO_BASELINE
    assert not check.passed


def test_baseline_never_comes_from_a_later_morning() -> None:
    assert baseline_am(day(0), [morning(0, on=1)]) is None


# R9: the next morning


def test_morning_pain_equal_to_baseline_is_ok() -> None:
    check = compare_next_morning(day(0), 2, Baseline(2, day(0)))
    assert (check.verdict, check.delta, check.passed) == (MorningVerdict.OK, 0, True)


def test_morning_pain_lower_than_baseline_is_ok() -> None:
    assert compare_next_morning(day(0), 1, Baseline(3, day(0))).verdict is MorningVerdict.OK


def test_morning_pain_one_point_worse_holds() -> None:
    check = compare_next_morning(day(0), 3, Baseline(2, day(0)))
    assert (check.verdict, check.delta, check.passed) == (MorningVerdict.HOLD, 1, False)


def test_morning_pain_two_points_worse_regresses() -> None:
    assert compare_next_morning(day(0), 4, Baseline(2, day(0))).verdict is MorningVerdict.REGRESS


def test_morning_pain_five_points_worse_regresses() -> None:
    assert compare_next_morning(day(0), 5, Baseline(0, day(0))).verdict is MorningVerdict.REGRESS


def test_next_morning_not_reported_yet_is_pending() -> None:
    assert next_morning_check(day(0), [session()]) is None
    assert next_morning_check(day(0), [session(), DayReport(day(1), pain_during=1)]) is None


def test_next_morning_message_gives_both_mornings_and_the_rule() -> None:
    (reason,) = compare_next_morning(day(0), 3, Baseline(2, day(0))).reasons
    assert reason.rule == "R9"
    assert reason.message.startswith(
        "Morning pain on Tuesday 3 March was 3/10 against 2/10 on the morning of Monday 2 March"
    )
    assert reason.message.endswith("(R9).")


# R10: Green-passed


def test_green_settled_session_with_a_good_next_morning_is_green_passed() -> None:
    result = assessed(session(morning=1, during=2, after=1), morning(1, on=1))
    assert result.green_pass is GreenPass.PASSED
    assert result.reasons[-1].rule == "R10"


def test_session_at_pain_2_can_be_green_passed() -> None:
    result = assessed(session(morning=2, during=2, after=2), morning(2, on=1))
    assert result.green_pass is GreenPass.PASSED


def test_session_at_pain_3_is_not_green_passed() -> None:
    result = assessed(session(morning=3, during=3, after=3), morning(3, on=1))
    assert result.green_pass is GreenPass.FAILED
    assert "the worst pain was 3/10, above 2/10" in result.reasons[-1].message


def test_unsettled_session_is_not_green_passed() -> None:
    result = assessed(session(morning=0, during=1, after=2), morning(0, on=1))
    assert result.green_pass is GreenPass.FAILED


def test_session_followed_by_a_morning_one_point_worse_is_not_green_passed() -> None:
    result = assessed(session(morning=1, during=1, after=1), morning(2, on=1))
    assert result.green_pass is GreenPass.FAILED
    assert "1 point above the baseline" in result.reasons[-1].message


def test_session_without_a_baseline_is_not_green_passed() -> None:
    result = assess_session(
        session(), compare_next_morning(day(0), 0, baseline=None)
    )  # the day's morning is known but R9's baseline was lost
    assert result.green_pass is GreenPass.FAILED


def test_green_session_waiting_for_the_next_morning_is_pending() -> None:
    result = assessed(session(morning=1, during=1, after=1))
    assert result.next_morning is None
    assert result.green_pass is GreenPass.PENDING


def test_amber_session_fails_without_waiting_for_the_next_morning() -> None:
    assert assessed(session(morning=3, during=3, after=3)).green_pass is GreenPass.FAILED


def test_limping_session_is_not_green_passed() -> None:
    result = assessed(session(during=1, after=1, limp=True), morning(1, on=1))
    assert result.green_pass is GreenPass.FAILED
    assert "there was a limp" in result.reasons[-1].message


def test_next_morning_regress_counts_as_an_amber_outcome() -> None:
    result = assessed(session(morning=1, during=2, after=1), morning(3, on=1))
    assert result.outcome is Zone.GREEN
    assert result.final_outcome is Zone.AMBER


def test_next_morning_hold_does_not_change_the_outcome() -> None:
    result = assessed(session(morning=1, during=2, after=1), morning(2, on=1))
    assert result.final_outcome is Zone.GREEN


def test_assessment_reasons_run_r6_r8_r9_r10_in_order() -> None:
    result = assessed(session(), morning(1, on=1))
    assert [r.rule for r in result.reasons] == ["R6", "R8", "R9", "R10"]
    assert all(r.message.endswith(f"({r.rule}).") for r in result.reasons)


def test_assessment_as_json_uses_plain_values() -> None:
    data = assessed(session()).as_json()
    assert data["green_pass"] == "pending"
    assert data["next_morning"] is None
    assert data["date"] == "2026-03-02"


# No session, bad input


def test_skipped_day_has_no_assessment() -> None:
    assert assess_day([DayReport(day(0), 1, 1, 1, done=False)], day(0)) is None


def test_day_with_only_a_morning_report_has_no_assessment_yet() -> None:
    assert assess_day([morning(1, on=0)], day(0)) is None


def test_assessing_a_day_without_a_session_is_invalid() -> None:
    with pytest.raises(InvalidInput, match="no session to assess on 2026-03-02"):
        assess_session(morning(1, on=0))


def test_next_morning_check_of_another_day_is_invalid() -> None:
    other = compare_next_morning(day(5), 1, Baseline(1, day(5)))
    with pytest.raises(InvalidInput, match="not for the session on 2026-03-02"):
        assess_session(session(), other)


# Properties

scores = st.integers(min_value=0, max_value=10)


@given(scores, scores, scores, scores, st.booleans(), st.booleans())
def test_green_passed_needs_low_pain_settling_and_a_good_next_morning(
    before: int, during: int, after: int, next_am: int, limp: bool, sharp: bool
) -> None:
    report = session(before, during, after, limp=limp, sharp=sharp)
    result = assessed(report, morning(next_am, on=1))
    passed = (
        max(during, after) <= 2 and not limp and not sharp and after <= before and next_am <= before
    )
    assert (result.green_pass is GreenPass.PASSED) == passed
    assert result.outcome.rank >= result.zone.rank
    assert result.final_outcome.rank >= result.outcome.rank


@given(scores, scores, scores)
def test_pending_session_can_only_pass_or_fail_once_the_morning_arrives(
    before: int, during: int, after: int
) -> None:
    pending = assessed(session(before, during, after))
    assert pending.green_pass is not GreenPass.PASSED
    if pending.green_pass is GreenPass.FAILED:
        later = assessed(session(before, during, after), morning(0, on=1))
        assert later.green_pass is GreenPass.FAILED
