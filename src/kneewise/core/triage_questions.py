"""Plain-language wording of the triage questionnaire, shared by the CLI and the web form."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kneewise.core.triage_answers import Aggravator, Onset, PainLocation


class QuestionGroup(StrEnum):
    URGENT = "urgent"  # R1: asked first so an emergency is never buried under other questions
    INJURY = "injury"  # R2: only after an injury
    # R3 and R35; also background that R1 combines with a knee sign (a weakened immune system
    # with swelling, §11b.11). Not in URGENT: that block asks about the knee right now.
    HEALTH = "health"
    YOUNG = "young"  # R3: only under 16
    PATTERN = "pattern"  # R4, R5


@dataclass(frozen=True, slots=True)
class YesNoQuestion:
    key: str
    text: str
    group: QuestionGroup
    hint: str = ""


ONSET_LABELS = {
    Onset.GRADUAL: "It came on gradually, without an injury",
    Onset.AFTER_TRAUMA: "It started with an injury: a fall, a blow or a twist",
}

PAIN_LOCATION_LABELS = {
    PainLocation.FRONT: "Around or behind the kneecap",
    PainLocation.INSIDE: "On the inside of the knee",
    PainLocation.OUTSIDE: "On the outside of the knee",
    PainLocation.BACK: "At the back of the knee",
    PainLocation.BELOW_KNEECAP: "Just below the kneecap",
    PainLocation.WHOLE_KNEE: "All over the knee",
}

AGGRAVATOR_LABELS = {
    Aggravator.SQUATTING: "Squatting",
    Aggravator.STAIRS: "Going up or down stairs",
    Aggravator.PROLONGED_SITTING: "Sitting for a long time with bent knees",
    Aggravator.KNEELING: "Kneeling",
    Aggravator.RUNNING: "Running",
    Aggravator.HOPPING: "Hopping or jumping",
}

YES_NO_QUESTIONS: tuple[YesNoQuestion, ...] = (
    YesNoQuestion(
        "unable_to_bear_weight",
        "Is it impossible to put weight on the leg or walk four steps?",
        QuestionGroup.URGENT,
    ),
    YesNoQuestion("visible_deformity", "Does the knee look out of shape?", QuestionGroup.URGENT),
    YesNoQuestion(
        "locked_knee", "Is the knee locked, so it will not straighten?", QuestionGroup.URGENT
    ),
    YesNoQuestion(
        "kneecap_dislocated",
        "Do you think your kneecap has come out of place?",
        QuestionGroup.URGENT,
    ),
    YesNoQuestion(
        "cannot_straighten_leg",
        "Are you unable to straighten the leg by yourself (lifting it straight while sitting)?",
        QuestionGroup.URGENT,
    ),
    YesNoQuestion(
        "hot_red_knee", "Is the knee hot or red to look at or touch?", QuestionGroup.URGENT
    ),
    YesNoQuestion(
        "fever_or_unwell", "Do you have a fever or feel generally unwell?", QuestionGroup.URGENT
    ),
    YesNoQuestion("swelling", "Is the knee visibly swollen?", QuestionGroup.URGENT),
    YesNoQuestion(
        "calf_pain_swelling",
        "Is your calf painful and swollen, red or warm?",
        QuestionGroup.URGENT,
    ),
    YesNoQuestion(
        "foot_numb_cold",
        "Is your foot numb, cold or a strange colour?",
        QuestionGroup.URGENT,
    ),
    YesNoQuestion(
        "swelling_within_2h_of_twist",
        "Did the knee swell up within two hours of twisting it?",
        QuestionGroup.URGENT,
    ),
    YesNoQuestion(
        "patellar_tenderness_isolated",
        "Is the kneecap itself sore when you press on it (and not the rest of the knee)?",
        QuestionGroup.INJURY,
    ),
    YesNoQuestion(
        "fibular_head_tenderness",
        "Is the bony bump on the outside, just below the knee, sore to press?",
        QuestionGroup.INJURY,
    ),
    YesNoQuestion(
        "cannot_flex_90",
        "Are you unable to bend the knee to a right angle (90°)?",
        QuestionGroup.INJURY,
    ),
    YesNoQuestion(
        "giving_way",
        "Does the knee truly give way, or does the kneecap slip out?",
        QuestionGroup.HEALTH,
        "Feeling weak or wobbly is common with runner's knee; this means actually giving way.",
    ),
    YesNoQuestion(
        "night_or_rest_pain",
        "Do you have constant pain at night or when resting?",
        QuestionGroup.HEALTH,
    ),
    YesNoQuestion(
        "weight_loss_or_cancer_history",
        "Have you lost weight without trying, or have you ever had cancer?",
        QuestionGroup.HEALTH,
    ),
    YesNoQuestion(
        "immunocompromised",
        "Do you have a weakened immune system, for example from medicines or an illness?",
        QuestionGroup.HEALTH,
        "For example long-term steroid tablets, chemotherapy, or medicines after an organ "
        "transplant.",
    ),
    YesNoQuestion(
        "morning_stiffness_over_30min",
        "Is the knee stiff for more than 30 minutes after you get up?",
        QuestionGroup.HEALTH,
    ),
    YesNoQuestion(
        "other_joints_affected",
        "Are other joints painful or swollen too?",
        QuestionGroup.HEALTH,
    ),
    YesNoQuestion(
        "reds_signs",
        "Any signs of under-fuelling: missed or stopped periods, repeated stress fractures, "
        "or eating too little for your training?",
        QuestionGroup.HEALTH,
    ),
    YesNoQuestion(
        "tibial_tubercle_or_lower_pole_pain",
        "Is the pain on the bump below the kneecap, or at the kneecap's lower tip?",
        QuestionGroup.YOUNG,
    ),
    YesNoQuestion(
        "hip_or_thigh_pain",
        "Is there pain in the hip or thigh as well, or a limp?",
        QuestionGroup.YOUNG,
    ),
    YesNoQuestion(
        "pain_localised_to_point",
        "Can you point to the pain with one finger (rather than a general ache)?",
        QuestionGroup.PATTERN,
    ),
    YesNoQuestion(
        "squat_painful",
        "Does a bodyweight squat hurt the knee?",
        QuestionGroup.PATTERN,
    ),
)

QUESTION_BY_KEY = {question.key: question for question in YES_NO_QUESTIONS}
