"""R1–R3 and the REDs item of R35: red flags always win, the most urgent first."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kneewise.core.triage import PlanAllowed, TriageOutcome, evaluate_triage
from kneewise.core.triage_answers import Onset, TriageAnswers
from tests.core.triage_scenarios import (
    OTTAWA_FLAGS,
    SOON_FLAGS,
    URGENT_FLAGS,
    YOUNG_FLAGS,
    runner_hurt_in_a_fall,
    typical_runners_knee,
)


def rules_of(answers: TriageAnswers) -> list[str]:
    return [reason.rule for reason in evaluate_triage(answers).reasons]


@pytest.mark.parametrize("flag", URGENT_FLAGS)
def test_each_urgent_red_flag_alone_gives_urgent_care(flag: str) -> None:
    result = evaluate_triage(typical_runners_knee(**{flag: True}))
    assert result.outcome is TriageOutcome.URGENT_CARE
    assert result.plan_allowed is PlanAllowed.NONE
    assert result.reasons[0].rule == "R1"


@pytest.mark.parametrize("flag", URGENT_FLAGS)
def test_each_urgent_red_flag_is_urgent_even_with_nothing_else_answered(flag: str) -> None:
    result = evaluate_triage(TriageAnswers(age=40, **{flag: True}))
    assert result.outcome is TriageOutcome.URGENT_CARE


@pytest.mark.parametrize("knee_sign", ["hot_red_knee", "swelling"])
def test_fever_with_a_hot_red_or_swollen_knee_is_urgent(knee_sign: str) -> None:
    result = evaluate_triage(typical_runners_knee(fever_or_unwell=True, **{knee_sign: True}))
    assert result.outcome is TriageOutcome.URGENT_CARE
    assert "infection" in result.reasons[0].message


def test_hot_red_knee_without_fever_is_see_clinician_soon() -> None:
    result = evaluate_triage(typical_runners_knee(hot_red_knee=True))
    assert result.outcome is TriageOutcome.SEE_CLINICIAN_SOON


def test_fever_without_knee_signs_is_see_clinician_soon() -> None:
    result = evaluate_triage(typical_runners_knee(fever_or_unwell=True))
    assert result.outcome is TriageOutcome.SEE_CLINICIAN_SOON


def test_unable_to_bear_weight_is_urgent_without_an_injury() -> None:
    answers = typical_runners_knee(unable_to_bear_weight=True)
    assert evaluate_triage(answers).outcome is TriageOutcome.URGENT_CARE


def test_pain_after_an_injury_is_see_clinician_soon() -> None:
    result = evaluate_triage(runner_hurt_in_a_fall())
    assert result.outcome is TriageOutcome.SEE_CLINICIAN_SOON
    assert result.plan_allowed is PlanAllowed.EXERCISE_ONLY
    assert "R2" in rules_of(runner_hurt_in_a_fall())


def test_age_54_after_trauma_is_not_urgent() -> None:
    assert evaluate_triage(runner_hurt_in_a_fall(age=54)).outcome is (
        TriageOutcome.SEE_CLINICIAN_SOON
    )


def test_age_55_after_trauma_is_urgent() -> None:
    result = evaluate_triage(runner_hurt_in_a_fall(age=55))
    assert result.outcome is TriageOutcome.URGENT_CARE
    assert result.reasons[0].rule == "R2"
    assert "X-ray" in result.reasons[0].message


def test_age_55_without_trauma_is_see_clinician_soon() -> None:
    assert evaluate_triage(typical_runners_knee(age=55)).outcome is (
        TriageOutcome.SEE_CLINICIAN_SOON
    )


@pytest.mark.parametrize("flag", OTTAWA_FLAGS)
def test_each_ottawa_item_after_trauma_is_urgent(flag: str) -> None:
    result = evaluate_triage(runner_hurt_in_a_fall(**{flag: True}))
    assert result.outcome is TriageOutcome.URGENT_CARE
    assert result.reasons[0].rule == "R2"


@pytest.mark.parametrize("flag", OTTAWA_FLAGS)
def test_ottawa_items_without_trauma_do_not_make_it_urgent(flag: str) -> None:
    # §11b.11: not bending to 90° without an injury is an R3 flag; the tender spots are none.
    expected = (
        TriageOutcome.SEE_CLINICIAN_SOON if flag == "cannot_flex_90" else TriageOutcome.LIKELY_PFP
    )
    assert evaluate_triage(typical_runners_knee(**{flag: True})).outcome is expected


@pytest.mark.parametrize("flag", SOON_FLAGS)
def test_each_non_urgent_flag_alone_gives_see_clinician_soon(flag: str) -> None:
    result = evaluate_triage(typical_runners_knee(**{flag: True}))
    assert result.outcome is TriageOutcome.SEE_CLINICIAN_SOON
    assert result.plan_allowed is PlanAllowed.EXERCISE_ONLY


def test_reds_signs_cite_the_risk_rule() -> None:
    assert rules_of(typical_runners_knee(reds_signs=True))[0] == "R35"


@pytest.mark.parametrize("flag", YOUNG_FLAGS)
def test_under_16_with_tubercle_or_hip_pain_sees_a_clinician_soon(flag: str) -> None:
    result = evaluate_triage(typical_runners_knee(age=15, **{flag: True}))
    assert result.outcome is TriageOutcome.SEE_CLINICIAN_SOON
    assert result.reasons[0].rule == "R3"


@pytest.mark.parametrize("flag", YOUNG_FLAGS)
def test_at_16_tubercle_or_hip_pain_is_not_a_flag(flag: str) -> None:
    assert evaluate_triage(typical_runners_knee(age=16, **{flag: True})).outcome is (
        TriageOutcome.LIKELY_PFP
    )


def test_age_49_with_the_pattern_is_likely_pfp() -> None:
    assert evaluate_triage(typical_runners_knee(age=49)).outcome is TriageOutcome.LIKELY_PFP


def test_age_50_is_see_clinician_soon() -> None:
    result = evaluate_triage(typical_runners_knee(age=50))
    assert result.outcome is TriageOutcome.SEE_CLINICIAN_SOON
    assert result.reasons[0].message.startswith("At 50")


def test_the_most_urgent_finding_wins_and_comes_first() -> None:
    result = evaluate_triage(typical_runners_knee(giving_way=True, locked_knee=True))
    assert result.outcome is TriageOutcome.URGENT_CARE
    assert [r.rule for r in result.reasons] == ["R1", "R3"]


def test_every_finding_is_reported_with_its_rule() -> None:
    result = evaluate_triage(typical_runners_knee(swelling=True, night_or_rest_pain=True))
    assert [r.rule for r in result.reasons] == ["R3", "R3"]
    assert all(r.message for r in result.reasons)


def test_urgent_care_says_to_go_to_an_emergency_department_today() -> None:
    result = evaluate_triage(typical_runners_knee(locked_knee=True))
    assert "emergency department" in result.next_steps
    assert "today" in result.next_steps


def test_see_clinician_soon_says_physiotherapist_this_week() -> None:
    result = evaluate_triage(typical_runners_knee(swelling=True))
    assert "physiotherapist" in result.next_steps
    assert "week" in result.next_steps


# §11b.11: triage additions after the first clinical review.


@pytest.mark.parametrize("age", [0, 7, 11])
def test_knee_pain_under_12_sees_a_clinician_soon(age: int) -> None:
    result = evaluate_triage(typical_runners_knee(age=age))
    assert result.outcome is TriageOutcome.SEE_CLINICIAN_SOON
    assert result.plan_allowed is PlanAllowed.EXERCISE_ONLY
    assert result.reasons[0].rule == "R3"
    assert "under 12" in result.reasons[0].message
    assert "hip" in result.reasons[0].message


def test_age_12_is_not_the_under_12_flag() -> None:
    result = evaluate_triage(typical_runners_knee(age=12))
    assert result.outcome is TriageOutcome.LIKELY_PFP
    assert not any("under 12" in r.message for r in result.reasons)


def test_hot_red_knee_with_swelling_is_urgent_without_fever() -> None:
    result = evaluate_triage(typical_runners_knee(hot_red_knee=True, swelling=True))
    assert result.outcome is TriageOutcome.URGENT_CARE
    assert result.plan_allowed is PlanAllowed.NONE
    assert result.reasons[0].rule == "R1"
    assert "infection" in result.reasons[0].message
    assert "without a fever" in result.reasons[0].message


def test_hot_red_knee_with_swelling_and_fever_gives_one_infection_reason() -> None:
    answers = typical_runners_knee(hot_red_knee=True, swelling=True, fever_or_unwell=True)
    infection = [r for r in evaluate_triage(answers).reasons if "infection" in r.message]
    assert [r.rule for r in infection] == ["R1"]


def test_immunocompromised_with_swelling_is_urgent() -> None:
    result = evaluate_triage(typical_runners_knee(immunocompromised=True, swelling=True))
    assert result.outcome is TriageOutcome.URGENT_CARE
    assert result.reasons[0].rule == "R1"
    assert "immune system" in result.reasons[0].message


def test_immunocompromised_with_swelling_is_urgent_even_with_nothing_else_answered() -> None:
    answers = TriageAnswers(age=40, immunocompromised=True, swelling=True)
    assert evaluate_triage(answers).outcome is TriageOutcome.URGENT_CARE


@pytest.mark.parametrize(
    "answers",
    [
        typical_runners_knee(),
        typical_runners_knee(hot_red_knee=True),
        typical_runners_knee(fever_or_unwell=True),
        typical_runners_knee(pain_location=None),
        runner_hurt_in_a_fall(),
    ],
    ids=["typical", "hot_red_knee", "fever", "unclear", "injury"],
)
def test_immunocompromised_alone_changes_nothing(answers: TriageAnswers) -> None:
    with_it = replace(answers, immunocompromised=True)
    assert evaluate_triage(with_it) == evaluate_triage(answers)


@pytest.mark.parametrize("onset", [Onset.GRADUAL, None])
def test_cannot_flex_90_without_injury_sees_a_clinician_soon(onset: Onset | None) -> None:
    result = evaluate_triage(typical_runners_knee(onset=onset, cannot_flex_90=True))
    assert result.outcome is TriageOutcome.SEE_CLINICIAN_SOON
    assert result.reasons[0].rule == "R3"
    assert "right angle" in result.reasons[0].message


def test_cannot_flex_90_after_an_injury_stays_an_urgent_r2_item() -> None:
    result = evaluate_triage(runner_hurt_in_a_fall(cannot_flex_90=True))
    assert result.outcome is TriageOutcome.URGENT_CARE
    assert [r.rule for r in result.reasons if "right angle" in r.message] == ["R2"]
