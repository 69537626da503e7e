"""Properties of triage over every combination of answers (hypothesis)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from kneewise.core.triage import CHILD_AGE_LIMIT, PLAN_ALLOWED, TriageOutcome, evaluate_triage
from kneewise.core.triage_answers import (
    FLAG_FIELDS,
    Aggravator,
    Onset,
    PainLocation,
    TriageAnswers,
)

# Every yes/no answer that can raise a concern (immunocompromised included: with swelling it is
# urgent, §11b.11); squat_painful and the typical pattern answers are screen-in signs, not red
# flags.
RED_FLAG_FIELDS = tuple(name for name in FLAG_FIELDS if name != "squat_painful")

answers_strategy = st.builds(
    TriageAnswers,
    age=st.integers(min_value=0, max_value=120),
    onset=st.none() | st.sampled_from(Onset),
    pain_location=st.none() | st.sampled_from(PainLocation),
    aggravating=st.frozensets(st.sampled_from(Aggravator)),
    symptom_weeks=st.none() | st.floats(min_value=0, max_value=1000),
    **{name: st.booleans() for name in FLAG_FIELDS},
)


def test_the_strategies_draw_every_yes_no_answer_including_immunocompromised() -> None:
    assert "immunocompromised" in FLAG_FIELDS
    assert set(RED_FLAG_FIELDS) == set(FLAG_FIELDS) - {"squat_painful"}


@given(answers_strategy, st.sampled_from(RED_FLAG_FIELDS))
def test_adding_a_red_flag_never_makes_the_outcome_less_urgent(
    answers: TriageAnswers, flag: str
) -> None:
    before = evaluate_triage(answers).outcome
    after = evaluate_triage(replace(answers, **{flag: True})).outcome
    assert after.urgency >= before.urgency


@given(answers_strategy)
def test_an_injury_onset_never_makes_the_outcome_less_urgent(answers: TriageAnswers) -> None:
    before = evaluate_triage(answers).outcome
    after = evaluate_triage(replace(answers, onset=Onset.AFTER_TRAUMA)).outcome
    assert after.urgency >= before.urgency


@given(answers_strategy)
def test_any_flag_means_no_runners_knee_self_management_verdict(answers: TriageAnswers) -> None:
    result = evaluate_triage(answers)
    if result.outcome is TriageOutcome.LIKELY_PFP:
        assert answers.onset is Onset.GRADUAL
        assert answers.pain_location is PainLocation.FRONT
        assert answers.age >= CHILD_AGE_LIMIT
        assert not any(getattr(answers, name) for name in RED_FLAG_FIELDS if _is_flag(name))


def _is_flag(name: str) -> bool:
    # The Ottawa tender spots and the under-16 items only count in their context (after trauma /
    # under 16); a weakened immune system only with swelling (§11b.11). Not bending to 90° is a
    # flag with or without an injury (§11b.11).
    return name not in {
        "patellar_tenderness_isolated",
        "fibular_head_tenderness",
        "tibial_tubercle_or_lower_pole_pain",
        "hip_or_thigh_pain",
        "immunocompromised",
    }


@given(answers_strategy)
def test_immunocompromised_without_swelling_changes_nothing(answers: TriageAnswers) -> None:
    no_swelling = replace(answers, swelling=False)
    with_it = replace(no_swelling, immunocompromised=True)
    assert evaluate_triage(with_it) == evaluate_triage(replace(with_it, immunocompromised=False))


@given(answers_strategy, st.sampled_from(["hot_red_knee", "immunocompromised"]))
def test_swelling_with_a_hot_red_knee_or_a_weak_immune_system_is_always_urgent(
    answers: TriageAnswers, partner: str
) -> None:
    swollen = replace(answers, swelling=True, **{partner: True})
    assert evaluate_triage(swollen).outcome is TriageOutcome.URGENT_CARE


@given(answers_strategy)
def test_every_result_names_its_rules_and_matches_its_plan(answers: TriageAnswers) -> None:
    result = evaluate_triage(answers)
    assert result.reasons
    assert all(r.rule in {"R1", "R2", "R3", "R4", "R5", "R33", "R35"} for r in result.reasons)
    assert result.plan_allowed is PLAN_ALLOWED[result.outcome]


@given(answers_strategy)
def test_triage_is_deterministic(answers: TriageAnswers) -> None:
    assert evaluate_triage(answers) == evaluate_triage(answers)
