"""An independent checker of the plan's safety invariants, written from the rules.

`check_plan(scenario, output)` reads a `kneewise plan simulate` JSON output the way an external
acceptance checker would (design.md §3.3) and returns every violation it finds, one sentence
each, naming the date and the rule. It re-derives zones, the next-morning rule, the weekly trend
and the caps from clinical-evidence.md §11/§11a itself; it imports nothing from the engine.

Readings of the rules used here (the engine's documented conventions, design brief):
- a day without a response repeats the most recent response (with its date changed);
- a session is judged when it was done and a pain (or a limp or sharp pain) was reported,
  on any day, prescribed or not (conservative);
- plan weeks are 7-day blocks from the start; the week before the plan is the runner's usual
  week if `running_now`, else empty; R15's reference includes `longest_recent_run_km` as a run
  on the day before the plan;
- R16 applies to continuous running (ST4/ST5): the distance done in a plan week up to and
  including any ST4/ST5 run stays within the cap; walk-run (ST3) follows R23's distances;
- a prescribed run counts as done unless its day's response says `done: false`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

STAGES = ("ST0", "ST1", "ST2", "ST3", "ST4", "ST5")
PHASES = 6
ACTIONS = frozenset({"start", "progress", "hold", "regress", "pause_running", "refer"})
CAUTION = {"progress": 0, "start": 1, "hold": 2, "regress": 3, "pause_running": 4, "refer": 5}
REGIONS = frozenset({"hip", "knee", "trunk", "plyometric"})
EXERCISE_KEYS = frozenset({"id", "region", "level", "sets", "reps", "seconds", "per_leg"})
TERRAINS = frozenset({"flat", "any"})
INTENSITIES = frozenset({"easy", "normal"})
TRIAGE_OUTCOMES = {
    "urgent_care": "none",
    "see_clinician_soon": "exercise_only",
    "unclear_see_clinician": "exercise_only",
    "likely_pfp": "full",
}
NEW_LOADS = frozenset({"strength", "cycling_commute", "hiking", "kneeling_work"})

# Rung numbers of the ladder: ST0, ST1, ST2, ST3 phase 1..6, ST4, ST5 (R13: one at a time).
ST0, ST1, ST2, ST3_P1, ST3_P6, ST4, ST5 = 0, 1, 2, 3, 8, 9, 10

GREEN_MAX = 2  # R6
AMBER_MAX = 4  # R6
SINGLE_RUN_CAP = 1.10  # R15
LOOKBACK_DAYS = 30  # R15
WEEKLY_CAP_RETURN = 1.05  # R16 return-to-run / R35 higher risk
WEEKLY_CAP_NORMAL = 1.10  # R16 normal mode
FREEZE_DAYS = 7  # R20
PAUSE_DAYS = 7  # R12 (engine's documented minimum), also used after morning swelling (R3)
ALL_GREEN_DAYS = 14  # R19
WALK_RUN_MAX_KM = 3.22  # R23: the last walk-run phase is 2.0 miles
EPS = 1e-9


def rung_of(day: Mapping[str, Any]) -> int:
    """ST0→0, ST1→1, ST2→2, ST3 phase p→2+p, ST4→9, ST5→10."""
    stage, phase = day["stage"], day["walk_run_phase"]
    if stage == "ST3":
        return ST3_P1 + phase - 1
    return {"ST0": ST0, "ST1": ST1, "ST2": ST2, "ST4": ST4, "ST5": ST5}[stage]


def rung_name(rung: int) -> str:
    if ST3_P1 <= rung <= ST3_P6:
        return f"ST3 phase {rung - ST3_P1 + 1}"
    return {ST0: "ST0", ST1: "ST1", ST2: "ST2", ST4: "ST4", ST5: "ST5"}[rung]


def _pain(value: object) -> int | None:
    """R6: a non-integer pain is rounded up."""
    return None if value is None else math.ceil(value)  # type: ignore[call-overload]


@dataclass(frozen=True)
class Input:
    """The effective check-in of one day, after copy-forward."""

    day: date
    reported: bool
    morning_pain: int | None = None
    pain_during: int | None = None
    pain_after: int | None = None
    limp: bool = False
    sharp: bool = False
    swelling: bool = False
    function: Mapping[str, float] | None = None
    new_load: str | None = None
    done: bool = True

    @property
    def pains(self) -> list[int]:
        return [p for p in (self.pain_during, self.pain_after) if p is not None]

    @property
    def judged(self) -> bool:
        """A session the pain rules can judge: done, with a pain or a limp/sharp report."""
        return self.reported and self.done and bool(self.pains or self.limp or self.sharp)

    @property
    def worst(self) -> int:
        """§11a.5: the worst of pain during and 60 minutes after."""
        return max(self.pains, default=0)

    @property
    def red(self) -> bool:
        """R6: ≥5, a limp or a sharp pain."""
        return self.judged and (self.worst > AMBER_MAX or self.limp or self.sharp)

    @property
    def unsettled(self) -> bool:
        """R8: pain 60 minutes after above the pre-session (morning) pain."""
        return (
            self.pain_after is not None
            and self.morning_pain is not None
            and self.pain_after > self.morning_pain
        )

    @property
    def amber(self) -> bool:
        """R6 amber (3–4) or R8 not settled, when not red."""
        return self.judged and not self.red and (self.worst > GREEN_MAX or self.unsettled)

    @property
    def daily_worst(self) -> int | None:
        """R11: the day's worst pain (session pains only if done)."""
        scores = [self.morning_pain]
        if self.done:
            scores += [self.pain_during, self.pain_after]
        known = [s for s in scores if s is not None]
        return max(known) if known else None


