"""The engine's output read next to the scenario: what was run, Monday weeks, pauses, levels.

Readings (the engine's documented conventions C1, C2, C8, C9 of the design brief):
- a day "has running" when it has a recorded run (`actual_run`), else its prescribed run unless
  that day's effective response says `done: false` (an unreported day still counts its run);
- weeks for R16/R17 are Monday–Sunday weeks; the week before the plan's first Monday week is
  the runner's usual week if `running_now` (usual runs a week, usual km, 7 min a km), else
  empty; days of the first week before the plan started had no running;
- a pause starts on a day with action pause_running or an R12 escalation (R12), a morning with
  swelling (R3), or a day whose stage drops to ST0; it lasts until the first later day in ST3
  or above.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from .facts import (
    MIN_PER_KM,
    NOTHING,
    PHASE_RUN_MINUTES,
    ST0,
    ST3_P1,
    Facts,
    Size,
    prescribed_size,
    rung_of,
)

TOLERANCE = 0.005  # C8: rounding of sizes and levels


def fits(run: Size, bound: Size) -> bool:
    """C8: no longer than `bound` in running minutes and in distance (rounding aside)."""
    return run.minutes <= bound.minutes + TOLERANCE and run.km <= bound.km + TOLERANCE


@dataclass(frozen=True)
class Pause:
    start: int
    end: int  # the first later day in ST3 or above (or the end of the plan): not paused
    kind: str  # "R12", "swelling" or "drop"


@dataclass(frozen=True)
class Week:
    run_days: int
    size: Size
    recorded: bool  # a recorded run counts in it (§11b.9)


class Plan:
    """A simulate output with the facts of its scenario."""

    def __init__(self, facts: Facts, days: list[Mapping[str, Any]]) -> None:
        self.facts = facts
        self.days = days
        self.n = len(days)
        self.inputs = facts.inputs
        self.rungs = [rung_of(d) for d in days]
        self.actions = [d["decision"]["action"] for d in days]
        self.prescribed = [prescribed_size(d["run"]) if d["run"] else None for d in days]
        self.running = [self._running(i) for i in range(self.n)]
        self.levels = [max((e["level"] for e in d["exercises"]), default=None) for d in days]
        self.offset = facts.start.weekday()  # days of the first Monday week before the plan
        self.pauses = self._pauses()

    # Runs -----------------------------------------------------------------------------------

    def date(self, i: int) -> str:
        return str(self.days[i]["date"])

    def _running(self, i: int) -> Size | None:
        """C2: what was run on day i, or None."""
        x = self.inputs[i]
        if x.actual is not None:
            return x.actual
        if self.prescribed[i] is not None and x.done:
            return self.prescribed[i]
        return None

    def is_session(self, i: int) -> bool:
        """A prescribed run, walk or hop test (C10, C11)."""
        d = self.days[i]
        return bool(d["run"] or d["walk_minutes"] or d["hop_test"])

    def last_run_before(self, i: int) -> tuple[int, list[Size]] | None:
        """C8: the most recent earlier day with running and the size(s) a run may not exceed:
        the prescribed run, the recorded one, or the smaller of the two when both exist. When
        neither is smaller in both minutes and distance (a longer run done faster), either
        one bounds the next run (the rules do not say which is "smaller")."""
        for j in range(i - 1, -1, -1):
            ran = self.running[j]
            if ran is None:
                continue
            planned, actual = self.prescribed[j], self.inputs[j].actual
            if planned is None or actual is None:
                return j, [ran]
            if fits(planned, actual) or fits(actual, planned):
                return j, [planned.smaller(actual)]
            return j, [planned, actual]
        return None

    def run_grows(self, i: int) -> bool:
        """A prescribed run longer (minutes or km) than the last run before it (C8)."""
        planned, last = self.prescribed[i], self.last_run_before(i)
        if planned is None or last is None:
            return False
        return not any(fits(planned, bound) for bound in last[1])

    def full_walk_run(self, i: int) -> bool:
        """C12: a walk-run session at the phase table's running minutes (not trimmed)."""
        d = self.days[i]
        table = PHASE_RUN_MINUTES[d["walk_run_phase"] - 1]
        return abs(float(d["run"]["running_minutes"]) - table) < TOLERANCE

    # Monday weeks ---------------------------------------------------------------------------

    def week_of(self, i: int) -> int:
        return (i + self.offset) // 7

    def week_days(self, w: int) -> range:
        return range(max(0, 7 * w - self.offset), min(self.n, 7 * w + 7 - self.offset))

    def week_monday(self, w: int) -> str:
        return (self.facts.start + timedelta(days=7 * w - self.offset)).isoformat()

    def week(self, w: int, before: int | None = None) -> Week:
        """Week w's running (only the days before plan day `before` if given); week -1 is the
        runner's usual week (C1)."""
        if w < 0:
            runner = self.facts.runner
            if not runner.get("running_now"):
                return Week(0, NOTHING, False)
            km = float(runner.get("usual_weekly_km") or 0)
            # A usual week in km with "0 runs" had runs nobody counted: 3 (choice 56).
            runs = int(runner.get("usual_runs_per_week") or 0) or (3 if km > 0 else 0)
            return Week(runs, Size(km * MIN_PER_KM, km), False)
        days = [i for i in self.week_days(w) if before is None or i < before]
        ran = [i for i in days if self.running[i] is not None]
        total = NOTHING
        for i in ran:
            total = total + self.running[i]  # type: ignore[operator]
        return Week(len(ran), total, any(self.inputs[i].actual is not None for i in ran))

    def complete_weeks(self) -> list[int]:
        """Monday weeks wholly inside the plan."""
        return [w for w in range(self.week_of(self.n - 1) + 1) if len(self.week_days(w)) == 7]

    # Pauses ---------------------------------------------------------------------------------

    def _pauses(self) -> list[Pause]:
        escalations = set(self.facts.escalation_days())
        pauses = []
        for i in range(self.n):
            action = self.actions[i]
            kind = None
            if i in escalations or (
                action == "pause_running" and (i == 0 or self.actions[i - 1] != "pause_running")
            ):
                kind = "R12"  # R12's exit asks more than swelling's: it wins on a day with both
            elif self.inputs[i].reported and self.inputs[i].swelling:
                kind = "swelling"
            elif i > 0 and self.rungs[i] == ST0 and self.rungs[i - 1] > ST0:
                kind = "drop"
            if kind is None:
                continue
            end = next((j for j in range(i + 1, self.n) if self.rungs[j] >= ST3_P1), self.n)
            pauses.append(Pause(i, end, kind))
        return pauses

    def paused(self, i: int) -> Pause | None:
        """The latest pause that day i is in, if any."""
        inside = [p for p in self.pauses if p.start <= i < p.end]
        return inside[-1] if inside else None

    def last_pause_start(self, i: int) -> int | None:
        starts = [p.start for p in self.pauses if p.start <= i]
        return starts[-1] if starts else None
