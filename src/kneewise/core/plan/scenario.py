"""Closed-loop simulation (design.md §3.3): each day the engine prescribes, the scenario says
how the knee responded."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from kneewise.core.errors import InvalidInput
from kneewise.core.pain import pain_score
from kneewise.core.plan.engine import apply, prescribe, start_plan
from kneewise.core.plan.models import DayPlan
from kneewise.core.plan.overrides import ClinicianOverride, override_from_json, refusal
from kneewise.core.plan.profile import (
    ActualRun,
    FunctionScores,
    MorningReport,
    NewLoad,
    RunnerProfile,
    SessionReport,
)
from kneewise.core.plan.runner_choices import NO_CHOICES, RunnerChoices, parse_choices
from kneewise.core.plan.state import PlanState
from kneewise.core.risk import Sex
from kneewise.core.triage import TriageResult, evaluate_triage
from kneewise.core.triage_answers import parse_triage_answers

MAX_DAYS = 1461  # four years; the engine is linear in days (bench/plan_bench.py)

_SCENARIO_KEYS = {
    "start", "days", "runner", "triage", "function", "responses", "overrides", "run_weekdays",
    "moved_days",
}  # fmt: skip
_RUNNER_KEYS = {
    "age", "sex", "prior_pfp", "early_specialization", "sleep_hours", "symptom_weeks",
    "usual_runs_per_week", "usual_weekly_km", "longest_recent_run_km", "baseline_cadence_spm",
    "running_now",
}  # fmt: skip
_RESPONSE_KEYS = {
    "date", "morning_pain", "pain_during", "pain_after_60min", "limp", "sharp", "swelling",
    "function", "new_load", "done", "morning_limp", "reported", "actual_run", "akps",
    "seen_clinician",
}  # fmt: skip
_ACTUAL_RUN_KEYS = {"distance_km", "running_minutes", "downhill_m", "cadence_spm"}


@dataclass(frozen=True, slots=True)
class Response:
    """One day's check-in as a scenario gives it: the morning and the session report."""

    morning: MorningReport
    session: SessionReport

    def on(self, day: date) -> Response:
        """The same answers on another day (a day without a response repeats the last one).

        What happened once is not repeated: a recorded run, a knee score and the "seen a
        clinician" answer belong to the day they were given (design.md §3.3)."""
        return Response(
            replace(self.morning, day=day, akps=None, seen_clinician=False),
            replace(self.session, day=day, actual_runs=()),
        )


@dataclass(frozen=True, slots=True)
class Scenario:
    start: date
    days: int
    runner: RunnerProfile
    triage: TriageResult
    function: FunctionScores | None
    responses: Mapping[date, Response]
    warnings: tuple[str, ...] = ()
    overrides: tuple[ClinicianOverride, ...] = ()  # a clinician's (rule CLIN)
    choices: RunnerChoices = NO_CHOICES  # the runner's own week (runner_choices.py)


@dataclass(frozen=True, slots=True)
class Simulation:
    days: tuple[DayPlan, ...]
    final_state: PlanState
    scenario: Scenario

    def as_json(self) -> dict[str, Any]:
        final = self.days[-1] if self.days else None
        result: dict[str, Any] = {
            "days": [day.as_json() for day in self.days],
            "summary": {
                "final_stage": final.stage.value if final else None,
                "final_walk_run_phase": final.walk_run_phase if final else None,
                "triage_outcome": self.scenario.triage.outcome.value,
                "plan_allowed": self.scenario.triage.plan_allowed.value,
                "final_exercise_level": self.final_state.exercise_level,
            },
        }
        if self.scenario.warnings:
            result["warnings"] = list(self.scenario.warnings)
        return result


def simulate(scenario: Scenario) -> Simulation:
    """Run the closed loop day by day in the order of a real morning (§11a.1)."""
    state = start_plan(scenario.start, scenario.runner, scenario.triage, scenario.function)
    plans: list[DayPlan] = []
    last: Response | None = None
    for offset in range(scenario.days):
        day = scenario.start + timedelta(days=offset)
        response = scenario.responses.get(day) or (last.on(day) if last else None)
        morning = response.morning if response else MorningReport(day)
        state, _ = apply(state, morning, scenario.overrides, scenario.choices)
        plans.append(prescribe(state, day))
        if response is not None:
            state, _ = apply(state, response.session)
            last = response
    return Simulation(tuple(plans), state, scenario)