def effective_inputs(scenario: Mapping[str, Any]) -> list[Input]:
    """One Input per simulated day; a day without a response repeats the last one."""
    start = date.fromisoformat(scenario["start"])
    given = {date.fromisoformat(r["date"]): r for r in scenario.get("responses", [])}
    inputs: list[Input] = []
    last: Mapping[str, Any] | None = None
    for offset in range(scenario["days"]):
        day = start + timedelta(days=offset)
        response = given.get(day, last)
        if response is None:
            inputs.append(Input(day, reported=False))
            continue
        last = response
        inputs.append(
            Input(
                day=day,
                reported=True,
                morning_pain=_pain(response.get("morning_pain")),
                pain_during=_pain(response.get("pain_during")),
                pain_after=_pain(response.get("pain_after_60min")),
                limp=bool(response.get("limp", False)),
                sharp=bool(response.get("sharp", False)),
                swelling=bool(response.get("swelling", False)),
                function=response.get("function"),
                new_load=response.get("new_load"),
                done=bool(response.get("done", True)),
            )
        )
    return inputs


class _Facts:
    """What the rules say about the inputs, indexed by plan day (0-based offset)."""

    def __init__(self, scenario: Mapping[str, Any]) -> None:
        self.scenario = scenario
        self.runner = scenario["runner"]
        self.start = date.fromisoformat(scenario["start"])
        self.inputs = effective_inputs(scenario)
        self.n = len(self.inputs)

    def morning(self, i: int) -> int | None:
        return self.inputs[i].morning_pain if 0 <= i < self.n else None

    def baseline(self, i: int) -> int | None:
        """R9 baseline: the session day's morning pain, else the latest of the 3 mornings before."""
        for back in range(4):
            value = self.morning(i - back)
            if value is not None:
                return value
        return None

    def r9_delta(self, i: int) -> int | None:
        """R9 for a session on day i, known on the morning of day i+1."""
        nxt, base = self.morning(i + 1), self.baseline(i)
        if nxt is None or base is None:
            return None
        return nxt - base

    def green_passed(self, i: int) -> bool:
        """R10: green (≤2, no limp, not sharp), settled (R8 checkable) and R9 delta ≤ 0."""
        x = self.inputs[i]
        if not (x.judged and x.pains) or x.red or x.amber:
            return False
        if x.pain_after is None or x.morning_pain is None:
            return False
        delta = self.r9_delta(i)
        return delta is not None and delta <= 0

    def trend(self, i: int) -> str:
        """R11 on the morning of day i, over the 7 days ending yesterday vs the 7 before.
        Returns "not_computed", "hold", "regress" or "ok" (§11a.3)."""
        if i < 14:
            return "not_computed"

        def window(last: int) -> list[int]:
            scores = [self.inputs[j].daily_worst for j in range(last - 6, last + 1)]
            return [s for s in scores if s is not None]

        this, before = window(i - 1), window(i - 8)
        if len(this) < 4 or len(before) < 4:
            return "hold"
        delta = Fraction(sum(this), len(this)) - Fraction(sum(before), len(before))
        if delta >= 2:
            return "regress"
        if delta > Fraction(1, 2):
            return "hold"
        return "ok"

    def escalation_days(self) -> list[int]:
        """R12: plan days whose morning must pause running (day after the evidence is complete)."""
        reds = [i for i, x in enumerate(self.inputs) if x.red]
        found = set()
        for a, b in itertools.pairwise(reds):
            if b - a <= 7:
                found.add(b + 1)
        for r in reds:
            persists = r + 1 < self.n and self.inputs[r + 1].reported and self.inputs[r + 1].limp
            if self.inputs[r].limp and persists:
                found.add(r + 2)
        return sorted(d for d in found if d < self.n)

    def latest_function(self, i: int) -> Mapping[str, float] | None:
        for j in range(i, -1, -1):
            if self.inputs[j].function is not None:
                return self.inputs[j].function
        return self.scenario.get("function")

    def higher_risk(self) -> bool:
        """R35 (as far as the scenario tells): female, prior PFP, early specialisation,
        sleep under 8 h, REDs signs."""
        r = self.runner
        sleep = r.get("sleep_hours")
        return bool(
            r.get("sex") == "female"
            or r.get("prior_pfp")
            or r.get("early_specialization")
            or (sleep is not None and sleep < 8)
            or (self.scenario.get("triage") or {}).get("reds_signs")
        )


