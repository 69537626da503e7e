"""Load caps and running rules: R15, R16 (§11b.6), R17, R19 (§11b.5), R23, R24; §11b.9.

Readings (the engine's conventions C1–C6, C11, C14 of the design brief):
- R16 and R17 count Monday weeks (plan.py) and what was run (recorded runs included, §11b.9);
  each prescribed run is checked cumulatively: the week's running before that day plus the
  run stays within the cap; only prescribed runs can break a cap;
- R16's factor is 1.05 on ST3/ST4 days and for the R35 higher-risk profile, else 1.10; a week
  after a week without running is exempt;
- R15 applies from ST4 on, to confirmed runs (reported done, or recorded) of the 30 days before,
  the runner's longest recent run counting as a run the day before the plan;
- R23: no walk-run the day after a day with running; a walk-run session is never longer than
  the phase table's (it may be trimmed to fit R16).
A violation caused by a recorded run carries the tag 11b.9.
"""

from __future__ import annotations

from .facts import PHASE_RUN_MINUTES, ST3_P1, ST4, ST5
from .plan import Plan

SINGLE_RUN_CAP = 1.10  # R15
LOOKBACK_DAYS = 30  # R15
WEEKLY_CAP_RETURN = 1.05  # R16 return-to-run / R35 higher risk
WEEKLY_CAP_NORMAL = 1.10  # R16 normal mode
MINUTES_SLACK, KM_SLACK = 0.02, 0.01  # C3 rounding
R15_SLACK = 0.01  # C5
WALK_RUN_MAX_KM = 3.22  # R23: the last walk-run phase is 2.0 miles
ALL_GREEN_DAYS = 14  # R19
REPORTED_DAYS_NEEDED = 10  # §11b.5


def _tag(rule: str, recorded: bool) -> str:
    return f"{rule}/11b.9" if recorded else rule


def check_single_run_cap(plan: Plan) -> list[str]:
    """R15 (C5): from ST4 on, a run ≤ 1.10 × the longest confirmed run of the 30 days before."""
    errors: list[str] = []
    longest_before = float(plan.facts.runner.get("longest_recent_run_km") or 0)
    confirmed: list[tuple[float, bool]] = []  # (km, recorded) by day
    for j in range(plan.n):
        x = plan.inputs[j]
        if x.actual is not None:
            confirmed.append((x.actual.km, True))
        elif plan.prescribed[j] is not None and x.reported and x.done:
            confirmed.append((plan.prescribed[j].km, False))  # type: ignore[union-attr]
        else:
            confirmed.append((0.0, False))
    for i in range(plan.n):
        planned = plan.prescribed[i]
        if planned is None or plan.rungs[i] < ST4:  # C5: from ST4 on
            continue
        refs = [confirmed[j] for j in range(max(0, i - LOOKBACK_DAYS), i) if confirmed[j][0] > 0]
        if longest_before > 0 and i - LOOKBACK_DAYS <= -1:
            refs.append((longest_before, False))
        if not refs:
            continue
        km, recorded = max(refs)
        if planned.km > SINGLE_RUN_CAP * km + R15_SLACK:
            errors.append(
                f"{_tag('R15', recorded)}: {plan.date(i)} run of {planned.km:g} km > 1.10 × "
                f"{km:g} km, the longest confirmed run of the 30 days before"
            )
    return errors


def weekly_factor(plan: Plan, i: int) -> float:
    """R16 (C3): 1.05 in ST3/ST4 and for the higher-risk profile, 1.10 in ST5 otherwise."""
    if plan.rungs[i] == ST5 and not plan.facts.higher_risk():
        return WEEKLY_CAP_NORMAL
    return WEEKLY_CAP_RETURN


