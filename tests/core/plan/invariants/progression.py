"""Triage, the start, moving up and stepping back (R1–R3, R9, R11–R14, R20–R22, C12, C14).

Readings (the engine's conventions C11, C12 of the design brief):
- "progress" on a day is a step up of the ladder or the action "progress"; running progression
  (R20) is a step up or a prescribed run longer than the last run (§11b.4);
- R13's "two consecutive Green-passed sessions" count the prescribed sessions of the kind the
  rung asks for (walk in ST1, hop test in ST2, run from ST3) since the runner reached the rung:
  a skipped session counts neither way, an unreported or blank one is not green (§11b.5), and
  in walk-run only full sessions (the R23 table's running minutes) count;
- R14 drops are read on any reported day (a rest day's pain counts: the knee reacted to
  something); two ambers in a row are counted by session (section_11b.py, §11b.3).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .facts import (
    CAUTION,
    GREEN_MAX,
    ST0,
    ST1,
    ST2,
    ST3_P1,
    ST3_P6,
    ST5,
    rung_name,
    worst_function,
)
from .plan import Plan

FREEZE_DAYS = 7  # R20
GENTLE_MAX_LEVEL = 2  # §11b.2

URGENT_FLAGS = (
    "unable_to_bear_weight", "visible_deformity", "locked_knee", "kneecap_dislocated",
    "cannot_straighten_leg", "calf_pain_swelling", "foot_numb_cold", "swelling_within_2h_of_twist",
)  # fmt: skip
OTTAWA_ITEMS = ("patellar_tenderness_isolated", "fibular_head_tenderness", "cannot_flex_90")
SOON_FLAGS = (
    "swelling", "hot_red_knee", "fever_or_unwell", "giving_way", "night_or_rest_pain",
    "weight_loss_or_cancer_history", "morning_stiffness_over_30min", "other_joints_affected",
    "pain_localised_to_point", "reds_signs", "cannot_flex_90",
)  # fmt: skip
ALLOWED_ORDER = ("none", "exercise_only", "full")
TRIAGE_ALLOWS = {
    "urgent_care": "none",
    "see_clinician_soon": "exercise_only",
    "unclear_see_clinician": "exercise_only",
    "likely_pfp": "full",
}


def most_allowed_by_flags(triage: Mapping[str, Any]) -> str:
    """The most the triage answers allow by R1–R3 and §11b.11 alone (R4 can only lower it)."""
    swelling = triage.get("swelling")
    trauma = triage.get("onset") == "after_trauma"
    age = triage.get("age", 34)
    if (
        any(triage.get(flag) for flag in URGENT_FLAGS)
        or (triage.get("fever_or_unwell") and (triage.get("hot_red_knee") or swelling))
        or (swelling and (triage.get("hot_red_knee") or triage.get("immunocompromised")))
        or (trauma and (age >= 55 or any(triage.get(item) for item in OTTAWA_ITEMS)))
    ):
        return "none"
    young_flag = triage.get("tibial_tubercle_or_lower_pole_pain") or triage.get("hip_or_thigh_pain")
    if (
        any(triage.get(flag) for flag in SOON_FLAGS)
        or trauma
        or age >= 50
        or age < 12
        or (age < 16 and young_flag)
    ):
        return "exercise_only"
    return "full"


def check_triage(plan: Plan, output: Mapping[str, Any]) -> list[str]:
    """R1/R3: urgent → refer only; see a clinician / unclear → never running, and (§11b.2:
    running paused by an R3 flag) gentle exercises only."""
    errors: list[str] = []
    outcome = output["summary"]["triage_outcome"]
    allowed = TRIAGE_ALLOWS.get(outcome, "none")
    ceiling = most_allowed_by_flags(plan.facts.scenario.get("triage") or {})
    if ALLOWED_ORDER.index(ceiling) < ALLOWED_ORDER.index(allowed):
        errors.append(
            f"R1: (R1–R3) triage outcome {outcome} allows {allowed}, the answers allow at most "
            f"{ceiling}"
        )
        allowed = ceiling
    for d in plan.days:
        if allowed == "none":
            extra = [k for k in ("run", "walk_minutes", "cross_training") if d[k] is not None]
            extra += [k for k in ("exercises", "hop_test") if d[k]]
            action = d["decision"]["action"]
            if extra or action != "refer":
                errors.append(f"R1: {d['date']} urgent care but {extra or ''} action {action}")
        elif allowed == "exercise_only":
            if d["run"] is not None or d["stage"] in ("ST3", "ST4", "ST5") or d["hop_test"]:
                errors.append(f"R3: {d['date']} running ({d['stage']}) on an exercise-only plan")
            if any(e["region"] == "plyometric" for e in d["exercises"]):
                errors.append(f"R3: {d['date']} plyometrics on an exercise-only plan")
            level = max((e["level"] for e in d["exercises"]), default=0)
            if level > GENTLE_MAX_LEVEL:
                errors.append(
                    f"R3/11b.2: {d['date']} exercises at level {level} while running is paused "
                    "by the triage (gentle exercise only)"
                )
    return errors


def check_start(plan: Plan) -> list[str]:
    """R21/R22 on day one: walking needs comfortable daily activities; running also needs a
    runner who is running now (keep-running path); never straight into usual training."""
    start = plan.rungs[0] if plan.n else ST0
    if start == ST0:
        return []
    function = plan.facts.latest_function(0)
    errors = []
    worst = worst_function(function)
    first = plan.date(0)
    if worst is None or worst > GREEN_MAX:
        errors.append(f"R22: {first} starts at {rung_name(start)} with function {function}")
    if start >= ST3_P1 and not plan.facts.runner.get("running_now"):
        errors.append(f"R21: {first} starts running a runner who is not running now")
    if start == ST5:
        errors.append(f"R19: {first} starts at ST5")
    return errors


def check_progression(plan: Plan) -> list[str]:
    """R9, R11, R13, R14, R20, R22: when the plan may (not) step up."""
    errors: list[str] = []
    facts, rungs = plan.facts, plan.rungs
    load_days = [i for i, x in enumerate(facts.inputs) if x.reported and x.new_load is not None]
    for t in range(1, plan.n):
        date_t, action = plan.date(t), plan.actions[t]
        up = rungs[t] - rungs[t - 1]
        move = f"{rung_name(rungs[t - 1])} → {rung_name(rungs[t])}"
        if up > 1:
            errors.append(f"R13: {date_t} jumps {up} rungs ({move})")
        what = f"{date_t} progresses ({move}, action {action})"
        if up > 0 or plan.run_grows(t):
            freeze = [n for n in load_days if n <= t < n + FREEZE_DAYS]
            if freeze:
                n = freeze[-1]
                grown = "" if up > 0 else " with a longer run"
                errors.append(
                    f"R20: {what}{grown} within a week of new load "
                    f"({facts.inputs[n].new_load} on {facts.inputs[n].day})"
                )
        if up > 0:
            errors += _check_gate(plan, t, what)
        if not (up > 0 or action == "progress"):
            continue
        y = facts.inputs[t - 1]
        if y.red or y.amber_today:
            zone = "red" if y.red else "amber"
            errors.append(f"R14: {what} the day after a {zone} session ({y.describe()})")
        delta = facts.r9_delta(t - 1) if y.judged else None
        if delta is not None and delta >= 1:
            errors.append(f"R9: {what} on a morning {delta} point(s) worse than the baseline")
        trend = facts.trend(t)
        if trend in ("hold", "regress"):
            errors.append(f"R11: {what} while the weekly trend says {trend}")
    return errors


def _check_gate(plan: Plan, t: int, what: str) -> list[str]:
    """R13/R22 (§11a.2, C11, C12): the gate of the rung the runner is leaving."""
    facts, k = plan.facts, plan.rungs[t - 1]
    if k == ST0:
        function = facts.latest_function(t)
        worst = worst_function(function)
        if worst is None or worst > GREEN_MAX:
            return [f"R22: {what} without daily activities at 2/10 or less ({function})"]
        return []
    kind = {ST1: "walk_minutes", ST2: "hop_test"}.get(k, "run")
    first = t - 1
    while first > 0 and plan.rungs[first - 1] == k:
        first -= 1
    sessions = [
        i
        for i in range(first, t)
        if plan.days[i][kind]
        and not facts.inputs[i].skipped
        and (not ST3_P1 <= k <= ST3_P6 or plan.full_walk_run(i))
    ]
    needed = 1 if k in (ST1, ST2) else 2
    last = sessions[-needed:]
    if len(last) == needed and all(facts.green_passed(i) for i in last):
        return []
    missing = any(not facts.inputs[i].reported or facts.inputs[i].blank for i in last)
    rule = ("R22" if k in (ST1, ST2) else "R13") + ("/11b.5" if missing else "")
    full = " full" if ST3_P1 <= k <= ST3_P6 else ""
    shown = ", ".join(f"{facts.inputs[i].day} {_state(plan, i)}" for i in last) or "none"
    return [
        f"{rule}: {what} without {needed}{full} green-passed session(s) at {rung_name(k)} "
        f"(last: {shown})"
    ]


def _state(plan: Plan, i: int) -> str:
    x = plan.inputs[i]
    if not x.reported:
        return "unreported"
    if x.blank:
        return "blank"
    return plan.facts.outcome(i)


def check_regression(plan: Plan) -> list[str]:
    """R9, R11, R14: when the plan must step back, and by how much (at least)."""
    errors: list[str] = []
    facts, rungs = plan.facts, plan.rungs
    last_trend_drop: int | None = None
    for t in range(1, plan.n):
        y = facts.inputs[t - 1]
        drop, why = 0, []
        delta = facts.r9_delta(t - 1) if y.judged else None
        if y.red:
            drop = 2 if y.limp else 1
            why.append(f"R14 red session ({y.describe()})")
        elif delta is not None and delta >= 2:
            drop = 1
            why.append(f"R9 morning {delta} points worse")
        if facts.trend(t) == "regress" and (last_trend_drop is None or t - last_trend_drop >= 7):
            drop = max(drop, 1)
            why.append("R11 weekly trend +2")
            last_trend_drop = t
        if not drop or rungs[t - 1] == ST0:
            continue
        expected = max(ST0, rungs[t - 1] - drop)
        reason = "; ".join(why)
        if rungs[t] > expected:
            errors.append(
                f"R14: {plan.date(t)} should step back {drop} ({reason}) from "
                f"{rung_name(rungs[t - 1])}, got {rung_name(rungs[t])}"
            )
        if CAUTION[plan.actions[t]] < CAUTION["regress"]:
            errors.append(
                f"R14: {plan.date(t)} steps back ({reason}) with action {plan.actions[t]}"
            )
    return errors


def check_escalations(plan: Plan) -> list[str]:
    """R12 (two reds in 7 days / red with a persisting limp) and R3 (morning swelling)."""
    errors: list[str] = []
    for e in plan.facts.escalation_days():
        d = plan.days[e]
        action = d["decision"]["action"]
        if d["stage"] != "ST0" or action not in ("pause_running", "refer"):
            errors.append(
                f"R12: {d['date']} should pause running (ST0, pause_running), got "
                f"{d['stage']} / {action}"
            )
        if "R12" not in d["decision"]["rules"] and action != "refer":
            errors.append(f"R12: {d['date']} pauses running without naming R12")
    for i, x in enumerate(plan.inputs):
        if not (x.reported and x.swelling):
            continue
        d = plan.days[i]
        if d["run"] is not None:
            errors.append(f"R3: {d['date']} prescribes a run on a morning with swelling")
        if d["decision"]["action"] != "refer":
            errors.append(f"R3: {d['date']} morning swelling gives {d['decision']['action']}")
        if d["stage"] != "ST0":
            errors.append(f"R3: {d['date']} morning swelling leaves the runner in {d['stage']}")
    return errors