# Shape ------------------------------------------------------------------------------------


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_shape(scenario: Mapping[str, Any], output: Mapping[str, Any]) -> list[str]:
    errors: list[str] = []
    if not isinstance(output, Mapping) or not isinstance(output.get("days"), list):
        return ["shape: output has no days list"]
    days = output["days"]
    start = date.fromisoformat(scenario["start"])
    if len(days) != scenario["days"]:
        errors.append(f"shape: {len(days)} days in the output, {scenario['days']} asked for")
    for i, d in enumerate(days):
        where = f"day {i}"
        if not isinstance(d, Mapping):
            errors.append(f"shape: {where} is not an object")
            continue
        missing = {
            "date", "stage", "walk_run_phase", "run", "walk_minutes", "hop_test",
            "cross_training", "exercises", "decision",
        } - set(d)  # fmt: skip
        if missing:
            errors.append(f"shape: {where} lacks {sorted(missing)}")
            continue
        if d["date"] != (start + timedelta(days=i)).isoformat():
            errors.append(f"shape: {where} has date {d['date']!r}")
        where = d["date"]
        if d["stage"] not in STAGES:
            errors.append(f"shape: {where} stage {d['stage']!r}")
        phase = d["walk_run_phase"]
        if d["stage"] == "ST3":
            if not (_is_int(phase) and 1 <= phase <= PHASES):
                errors.append(f"shape: {where} ST3 with walk_run_phase {phase!r}")
        elif phase is not None:
            errors.append(f"shape: {where} {d['stage']} with walk_run_phase {phase!r}")
        errors += _check_run_shape(where, d)
        if d["walk_minutes"] is not None and not (_is_int(d["walk_minutes"])):
            errors.append(f"shape: {where} walk_minutes {d['walk_minutes']!r}")
        if not isinstance(d["hop_test"], bool):
            errors.append(f"shape: {where} hop_test {d['hop_test']!r}")
        if d["cross_training"] is not None and not isinstance(d["cross_training"], str):
            errors.append(f"shape: {where} cross_training {d['cross_training']!r}")
        errors += _check_exercise_shape(where, d["exercises"])
        errors += _check_decision_shape(where, d["decision"])
    summary = output.get("summary")
    if not isinstance(summary, Mapping):
        errors.append("shape: no summary")
    else:
        if (
            days
            and isinstance(days[-1], Mapping)
            and summary.get("final_stage") != days[-1].get("stage")
        ):
            errors.append(f"shape: summary final_stage {summary.get('final_stage')!r}")
        if summary.get("triage_outcome") not in TRIAGE_OUTCOMES:
            errors.append(f"shape: summary triage_outcome {summary.get('triage_outcome')!r}")
    return errors


