"""R31: what counts as a meaningful change in AKPS and in worst pain."""

from __future__ import annotations

from kneewise.core.akps import ChangeVerdict, akps_change, worst_pain_change


def test_akps_plus_10_is_a_meaningful_improvement() -> None:
    change = akps_change(60, 70)
    assert change.verdict is ChangeVerdict.MEANINGFUL_IMPROVEMENT
    assert change.meaningful_improvement
    assert change.reason.rule == "R31"
    assert "60 → 70" in change.reason.message


def test_akps_plus_9_is_not_yet_meaningful_but_counts_as_trial_success() -> None:
    change = akps_change(60, 69)
    assert change.verdict is ChangeVerdict.SMALL_IMPROVEMENT
    assert not change.meaningful_improvement


def test_akps_plus_8_is_trial_success() -> None:
    assert akps_change(60, 68).verdict is ChangeVerdict.SMALL_IMPROVEMENT


def test_akps_plus_7_is_no_meaningful_change() -> None:
    assert akps_change(60, 67).verdict is ChangeVerdict.NO_MEANINGFUL_CHANGE


def test_akps_minus_10_is_a_meaningful_worsening() -> None:
    assert akps_change(70, 60).verdict is ChangeVerdict.MEANINGFUL_WORSENING


def test_akps_minus_9_is_no_meaningful_change() -> None:
    assert akps_change(70, 61).verdict is ChangeVerdict.NO_MEANINGFUL_CHANGE


def test_worst_pain_down_2_is_a_meaningful_improvement() -> None:
    change = worst_pain_change(6, 4)
    assert change.meaningful_improvement
    assert change.reason.rule == "R31"


def test_worst_pain_down_1_is_not_meaningful() -> None:
    assert worst_pain_change(6, 5).verdict is ChangeVerdict.NO_MEANINGFUL_CHANGE


def test_worst_pain_up_2_is_a_meaningful_worsening() -> None:
    assert worst_pain_change(3, 5).verdict is ChangeVerdict.MEANINGFUL_WORSENING
