"""The shape of a `kneewise plan simulate` output (design.md §3.3)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from .facts import ACTIONS, PHASES, STAGES

REGIONS = frozenset({"hip", "knee", "trunk", "plyometric"})
EXERCISE_KEYS = frozenset({"id", "region", "level", "sets", "reps", "seconds", "per_leg"})
RUN_KEYS = frozenset(
    {"running_minutes", "total_minutes", "intervals", "distance_km", "terrain", "intensity",
     "cadence_target_spm"}
)  # fmt: skip
DAY_KEYS = frozenset(
    {"date", "stage", "walk_run_phase", "run", "walk_minutes", "hop_test", "cross_training",
     "exercises", "decision"}
)  # fmt: skip
TERRAINS = frozenset({"flat", "any"})
INTENSITIES = frozenset({"easy", "normal"})
TRIAGE_OUTCOMES = frozenset(
    {"urgent_care", "see_clinician_soon", "unclear_see_clinician", "likely_pfp"}
)
MINUTE = 0.011  # minutes and interval lengths are rounded to 0.01 min (seconds in run_s/walk_s)


def is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def check_shape(scenario: Mapping[str, Any], output: Mapping[str, Any]) -> list[str]:
    if not isinstance(output, Mapping) or not isinstance(output.get("days"), list):
        return ["shape: output has no days list"]
    errors: list[str] = []
    days = output["days"]
    start = date.fromisoformat(scenario["start"])
    if len(days) != scenario["days"]:
        errors.append(f"shape: {len(days)} days in the output, {scenario['days']} asked for")
    for i, d in enumerate(days):
        if not isinstance(d, Mapping):
            errors.append(f"shape: day {i} is not an object")
        elif DAY_KEYS - set(d):
            errors.append(f"shape: day {i} lacks {sorted(DAY_KEYS - set(d))}")
        else:
            errors += _check_day(d, (start + timedelta(days=i)).isoformat())
    summary = output.get("summary")
    if not isinstance(summary, Mapping):
        errors.append("shape: no summary")
    else:
        last = days[-1] if days else None
        if isinstance(last, Mapping) and summary.get("final_stage") != last.get("stage"):
            errors.append(f"shape: summary final_stage {summary.get('final_stage')!r}")
        if summary.get("triage_outcome") not in TRIAGE_OUTCOMES:
            errors.append(f"shape: summary triage_outcome {summary.get('triage_outcome')!r}")
    return errors


def _check_day(d: Mapping[str, Any], expected_date: str) -> list[str]:
    errors = []
    if d["date"] != expected_date:
        errors.append(f"shape: {expected_date} is given as {d['date']!r}")
    where = expected_date
    if d["stage"] not in STAGES:
        return [*errors, f"shape: {where} stage {d['stage']!r}"]
    phase = d["walk_run_phase"]
    if d["stage"] == "ST3":
        if not (is_int(phase) and 1 <= phase <= PHASES):
            errors.append(f"shape: {where} ST3 with walk_run_phase {phase!r}")
    elif phase is not None:
        errors.append(f"shape: {where} {d['stage']} with walk_run_phase {phase!r}")
    errors += _check_run(where, d)
    if d["walk_minutes"] is not None and not (is_int(d["walk_minutes"]) and d["walk_minutes"] > 0):
        errors.append(f"shape: {where} walk_minutes {d['walk_minutes']!r}")
    if not isinstance(d["hop_test"], bool):
        errors.append(f"shape: {where} hop_test {d['hop_test']!r}")
    if d["cross_training"] is not None and not isinstance(d["cross_training"], str):
        errors.append(f"shape: {where} cross_training {d['cross_training']!r}")
    errors += _check_exercises(where, d["exercises"])
    errors += _check_decision(where, d["decision"])
    return errors


def _check_run(where: str, d: Mapping[str, Any]) -> list[str]:
    run = d["run"]
    if run is None:
        return []
    if not isinstance(run, Mapping):
        return [f"shape: {where} run is {run!r}"]
    if RUN_KEYS - set(run):
        return [f"shape: {where} run lacks {sorted(RUN_KEYS - set(run))}"]
    running, total = run["running_minutes"], run["total_minutes"]
    if not (is_number(running) and running > 0):
        return [f"shape: {where} running_minutes {running!r}"]
    errors = []
    if not (is_number(total) and total >= running):
        errors.append(f"shape: {where} total_minutes {total!r}")
    intervals = run["intervals"]
    if intervals is not None:
        errors += _check_intervals(where, intervals, running, total)
    km = run["distance_km"]
    if km is not None and not (is_number(km) and km > 0):
        errors.append(f"shape: {where} distance_km {km!r}")
    if run["terrain"] not in TERRAINS:
        errors.append(f"shape: {where} terrain {run['terrain']!r}")
    if run["intensity"] not in INTENSITIES:
        errors.append(f"shape: {where} intensity {run['intensity']!r}")
    if run["cadence_target_spm"] is not None and not is_int(run["cadence_target_spm"]):
        errors.append(f"shape: {where} cadence_target_spm {run['cadence_target_spm']!r}")
    if d["stage"] not in ("ST3", "ST4", "ST5"):
        errors.append(f"shape: {where} a run in {d['stage']}")
    return errors


def _check_intervals(where: str, intervals: object, running: float, total: Any) -> list[str]:
    """Intervals add up to the session: run_min × repeats = running minutes, and with the walks
    the total; run_s/walk_s (seconds), when given, agree with the minutes."""
    if not (
        isinstance(intervals, Mapping)
        and is_number(intervals.get("run_min"))
        and is_number(intervals.get("walk_min"))
        and is_int(intervals.get("repeats"))
        and intervals["repeats"] > 0
    ):
        return [f"shape: {where} intervals {intervals!r}"]
    repeats, run_min, walk_min = intervals["repeats"], intervals["run_min"], intervals["walk_min"]
    run_s, walk_s = intervals.get("run_s"), intervals.get("walk_s")
    errors = []
    if abs(run_min * repeats - running) > MINUTE * repeats:
        errors.append(f"shape: {where} intervals {dict(intervals)} do not add up to {running} min")
    elif is_number(total) and abs((run_min + walk_min) * repeats - total) > 2 * MINUTE * repeats:
        errors.append(f"shape: {where} intervals {dict(intervals)} do not add up to {total} min")
    for key, minutes in (("run_s", run_min), ("walk_s", walk_min)):
        seconds = intervals.get(key)
        if seconds is not None and not (is_int(seconds) and abs(seconds / 60 - minutes) < MINUTE):
            errors.append(f"shape: {where} intervals {key} {seconds!r} is not {minutes} min")
    if is_int(run_s) and abs(run_s * repeats / 60 - running) > MINUTE:
        errors.append(f"shape: {where} intervals run_s × repeats is not {running} min")
    seconds_total = None
    if isinstance(run_s, int) and isinstance(walk_s, int):
        seconds_total = (run_s + walk_s) * repeats / 60
    if seconds_total is not None and is_number(total) and abs(seconds_total - total) > MINUTE:
        errors.append(f"shape: {where} intervals seconds do not add up to {total} min")
    return errors


def _check_exercises(where: str, exercises: object) -> list[str]:
    if not isinstance(exercises, list):
        return [f"shape: {where} exercises is {exercises!r}"]
    errors = []
    for e in exercises:
        if not isinstance(e, Mapping) or EXERCISE_KEYS - set(e):
            errors.append(f"shape: {where} exercise {e!r}")
            continue
        name = e["id"]
        if not isinstance(name, str) or not name:
            errors.append(f"shape: {where} exercise id {name!r}")
        if e["region"] not in REGIONS:
            errors.append(f"shape: {where} exercise {name} region {e['region']!r}")
        if not (is_int(e["level"]) and 1 <= e["level"] <= 5):
            errors.append(f"shape: {where} exercise {name} level {e['level']!r}")
        if not (is_int(e["sets"]) and e["sets"] >= 1):
            errors.append(f"shape: {where} exercise {name} sets {e['sets']!r}")
        for key in ("reps", "seconds"):
            if e[key] is not None and not (is_int(e[key]) and e[key] > 0):
                errors.append(f"shape: {where} exercise {name} {key} {e[key]!r}")
        if e["reps"] is None and e["seconds"] is None:
            errors.append(f"shape: {where} exercise {name} has neither reps nor seconds")
        if not isinstance(e["per_leg"], bool):
            errors.append(f"shape: {where} exercise {name} per_leg {e['per_leg']!r}")
    return errors


def _check_decision(where: str, decision: object) -> list[str]:
    if not isinstance(decision, Mapping):
        return [f"shape: {where} decision is {decision!r}"]
    errors = []
    if decision.get("action") not in ACTIONS:
        errors.append(f"shape: {where} action {decision.get('action')!r}")
    rules = decision.get("rules")
    if not (isinstance(rules, list) and rules):
        errors.append(f"shape: {where} decision names no rule")
    elif not all(
        isinstance(r, str) and (r == "CLIN" or (r[:1] == "R" and r[1:].isdigit())) for r in rules
    ):
        errors.append(f"shape: {where} decision rules {rules!r}")
    message = decision.get("message")
    if not (isinstance(message, str) and message.strip()):
        errors.append(f"shape: {where} decision has no message")
    return errors
