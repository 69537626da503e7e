"""Plausibility checks for an uploaded export's values, beyond their types (issue #10): a
crafted export must be refused with a reason naming the field, never stored to make the
account's pages fail (a day in year 9999, a start in year 1, triage answers that are a string).
"""

from __future__ import annotations

import json
import math
from datetime import date, datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError

from kneewise.activities.model import FileFormat, Sport
from kneewise.core.akps import AKPS_ITEMS
from kneewise.core.errors import InvalidInput
from kneewise.core.plan.runner_choices import weekdays_from
from kneewise.core.triage import TriageOutcome
from kneewise.core.triage_answers import parse_triage_answers
from kneewise.web.onboarding.services import DONE, STEPS, STOPPED

EARLIEST: Final = date(1990, 1, 1)  # before any GPS watch file or any runner's check-in here
LATEST_AHEAD: Final = timedelta(days=366)  # a plan may start a little ahead; no further
MAX_JSON_CHARS: Final = 20_000  # triage answers and AKPS points are a few hundred characters

_DAY_S: Final = 86_400.0
# (model, field) → (lowest, highest): generous for any person, impossible beyond.
_RANGES: Final[dict[tuple[str, str], tuple[float, float]]] = {
    ("Activity", "elapsed_s"): (0, 30 * _DAY_S),
    ("Activity", "moving_s"): (0, 30 * _DAY_S),
    ("Activity", "distance_m"): (0, 5_000_000),
    ("Activity", "ascent_m"): (0, 200_000),
    ("Activity", "descent_m"): (0, 200_000),
    ("Activity", "downhill_m"): (0, 5_000_000),
    ("Activity", "avg_cadence_spm"): (0, 400),
    ("Activity", "avg_hr_bpm"): (0, 300),
    ("Activity", "max_hr_bpm"): (0, 300),
    ("Activity", "knee_load"): (0, 1_000_000),
    ("RunnerProfile", "age"): (0, 120),
    ("RunnerProfile", "first_day_of_week"): (0, 6),
    ("RunnerProfile", "sleep_hours"): (0, 24),
    ("RunnerProfile", "symptom_weeks"): (0, 5_200),
    ("RunnerProfile", "usual_runs_per_week"): (0, 28),
    ("RunnerProfile", "usual_weekly_km"): (0, 2_000),
    ("RunnerProfile", "longest_recent_run_km"): (0, 1_000),
    ("RunnerProfile", "baseline_cadence_spm"): (0, 400),
}
_ANY_NUMBER: Final = (-1e9, 1e9)
_KNOWN: Final[dict[tuple[str, str], frozenset[str]]] = {
    ("Activity", "format"): frozenset(f.value for f in FileFormat),
    ("Activity", "sport"): frozenset(s.value for s in Sport),
    ("RunnerProfile", "onboarding_step"): frozenset({*STEPS, DONE, STOPPED}),
    ("RunnerProfile", "triage_outcome"): frozenset({"", *(o.value for o in TriageOutcome)}),
    ("WeekChoice", "kind"): frozenset({"run_days", "move"}),
}


def check_plausible(model: str, name: str, value: object, today: date) -> None:
    """Raise ValidationError (a short reason) when `value` cannot be a real `model.name`."""
    if value is None:
        return
    if isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        if not EARLIEST <= day <= today + LATEST_AHEAD:
            raise ValidationError(
                f"must be between {EARLIEST} and {today + LATEST_AHEAD} (a real date)"
            )
    elif isinstance(value, int | float) and not isinstance(value, bool):
        low, high = _RANGES.get((model, name), _ANY_NUMBER)
        if not (math.isfinite(value) and low <= value <= high):
            raise ValidationError(f"must be a number from {low:g} to {high:g}")
    elif isinstance(value, str):
        known = _KNOWN.get((model, name))
        if known is not None and value not in known:
            raise ValidationError(f"must be one of {', '.join(sorted(known))}")
        if (model, name) == ("RunnerProfile", "time_zone"):
            _check_zone(value)
    if isinstance(value, dict | list):
        _check_json(model, name, value)


def _check_zone(name: str) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError("must be a time zone name such as Europe/Zurich") from None


def _check_json(model: str, name: str, value: dict[str, object] | list[object]) -> None:
    if len(json.dumps(value)) > MAX_JSON_CHARS:
        raise ValidationError(f"is longer than {MAX_JSON_CHARS} characters")
    if (model, name) == ("AkpsRecord", "points"):
        items = list(value.values()) if isinstance(value, dict) else value
        most = max(item.max_points for item in AKPS_ITEMS)
        if len(items) > len(AKPS_ITEMS) or not all(
            isinstance(p, int) and not isinstance(p, bool) and 0 <= p <= most for p in items
        ):
            raise ValidationError(f"must be the AKPS items' points, each from 0 to {most}")


def check_triage_answers(value: object) -> None:
    """Triage answers must read as the triage form's answers (a JSON object of known keys)."""
    if value is None:
        return
    if not isinstance(value, dict):
        raise ValidationError("must be the triage answers (a JSON object)")
    try:
        parse_triage_answers(value)
    except InvalidInput as exc:
        raise ValidationError(str(exc)) from None


def week_choice_problem(kind: object, weekdays: object) -> str | None:
    """What is wrong with a week choice's weekdays (issue #12 item 16), or None: run days are
    weekdays 0 (Monday) to 6 (Sunday), each once; a moved session carries none."""
    if kind == "move":
        return None if weekdays == [] else "a moved session carries no weekdays"
    try:
        weekdays_from(weekdays, "weekdays")
    except InvalidInput:
        return "must be weekdays from 0 (Monday) to 6 (Sunday), at least one, each once"
    return None