def _check_run_shape(where: str, d: Mapping[str, Any]) -> list[str]:
    run = d["run"]
    if run is None:
        return []
    if not isinstance(run, Mapping):
        return [f"shape: {where} run is {run!r}"]
    keys = {
        "running_minutes", "total_minutes", "intervals", "distance_km", "terrain",
        "intensity", "cadence_target_spm",
    }  # fmt: skip
    if keys - set(run):
        return [f"shape: {where} run lacks {sorted(keys - set(run))}"]
    errors = []
    if not (_is_int(run["running_minutes"]) and run["running_minutes"] > 0):
        errors.append(f"shape: {where} running_minutes {run['running_minutes']!r}")
    if not (_is_int(run["total_minutes"]) and run["total_minutes"] >= run["running_minutes"]):
        errors.append(f"shape: {where} total_minutes {run['total_minutes']!r}")
    intervals = run["intervals"]
    if intervals is not None:
        if not (
            isinstance(intervals, Mapping)
            and all(_is_int(intervals.get(k)) for k in ("run_min", "walk_min", "repeats"))
        ):
            errors.append(f"shape: {where} intervals {intervals!r}")
        elif (
            intervals["run_min"] * intervals["repeats"] != run["running_minutes"]
            or (intervals["run_min"] + intervals["walk_min"]) * intervals["repeats"]
            != run["total_minutes"]
        ):
            errors.append(f"shape: {where} intervals {intervals} do not add up to the minutes")
    if run["distance_km"] is not None and not (
        _is_number(run["distance_km"]) and run["distance_km"] > 0
    ):
        errors.append(f"shape: {where} distance_km {run['distance_km']!r}")
    if run["terrain"] not in TERRAINS:
        errors.append(f"shape: {where} terrain {run['terrain']!r}")
    if run["intensity"] not in INTENSITIES:
        errors.append(f"shape: {where} intensity {run['intensity']!r}")
    if run["cadence_target_spm"] is not None and not _is_int(run["cadence_target_spm"]):
        errors.append(f"shape: {where} cadence_target_spm {run['cadence_target_spm']!r}")
    if d["stage"] not in ("ST3", "ST4", "ST5"):
        errors.append(f"shape: {where} a run in {d['stage']}")
    return errors


def _check_exercise_shape(where: str, exercises: object) -> list[str]:
    if not isinstance(exercises, list):
        return [f"shape: {where} exercises is {exercises!r}"]
    errors = []
    for e in exercises:
        if not isinstance(e, Mapping) or EXERCISE_KEYS - set(e):
            errors.append(f"shape: {where} exercise {e!r}")
            continue
        if not isinstance(e["id"], str) or not e["id"]:
            errors.append(f"shape: {where} exercise id {e['id']!r}")
        if e["region"] not in REGIONS:
            errors.append(f"shape: {where} exercise {e['id']} region {e['region']!r}")
        if not (_is_int(e["level"]) and 1 <= e["level"] <= 5):
            errors.append(f"shape: {where} exercise {e['id']} level {e['level']!r}")
        if not (_is_int(e["sets"]) and e["sets"] >= 1):
            errors.append(f"shape: {where} exercise {e['id']} sets {e['sets']!r}")
        for key in ("reps", "seconds"):
            if e[key] is not None and not (_is_int(e[key]) and e[key] > 0):
                errors.append(f"shape: {where} exercise {e['id']} {key} {e[key]!r}")
        if e["reps"] is None and e["seconds"] is None:
            errors.append(f"shape: {where} exercise {e['id']} has neither reps nor seconds")
        if not isinstance(e["per_leg"], bool):
            errors.append(f"shape: {where} exercise {e['id']} per_leg {e['per_leg']!r}")
    return errors


def _check_decision_shape(where: str, decision: object) -> list[str]:
    if not isinstance(decision, Mapping):
        return [f"shape: {where} decision is {decision!r}"]
    errors = []
    if decision.get("action") not in ACTIONS:
        errors.append(f"shape: {where} action {decision.get('action')!r}")
    rules = decision.get("rules")
    if not (isinstance(rules, list) and rules):
        errors.append(f"shape: {where} decision names no rule")
    elif not all(isinstance(r, str) and r[:1] == "R" and r[1:].isdigit() for r in rules):
        errors.append(f"shape: {where} decision rules {rules!r}")
    message = decision.get("message")
    if not (isinstance(message, str) and message.strip()):
        errors.append(f"shape: {where} decision has no message")
    return errors


# The plan's rules ---------------------------------------------------------------------------


def _done_run(facts: _Facts, days: list[Mapping[str, Any]], i: int) -> bool:
    """A run prescribed on day i and not reported as skipped."""
    x = facts.inputs[i]
    return days[i]["run"] is not None and (not x.reported or x.done)


def _run_size(run: Mapping[str, Any]) -> float:
    """R15: distance, or duration if no distance."""
    distance = run["distance_km"]
    return float(distance) if distance is not None else float(run["running_minutes"])


