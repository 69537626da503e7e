"""R6 pain zones and R7 in-session actions, one test per rule and boundary."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kneewise.core.errors import InvalidInput
from kneewise.core.pain import (
    InSessionAction,
    Zone,
    assess_zone,
    in_session_action,
    pain_score,
    worst_zone,
    zone_of,
)

pains = st.floats(min_value=0, max_value=10, allow_nan=False)


# R6: zones and boundaries


def test_pain_of_0_is_green() -> None:
    assert zone_of(0) is Zone.GREEN


def test_pain_of_2_is_green() -> None:
    assert zone_of(2) is Zone.GREEN


def test_pain_of_3_is_amber() -> None:
    assert zone_of(3) is Zone.AMBER


def test_pain_of_4_is_amber() -> None:
    assert zone_of(4) is Zone.AMBER


def test_pain_of_5_is_red() -> None:
    assert zone_of(5) is Zone.RED


def test_pain_of_10_is_red() -> None:
    assert zone_of(10) is Zone.RED


def test_pain_of_2_point_1_rounds_up_to_amber() -> None:
    assert pain_score(2.1) == 3
    assert zone_of(2.1) is Zone.AMBER


def test_pain_of_4_point_1_rounds_up_to_red() -> None:
    assert zone_of(4.1) is Zone.RED


def test_whole_number_as_float_is_not_rounded_up() -> None:
    assert pain_score(2.0) == 2


def test_limp_makes_any_pain_red() -> None:
    assert zone_of(0, limp=True) is Zone.RED


def test_sharp_pain_makes_any_pain_red() -> None:
    assert zone_of(1, sharp=True) is Zone.RED


@pytest.mark.parametrize("bad", [-0.5, 10.5, 11, math.nan, math.inf])
def test_pain_outside_0_to_10_is_invalid(bad: float) -> None:
    with pytest.raises(InvalidInput, match="from 0 to 10"):
        pain_score(bad)


@pytest.mark.parametrize("bad", [True, "3", None])
def test_pain_that_is_not_a_number_is_invalid(bad: object) -> None:
    with pytest.raises(InvalidInput, match="must be a number"):
        pain_score(bad)  # type: ignore[arg-type]


def test_invalid_pain_message_names_what_was_wrong() -> None:
    with pytest.raises(InvalidInput, match="morning pain must be from 0 to 10, got 12"):
        pain_score(12, "morning pain")


def test_zone_message_gives_the_pain_the_band_and_the_rule() -> None:
    finding = assess_zone(4)
    assert finding.zone is Zone.AMBER
    assert [r.rule for r in finding.reasons] == ["R6"]
    assert finding.reasons[0].message == (
        "Pain 4/10 during the session is in the amber zone (3\N{EN DASH}4) (R6)."
    )


def test_zone_message_explains_rounding_up() -> None:
    finding = assess_zone(2.1)
    assert finding.pain == 3
    assert "A pain of 2.1 counts as 3/10, because part-points round up (R6)." in [
        r.message for r in finding.reasons
    ]


def test_zone_message_says_a_limp_is_red_whatever_the_score() -> None:
    (reason,) = assess_zone(1, limp=True).reasons
    assert "Pain 1/10 during the session with a limp counts as the red zone" in reason.message
    assert reason.message.endswith("(R6).")


def test_worst_zone_prefers_red_over_amber_over_green() -> None:
    assert worst_zone(Zone.GREEN, Zone.RED, Zone.AMBER) is Zone.RED
    assert worst_zone(Zone.GREEN, Zone.AMBER) is Zone.AMBER
    assert worst_zone(Zone.GREEN) is Zone.GREEN


def test_zone_values_are_the_lower_case_names() -> None:
    assert [str(z) for z in Zone] == ["green", "amber", "red"]


# R7: what to do during a run


def test_green_pain_during_a_run_continues() -> None:
    assert in_session_action(2).action is InSessionAction.CONTINUE


def test_amber_pain_during_a_run_ends_the_running_part() -> None:
    advice = in_session_action(4)
    assert advice.action is InSessionAction.END_RUNNING
    assert advice.reasons[0].rule == "R7"
    assert advice.reasons[0].message.startswith(
        "Pain 4/10 during the session is in the amber zone (3\N{EN DASH}4): end the running part "
        "for today"
    )
    assert advice.reasons[0].message.endswith("(R7).")


def test_red_pain_during_a_run_stops_the_activity() -> None:
    assert in_session_action(5).action is InSessionAction.STOP_ACTIVITY


def test_limp_during_a_run_stops_the_activity() -> None:
    assert in_session_action(1, limp=True).action is InSessionAction.STOP_ACTIVITY


def test_sharp_pain_during_a_run_stops_the_activity() -> None:
    assert in_session_action(0, sharp=True).action is InSessionAction.STOP_ACTIVITY


def test_part_point_pain_during_a_run_is_rounded_up_first() -> None:
    advice = in_session_action(2.5)
    assert (advice.pain, advice.action) == (3, InSessionAction.END_RUNNING)


# Properties


@given(pains, pains)
def test_zone_is_monotone_in_pain(a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert zone_of(low).rank <= zone_of(high).rank


@given(pains)
def test_rounding_never_lowers_pain_and_adds_less_than_a_point(pain: float) -> None:
    assert pain <= pain_score(pain)
    assert pain_score(pain) - 1 < pain


@given(pains, st.booleans(), st.booleans())
def test_adding_limp_or_sharp_never_makes_a_zone_better(
    pain: float, limp: bool, sharp: bool
) -> None:
    base = zone_of(pain)
    flagged = zone_of(pain, limp=limp, sharp=sharp)
    assert flagged.rank >= base.rank
    if limp or sharp:
        assert flagged is Zone.RED


@given(pains, st.booleans(), st.booleans())
def test_in_session_action_follows_the_zone_and_cites_r7(
    pain: float, limp: bool, sharp: bool
) -> None:
    advice = in_session_action(pain, limp=limp, sharp=sharp)
    assert advice.zone is zone_of(pain, limp=limp, sharp=sharp)
    assert (advice.action is InSessionAction.CONTINUE) == (advice.zone is Zone.GREEN)
    assert all(r.rule == "R7" and r.message.endswith("(R7).") for r in advice.reasons)
