"""What a scenario says about the knee, read from the rules alone (no engine code).

A scenario (design.md §3.3) gives some days' check-ins; `effective_inputs` turns it into one
`Input` per simulated day, and `Facts` answers the pain rules' questions about those inputs
(zones, R8, R9, R10, R11, R12, the morning gate of §11b.1, the R35 risk profile).

Readings used here (the engine's documented conventions, C2 of the design brief):
- a day without a response repeats the most recent response, except `actual_run`, `akps` and
  `seen_clinician`, which belong to the day they were given; `reported` is repeated;
- an unreported day (`reported: false`, or a day before any response) is neither green nor red:
  none of its pains, flags or scores count, but its prescribed run still counts as run;
- a session is judged when it was reported, done, and a pain (or a limp or sharp pain) was
  given, on any day, prescribed or not (conservative).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

STAGES = ("ST0", "ST1", "ST2", "ST3", "ST4", "ST5")
PHASES = 6
ACTIONS = frozenset({"start", "progress", "hold", "regress", "pause_running", "refer"})
CAUTION = {"progress": 0, "start": 1, "hold": 2, "regress": 3, "pause_running": 4, "refer": 5}

# Rung numbers of the ladder: ST0, ST1, ST2, ST3 phase 1..6, ST4, ST5 (R13: one at a time).
ST0, ST1, ST2, ST3_P1, ST3_P6, ST4, ST5 = 0, 1, 2, 3, 8, 9, 10

GREEN_MAX = 2  # R6
AMBER_MAX = 4  # R6
MIN_PER_KM = 7.0  # C2: a run's missing distance or minutes at an easy 7 min/km
PHASE_RUN_MINUTES = (9, 15, 16, 20, 24, 22)  # R23 table, running minutes of phases 1–6 (C12)


def rung_of(day: Mapping[str, Any]) -> int:
    """ST0→0, ST1→1, ST2→2, ST3 phase p→2+p, ST4→9, ST5→10."""
    stage, phase = day["stage"], day["walk_run_phase"]
    if stage == "ST3":
        return ST3_P1 + int(phase) - 1
    return {"ST0": ST0, "ST1": ST1, "ST2": ST2, "ST4": ST4, "ST5": ST5}[str(stage)]


def rung_name(rung: int) -> str:
    if ST3_P1 <= rung <= ST3_P6:
        return f"ST3 phase {rung - ST3_P1 + 1}"
    return {ST0: "ST0", ST1: "ST1", ST2: "ST2", ST4: "ST4", ST5: "ST5"}[rung]


def pain(value: object) -> int | None:
    """R6: a non-integer pain is rounded up."""
    return None if value is None else math.ceil(value)  # type: ignore[call-overload]


def worst_function(function: Mapping[str, float] | None) -> int | None:
    """The worst daily-activity score (sit 30 min, stairs, squat), rounded up like a pain."""
    if not function:
        return None
    return max(math.ceil(v) for v in function.values())


@dataclass(frozen=True)
class Size:
    """Running in minutes and kilometres."""

    minutes: float
    km: float

    def __add__(self, other: Size) -> Size:
        return Size(self.minutes + other.minutes, self.km + other.km)

    def smaller(self, other: Size) -> Size:
        return Size(min(self.minutes, other.minutes), min(self.km, other.km))

    @property
    def empty(self) -> bool:
        return self.minutes <= 0 and self.km <= 0

    def __str__(self) -> str:
        return f"{self.minutes:.2f} min / {self.km:.2f} km"


NOTHING = Size(0.0, 0.0)


def recorded_size(actual: Mapping[str, Any]) -> Size:
    """C2: a recorded run; a null distance is minutes / 7, null minutes are distance × 7."""
    km, minutes = actual.get("distance_km"), actual.get("running_minutes")
    if km is not None and minutes is not None:
        return Size(float(minutes), float(km))
    if km is not None:
        return Size(float(km) * MIN_PER_KM, float(km))
    if minutes is not None:
        return Size(float(minutes), float(minutes) / MIN_PER_KM)
    return NOTHING


def prescribed_size(run: Mapping[str, Any]) -> Size:
    minutes = float(run["running_minutes"])
    km = run["distance_km"]
    return Size(minutes, float(km) if km is not None else minutes / MIN_PER_KM)


@dataclass(frozen=True)
class Input:
    """The effective check-in of one day, after copy-forward (C2)."""

    day: date
    reported: bool
    given: bool = False  # a response was given for this very day (not copied)
    morning_pain: int | None = None
    pain_during: int | None = None
    pain_after: int | None = None
    limp: bool = False
    sharp: bool = False
    swelling: bool = False
    morning_limp: bool = False
    function: Mapping[str, float] | None = None
    new_load: str | None = None
    done: bool = True
    actual: Size | None = None  # a recorded run (§11b.9), never copied
    akps: int | None = None
    seen_clinician: bool = False

    @property
    def pains(self) -> list[int]:
        return [p for p in (self.pain_during, self.pain_after) if p is not None]

    @property
    def skipped(self) -> bool:
        return self.reported and not self.done

    @property
    def judged(self) -> bool:
        """A session the pain rules can judge: done, with a pain or a limp/sharp report."""
        return self.reported and self.done and bool(self.pains or self.limp or self.sharp)

    @property
    def blank(self) -> bool:
        """§11b.5: reported done with no pain and no limp or sharp pain: a missing report."""
        return self.reported and self.done and not self.judged

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
    def amber_today(self) -> bool:
        """R6 amber (3–4) or R8 not settled, when not red (R9 is known only tomorrow)."""
        return self.judged and not self.red and (self.worst > GREEN_MAX or self.unsettled)

    @property
    def daily_worst(self) -> int | None:
        """R11: the day's worst pain (session pains only if done)."""
        scores = [self.morning_pain]
        if self.done:
            scores += [self.pain_during, self.pain_after]
        known = [s for s in scores if s is not None]
        return max(known) if known else None

    def describe(self) -> str:
        parts = [f"pain {self.worst}/10"]
        if self.unsettled:
            parts.append(f"60 min after {self.pain_after} > morning {self.morning_pain}")
        if self.limp:
            parts.append("limp")
        if self.sharp:
            parts.append("sharp")
        return ", ".join(parts)