def _check_progression(facts: _Facts, days: list[Mapping[str, Any]]) -> list[str]:
    """R9, R11, R13, R14, R20, R22: when the plan may (not) step up."""
    errors: list[str] = []
    rungs = [rung_of(d) for d in days]
    load_days = [i for i, x in enumerate(facts.inputs) if x.reported and x.new_load is not None]
    if days:
        errors += _check_start(facts, days[0], rungs[0])
    for t in range(1, len(days)):
        date_t = days[t]["date"]
        action = days[t]["decision"]["action"]
        up = rungs[t] - rungs[t - 1]
        progressed = up > 0 or action == "progress"
        if up > 1:
            errors.append(
                f"R13: {date_t} jumps {up} rungs ({rung_name(rungs[t - 1])} → "
                f"{rung_name(rungs[t])})"
            )
        if not progressed:
            continue
        what = (
            f"{date_t} progresses ({rung_name(rungs[t - 1])} → {rung_name(rungs[t])}, "
            f"action {action})"
        )
        y = facts.inputs[t - 1]
        if y.red or y.amber:
            zone = "red" if y.red else "amber"
            errors.append(f"R14: {what} the day after a {zone} session ({_describe(y)})")
        delta = facts.r9_delta(t - 1) if y.judged else None
        if delta is not None and delta >= 1:
            errors.append(f"R9: {what} on a morning {delta} point(s) worse than the baseline")
        if any(n <= t < n + FREEZE_DAYS for n in load_days):
            n = max(n for n in load_days if n <= t)
            errors.append(
                f"R20: {what} within a week of new load "
                f"({facts.inputs[n].new_load} on {facts.inputs[n].day})"
            )
        trend = facts.trend(t)
        if trend in ("hold", "regress"):
            errors.append(f"R11: {what} while the weekly trend says {trend}")
        errors += _check_gate(facts, days, rungs, t, what)
    return errors


def _check_start(facts: _Facts, first: Mapping[str, Any], start: int) -> list[str]:
    """R21/R22 on day one: walking needs comfortable daily activities; running also needs a
    runner who is running now (keep-running path); ST5 needs two all-green weeks first."""
    if start == ST0:
        return []
    function = facts.latest_function(0)
    errors = []
    if function is None or max(math.ceil(v) for v in function.values()) > GREEN_MAX:
        errors.append(f"R22: {first['date']} starts at {rung_name(start)} with function {function}")
    if start >= ST3_P1 and not facts.runner.get("running_now"):
        errors.append(f"R21: {first['date']} starts running a runner who is not running now")
    if start == ST5:
        errors.append(f"R19: {first['date']} starts at ST5")
    return errors


def _check_gate(
    facts: _Facts, days: list[Mapping[str, Any]], rungs: list[int], t: int, what: str
) -> list[str]:
    """R13/R22 (§11a.2): the gate of the rung the runner is leaving (or growing in)."""
    k = rungs[t - 1]
    if rungs[t] <= k and days[t]["decision"]["action"] != "progress":
        return []
    if k == ST0:
        function = facts.latest_function(t)
        if function is None or max(math.ceil(v) for v in function.values()) > GREEN_MAX:
            return [f"R22: {what} without daily activities at 2/10 or less ({function})"]
        return []
    kind = {ST1: "walk_minutes", ST2: "hop_test"}.get(k, "run")
    sessions = [i for i in range(t) if rungs[i] == k and days[i][kind] and facts.inputs[i].judged]
    needed = 1 if k in (ST1, ST2) else 2
    last = sessions[-needed:]
    if len(last) < needed or not all(facts.green_passed(i) for i in last):
        rule = "R22" if k in (ST1, ST2) else "R13"
        shown = ", ".join(str(facts.inputs[i].day) for i in last) or "none"
        return [
            f"{rule}: {what} without {needed} green-passed session(s) at "
            f"{rung_name(k)} (last: {shown})"
        ]
    if rungs[t] == ST5:
        bad = [i for i in range(max(0, t - ALL_GREEN_DAYS), t) if not _all_green_day(facts, i)]
        if bad or t < ALL_GREEN_DAYS:
            return [f"R19: {what} to ST5 without 14 days of all-green sessions"]
    return []


def _all_green_day(facts: _Facts, i: int) -> bool:
    x = facts.inputs[i]
    return not (x.red or x.amber)


