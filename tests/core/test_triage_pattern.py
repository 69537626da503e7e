"""R4, R5 and R33: the runner's-knee pattern once no red flag is present."""

from __future__ import annotations

import pytest

from kneewise.core.triage import PlanAllowed, TriageOutcome, evaluate_triage
from kneewise.core.triage_answers import Aggravator, Onset, PainLocation
from tests.core.triage_scenarios import typical_runners_knee


def test_typical_pattern_is_likely_pfp_with_a_full_plan() -> None:
    result = evaluate_triage(typical_runners_knee())
    assert result.outcome is TriageOutcome.LIKELY_PFP
    assert result.plan_allowed is PlanAllowed.FULL
    assert [r.rule for r in result.reasons] == ["R4"]


@pytest.mark.parametrize("location", [loc for loc in PainLocation if loc is not PainLocation.FRONT])
def test_pain_away_from_the_kneecap_is_unclear(location: PainLocation) -> None:
    result = evaluate_triage(typical_runners_knee(pain_location=location))
    assert result.outcome is TriageOutcome.UNCLEAR_SEE_CLINICIAN
    assert result.plan_allowed is PlanAllowed.EXERCISE_ONLY
    assert location.value.replace("_", " ") in result.reasons[0].message


def test_unknown_pain_location_is_unclear() -> None:
    result = evaluate_triage(typical_runners_knee(pain_location=None))
    assert result.outcome is TriageOutcome.UNCLEAR_SEE_CLINICIAN


def test_unknown_onset_is_unclear() -> None:
    result = evaluate_triage(typical_runners_knee(onset=None))
    assert result.outcome is TriageOutcome.UNCLEAR_SEE_CLINICIAN
    assert "gradually" in result.reasons[0].message


def test_one_aggravating_activity_is_not_enough() -> None:
    # Without squat pain, which would count as a second activity (§11b.11).
    answers = typical_runners_knee(aggravating=frozenset({Aggravator.RUNNING}), squat_painful=False)
    result = evaluate_triage(answers)
    assert result.outcome is TriageOutcome.UNCLEAR_SEE_CLINICIAN
    assert "only 1" in result.reasons[0].message


def test_two_aggravating_activities_are_enough() -> None:
    answers = typical_runners_knee(aggravating=frozenset({Aggravator.KNEELING, Aggravator.HOPPING}))
    assert evaluate_triage(answers).outcome is TriageOutcome.LIKELY_PFP


def test_squat_pain_counts_as_squatting_for_the_r4_pattern() -> None:
    answers = typical_runners_knee(aggravating=frozenset({Aggravator.STAIRS}), squat_painful=True)
    result = evaluate_triage(answers)
    assert result.outcome is TriageOutcome.LIKELY_PFP
    assert "squatting, stairs" in result.reasons[0].message


def test_squat_pain_and_listed_squatting_count_once() -> None:
    answers = typical_runners_knee(
        aggravating=frozenset({Aggravator.SQUATTING}), squat_painful=True
    )
    result = evaluate_triage(answers)
    assert result.outcome is TriageOutcome.UNCLEAR_SEE_CLINICIAN
    assert "only 1" in result.reasons[0].message


def test_squat_pain_alone_is_one_activity_not_two() -> None:
    answers = typical_runners_knee(aggravating=frozenset(), squat_painful=True)
    result = evaluate_triage(answers)
    assert result.outcome is TriageOutcome.UNCLEAR_SEE_CLINICIAN
    assert "only 1" in result.reasons[0].message


def test_gradual_onset_is_required_so_trauma_is_never_likely_pfp() -> None:
    result = evaluate_triage(typical_runners_knee(onset=Onset.AFTER_TRAUMA))
    assert result.outcome is not TriageOutcome.LIKELY_PFP


def test_pain_free_squat_adds_a_less_typical_note_without_changing_the_outcome() -> None:
    result = evaluate_triage(typical_runners_knee(squat_painful=False))
    assert result.outcome is TriageOutcome.LIKELY_PFP
    assert [r.rule for r in result.reasons] == ["R4", "R5"]
    assert "less typical" in result.reasons[1].message


def test_painful_squat_gives_no_r5_note() -> None:
    assert "R5" not in [r.rule for r in evaluate_triage(typical_runners_knee()).reasons]


def test_symptoms_over_a_year_add_the_prognosis_note() -> None:
    result = evaluate_triage(typical_runners_knee(symptom_weeks=53))
    assert result.outcome is TriageOutcome.LIKELY_PFP
    assert result.reasons[-1].rule == "R33"


def test_symptoms_of_exactly_a_year_add_no_prognosis_note() -> None:
    result = evaluate_triage(typical_runners_knee(symptom_weeks=52))
    assert "R33" not in [r.rule for r in result.reasons]
