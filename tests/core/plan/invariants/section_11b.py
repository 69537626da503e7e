"""The clarifications after the first clinical review (clinical-evidence.md §11b.1–§11b.4,
§11b.7), read with the engine's conventions C7–C10 and C13 of the design brief.

- §11b.1 (C7): a red morning (morning pain ≥5, a limp that morning, swelling, or a daily
  activity ≥5, on a reported day) has no run, walk, hop test or plyometrics and exercises at
  level 2 or below; an amber morning (pain 3–4) is not a "progress" day.
- §11b.2 (C9): while paused (plan.py), exercises at level 2 or below, no plyometrics, no hop test
  outside ST2; after an R12 or swelling pause ST0 is left only after `seen_clinician` on a
  reported day or 3 settled reported days; a pause is left only through ST2 again.
- §11b.3 (C10): two AMBER outcomes in a row among the run/walk/hop-test sessions at one rung,
  no green-passed one between, step back the next morning.
- §11b.4 (C8): on a hold, regress, pause or refer day a run is no longer than the last run and
  no exercise level is above the last exercise day's.
- §11b.7 (C13): an all-Green, fully reported runner keeps growing.
"""

from __future__ import annotations

from .facts import (
    CAUTION,
    GREEN_MAX,
    NOTHING,
    ST0,
    ST2,
    ST3_P1,
    ST4,
    Size,
    rung_name,
    worst_function,
)
from .plan import TOLERANCE, Plan

GENTLE_MAX_LEVEL = 2
SETTLED_DAYS = 3
NO_ADDED_LOAD = frozenset({"hold", "regress", "pause_running", "refer", "start"})
STALL_WEEKS = 3  # C13: no growth for 3 complete weeks in a row
REACH_SHARE, REACH_DAYS = 0.90, 56  # C13: 90 % of the usual week within 8 weeks
START_SHARE = 0.75  # C13: "keeps running from at least 75 % of their usual weekly distance"
DEFAULT_RUN_KM, DEFAULT_WEEK_KM = 5.0, 15.0


def check_red_mornings(plan: Plan) -> list[str]:
    """§11b.1 (C7)."""
    errors: list[str] = []
    for i, d in enumerate(plan.days):
        why = plan.facts.red_morning(i)
        if why is None:
            if plan.facts.amber_morning(i) and plan.actions[i] == "progress":
                errors.append(
                    f"11b.1: {d['date']} progresses on an amber morning "
                    f"({plan.inputs[i].morning_pain}/10)"
                )
            continue
        given = [k for k in ("run", "walk_minutes") if d[k]] + (
            ["hop test"] if d["hop_test"] else []
        )
        if any(e["region"] == "plyometric" for e in d["exercises"]):
            given.append("plyometrics")
        if (plan.levels[i] or 0) > GENTLE_MAX_LEVEL:
            given.append(f"exercises at level {plan.levels[i]}")
        if given:
            errors.append(f"11b.1: {d['date']} red morning ({why}) but {', '.join(given)}")
    return errors


def check_pauses(plan: Plan) -> list[str]:
    """§11b.2 (C9)."""
    errors: list[str] = []
    for i, d in enumerate(plan.days):
        pause = plan.paused(i)
        if pause is None:
            continue
        since = plan.date(pause.start)
        if (plan.levels[i] or 0) > GENTLE_MAX_LEVEL:
            errors.append(
                f"11b.2: {d['date']} exercises at level {plan.levels[i]} while paused since {since}"
            )
        if any(e["region"] == "plyometric" for e in d["exercises"]):
            errors.append(f"11b.2: {d['date']} plyometrics while paused since {since}")
        if d["hop_test"] and d["stage"] != "ST2":
            errors.append(f"11b.2: {d['date']} hop test in {d['stage']} while paused since {since}")
    for pause in plan.pauses:
        inside = range(pause.start + 1, pause.end)
        since = plan.date(pause.start)
        if pause.kind != "drop":
            left = next((t for t in inside if plan.rungs[t] > ST0), None)
            if left is not None and not _cleared(plan, pause.start, left, pause.kind):
                errors.append(
                    f"11b.2: {plan.date(left)} leaves ST0 after the {pause.kind} pause of {since} "
                    f"before a clinician was seen or {SETTLED_DAYS} settled days"
                )
        if pause.end < plan.n and not any(plan.rungs[t] == ST2 for t in inside):
            errors.append(
                f"11b.2: {plan.date(pause.end)} back to {plan.days[pause.end]['stage']} after the "
                f"pause of {since} without the hop test (ST2) again"
            )
    return errors


def _cleared(plan: Plan, start: int, t: int, kind: str) -> bool:
    """C9: `seen_clinician` on a reported day of the pause, or 3 settled reported days in a row
    after its start, by the morning of day t."""
    inputs = plan.inputs
    if any(x.reported and x.seen_clinician for x in inputs[start : t + 1]):
        return True
    run = 0
    for j in range(start + 1, t + 1):
        x = inputs[j]
        settled = x.reported and not x.swelling and not x.morning_limp
        if kind == "R12":
            pain_ok = x.morning_pain is None or x.morning_pain <= GREEN_MAX
            settled = settled and pain_ok and not inputs[j - 1].red
        run = run + 1 if settled else 0
        if run >= SETTLED_DAYS:
            return True
    return False