def _describe(x: Input) -> str:
    parts = [f"pain {x.worst}/10"]
    if x.unsettled:
        parts.append(f"60 min after {x.pain_after} > morning {x.morning_pain}")
    if x.limp:
        parts.append("limp")
    if x.sharp:
        parts.append("sharp")
    return ", ".join(parts)


def _check_regression(facts: _Facts, days: list[Mapping[str, Any]]) -> list[str]:
    """R9, R11, R14: when the plan must step back, and by how much (at least)."""
    errors: list[str] = []
    rungs = [rung_of(d) for d in days]
    amber_streak = 0
    last_trend_drop: int | None = None
    for t in range(1, len(days)):
        y = facts.inputs[t - 1]
        drop, why = 0, []
        delta = facts.r9_delta(t - 1) if y.judged else None
        if y.red:
            steps = 2 if y.limp else 1
            drop = max(drop, steps)
            why.append(f"R14 red session ({_describe(y)})")
            amber_streak = 0
        elif delta is not None and delta >= 2:
            drop = max(drop, 1)
            why.append(f"R9 morning {delta} points worse")
            amber_streak = 0
        elif y.amber:
            if amber_streak >= 1:
                drop = max(drop, 1)
                why.append("R14 two amber sessions in a row")
                amber_streak = 0
            else:
                amber_streak = 1
        elif y.judged:
            amber_streak = 0
        if facts.trend(t) == "regress" and (last_trend_drop is None or t - last_trend_drop >= 7):
            drop = max(drop, 1)
            why.append("R11 weekly trend +2")
            last_trend_drop = t
        if not drop or rungs[t - 1] == ST0:
            continue
        expected = max(ST0, rungs[t - 1] - drop)
        date_t = days[t]["date"]
        if rungs[t] > expected:
            errors.append(
                f"R14: {date_t} should step back {drop} ({'; '.join(why)}) from "
                f"{rung_name(rungs[t - 1])}, got {rung_name(rungs[t])}"
            )
        action = days[t]["decision"]["action"]
        if CAUTION[action] < CAUTION["regress"]:
            errors.append(f"R14: {date_t} steps back ({'; '.join(why)}) with action {action}")
    return errors


def _check_pauses(facts: _Facts, days: list[Mapping[str, Any]]) -> list[str]:
    """R12 (two reds in 7 days / red with a persisting limp) and R3 (morning swelling)."""
    errors: list[str] = []
    for e in facts.escalation_days():
        d = days[e]
        if d["stage"] != "ST0" or d["decision"]["action"] not in ("pause_running", "refer"):
            errors.append(
                f"R12: {d['date']} should pause running (ST0, pause_running), got "
                f"{d['stage']} / {d['decision']['action']}"
            )
        if "R12" not in d["decision"]["rules"] and d["decision"]["action"] != "refer":
            errors.append(f"R12: {d['date']} pauses running without naming R12")
        runs = [days[j]["date"] for j in range(e, min(e + PAUSE_DAYS, len(days))) if days[j]["run"]]
        if runs:
            errors.append(f"R12: runs on {runs} within a week of the pause on {d['date']}")
    for i, x in enumerate(facts.inputs):
        if not (x.reported and x.swelling):
            continue
        d = days[i]
        if d["run"] is not None:
            errors.append(f"R3: {d['date']} prescribes a run on a morning with swelling")
        if d["decision"]["action"] != "refer":
            errors.append(f"R3: {d['date']} morning swelling gives {d['decision']['action']}")
        if d["stage"] != "ST0":
            errors.append(f"R3: {d['date']} morning swelling leaves the runner in {d['stage']}")
    return errors


