"""Running volume: what each week has run (§11b.9: recorded runs are the truth), the rooms R16
and R17 leave, and on which days of the week a run falls (§11b.7: more, shorter runs first).

Weeks run Monday to Sunday, as in `kneewise load` (one load model, `core/load_rules.py`).
Before the plan, a runner who is running now ran their usual week (§11b.12e).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from kneewise.core.load_rules import (
    longest_in_lookback,
    monday_of,
    run_days_limit,
    single_run_limit,
    weekly_limit,
)
from kneewise.core.plan.ladder import ST3_FIRST, ST3_LAST, ST4
from kneewise.core.plan.profile import ActualRun
from kneewise.core.plan.state import DayEntry, PlanState, RunDone, SessionRecord
from kneewise.core.risk import RETURN_TO_RUN_WEEKLY_CAP, risk_profile

EASY_MIN_PER_KM = 7.0  # (E) to express runs in minutes too when no file says otherwise
MIN_RUN_KM = 1.0  # a continuous run shorter than this is not worth going out for (E)
# §11b.7 (E): runs may be shorter than the full session to add a run day, but not shorter than
# half of it; below that the week keeps fewer, longer runs.
MIN_SESSION_SHARE = 0.5
WALK_RUN_DAYS_MAX = 3  # R23: a rest day between sessions; 4 a week cannot repeat (Sun, then Mon)
OBSERVED_PACE_RUNS = 3  # recorded runs needed before their pace replaces the estimate


def floor_to(value: float, step: float = 0.01) -> float:
    """Round down to `step`, so rounding can never break a cap."""
    return round(math.floor(value / step + 1e-6) * step, 6)


@dataclass(frozen=True, slots=True)
class WeekTally:
    """A Monday week's running: run days, distance, running minutes, downhill."""

    run_days: int = 0
    km: float = 0.0
    minutes: float = 0.0
    downhill_m: float = 0.0


def run_done(planned: SessionRecord, actual: tuple[ActualRun, ...], *, confirmed: bool,
             skipped: bool, pace: float) -> RunDone | None:  # fmt: skip
    """What a day's running counts for: recorded runs win (§11b.9), else the prescription."""
    if actual:
        # A recorded figure that is missing is estimated at the fixed 7 min/km (never the
        # runner's own pace, which moves with the data): the same count `kneewise load` and
        # any checker make.
        sizes = [_actual_km(run, EASY_MIN_PER_KM) for run in actual]
        minutes = sum(_actual_minutes(run, EASY_MIN_PER_KM) for run in actual)
        downhill = sum(run.downhill_m or 0.0 for run in actual)
        return RunDone(sum(sizes), minutes, max(sizes), downhill, confirmed=True)
    if planned.distance_km is None or skipped:
        return None
    minutes = planned.running_minutes or planned.distance_km * pace
    return RunDone(planned.distance_km, minutes, planned.distance_km, confirmed=confirmed)


def _actual_km(run: ActualRun, pace: float) -> float:
    if run.distance_km is not None:
        return run.distance_km
    return (run.running_minutes or 0.0) / pace


def _actual_minutes(run: ActualRun, pace: float) -> float:
    if run.running_minutes is not None:
        return run.running_minutes
    return (run.distance_km or 0.0) * pace


def pace(state: PlanState) -> float:
    """Minutes per km: the runner's own from recorded runs in the log, else the estimate."""
    km = minutes = 0.0
    counted = 0
    for entry in state.log:
        session = entry.session
        for run in session.actual_runs if session else ():
            if run.distance_km and run.running_minutes:
                km += run.distance_km
                minutes += run.running_minutes
                counted += 1
    if counted >= OBSERVED_PACE_RUNS and km > 0:
        return minutes / km
    return EASY_MIN_PER_KM


def week_tally(state: PlanState, day: date, *, before: date | None = None) -> WeekTally:
    """The Monday week holding `day` (only the days before `before`, if given)."""
    monday = monday_of(day)
    if monday < monday_of(state.start):
        return _before_plan(state, monday)
    last = monday + timedelta(days=6)
    if before is not None:
        last = min(last, before - timedelta(days=1))
    return tally(state.entries_between(monday, last))


def tally(entries: list[DayEntry]) -> WeekTally:
    runs = [e.run for e in entries if e.run is not None]
    return WeekTally(
        run_days=len(runs),
        km=sum(r.distance_km for r in runs),
        minutes=sum(r.minutes for r in runs),
        downhill_m=sum(r.downhill_m for r in runs),
    )


