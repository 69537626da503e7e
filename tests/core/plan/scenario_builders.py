"""Small builders of `kneewise plan simulate` scenarios (design.md §3.3) for tests.

Days are plan days: 0 is the start date. Every builder returns plain JSON-like dicts, so a
scenario can be written to a file and fed to the CLI as well as to `simulate_json`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from kneewise.core.plan.scenario import parse_scenario, simulate

from .invariants import rung_of

START = date(2026, 3, 2)

TYPICAL_TRIAGE: dict[str, Any] = {
    "age": 34,
    "onset": "gradual",
    "pain_location": "front",
    "aggravating": ["stairs", "squatting"],
    "squat_painful": True,
}
URGENT_TRIAGE: dict[str, Any] = {**TYPICAL_TRIAGE, "unable_to_bear_weight": True}
SEE_CLINICIAN_SOON_TRIAGE: dict[str, Any] = {**TYPICAL_TRIAGE, "giving_way": True}

GREEN_FUNCTION = {"sit_30min": 0, "stairs": 1, "squat": 1}
PAINFUL_FUNCTION = {"sit_30min": 3, "stairs": 5, "squat": 4}


def date_of(day: int) -> str:
    return (START + timedelta(days=day)).isoformat()


def runner(**changes: Any) -> dict[str, Any]:
    """A 34-year-old man who sleeps 8 hours (no R35 risk factor), not running now."""
    profile: dict[str, Any] = {
        "age": 34,
        "sex": "male",
        "prior_pfp": False,
        "early_specialization": False,
        "sleep_hours": 8,
        "symptom_weeks": 6,
        "usual_runs_per_week": 3,
        "usual_weekly_km": 24,
        "longest_recent_run_km": 10,
        "baseline_cadence_spm": None,
        "running_now": False,
    }
    profile.update(changes)
    return profile


def response(
    day: int,
    *,
    morning: float | None = 1,
    during: float | None = 1,
    after: float | None = 1,
    limp: bool = False,
    sharp: bool = False,
    swelling: bool = False,
    function: Mapping[str, float] | None = None,
    new_load: str | None = None,
    done: bool = True,
    **extra: Any,
) -> dict[str, Any]:
    """One day's check-in; by default a Green one (pains 1/10, daily activities comfortable).
    `extra` adds §11b's optional fields (morning_limp, reported, actual_run, akps,
    seen_clinician)."""
    return {
        **extra,
        "date": date_of(day),
        "morning_pain": morning,
        "pain_during": during,
        "pain_after_60min": after,
        "limp": limp,
        "sharp": sharp,
        "swelling": swelling,
        "function": dict(GREEN_FUNCTION if function is None else function),
        "new_load": new_load,
        "done": done,
    }


def green_day(day: int, **changes: Any) -> dict[str, Any]:
    return response(day, **changes)


def amber_day(day: int, pain: float = 3, **changes: Any) -> dict[str, Any]:
    """A session at 3–4/10 that settled (60 min after no higher than the morning)."""
    changes.setdefault("morning", 1)
    changes.setdefault("after", 1)
    return response(day, during=pain, **changes)


def red_day(day: int, pain: float = 6, *, limp: bool = False, **changes: Any) -> dict[str, Any]:
    changes.setdefault("after", 3)
    return response(day, during=pain, limp=limp, **changes)


def scenario(
    responses: Iterable[Mapping[str, Any]] = (),
    *,
    days: int = 56,
    runner_profile: Mapping[str, Any] | None = None,
    triage: Mapping[str, Any] | None = None,
    function: Mapping[str, float] | None = None,
) -> dict[str, Any]:
    return {
        "start": START.isoformat(),
        "days": days,
        "runner": dict(runner() if runner_profile is None else runner_profile),
        "triage": dict(TYPICAL_TRIAGE if triage is None else triage),
        "function": dict(GREEN_FUNCTION if function is None else function),
        "responses": [dict(r) for r in sorted(responses, key=lambda r: r["date"])],
    }


def with_days(base: Mapping[str, Any], *responses: Mapping[str, Any]) -> dict[str, Any]:
    """`base` with some days' responses replaced (or added)."""
    changed = {r["date"]: dict(r) for r in responses}
    kept = [r for r in base["responses"] if r["date"] not in changed]
    return {**base, "responses": sorted([*kept, *changed.values()], key=lambda r: r["date"])}


def all_green_runner(days: int = 56, **runner_changes: Any) -> dict[str, Any]:
    """Every day reported Green: morning 1/10, session 1/10, settled, daily activities ≤ 1/10."""
    return scenario(
        [green_day(d) for d in range(days)],
        days=days,
        runner_profile=runner(**runner_changes),
    )


def running_green_runner(days: int = 56, **runner_changes: Any) -> dict[str, Any]:
    """An all-Green runner who is still running (R21 keep-running path)."""
    runner_changes.setdefault("running_now", True)
    return all_green_runner(days, **runner_changes)


def returning_runner(days: int = 42, **runner_changes: Any) -> dict[str, Any]:
    """A runner who ran their usual week until the knee flared: daily activities sore on the
    first morning, comfortable (and every day green) from the second. They come back through
    walking, the hop test and walk-run in week one, with last week's running as R16's base, so
    walk-run phase 2 comes in week two (a runner starting from nothing needs months, §11b.6)."""
    runner_changes.setdefault("running_now", True)
    document = all_green_runner(days, **runner_changes)
    document["function"] = dict(PAINFUL_FUNCTION)
    return with_days(document, green_day(0, function=PAINFUL_FUNCTION))


def runner_with_amber_on(day: int, days: int = 56, **runner_changes: Any) -> dict[str, Any]:
    """All Green except an Amber session (3/10) on `day`."""
    return with_days(all_green_runner(days, **runner_changes), amber_day(day))


def runner_with_red_on(
    day: int, days: int = 56, *, limp: bool = False, **runner_changes: Any
) -> dict[str, Any]:
    return with_days(all_green_runner(days, **runner_changes), red_day(day, limp=limp))


def simulate_json(data: Mapping[str, Any]) -> dict[str, Any]:
    """The §3.3 JSON of a scenario, as the CLI would print it (round-tripped through json)."""
    result: dict[str, Any] = json.loads(json.dumps(simulate(parse_scenario(data)).as_json()))
    return result


def plan_day(output: Mapping[str, Any], day: int) -> dict[str, Any]:
    found: dict[str, Any] = output["days"][day]
    assert found["date"] == date_of(day)
    return found


def decision(output: Mapping[str, Any], day: int) -> dict[str, Any]:
    """The decision of plan day `day` (action, rules, message)."""
    found: dict[str, Any] = plan_day(output, day)["decision"]
    return found


def rung(output: Mapping[str, Any], day: int) -> int:
    return rung_of(plan_day(output, day))


def rungs(output: Mapping[str, Any]) -> list[int]:
    return [rung_of(d) for d in output["days"]]


def run_days(output: Mapping[str, Any], *, stage: str | None = None) -> list[int]:
    """Plan days with a run (optionally only in `stage`)."""
    return [
        i
        for i, d in enumerate(output["days"])
        if d["run"] is not None and (stage is None or d["stage"] == stage)
    ]


def first_day(output: Mapping[str, Any], stage: str, phase: int | None = None) -> int | None:
    """The first plan day in `stage` (and walk-run `phase`), or None."""
    for i, d in enumerate(output["days"]):
        if d["stage"] == stage and (phase is None or d["walk_run_phase"] == phase):
            return i
    return None