def parse_scenario(data: object) -> Scenario:
    """Validate a scenario document; every problem names where it is."""
    scenario = _object(data, "scenario")
    warnings = _unknown(scenario, _SCENARIO_KEYS, "scenario")
    start = _date(scenario.get("start"), "start")
    days = scenario.get("days")
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise InvalidInput(f"days must be an integer from 1 to {MAX_DAYS}, got {days!r}")
    runner_data = _object(scenario.get("runner"), "runner")
    warnings += _unknown(runner_data, _RUNNER_KEYS, "runner")
    runner = _runner(runner_data)
    if "triage" not in scenario:
        raise InvalidInput("triage is required (the answers of `kneewise triage`)")
    try:
        triage = evaluate_triage(parse_triage_answers(scenario["triage"]))
    except InvalidInput as error:
        raise InvalidInput(f"triage: {error}") from None
    function = (
        _function(scenario["function"], "function")
        if scenario.get("function") is not None
        else None
    )
    responses: dict[date, Response] = {}
    items = scenario.get("responses", [])
    if not isinstance(items, list):
        raise InvalidInput("responses must be a list")
    end = start + timedelta(days=days - 1)
    for index, item in enumerate(items):
        where = f"responses[{index}]"
        obj = _object(item, where)
        warnings += _unknown(obj, _RESPONSE_KEYS, where)
        response = _response(obj, where)
        day = response.morning.day
        if day in responses:
            raise InvalidInput(f"{where}: a second response for {day.isoformat()}")
        if not start <= day <= end:
            warnings.append(f"{where}: {day.isoformat()} is outside the simulated days; ignored")
            continue
        responses[day] = response
    overrides = _overrides(scenario.get("overrides", []))
    choices = parse_choices(scenario, start)
    return Scenario(
        start, days, runner, triage, function, responses, tuple(warnings), overrides, choices
    )


def _overrides(items: object) -> tuple[ClinicianOverride, ...]:
    """design.md §3.3 `overrides`: each valid, and none the rules refuse (rule CLIN)."""
    if not isinstance(items, list):
        raise InvalidInput("overrides must be a list")
    found = []
    for index, item in enumerate(items):
        where = f"overrides[{index}]"
        try:
            override = override_from_json(item)
        except InvalidInput as error:
            raise InvalidInput(f"{where}: {error}") from None
        refused = refusal(override)
        if refused is not None:
            raise InvalidInput(f"{where}: {refused}")
        found.append(override)
    return tuple(found)


def _runner(data: Mapping[str, Any]) -> RunnerProfile:
    age = _int(data.get("age"), "runner.age", 0, 120)
    sex_value = data.get("sex", "other")
    if sex_value not in {s.value for s in Sex}:
        raise InvalidInput(f'runner.sex must be "female", "male" or "other", got {sex_value!r}')
    cadence = data.get("baseline_cadence_spm")
    return RunnerProfile(
        age=age,
        sex=Sex(sex_value),
        prior_pfp=_bool(data, "prior_pfp", "runner"),
        early_specialization=_bool(data, "early_specialization", "runner"),
        sleep_hours=_optional_number(data.get("sleep_hours"), "runner.sleep_hours", 0, 24),
        symptom_weeks=_optional_number(data.get("symptom_weeks"), "runner.symptom_weeks", 0, 5200),
        usual_runs_per_week=_int(
            data.get("usual_runs_per_week", 0), "runner.usual_runs_per_week", 0, 14
        ),
        usual_weekly_km=_number(data.get("usual_weekly_km", 0), "runner.usual_weekly_km", 0, 500),
        longest_recent_run_km=_number(
            data.get("longest_recent_run_km", 0), "runner.longest_recent_run_km", 0, 250
        ),
        baseline_cadence_spm=None
        if cadence is None
        else _int(cadence, "runner.baseline_cadence_spm", 100, 260),
        running_now=_bool(data, "running_now", "runner"),
    )


