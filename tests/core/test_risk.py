"""R35: the higher-risk profile, what it changes (R16 at 1.05) and what it teaches."""

from __future__ import annotations

import pytest

from kneewise.core.education import EDUCATION, Topic
from kneewise.core.errors import InvalidInput
from kneewise.core.risk import RiskAnswers, RiskFactor, Sex, risk_profile


def well_rested_man(**changes: object) -> RiskAnswers:
    return RiskAnswers(sex=Sex.MALE, sleep_hours=8.0, **changes)  # type: ignore[arg-type]


def test_a_runner_with_no_factor_keeps_the_normal_weekly_cap() -> None:
    profile = risk_profile(well_rested_man())
    assert not profile.higher_risk
    assert profile.weekly_volume_cap == pytest.approx(1.10)
    assert profile.education == ()
    assert profile.reasons == ()


@pytest.mark.parametrize(
    ("answers", "factor"),
    [
        (RiskAnswers(sex=Sex.FEMALE, sleep_hours=8.0), RiskFactor.FEMALE),
        (well_rested_man(prior_pfp=True), RiskFactor.PRIOR_PFP),
        (well_rested_man(early_specialization=True), RiskFactor.EARLY_SPECIALIZATION),
        (well_rested_man(recent_load_spike=True), RiskFactor.RECENT_LOAD_SPIKE),
        (RiskAnswers(sex=Sex.MALE, sleep_hours=7.9), RiskFactor.SHORT_SLEEP),
        (well_rested_man(reds_signs=True), RiskFactor.REDS_SIGNS),
    ],
)
def test_each_factor_alone_makes_the_profile_higher_risk_with_the_1_05_cap(
    answers: RiskAnswers, factor: RiskFactor
) -> None:
    profile = risk_profile(answers)
    assert profile.factors == (factor,)
    assert profile.weekly_volume_cap == pytest.approx(1.05)
    assert Topic.SLEEP_AND_FUEL in profile.education
    assert all(reason.rule == "R35" for reason in profile.reasons)


def test_exactly_8_hours_of_sleep_is_not_short_sleep() -> None:
    assert RiskFactor.SHORT_SLEEP not in risk_profile(well_rested_man()).factors


def test_unknown_sleep_is_not_counted_as_short() -> None:
    assert risk_profile(RiskAnswers(sex=Sex.MALE)).factors == ()


def test_other_sex_is_not_a_factor() -> None:
    assert risk_profile(RiskAnswers(sex=Sex.OTHER, sleep_hours=9)).factors == ()


def test_reds_signs_send_the_runner_to_a_clinician_soon() -> None:
    assert risk_profile(well_rested_man(reds_signs=True)).see_clinician_soon
    assert not risk_profile(well_rested_man(prior_pfp=True)).see_clinician_soon


def test_a_load_spike_shows_the_no_big_jumps_message() -> None:
    assert Topic.NO_BIG_JUMPS in risk_profile(well_rested_man(recent_load_spike=True)).education


def test_prior_pfp_shows_the_gradual_recovery_message() -> None:
    assert Topic.GRADUAL_RECOVERY in risk_profile(well_rested_man(prior_pfp=True)).education


def test_the_profile_explains_the_cap_it_applies() -> None:
    reasons = risk_profile(well_rested_man(prior_pfp=True)).reasons
    assert any("5 %" in reason.message for reason in reasons)


def test_impossible_sleep_is_refused() -> None:
    with pytest.raises(InvalidInput):
        RiskAnswers(sleep_hours=25)


def test_there_are_ten_education_messages() -> None:
    assert sorted(EDUCATION) == list(Topic)
    assert len(EDUCATION) == 10
