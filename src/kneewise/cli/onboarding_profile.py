"""The `--profile` document of `kneewise user add` (design.md §3.6), read with the plan
simulator's own parsers so every problem names its field.

The object holds a §3.3 scenario's `start` (the plan's first day), `runner`, `triage` and
`function`, and optionally `akps`: the 13 answers of §3.2, as a list or as `{"items": [...]}`.
A scenario's own `days`, `responses` and `overrides` may be left in and are ignored.
Needs Django set up (the answers are the onboarding service's).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kneewise.core.akps import AKPS_ITEM_COUNT, parse_akps_answers, score_akps
from kneewise.core.errors import InvalidInput
from kneewise.core.plan.scenario import parse_scenario
from kneewise.core.triage_answers import parse_triage_answers

if TYPE_CHECKING:
    from kneewise.web.onboarding.services import OnboardingAnswers

PROFILE_KEYS = ("start", "runner", "triage", "function", "akps")
SCENARIO_ONLY_KEYS = ("days", "responses", "overrides")


@dataclass(frozen=True)
class Profile:
    answers: OnboardingAnswers
    warnings: tuple[str, ...]


def parse_profile(data: object) -> Profile:
    """Validate a profile document; InvalidInput names the field of the first problem."""
    from kneewise.web.onboarding.services import OnboardingAnswers

    if not isinstance(data, Mapping):
        raise InvalidInput("the profile must be a JSON object")
    unknown = sorted(str(key) for key in data if key not in PROFILE_KEYS + SCENARIO_ONLY_KEYS)
    if unknown:
        allowed = ", ".join(PROFILE_KEYS)
        raise InvalidInput(f"unknown key(s): {', '.join(unknown)} (a profile has {allowed})")
    ignored = [key for key in SCENARIO_ONLY_KEYS if key in data]
    warnings = [f"{key}: ignored (a profile has no simulated days)" for key in ignored]
    # The scenario parser checks start, runner, triage and function; one day is enough.
    scenario = parse_scenario(
        {key: data[key] for key in ("start", "runner", "triage", "function") if key in data}
        | {"days": 1}
    )
    if scenario.function is None:
        raise InvalidInput(
            'function is required: {"sit_30min", "stairs", "squat"}, pain from 0 to 10'
        )
    answers = OnboardingAnswers(
        start=scenario.start,
        runner=scenario.runner,
        triage=parse_triage_answers(data["triage"]),  # valid: the scenario parser read it
        triage_as_given=dict(data["triage"]),
        function=scenario.function,
        akps=_akps(data.get("akps")),
    )
    return Profile(answers, (*warnings, *scenario.warnings))


def _akps(value: object) -> list[int] | None:
    if value is None:
        return None
    try:
        if isinstance(value, Mapping):
            return parse_akps_answers(dict(value))
        if isinstance(value, list):
            score_akps(value)  # checks the count, the types and each item's range
            return value
    except InvalidInput as error:
        raise InvalidInput(f"akps: {error}") from None
    raise InvalidInput(
        f"akps must be the {AKPS_ITEM_COUNT} answers of the knee score (a list of integers, "
        f"each the 0-based option of its item), got {value!r}"
    )