def check_ambers_by_session(plan: Plan) -> list[str]:
    """§11b.3 (C10)."""
    errors: list[str] = []
    facts = plan.facts
    rung: int | None = None
    streak: list[int] = []
    for s in range(plan.n - 1):
        if plan.rungs[s] != rung:
            streak = []
        rung = plan.rungs[s]
        if not plan.is_session(s) or rung == ST0:
            continue
        outcome = facts.outcome(s)
        if outcome in ("green", "red"):
            streak = []
        elif outcome == "amber":
            streak.append(s)
        if len(streak) < 2:
            continue
        nxt = s + 1
        if plan.rungs[nxt] >= rung or CAUTION[plan.actions[nxt]] < CAUTION["regress"]:
            dates = " and ".join(plan.date(j) for j in streak)
            errors.append(
                f"R14/11b.3: {plan.date(nxt)} should step back from {rung_name(rung)} after "
                f"amber sessions on {dates}, got {rung_name(plan.rungs[nxt])} ({plan.actions[nxt]})"
            )
        streak = []
    return errors


def check_no_added_load(plan: Plan) -> list[str]:
    """§11b.4 (C8)."""
    errors: list[str] = []
    last_level: int | None = None
    for i, d in enumerate(plan.days):
        action = plan.actions[i]
        if action in NO_ADDED_LOAD:
            planned, last = plan.prescribed[i], plan.last_run_before(i)
            if planned is not None and last is not None and plan.run_grows(i):
                j, bounds = last
                errors.append(
                    f"11b.4: {d['date']} ({action}) runs {planned} > the last run on "
                    f"{plan.date(j)} ({' or '.join(map(str, bounds))})"
                )
            level = plan.levels[i]
            if level is not None and last_level is not None and level > last_level:
                errors.append(
                    f"11b.4: {d['date']} ({action}) exercises at level {level} > {last_level} "
                    f"of the last exercise day"
                )
        if plan.levels[i] is not None:
            last_level = plan.levels[i]
    return errors


def all_green(plan: Plan) -> bool:
    """C13: every day's effective response reported and Green; nothing recorded."""
    facts = plan.facts
    worst = worst_function(facts.scenario.get("function"))
    if worst is None or worst > GREEN_MAX:
        return False
    for i, x in enumerate(facts.inputs):
        f = worst_function(facts.latest_function(i))
        if not (
            x.reported
            and x.done
            and x.morning_pain is not None
            and x.morning_pain <= 1
            and x.pain_during is not None
            and x.pain_after is not None
            and max(x.pains) <= GREEN_MAX
            and x.pain_after <= x.morning_pain
            and not (x.limp or x.sharp or x.swelling or x.morning_limp or x.new_load)
            and (f is None or f <= GREEN_MAX)
            and x.actual is None
        ):
            return False
    return True


def usual_week_km(plan: Plan) -> float:
    runner = plan.facts.runner
    km = float(runner.get("usual_weekly_km") or 0)
    if km > 0:
        return km
    runs = int(runner.get("usual_runs_per_week") or 0)
    return runs * DEFAULT_RUN_KM if runs > 0 else DEFAULT_WEEK_KM


def _week_volume(plan: Plan, w: int) -> Size:
    """The prescribed running of Monday week w."""
    total = NOTHING
    for i in plan.week_days(w):
        total = total + (plan.prescribed[i] or NOTHING)
    return total


def check_growth(plan: Plan, triage_outcome: str) -> list[str]:
    """§11b.7 (C13): an all-Green runner below their usual week is never left without growth
    for 3 complete Monday weeks in a row (from the first complete week in ST3 or later), and
    one who starts on the R21 path reaches 90 % of their usual week within 8 weeks."""
    if triage_outcome != "likely_pfp" or not all_green(plan):
        return []
    errors: list[str] = []
    usual_km = usual_week_km(plan)
    complete = plan.complete_weeks()
    volume = {w: _week_volume(plan, w) for w in complete}
    running = [w for w in complete if all(plan.rungs[i] >= ST3_P1 for i in plan.week_days(w))]
    stalled: list[int] = []
    for w in complete:
        if not running or w <= running[0]:
            continue
        # Below the usual week: distances are rounded to 0.1 km, so allow 0.05 km.
        below = volume[w].km < usual_km - 0.05 and volume[w].minutes < usual_km * 7 - 0.5
        flat = volume[w].minutes <= volume[w - 1].minutes + TOLERANCE
        stalled = [*stalled, w] if flat and below else []
        if len(stalled) == STALL_WEEKS:
            shown = ", ".join(f"{volume[v].minutes:.1f}" for v in [stalled[0] - 1, *stalled])
            errors.append(
                f"11b.7: {plan.week_monday(w)} ends {STALL_WEEKS} weeks without growth for an "
                f"all-Green runner ({shown} min a week, usual {usual_km:g} km)"
            )
    runner = plan.facts.runner
    usual = float(runner.get("usual_weekly_km") or 0)
    keep_running = runner.get("running_now") and plan.rungs[0] == ST4
    # "From at least 75 % of their usual weekly distance": unless R15 keeps the first week
    # below that (a reported longest run far below the usual run), when R15/R16 set the pace
    # (docs/clinical-rules.md choice 57).
    longest = float(runner.get("longest_recent_run_km") or 0)
    runs = int(runner.get("usual_runs_per_week") or 0) or 3
    r15_week = longest * 1.10 * runs if longest > 0 else usual
    from_75 = r15_week >= START_SHARE * usual - 0.05
    if plan.n >= REACH_DAYS and usual > 0 and keep_running and from_75:
        within = [w for w in complete if max(plan.week_days(w)) < REACH_DAYS]
        if not any(volume[w].km >= REACH_SHARE * usual - 0.01 for w in within):
            best = max((volume[w].km for w in within), default=0.0)
            errors.append(
                f"11b.7: {plan.date(REACH_DAYS - 1)} ends 8 weeks of all-Green keep-running (R21) "
                f"without a week at 90 % of the usual {usual:g} km (best {best:.1f} km)"
            )
    return errors