def effective_inputs(scenario: Mapping[str, Any]) -> list[Input]:
    """One Input per simulated day (C2)."""
    start = date.fromisoformat(scenario["start"])
    given = {date.fromisoformat(r["date"]): r for r in scenario.get("responses", [])}
    inputs: list[Input] = []
    last: Mapping[str, Any] | None = None
    for offset in range(scenario["days"]):
        day = start + timedelta(days=offset)
        own = given.get(day)
        response = own if own is not None else last
        if response is None:
            inputs.append(Input(day, reported=False))
            continue
        last = response
        mine = own is not None
        actual = response.get("actual_run") if mine else None
        once = Input(  # what belongs to the day it was given (never copied)
            day,
            reported=bool(response.get("reported", True)),
            given=mine,
            actual=None if actual is None else recorded_size(actual),
            akps=response.get("akps") if mine else None,
            seen_clinician=bool(response.get("seen_clinician", False)) if mine else False,
        )
        if not once.reported:
            inputs.append(once)
            continue
        inputs.append(
            replace(
                once,
                morning_pain=pain(response.get("morning_pain")),
                pain_during=pain(response.get("pain_during")),
                pain_after=pain(response.get("pain_after_60min")),
                limp=bool(response.get("limp", False)),
                sharp=bool(response.get("sharp", False)),
                swelling=bool(response.get("swelling", False)),
                morning_limp=bool(response.get("morning_limp", False)),
                function=response.get("function"),
                new_load=response.get("new_load"),
                done=bool(response.get("done", True)),
            )
        )
    return inputs


class Facts:
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
        if not (x.judged and x.pains) or x.red or x.amber_today:
            return False
        if x.pain_after is None or x.morning_pain is None:
            return False
        delta = self.r9_delta(i)
        return delta is not None and delta <= 0

    def amber(self, i: int) -> bool:
        """C10: an AMBER outcome: amber today (R6/R8) or the next morning 2+ worse (R9)."""
        x = self.inputs[i]
        if not x.judged or x.red:
            return False
        delta = self.r9_delta(i)
        return x.amber_today or (delta is not None and delta >= 2)

    def outcome(self, i: int) -> str:
        """ "green", "amber", "red" or "open" (neither: missing, blank, skipped, R9 +1...)."""
        x = self.inputs[i]
        if x.red:
            return "red"
        if self.amber(i):
            return "amber"
        if self.green_passed(i):
            return "green"
        return "open"

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
        """R12: plan days whose morning must pause running (the day the evidence is complete:
        the morning after the second red, the morning of a limp the morning after a red with a
        limp, else the morning after a session limp the day after)."""
        reds = [i for i, x in enumerate(self.inputs) if x.red]
        found = set()
        for a, b in itertools.pairwise(reds):
            if b - a <= 7:
                found.add(b + 1)
        for r in reds:
            nxt = self.inputs[r + 1] if r + 1 < self.n else None
            if not (self.inputs[r].limp and nxt is not None and nxt.reported):
                continue
            if nxt.morning_limp:  # the limp persists that morning: known before the day
                found.add(r + 1)
            elif nxt.limp:
                found.add(r + 2)
        return sorted(d for d in found if d < self.n)

    def latest_function(self, i: int) -> Mapping[str, float] | None:
        """C7: the day's function, else the latest reported, else the scenario's baseline."""
        for j in range(i, -1, -1):
            if self.inputs[j].function is not None:
                return self.inputs[j].function
        return self.scenario.get("function")

    def red_morning(self, i: int) -> str | None:
        """§11b.1 (C7): why the morning of day i is red, or None."""
        x = self.inputs[i]
        if not x.reported:
            return None
        why = []
        if x.morning_pain is not None and x.morning_pain > AMBER_MAX:
            why.append(f"morning pain {x.morning_pain}/10")
        if x.morning_limp:
            why.append("a limp that morning")
        if x.swelling:
            why.append("swelling")
        worst = worst_function(self.latest_function(i))
        if worst is not None and worst > AMBER_MAX:
            why.append(f"a daily activity at {worst}/10")
        return ", ".join(why) or None

    def amber_morning(self, i: int) -> bool:
        x = self.inputs[i]
        return (
            x.reported
            and x.morning_pain is not None
            and GREEN_MAX < x.morning_pain <= AMBER_MAX
            and self.red_morning(i) is None
        )

    def higher_risk(self) -> bool:
        """R35 (C3): female, prior PFP, early specialisation, sleep under 8 h when known."""
        r = self.runner
        sleep = r.get("sleep_hours")
        return bool(
            r.get("sex") == "female"
            or r.get("prior_pfp")
            or r.get("early_specialization")
            or (sleep is not None and sleep < 8)
        )
