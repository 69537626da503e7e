"""The triage questionnaire (design.md §3.1) as a typed model, and its strict JSON parsing."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import TypeVar

from kneewise.core.errors import InvalidInput


class Onset(StrEnum):
    GRADUAL = "gradual"
    AFTER_TRAUMA = "after_trauma"


class PainLocation(StrEnum):
    FRONT = "front"
    INSIDE = "inside"
    OUTSIDE = "outside"
    BACK = "back"
    BELOW_KNEECAP = "below_kneecap"
    WHOLE_KNEE = "whole_knee"


class Aggravator(StrEnum):
    SQUATTING = "squatting"
    STAIRS = "stairs"
    PROLONGED_SITTING = "prolonged_sitting"
    KNEELING = "kneeling"
    RUNNING = "running"
    HOPPING = "hopping"


E = TypeVar("E", bound=StrEnum)

MIN_AGE = 0
MAX_AGE = 120


@dataclass(frozen=True, slots=True)
class TriageAnswers:
    """One runner's answers; a missing yes/no answer means "no" (design.md §3.1)."""

    age: int
    onset: Onset | None = None
    pain_location: PainLocation | None = None
    pain_localised_to_point: bool = False
    aggravating: frozenset[Aggravator] = field(default_factory=frozenset)
    squat_painful: bool = False
    swelling: bool = False
    hot_red_knee: bool = False
    fever_or_unwell: bool = False
    unable_to_bear_weight: bool = False
    visible_deformity: bool = False
    locked_knee: bool = False
    kneecap_dislocated: bool = False
    cannot_straighten_leg: bool = False
    calf_pain_swelling: bool = False
    foot_numb_cold: bool = False
    swelling_within_2h_of_twist: bool = False
    giving_way: bool = False
    night_or_rest_pain: bool = False
    weight_loss_or_cancer_history: bool = False
    morning_stiffness_over_30min: bool = False
    other_joints_affected: bool = False
    tibial_tubercle_or_lower_pole_pain: bool = False
    hip_or_thigh_pain: bool = False
    reds_signs: bool = False
    patellar_tenderness_isolated: bool = False
    fibular_head_tenderness: bool = False
    cannot_flex_90: bool = False
    # §11b.11: optional; on its own it changes nothing, with swelling it is urgent (R1).
    immunocompromised: bool = False
    symptom_weeks: float | None = None

    def __post_init__(self) -> None:
        if isinstance(self.age, bool) or not isinstance(self.age, int):
            raise InvalidInput("age must be a whole number of years")
        if not MIN_AGE <= self.age <= MAX_AGE:
            raise InvalidInput(f"age must be from {MIN_AGE} to {MAX_AGE}, got {self.age}")
        if self.symptom_weeks is not None and not (
            math.isfinite(self.symptom_weeks) and self.symptom_weeks >= 0
        ):
            raise InvalidInput("symptom_weeks must be a number of weeks, 0 or more")


FLAG_FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(TriageAnswers) if f.type in ("bool", bool)
)
ANSWER_KEYS: frozenset[str] = frozenset(f.name for f in fields(TriageAnswers))


def parse_triage_answers(data: object) -> TriageAnswers:
    """Validate a decoded JSON object strictly; every problem names the offending key."""
    if not isinstance(data, Mapping):
        raise InvalidInput("the answers must be a JSON object")
    unknown = sorted(str(key) for key in data if key not in ANSWER_KEYS)
    if unknown:
        raise InvalidInput(f"unknown key(s): {', '.join(unknown)}")
    if "age" not in data:
        raise InvalidInput("age is required")
    age = data["age"]
    if isinstance(age, bool) or not isinstance(age, int):
        raise InvalidInput(f"age must be an integer from {MIN_AGE} to {MAX_AGE}, got {age!r}")

    flags: dict[str, bool] = {}
    for name in FLAG_FIELDS:
        if name in data:
            value = data[name]
            if not isinstance(value, bool):
                raise InvalidInput(f"{name} must be true or false, got {value!r}")
            flags[name] = value

    symptom_weeks = data.get("symptom_weeks")
    if "symptom_weeks" in data and (
        isinstance(symptom_weeks, bool) or not isinstance(symptom_weeks, int | float)
    ):
        raise InvalidInput(f"symptom_weeks must be a number, got {symptom_weeks!r}")

    return TriageAnswers(
        age=age,
        onset=_enum_value(data, "onset", Onset),
        pain_location=_enum_value(data, "pain_location", PainLocation),
        aggravating=_aggravators(data),
        symptom_weeks=None if symptom_weeks is None else float(symptom_weeks),
        **flags,
    )


def _enum_value(data: Mapping[str, object], key: str, kind: type[E]) -> E | None:
    if key not in data:
        return None
    value = data[key]
    allowed = ", ".join(f'"{member.value}"' for member in kind)
    if not isinstance(value, str) or value not in {member.value for member in kind}:
        raise InvalidInput(f"{key} must be one of {allowed}, got {value!r}")
    return kind(value)


def _aggravators(data: Mapping[str, object]) -> frozenset[Aggravator]:
    value = data.get("aggravating", [])
    if not isinstance(value, list):
        raise InvalidInput(f"aggravating must be a list, got {value!r}")
    allowed = {member.value for member in Aggravator}
    for item in value:
        if not isinstance(item, str) or item not in allowed:
            listed = ", ".join(f'"{member.value}"' for member in Aggravator)
            raise InvalidInput(f"aggravating items must be among {listed}, got {item!r}")
    return frozenset(Aggravator(item) for item in value)