def _check_caps(facts: _Facts, days: list[Mapping[str, Any]]) -> list[str]:
    """R15 single run, R16 weekly volume (ST4/ST5), R17 run days, R23 rest days."""
    errors: list[str] = []
    runner = facts.runner
    n = len(days)
    done = [_done_run(facts, days, i) for i in range(n)]
    size = [_run_size(days[i]["run"]) if days[i]["run"] else 0.0 for i in range(n)]
    longest_before = float(runner.get("longest_recent_run_km") or 0)
    # R15
    for i in range(n):
        run = days[i]["run"]
        if run is None:
            continue
        by_distance = run["distance_km"] is not None
        refs = [
            size[j]
            for j in range(max(0, i - LOOKBACK_DAYS), i)
            if done[j] and (days[j]["run"]["distance_km"] is not None) == by_distance
        ]
        if by_distance and longest_before > 0 and i - LOOKBACK_DAYS <= -1:
            refs.append(longest_before)
        if refs and size[i] > SINGLE_RUN_CAP * max(refs) + EPS:
            errors.append(
                f"R15: {days[i]['date']} run of {size[i]:g} "
                f"{'km' if by_distance else 'min'} > 1.10 × {max(refs):g}"
            )
    # R17 and R16, by plan week
    weeks = (n + 6) // 7
    running_now = bool(runner.get("running_now"))
    prev_days = int(runner.get("usual_runs_per_week") or 0) if running_now else 0
    prev_km = float(runner.get("usual_weekly_km") or 0) if running_now else 0.0
    risk = facts.higher_risk()
    for w in range(weeks):
        idx = range(7 * w, min(7 * w + 7, n))
        run_days = sum(1 for i in idx if done[i])
        if run_days > prev_days + 1:
            errors.append(
                f"R17: plan week {w} ({days[idx[0]]['date']}) has {run_days} run days after "
                f"{prev_days}"
            )
        done_km = 0.0
        for i in idx:
            if not days[i]["run"]:
                continue
            km = days[i]["run"]["distance_km"] or 0.0
            if days[i]["stage"] in ("ST4", "ST5") and prev_km > 0:
                cap = (
                    WEEKLY_CAP_NORMAL
                    if days[i]["stage"] == "ST5" and not risk
                    else WEEKLY_CAP_RETURN
                )
                if done_km + km > cap * prev_km + EPS:
                    errors.append(
                        f"R16: {days[i]['date']} brings plan week {w} to {done_km + km:.2f} km "
                        f"> {cap:.2f} × {prev_km:.2f} km"
                    )
            if done[i]:
                done_km += km
        prev_days = run_days
        prev_km = sum(days[i]["run"]["distance_km"] or 0.0 for i in idx if done[i])
    # R23: the walk-run table goes from 1.0 to 2.0 miles
    for i in range(n):
        run = days[i]["run"]
        if run and days[i]["stage"] == "ST3" and (run["distance_km"] or 0) > WALK_RUN_MAX_KM:
            errors.append(f"R23: {days[i]['date']} walk-run of {run['distance_km']} km > 2 miles")
    # R23: a rest day between runs in ST3/ST4
    for i in range(1, n):
        if days[i]["run"] and days[i]["stage"] in ("ST3", "ST4") and done[i - 1]:
            errors.append(
                f"R23: {days[i]['date']} runs in {days[i]['stage']} the day after a run "
                f"({days[i - 1]['date']})"
            )
    return errors


def _check_running_rules(facts: _Facts, days: list[Mapping[str, Any]]) -> list[str]:
    """R19 terrain/intensity, R24 cadence."""
    errors: list[str] = []
    baseline = facts.runner.get("baseline_cadence_spm")
    for i, d in enumerate(days):
        run = d["run"]
        if run is None:
            continue
        relaxed = run["terrain"] != "flat" or run["intensity"] != "easy"
        if relaxed and d["stage"] != "ST5":
            errors.append(
                f"R19: {d['date']} {d['stage']} run is {run['terrain']}/{run['intensity']}"
            )
        if relaxed:
            window = range(max(0, i - ALL_GREEN_DAYS), i)
            if i < ALL_GREEN_DAYS or not all(_all_green_day(facts, j) for j in window):
                errors.append(
                    f"R19: {d['date']} hills/normal pace without 14 days of all-green sessions"
                )
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