def _response(data: Mapping[str, Any], where: str) -> Response:
    day = _date(data.get("date"), f"{where}.date")
    new_load = data.get("new_load")
    if new_load is not None and new_load not in {n.value for n in NewLoad}:
        allowed = ", ".join(f'"{n.value}"' for n in NewLoad)
        raise InvalidInput(f"{where}.new_load must be null or one of {allowed}, got {new_load!r}")
    function = data.get("function")
    reported = _bool(data, "reported", where, default=True)
    akps = data.get("akps")
    morning = MorningReport(
        day=day,
        morning_pain=_pain(data.get("morning_pain"), f"{where}.morning_pain"),
        swelling=_bool(data, "swelling", where),
        function=None if function is None else _function(function, f"{where}.function"),
        new_load=None if new_load is None else NewLoad(new_load),
        morning_limp=_bool(data, "morning_limp", where),
        seen_clinician=_bool(data, "seen_clinician", where),
        akps=None if akps is None else _int(akps, f"{where}.akps", 0, 100),
        reported=reported,
    )
    actual = data.get("actual_run")
    session = SessionReport(
        day=day,
        pain_during=_pain(data.get("pain_during"), f"{where}.pain_during"),
        pain_after_60min=_pain(data.get("pain_after_60min"), f"{where}.pain_after_60min"),
        limp=_bool(data, "limp", where),
        sharp=_bool(data, "sharp", where),
        done=_bool(data, "done", where, default=True),
        reported=reported,
        actual_runs=() if actual is None else (_actual_run(actual, f"{where}.actual_run"),),
    )
    return Response(morning, session)


def _actual_run(data: object, where: str) -> ActualRun:
    """design.md §3.3 `actual_run`: any figure may be null; `cadence_spm` may be added."""
    obj = _object(data, where)
    unknown = sorted(set(obj) - _ACTUAL_RUN_KEYS)
    if unknown:
        raise InvalidInput(f"{where}: unknown key(s): {', '.join(unknown)}")
    limits = {
        "distance_km": (0, 500),
        "running_minutes": (0, 3000),
        "downhill_m": (0, 100_000),
        "cadence_spm": (50, 300),
    }
    values = {
        key: _optional_number(obj.get(key), f"{where}.{key}", low, high)
        for key, (low, high) in limits.items()
    }
    return ActualRun(**values)


def _function(data: object, where: str) -> FunctionScores:
    obj = _object(data, where)
    unknown = sorted(set(obj) - {"sit_30min", "stairs", "squat"})
    if unknown:
        raise InvalidInput(f"{where}: unknown key(s): {', '.join(unknown)}")
    scores = {}
    for key in ("sit_30min", "stairs", "squat"):
        if key not in obj:
            raise InvalidInput(f"{where}.{key} is required (pain 0–10)")
        scores[key] = pain_score(_number(obj[key], f"{where}.{key}", 0, 10), f"{where}.{key}")
    return FunctionScores(**scores)


def _pain(value: object, where: str) -> int | None:
    return None if value is None else pain_score(_number(value, where, 0, 10), where)


def _object(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InvalidInput(f"{where} must be a JSON object")
    return value


def _unknown(obj: Mapping[str, Any], known: set[str], where: str) -> list[str]:
    extra = sorted(set(obj) - known)
    return [f"{where}: ignored unknown key(s): {', '.join(extra)}"] if extra else []


def _date(value: object, where: str) -> date:
    if not isinstance(value, str):
        raise InvalidInput(f'{where} must be a date like "2026-03-02", got {value!r}')
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f'{where} must be a date like "2026-03-02", got {value!r}') from None


def _bool(obj: Mapping[str, Any], key: str, where: str, *, default: bool = False) -> bool:
    value = obj.get(key, default)
    if not isinstance(value, bool):
        raise InvalidInput(f"{where}.{key} must be true or false, got {value!r}")
    return value


def _int(value: object, where: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(f"{where} must be an integer from {low} to {high}, got {value!r}")
    return value


def _number(value: object, where: str, low: float, high: float) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not low <= value <= high
    ):
        raise InvalidInput(f"{where} must be a number from {low:g} to {high:g}, got {value!r}")
    return float(value)


def _optional_number(value: object, where: str, low: float, high: float) -> float | None:
    return None if value is None else _number(value, where, low, high)