def _before_plan(state: PlanState, monday: date) -> WeekTally:
    """§11b.12e: a runner who is running now ran their usual week before the plan."""
    runner = state.runner
    if not runner.running_now or monday != monday_of(state.start) - timedelta(days=7):
        return WeekTally()
    return WeekTally(
        run_days=runner.usual_runs if runner.usual_weekly_km > 0 else 0,
        km=runner.usual_weekly_km,
        minutes=runner.usual_weekly_km * EASY_MIN_PER_KM,
    )


def previous_week(state: PlanState, day: date) -> WeekTally:
    return week_tally(state, monday_of(day) - timedelta(days=1))


def longest_recent_run(state: PlanState, day: date) -> float:
    """R15's reference: the longest confirmed run in the 30 days before `day`; the runner's
    reported longest recent run counts as a run on the day before the plan."""
    runs = [(e.day, e.run.longest_km) for e in state.log if e.run is not None and e.run.confirmed]
    if state.runner.longest_recent_run_km > 0:
        runs.append((state.start - timedelta(days=1), state.runner.longest_recent_run_km))
    return longest_in_lookback(runs, day)


def single_run_cap_km(state: PlanState, day: date) -> tuple[float | None, float]:
    """R15 from ST4 on (§11b.12c): (the cap, the longest run it comes from)."""
    longest = longest_recent_run(state, day)
    limit = single_run_limit(longest)
    return (None if limit is None else floor_to(limit)), longest


def weekly_factor(state: PlanState) -> float:
    """R16: 1.05 while returning (ST3–ST4) and for the higher-risk profile (R35), else 1.10."""
    if state.rung <= ST4:
        return RETURN_TO_RUN_WEEKLY_CAP
    return risk_profile(state.runner.risk_answers()).weekly_volume_cap


@dataclass(frozen=True, slots=True)
class WeekRoom:
    """What R16 and R17 leave of the week holding a day, before that day."""

    previous: WeekTally
    so_far: WeekTally
    factor: float
    minutes_limit: float | None  # None: no base to grow from (§11b.6), so no R16 limit
    km_limit: float | None
    run_days_limit: int

    @property
    def minutes_left(self) -> float | None:
        if self.minutes_limit is None:
            return None
        return max(0.0, self.minutes_limit - self.so_far.minutes)

    @property
    def km_left(self) -> float | None:
        if self.km_limit is None:
            return None
        return max(0.0, self.km_limit - self.so_far.km)


def week_room(state: PlanState, day: date) -> WeekRoom:
    previous = previous_week(state, day)
    so_far = week_tally(state, day, before=day)
    factor = weekly_factor(state)
    return WeekRoom(
        previous=previous,
        so_far=so_far,
        factor=factor,
        minutes_limit=weekly_limit(previous.minutes, factor),
        km_limit=weekly_limit(previous.km, factor),
        run_days_limit=run_days_limit(previous.run_days),
    )


def target_runs_per_week(state: PlanState, rung: int) -> int:
    """§11b.7: the runner's usual runs per week (3 if not given) at `rung`; walk-run (R23)
    at most WALK_RUN_DAYS_MAX (choice 50)."""
    usual = state.runner.usual_runs
    if ST3_FIRST <= rung <= ST3_LAST:
        return min(usual, WALK_RUN_DAYS_MAX)
    return usual


def planned_run_days(room: WeekRoom, target: int, full_minutes: float, full_km: float) -> int:
    """Run days this week: the target, within R17, and fewer while R16's room would make each
    session shorter than half a full one (§11b.7)."""
    days = max(1, min(target, room.run_days_limit))
    while days > 1 and not _fits(room, days, full_minutes, full_km):
        days -= 1
    return days


def _fits(room: WeekRoom, days: int, full_minutes: float, full_km: float) -> bool:
    share = MIN_SESSION_SHARE
    minutes_ok = room.minutes_limit is None or room.minutes_limit / days >= share * full_minutes
    km_ok = room.km_limit is None or room.km_limit / days >= share * full_km
    return minutes_ok and km_ok


def scheduled_today(day: date, runs_this_week: int, days_planned: int) -> bool:
    """Spread the week's runs evenly over Monday–Sunday (3: Tue, Thu, Sat; 4: Mon, Wed, Fri,
    Sun), catching up when one was missed."""
    due_by_today = math.floor((day.weekday() + 1) * days_planned / 7 + 0.5)
    return runs_this_week < min(due_by_today, days_planned)


def ran_on(state: PlanState, day: date) -> bool:
    found = state.entry(day)
    return found is not None and found.run is not None