def check_weekly_caps(plan: Plan) -> list[str]:
    """R16 (§11b.6, C3) and R17 (C4) at each prescribed run, by Monday week."""
    errors: list[str] = []
    for i in range(plan.n):
        planned = plan.prescribed[i]
        if planned is None:
            continue
        w = plan.week_of(i)
        before, previous = plan.week(w, before=i), plan.week(w - 1)
        recorded = before.recorded or previous.recorded
        monday = plan.week_monday(w)
        if before.run_days + 1 > previous.run_days + 1:
            errors.append(
                f"{_tag('R17', recorded)}: {plan.date(i)} is run day {before.run_days + 1} of the "
                f"week of {monday} after {previous.run_days} run days the week before"
            )
        if previous.size.empty:
            continue  # §11b.6: no base to grow from
        factor = weekly_factor(plan, i)
        total = before.size + planned
        for unit, done, base, slack in (
            ("min", total.minutes, previous.size.minutes, MINUTES_SLACK),
            ("km", total.km, previous.size.km, KM_SLACK),
        ):
            if done > factor * base + slack:
                errors.append(
                    f"{_tag('R16/11b.6', recorded)}: {plan.date(i)} brings the week of {monday} "
                    f"to {done:.2f} {unit} > {factor:.2f} × {base:.2f} {unit} the week before"
                )
    return errors


def check_walk_run(plan: Plan) -> list[str]:
    """R23 (C6): a rest day after any running in walk-run; sessions within the phase table."""
    errors: list[str] = []
    for i in range(plan.n):
        d, planned = plan.days[i], plan.prescribed[i]
        if planned is None or d["stage"] != "ST3":
            continue
        table = PHASE_RUN_MINUTES[d["walk_run_phase"] - 1]
        if planned.minutes > table + 0.005:
            errors.append(
                f"R23: {d['date']} walk-run phase {d['walk_run_phase']} runs {planned.minutes:g} "
                f"min > the table's {table}"
            )
        if (d["run"]["distance_km"] or 0) > WALK_RUN_MAX_KM:
            errors.append(f"R23: {d['date']} walk-run of {d['run']['distance_km']} km > 2 miles")
        if i > 0 and plan.running[i - 1] is not None:
            recorded = plan.inputs[i - 1].actual is not None
            errors.append(
                f"{_tag('R23', recorded)}: {d['date']} walk-run the day after running on "
                f"{plan.date(i - 1)}{' (recorded)' if recorded else ''}"
            )
    return errors


def check_terrain_and_cadence(plan: Plan) -> list[str]:
    """R19 (§11b.5, C11) terrain and intensity; R24 cadence within baseline × 1.05–1.10."""
    errors: list[str] = []
    baseline = plan.facts.runner.get("baseline_cadence_spm")
    for i, d in enumerate(plan.days):
        run = d["run"]
        if run is None:
            continue
        if run["terrain"] != "flat" or run["intensity"] != "easy":
            errors += _check_relaxed(plan, i)
        target = run["cadence_target_spm"]
        if baseline is None:
            if target is not None:
                errors.append(f"R24: {d['date']} cadence target {target} without a baseline")
        elif target is None:
            errors.append(f"R24: {d['date']} no cadence target despite baseline {baseline}")
        else:
            low, high = round(baseline * 1.05), round(baseline * 1.10)
            if not low <= target <= high:
                errors.append(
                    f"R24: {d['date']} cadence target {target} outside {low}–{high} "
                    f"(baseline {baseline})"
                )
    return errors


def _check_relaxed(plan: Plan, i: int) -> list[str]:
    """C11: hills or normal pace only in ST5 after 14 days in ST3+ with every prescribed session
    reported and green-passed (skipped ones aside) and at least 10 of the 14 days reported."""
    d, facts = plan.days[i], plan.facts
    run = d["run"]
    what = f"{d['date']} {d['stage']} run is {run['terrain']}/{run['intensity']}"
    if d["stage"] != "ST5":
        return [f"R19: {what} before usual training (ST5)"]
    window = range(max(0, i - ALL_GREEN_DAYS), i)
    if i < ALL_GREEN_DAYS or any(plan.rungs[j] < ST3_P1 for j in window):
        return [f"R19: {what} without 14 days of running stages before"]
    sessions = [j for j in window if plan.is_session(j) and not facts.inputs[j].skipped]
    unreported = [j for j in sessions if not facts.inputs[j].reported or facts.inputs[j].blank]
    if unreported:
        return [
            f"R19/11b.5: {what} with session(s) not reported on {facts.inputs[unreported[0]].day}"
        ]
    reported = sum(1 for j in window if facts.inputs[j].reported)
    if reported < REPORTED_DAYS_NEEDED:
        return [f"R19/11b.5: {what} with only {reported} of the 14 days before reported"]
    failed = [j for j in sessions if not facts.green_passed(j)]
    if failed:
        return [f"R19: {what} after a session not green-passed on {facts.inputs[failed[0]].day}"]
    return []