def _check_exercises(facts: _Facts, days: list[Mapping[str, Any]]) -> list[str]:
    """R26 hip + knee, R28 plyometrics only at L5 after a passed hop test, R27 3–5 days/week."""
    errors: list[str] = []
    hop_passed_from: int | None = None
    for i, d in enumerate(days):
        exercises = d["exercises"]
        if exercises:
            regions = {e["region"] for e in exercises}
            if "hip" not in regions or "knee" not in regions:
                errors.append(f"R26: {d['date']} exercises without hip and knee: {regions}")
            plyo = [e for e in exercises if e["region"] == "plyometric"]
            if plyo and any(e["level"] != 5 for e in plyo):
                errors.append(f"R28: {d['date']} plyometrics below level 5")
            if plyo and (hop_passed_from is None or i < hop_passed_from):
                errors.append(f"R28: {d['date']} plyometrics before a passed hop test")
        if d["hop_test"] and hop_passed_from is None and facts.green_passed(i):
            hop_passed_from = i + 1
    n = len(days)
    for w in range(n // 7):
        count = sum(1 for i in range(7 * w, 7 * w + 7) if days[i]["exercises"])
        if count and not 3 <= count <= 5:
            errors.append(f"R27: plan week {w} has {count} exercise days (3–5 expected)")
    return errors


URGENT_FLAGS = (
    "unable_to_bear_weight", "visible_deformity", "locked_knee", "kneecap_dislocated",
    "cannot_straighten_leg", "calf_pain_swelling", "foot_numb_cold", "swelling_within_2h_of_twist",
)  # fmt: skip
SOON_FLAGS = (
    "swelling", "hot_red_knee", "fever_or_unwell", "giving_way", "night_or_rest_pain",
    "weight_loss_or_cancer_history", "morning_stiffness_over_30min", "other_joints_affected",
    "pain_localised_to_point", "reds_signs",
)  # fmt: skip
ALLOWED_ORDER = ("none", "exercise_only", "full")


def most_allowed_by_flags(triage: Mapping[str, Any]) -> str:
    """The most the triage answers allow by R1–R3 alone (R4's pattern can only lower it)."""
    if any(triage.get(flag) for flag in URGENT_FLAGS) or (
        triage.get("fever_or_unwell") and (triage.get("hot_red_knee") or triage.get("swelling"))
    ):
        return "none"
    young_flag = triage.get("tibial_tubercle_or_lower_pole_pain") or triage.get("hip_or_thigh_pain")
    if (
        any(triage.get(flag) for flag in SOON_FLAGS)
        or triage.get("onset") == "after_trauma"
        or triage.get("age", 0) >= 50
        or (triage.get("age", 99) < 16 and young_flag)
    ):
        return "exercise_only"
    return "full"


def _check_triage(facts: _Facts, output: Mapping[str, Any]) -> list[str]:
    """R1/R3: urgent → refer only; see a clinician / unclear → never running."""
    errors: list[str] = []
    days = output["days"]
    allowed = TRIAGE_OUTCOMES.get(output["summary"]["triage_outcome"], "none")
    ceiling = most_allowed_by_flags(facts.scenario.get("triage") or {})
    if ALLOWED_ORDER.index(ceiling) < ALLOWED_ORDER.index(allowed):
        errors.append(
            f"R1: (R1–R3) triage outcome {output['summary']['triage_outcome']} allows {allowed}, "
            f"the answers allow at most {ceiling}"
        )
        allowed = ceiling
    for d in days:
        if allowed == "none":
            extra = (
                [k for k in ("run", "walk_minutes", "cross_training") if d[k] is not None]
                + (["exercises"] if d["exercises"] else [])
                + (["hop_test"] if d["hop_test"] else [])
            )
            if extra or d["decision"]["action"] != "refer":
                errors.append(
                    f"R1: {d['date']} urgent care but {extra or ''} action "
                    f"{d['decision']['action']}"
                )
        elif allowed == "exercise_only":
            if d["run"] is not None or d["stage"] in ("ST3", "ST4", "ST5") or d["hop_test"]:
                errors.append(f"R3: {d['date']} running ({d['stage']}) on an exercise-only plan")
            if any(e["region"] == "plyometric" for e in d["exercises"]):
                errors.append(f"R3: {d['date']} plyometrics on an exercise-only plan")
    return errors


def check_plan(scenario: Mapping[str, Any], output: Mapping[str, Any]) -> list[str]:
    """Every violation of the plan's safety invariants in one simulate output."""
    errors = _check_shape(scenario, output)
    if errors:
        return errors
    facts = _Facts(scenario)
    days = output["days"]
    return [
        *_check_triage(facts, output),
        *_check_progression(facts, days),
        *_check_regression(facts, days),
        *_check_pauses(facts, days),
        *_check_caps(facts, days),
        *_check_running_rules(facts, days),
        *_check_exercises(facts, days),
    ]


def check_determinism(
    scenario: Mapping[str, Any], simulate_json: Callable[[Mapping[str, Any]], Any]
) -> list[str]:
    """The same scenario twice gives identical JSON."""
    first, second = simulate_json(scenario), simulate_json(scenario)
    if first == second:
        return []
    for a, b in zip(first["days"], second["days"], strict=False):
        if a != b:
            return [f"determinism: {a['date']} differs between two runs"]
    return ["determinism: the outputs differ"]
