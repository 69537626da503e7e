"""Exercise rules: R26 hip + knee, R27 3–5 days a week, R28 and §11b.8 (C12) levels.

Readings (the engine's convention C12 of the design brief): a day's level is the highest level
of its exercises. Between consecutive exercise days it goes up by at most one, only on a
"progress" day, and at least 7 days after the previous change (up or down; the first exercise
day counts as a change). Level 5 and plyometrics need stage ST3 or later, plan day 21 or later
(the programme's fourth week), no pause, and a hop test passed since the last pause (an ST2 day
followed by an ST3 day) or a plan that started in ST4 (R21 path) with no pause since.
"""

from __future__ import annotations

from .facts import ST2, ST3_P1, ST4
from .plan import Plan

TOP_LEVEL = 5
LEVEL_HOLD_DAYS = 7  # §11b.8
PLYO_FROM_DAY = 21  # §11b.8: not before the programme's fourth week
BLOCK = 7  # R27: 7-day plan blocks


def check_exercise_days(plan: Plan) -> list[str]:
    """R26 hip + knee on every exercise day; R27 3–5 exercise days per 7-day plan block."""
    errors: list[str] = []
    for d in plan.days:
        regions = {e["region"] for e in d["exercises"]}
        if regions and not {"hip", "knee"} <= regions:
            errors.append(f"R26: {d['date']} exercises without hip and knee: {sorted(regions)}")
        plyo = [e for e in d["exercises"] if e["region"] == "plyometric"]
        if any(e["level"] != TOP_LEVEL for e in plyo):
            errors.append(f"R28: {d['date']} plyometrics below level 5")
    for b in range(plan.n // BLOCK):
        count = sum(1 for i in range(BLOCK * b, BLOCK * b + BLOCK) if plan.days[i]["exercises"])
        if count and not 3 <= count <= 5:
            errors.append(
                f"R27: the 7 days from {plan.date(BLOCK * b)} have {count} exercise days "
                f"(3–5 expected)"
            )
    return errors


def check_levels(plan: Plan) -> list[str]:
    """§11b.8 (C12): levels move slowly."""
    errors: list[str] = []
    previous: int | None = None  # the last exercise day
    changed: int | None = None  # the last change of level (or the first exercise day)
    for i, level in enumerate(plan.levels):
        if level is None:
            continue
        if previous is not None:
            before = plan.levels[previous]
            assert before is not None
            if level > before:
                errors += _check_step_up(plan, i, before, level, changed)
            if level != before:
                changed = i
        else:
            changed = i
        previous = i
        if level >= TOP_LEVEL or any(
            e["region"] == "plyometric" for e in plan.days[i]["exercises"]
        ):
            errors += _check_top_level(plan, i)
    return errors


def _check_step_up(plan: Plan, i: int, before: int, level: int, changed: int | None) -> list[str]:
    errors = []
    date_i = plan.date(i)
    if level - before > 1:
        errors.append(f"11b.8: {date_i} exercises jump from level {before} to {level}")
    if plan.actions[i] != "progress":
        errors.append(
            f"11b.8: {date_i} exercises go up to level {level} with action {plan.actions[i]}"
        )
    if changed is not None and i - changed < LEVEL_HOLD_DAYS:
        errors.append(
            f"11b.8: {date_i} exercises go up to level {level} {i - changed} days after the last "
            f"change ({plan.date(changed)})"
        )
    return errors


def _check_top_level(plan: Plan, i: int) -> list[str]:
    """Level 5 and plyometrics (R28, §11b.8, §11b.12f)."""
    why = []
    if plan.rungs[i] < ST3_P1:
        why.append(f"in {plan.days[i]['stage']}")
    if i < PLYO_FROM_DAY:
        why.append("before the fourth week")
    if plan.paused(i) is not None:
        why.append("while paused")
    since = plan.last_pause_start(i)
    first = 0 if since is None else since
    hop_passed = any(plan.rungs[j] == ST2 and plan.rungs[j + 1] >= ST3_P1 for j in range(first, i))
    keep_running = plan.rungs[0] == ST4 and since is None
    if not (hop_passed or keep_running):
        why.append(
            "without a hop test passed since the last pause"
            if since is not None
            else "without a passed hop test (and not on the keep-running path)"
        )
    if not why:
        return []
    return [f"R28/11b.8: {plan.date(i)} level 5 or plyometrics {', '.join(why)}"]
