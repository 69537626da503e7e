"""Triage: red flags first, then the runner's-knee pattern (clinical-evidence.md R1–R5, R35).

The most urgent finding sets the outcome; every finding is reported with its rule.
Nothing here diagnoses: the outcome says whether self-management fits or a clinician should look.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kneewise.core.reasons import Reason
from kneewise.core.triage_answers import Aggravator, Onset, PainLocation, TriageAnswers

# R2: Ottawa knee rule age for imaging after trauma; R3: new knee pain at 50+ (E).
OTTAWA_AGE = 55
OLDER_ADULT_AGE = 50
# R3: Osgood–Schlatter / Sinding-Larsen–Johansson / SCFE are concerns under 16.
ADOLESCENT_AGE_LIMIT = 16
# R3 (§11b.11): the runner's-knee pattern is one of adolescents and adults; under 12 any knee
# pain is a clinician's question (a child's knee pain can come from the hip).
CHILD_AGE_LIMIT = 12
# R4: Boling's research definition asks for at least two aggravating activities.
MIN_AGGRAVATING_ACTIVITIES = 2
# R33: symptoms for more than 12 months predict a slower recovery.
LONG_SYMPTOM_WEEKS = 52


class TriageOutcome(StrEnum):
    URGENT_CARE = "urgent_care"
    SEE_CLINICIAN_SOON = "see_clinician_soon"
    UNCLEAR_SEE_CLINICIAN = "unclear_see_clinician"
    LIKELY_PFP = "likely_pfp"

    @property
    def urgency(self) -> int:
        """Higher is more urgent; used to let the most urgent finding win."""
        return _URGENCY[self]


_URGENCY = {
    TriageOutcome.LIKELY_PFP: 0,
    TriageOutcome.UNCLEAR_SEE_CLINICIAN: 1,
    TriageOutcome.SEE_CLINICIAN_SOON: 2,
    TriageOutcome.URGENT_CARE: 3,
}


class PlanAllowed(StrEnum):
    FULL = "full"
    EXERCISE_ONLY = "exercise_only"
    NONE = "none"


# R1 disables every plan; R3 pauses running but allows gentle exercise. An unclear pattern
# gets the same conservative answer: our running plan is built for runner's knee only.
PLAN_ALLOWED = {
    TriageOutcome.URGENT_CARE: PlanAllowed.NONE,
    TriageOutcome.SEE_CLINICIAN_SOON: PlanAllowed.EXERCISE_ONLY,
    TriageOutcome.UNCLEAR_SEE_CLINICIAN: PlanAllowed.EXERCISE_ONLY,
    TriageOutcome.LIKELY_PFP: PlanAllowed.FULL,
}

NEXT_STEPS = {
    TriageOutcome.URGENT_CARE: (
        "Please have your knee checked today: go to an emergency department or an urgent care "
        "centre (call emergency services if you cannot get there safely). Do not run or train "
        "until a clinician has seen it."
    ),
    TriageOutcome.SEE_CLINICIAN_SOON: (
        "Book an appointment with a physiotherapist or your GP within the next week or so. "
        "Pause running until then; gentle exercises that do not hurt are fine."
    ),
    TriageOutcome.UNCLEAR_SEE_CLINICIAN: (
        "Your answers do not match the usual pattern of runner's knee, so a physiotherapist or "
        "GP should look at it. Until then, keep active with gentle exercise and skip running."
    ),
    TriageOutcome.LIKELY_PFP: (
        "Your answers fit the usual pattern of runner's knee, which is common and usually gets "
        "better with the right load and exercise. You can start a Kneewise plan; if anything "
        "new or worrying appears, see a clinician."
    ),
}


@dataclass(frozen=True, slots=True)
class Finding:
    outcome: TriageOutcome
    reason: Reason


@dataclass(frozen=True, slots=True)
class TriageResult:
    outcome: TriageOutcome
    plan_allowed: PlanAllowed
    reasons: tuple[Reason, ...]

    @property
    def next_steps(self) -> str:
        return NEXT_STEPS[self.outcome]

    def as_json(self) -> dict[str, object]:
        return {
            "outcome": self.outcome.value,
            "plan_allowed": self.plan_allowed.value,
            "reasons": [reason.as_json() for reason in self.reasons],
            "next_steps": self.next_steps,
        }


def evaluate_triage(answers: TriageAnswers) -> TriageResult:
    """Apply R1–R5 and the REDs item of R35; the most urgent finding sets the outcome."""
    findings = [*urgent_red_flags(answers), *trauma_findings(answers), *soon_flags(answers)]
    if findings:
        outcome = max((finding.outcome for finding in findings), key=lambda o: o.urgency)
    else:
        pattern = pfp_pattern(answers)
        findings.append(pattern)
        outcome = pattern.outcome
    # Most urgent first, so a reader sees what matters before the rest.
    reasons = [f.reason for f in sorted(findings, key=lambda f: -f.outcome.urgency)]
    if outcome is not TriageOutcome.URGENT_CARE:
        reasons.extend(pattern_notes(answers, outcome))
    return TriageResult(outcome, PLAN_ALLOWED[outcome], tuple(reasons))


def urgent_red_flags(answers: TriageAnswers) -> list[Finding]:
    """R1: findings that need a clinician today, with or without an injury (§11a.8)."""
    checks = [
        (
            answers.fever_or_unwell and (answers.hot_red_knee or answers.swelling),
            "A hot, red or swollen knee together with fever or feeling unwell needs checking "
            "the same day to rule out a joint infection.",
        ),
        (
            # §11b.11: a joint infection can present without fever; with fever the line above
            # already says it, so this one is only added when there is none.
            answers.hot_red_knee and answers.swelling and not answers.fever_or_unwell,
            "A knee that is hot or red and also swollen needs checking the same day to rule out "
            "a joint infection, even without a fever: an infection does not always cause one.",
        ),
        (
            # §7.2 and §11b.11: with a weakened immune system an infection may show few signs.
            answers.immunocompromised and answers.swelling,
            "A swollen knee when your immune system is weakened needs checking the same day: "
            "an infection in the joint can show few other signs.",
        ),
        (
            answers.unable_to_bear_weight,
            "Not being able to put weight on the leg or walk four steps needs checking today.",
        ),
        (answers.visible_deformity, "A knee that looks out of shape needs checking today."),
        (
            answers.locked_knee,
            "A knee that is locked and will not straighten needs checking today.",
        ),
        (
            answers.kneecap_dislocated,
            "A kneecap that may have come out of place needs checking today.",
        ),
        (
            answers.cannot_straighten_leg,
            "Not being able to straighten the leg by yourself can mean a tendon injury; it needs "
            "checking today.",
        ),
        (
            answers.calf_pain_swelling,
            "A painful, swollen, red or warm calf needs checking today to rule out a blood clot.",
        ),
        (
            answers.foot_numb_cold,
            "A numb, cold or discoloured foot needs checking today: nerves or blood flow may be "
            "affected.",
        ),
        (
            answers.swelling_within_2h_of_twist,
            "Swelling within two hours of a twist can mean bleeding into the joint after a "
            "ligament injury; it needs checking today.",
        ),
    ]
    return [
        Finding(TriageOutcome.URGENT_CARE, Reason("R1", message)) for hit, message in checks if hit
    ]


def trauma_findings(answers: TriageAnswers) -> list[Finding]:
    """R2: pain that began with a fall, blow or twist; Ottawa items make it urgent (imaging)."""
    if answers.onset is not Onset.AFTER_TRAUMA:
        return []
    findings = [
        Finding(
            TriageOutcome.SEE_CLINICIAN_SOON,
            Reason(
                "R2",
                "Your pain started with an injury (a fall, blow or twist). A clinician should "
                "examine the knee before you follow a running plan.",
            ),
        )
    ]
    ottawa = [
        (answers.age >= OTTAWA_AGE, "you are 55 or older"),
        (answers.patellar_tenderness_isolated, "the kneecap itself is tender to touch"),
        (answers.fibular_head_tenderness, "the bony bump on the outside below the knee is tender"),
        (answers.cannot_flex_90, "you cannot bend the knee to a right angle"),
    ]
    for hit, what in ottawa:
        if hit:
            findings.append(
                Finding(
                    TriageOutcome.URGENT_CARE,
                    Reason(
                        "R2",
                        f"After an injury, and {what}: an X-ray may be needed to rule out a "
                        "fracture, so please get it checked today.",
                    ),
                )
            )
    return findings


def soon_flags(answers: TriageAnswers) -> list[Finding]:
    """R3 and the REDs item of R35: see a clinician soon; running paused, gentle exercise ok."""
    young = answers.age < ADOLESCENT_AGE_LIMIT
    # §11b.11: after an injury, not bending to 90° is an Ottawa item of R2 (urgent) instead.
    stiff_without_injury = answers.cannot_flex_90 and answers.onset is not Onset.AFTER_TRAUMA
    checks = [
        (
            "R3",
            answers.age < CHILD_AGE_LIMIT,
            "In children under 12, knee pain is best checked by a doctor or physiotherapist. "
            "Runner's knee is mostly a problem of teenagers and adults, and a child's knee pain "
            "can sometimes come from the hip.",
        ),
        (
            "R3",
            answers.swelling,
            "Visible swelling is not typical of runner's knee; a clinician should look at it.",
        ),
        (
            # §11a.8: a hot/red knee alone is at least "see a clinician soon". With fever or
            # swelling it is R1 (§11b.11), whose reason already names it.
            "R3",
            answers.hot_red_knee and not (answers.fever_or_unwell or answers.swelling),
            "A hot or red knee is not typical of runner's knee; a clinician should look at it.",
        ),
        (
            # (E) not in the rules: fever with knee pain but no hot/red/swollen knee. Being
            # unwell with a painful joint deserves a clinician's look, so we err on "soon".
            "R3",
            answers.fever_or_unwell and not (answers.hot_red_knee or answers.swelling),
            "Feeling unwell or feverish together with knee pain is worth a clinician's look.",
        ),
        (
            "R3",
            answers.giving_way,
            "A knee that truly gives way, or a kneecap that slips, should be examined.",
        ),
        (
            "R3",
            answers.night_or_rest_pain,
            "Constant pain at night or at rest is not typical of runner's knee.",
        ),
        (
            "R3",
            answers.weight_loss_or_cancer_history,
            "With unexplained weight loss or a history of cancer, new knee pain should be "
            "checked by a clinician.",
        ),
        (
            "R3",
            answers.morning_stiffness_over_30min,
            "Morning stiffness lasting more than 30 minutes can point to joint inflammation.",
        ),
        (
            "R3",
            answers.other_joints_affected,
            "Pain in other joints as well can point to joint inflammation.",
        ),
        (
            "R3",
            stiff_without_injury,
            "Not being able to bend the knee to a right angle is not typical of runner's knee; "
            "a clinician should look at it.",
        ),
        (
            "R3",
            young and answers.tibial_tubercle_or_lower_pole_pain,
            "Under 16, pain at the bump below the kneecap or at its lower tip is often a "
            "growth-plate or tendon problem that a clinician should confirm.",
        ),
        (
            "R3",
            young and answers.hip_or_thigh_pain,
            "Under 16, knee pain together with hip or thigh pain should be checked: hip problems "
            "can be felt in the knee.",
        ),
        (
            "R3",
            answers.age >= OLDER_ADULT_AGE,
            f"At {answers.age}, new knee pain is worth a clinician's look to check for other "
            "causes such as early joint wear.",
        ),
        (
            "R3",
            answers.pain_localised_to_point,
            "Pain you can point to with one finger suggests a tendon or joint-line problem "
            "rather than runner's knee.",
        ),
        (
            "R35",
            answers.reds_signs,
            "Signs of low energy availability (for example missed periods or repeated bone "
            "stress injuries) should be looked at by a clinician; eating enough matters for "
            "recovery.",
        ),
    ]
    return [
        Finding(TriageOutcome.SEE_CLINICIAN_SOON, Reason(rule, message))
        for rule, hit, message in checks
        if hit
    ]


def pfp_pattern(answers: TriageAnswers) -> Finding:
    """R4: without flags, the runner's-knee pattern needs front-of-knee pain, gradual onset
    and at least two typical aggravating activities; otherwise the picture is unclear."""
    missing: list[str] = []
    if answers.pain_location is not PainLocation.FRONT:
        where = answers.pain_location.value.replace("_", " ") if answers.pain_location else None
        missing.append(
            f"the pain is not around or behind the kneecap (you said: {where})"
            if where
            else "we do not know where the pain is"
        )
    if answers.onset is not Onset.GRADUAL:
        missing.append("we do not know that the pain came on gradually")
    aggravating = aggravating_activities(answers)
    count = len(aggravating)
    if count < MIN_AGGRAVATING_ACTIVITIES:
        missing.append(
            f"only {count} of the typical activities (squatting, stairs, sitting long, "
            "kneeling, running, hopping) bring it on; runner's knee usually has 2 or more"
        )
    if missing:
        return Finding(
            TriageOutcome.UNCLEAR_SEE_CLINICIAN,
            Reason(
                "R4", "This is not the usual runner's-knee pattern: " + "; ".join(missing) + "."
            ),
        )
    activities = ", ".join(sorted(a.value.replace("_", " ") for a in aggravating))
    return Finding(
        TriageOutcome.LIKELY_PFP,
        Reason(
            "R4",
            "Gradual pain around or behind the kneecap, brought on by "
            f"{activities}: this fits the usual pattern of runner's knee.",
        ),
    )


def aggravating_activities(answers: TriageAnswers) -> frozenset[Aggravator]:
    """R4's activities, with a painful squat counted as squatting (§11b.11).

    A set, so a runner who both lists squatting and finds the squat test painful counts it once.
    """
    if answers.squat_painful:
        return answers.aggravating | {Aggravator.SQUATTING}
    return answers.aggravating


def pattern_notes(answers: TriageAnswers, outcome: TriageOutcome) -> list[Reason]:
    """R5 and R33: notes that qualify the picture without changing the outcome."""
    notes: list[Reason] = []
    screening = outcome in (TriageOutcome.LIKELY_PFP, TriageOutcome.UNCLEAR_SEE_CLINICIAN)
    if screening and not answers.squat_painful:
        notes.append(
            Reason(
                "R5",
                "Squatting does not hurt, which is less typical of runner's knee (most people "
                "with it feel pain when they squat).",
            )
        )
    if answers.symptom_weeks is not None and answers.symptom_weeks > LONG_SYMPTOM_WEEKS:
        notes.append(
            Reason(
                "R33",
                f"You have had symptoms for about {answers.symptom_weeks:.0f} weeks. After more "
                "than a year, recovery may take longer; rehab with a physiotherapist's "
                "supervision is recommended.",
            )
        )
    return notes
