"""Tiny scenario documents for rule tests: a runner, a triage, and a day-by-day script."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from kneewise.core.plan.models import DayPlan
from kneewise.core.plan.scenario import parse_scenario, simulate

START = date(2026, 3, 2)  # a Monday
TYPICAL_TRIAGE = {
    "age": 34,
    "onset": "gradual",
    "pain_location": "front",
    "aggravating": ["stairs", "squatting"],
    "squat_painful": True,
}
GREEN_FUNCTION = {"sit_30min": 0, "stairs": 1, "squat": 1}
SORE_FUNCTION = {"sit_30min": 3, "stairs": 4, "squat": 4}


def green_day(day: int, **changes: Any) -> dict[str, Any]:
    """Day `day` (0 = plan start) with every answer in the green zone."""
    response: dict[str, Any] = {
        "date": (START + timedelta(days=day)).isoformat(),
        "morning_pain": 1,
        "pain_during": 1,
        "pain_after_60min": 1,
        "limp": False,
        "sharp": False,
        "swelling": False,
        "function": GREEN_FUNCTION,
        "new_load": None,
        "done": True,
    }
    response.update(changes)
    return response


def scenario(
    *responses: dict[str, Any],
    days: int = 28,
    triage: dict[str, Any] | None = None,
    function: dict[str, Any] | None = None,
    **runner: Any,
) -> dict[str, Any]:
    profile: dict[str, Any] = {
        "age": 34,
        "sex": "male",
        "sleep_hours": 8,
        "symptom_weeks": 6,
        "usual_runs_per_week": 4,
        "usual_weekly_km": 30,
        "longest_recent_run_km": 12,
        "baseline_cadence_spm": None,
        "running_now": False,
    }
    profile.update(runner)
    return {
        "start": START.isoformat(),
        "days": days,
        "runner": profile,
        "triage": triage if triage is not None else TYPICAL_TRIAGE,
        "function": function if function is not None else GREEN_FUNCTION,
        "responses": list(responses) or [green_day(0)],
    }


def returning(*responses: dict[str, Any], days: int = 28) -> dict[str, Any]:
    """A runner who ran 4 times a week until the knee flared: sore daily activities on day 0,
    green from day 1. Walk-run starts on day 3 with last week's running as R16's base."""
    return scenario(
        green_day(0, function=SORE_FUNCTION),
        green_day(1),
        *responses,
        days=days,
        function=SORE_FUNCTION,
        running_now=True,
    )


def run(document: dict[str, Any]) -> list[DayPlan]:
    return list(simulate(parse_scenario(document)).days)


def first_day_at(days: list[DayPlan], stage: str, phase: int | None = None) -> int | None:
    for index, plan in enumerate(days):
        if plan.stage.value == stage and (phase is None or plan.walk_run_phase == phase):
            return index
    return None


def position(plan: DayPlan) -> tuple[str, int]:
    """Where on the ladder a day is, comparable: ("ST3", 4) < ("ST4", 0)."""
    return plan.stage.value, plan.walk_run_phase or 0
