"""Small builders of triage answers for tests."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from kneewise.core.triage_answers import Aggravator, Onset, PainLocation, TriageAnswers

URGENT_FLAGS = (
    "unable_to_bear_weight",
    "visible_deformity",
    "locked_knee",
    "kneecap_dislocated",
    "cannot_straighten_leg",
    "calf_pain_swelling",
    "foot_numb_cold",
    "swelling_within_2h_of_twist",
)
SOON_FLAGS = (
    "swelling",
    "hot_red_knee",
    "fever_or_unwell",
    "giving_way",
    "night_or_rest_pain",
    "weight_loss_or_cancer_history",
    "morning_stiffness_over_30min",
    "other_joints_affected",
    "pain_localised_to_point",
    "reds_signs",
)
OTTAWA_FLAGS = ("patellar_tenderness_isolated", "fibular_head_tenderness", "cannot_flex_90")
YOUNG_FLAGS = ("tibial_tubercle_or_lower_pole_pain", "hip_or_thigh_pain")


def typical_runners_knee(**changes: Any) -> TriageAnswers:
    """A 30-year-old with gradual front-of-knee pain on stairs and squats: the PFP pattern."""
    answers = TriageAnswers(
        age=30,
        onset=Onset.GRADUAL,
        pain_location=PainLocation.FRONT,
        aggravating=frozenset({Aggravator.STAIRS, Aggravator.SQUATTING}),
        squat_painful=True,
        symptom_weeks=6,
    )
    return replace(answers, **changes)


def runner_hurt_in_a_fall(**changes: Any) -> TriageAnswers:
    return typical_runners_knee(onset=Onset.AFTER_TRAUMA, **changes)
