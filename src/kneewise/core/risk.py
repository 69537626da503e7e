"""The runner's risk profile (R35): which factors apply, what they change, what to read."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kneewise.core.education import Topic
from kneewise.core.errors import InvalidInput
from kneewise.core.reasons import Reason

# R16 weekly volume caps: 1.10 normally, 1.05 in return-to-run mode and for the
# higher-risk profile (R35; §11a.7 expects most runners to meet it through sleep).
NORMAL_WEEKLY_CAP = 1.10
RETURN_TO_RUN_WEEKLY_CAP = 1.05
# R35: adolescents sleeping under 8 hours had 1.7× the injury rate (Milewski 2014).
SLEEP_HOURS_THRESHOLD = 8.0


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


class RiskFactor(StrEnum):
    FEMALE = "female"
    PRIOR_PFP = "prior_pfp"
    EARLY_SPECIALIZATION = "early_specialization"
    RECENT_LOAD_SPIKE = "recent_load_spike"
    SHORT_SLEEP = "short_sleep"
    REDS_SIGNS = "reds_signs"


@dataclass(frozen=True, slots=True)
class RiskAnswers:
    sex: Sex | None = None
    prior_pfp: bool = False
    early_specialization: bool = False
    recent_load_spike: bool = False
    sleep_hours: float | None = None
    reds_signs: bool = False

    def __post_init__(self) -> None:
        if self.sleep_hours is not None and not 0 <= self.sleep_hours <= 24:
            raise InvalidInput(f"sleep_hours must be from 0 to 24, got {self.sleep_hours}")


@dataclass(frozen=True, slots=True)
class RiskProfile:
    factors: tuple[RiskFactor, ...]
    weekly_volume_cap: float
    education: tuple[Topic, ...]
    see_clinician_soon: bool
    reasons: tuple[Reason, ...]

    @property
    def higher_risk(self) -> bool:
        return bool(self.factors)


_FACTOR_MESSAGES = {
    RiskFactor.FEMALE: "Women develop runner's knee about twice as often as men.",
    RiskFactor.PRIOR_PFP: "Runner's knee you have had before tends to come back.",
    RiskFactor.EARLY_SPECIALIZATION: (
        "Focusing on a single sport from a young age is linked with more knee pain."
    ),
    RiskFactor.RECENT_LOAD_SPIKE: "A recent jump in running load is a known trigger.",
    RiskFactor.SHORT_SLEEP: "Sleeping less than 8 hours a night is linked with more injuries.",
    RiskFactor.REDS_SIGNS: (
        "Signs of under-fuelling (low energy availability) raise injury risk; please talk to "
        "a clinician about them."
    ),
}


def risk_profile(answers: RiskAnswers) -> RiskProfile:
    """R35: any listed factor makes the profile higher-risk: weekly cap 1.05 and education."""
    factors: list[RiskFactor] = []
    if answers.sex is Sex.FEMALE:
        factors.append(RiskFactor.FEMALE)
    if answers.prior_pfp:
        factors.append(RiskFactor.PRIOR_PFP)
    # Counted whatever the runner's age now (conservative: the rule names youth sport).
    if answers.early_specialization:
        factors.append(RiskFactor.EARLY_SPECIALIZATION)
    if answers.recent_load_spike:
        factors.append(RiskFactor.RECENT_LOAD_SPIKE)
    if answers.sleep_hours is not None and answers.sleep_hours < SLEEP_HOURS_THRESHOLD:
        factors.append(RiskFactor.SHORT_SLEEP)
    if answers.reds_signs:
        factors.append(RiskFactor.REDS_SIGNS)

    reasons = [Reason("R35", _FACTOR_MESSAGES[factor]) for factor in factors]
    education: list[Topic] = []
    if factors:
        reasons.append(
            Reason(
                "R35",
                "Because of this, weekly running may grow by at most 5 % instead of 10 % (R16), "
                "to give the knee time to adapt.",
            )
        )
        education.append(Topic.SLEEP_AND_FUEL)
    if RiskFactor.RECENT_LOAD_SPIKE in factors:
        education.append(Topic.NO_BIG_JUMPS)
    if RiskFactor.PRIOR_PFP in factors:
        education.append(Topic.GRADUAL_RECOVERY)
    return RiskProfile(
        factors=tuple(factors),
        weekly_volume_cap=RETURN_TO_RUN_WEEKLY_CAP if factors else NORMAL_WEEKLY_CAP,
        education=tuple(education),
        see_clinician_soon=answers.reds_signs,
        reasons=tuple(reasons),
    )
