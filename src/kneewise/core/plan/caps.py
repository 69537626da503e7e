"""Load caps on running (R15–R17): single run, weekly volume, run days. ACWR gates nothing (R18).

Weeks are plan weeks (7 days from the plan's first day). The week before the plan is the
runner's usual week if they are running now, else empty.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from kneewise.core.plan.state import PlanState
from kneewise.core.reasons import Reason

# R15: a single run at most 10 % longer than the longest run of the previous 30 days.
SINGLE_RUN_CAP = 1.10
LOOKBACK_DAYS = 30
# R17: at most one more run day than the week before.
EXTRA_RUN_DAYS = 1


def floor_km(distance: float) -> float:
    """Round a distance down to 0.1 km, so rounding can never break a cap."""
    return math.floor(distance * 10 + 1e-9) / 10


@dataclass(frozen=True, slots=True)
class WeekLoad:
    run_days: int
    distance_km: float


def longest_run_in_30_days(state: PlanState, day: date) -> float | None:
    """R15's reference: the longest run done in the 30 days before `day`.

    The runner's reported longest recent run counts as a run on the day before the plan.
    """
    first = day - timedelta(days=LOOKBACK_DAYS)
    distances = [r.distance_km or 0.0 for r in state.runs_between(first, day - timedelta(days=1))]
    before_plan = state.start - timedelta(days=1)
    if state.runner.longest_recent_run_km > 0 and first <= before_plan:
        distances.append(state.runner.longest_recent_run_km)
    longest = max(distances, default=0.0)
    return longest if longest > 0 else None


def single_run_cap(state: PlanState, day: date) -> tuple[float | None, Reason | None]:
    """R15: the longest run allowed on `day`, or None when there is no run to compare with."""
    longest = longest_run_in_30_days(state, day)
    if longest is None:
        return None, None
    cap = floor_km(longest * SINGLE_RUN_CAP)
    reason = Reason(
        "R15",
        f"Your longest run in the last 30 days was {longest:.1f} km, so no single run goes "
        f"beyond {cap:.1f} km (10 % more).",
    )
    return cap, reason


def week_load(state: PlanState, day: date, *, before_day: bool = False) -> WeekLoad:
    """Run days and distance of the plan week holding `day` (only days before it, if asked)."""
    first, last = state.week_bounds(day)
    if before_day:
        last = day - timedelta(days=1)
    runs = state.runs_between(first, last)
    return WeekLoad(len({r.day for r in runs}), sum(r.distance_km or 0.0 for r in runs))


def previous_week_load(state: PlanState, day: date) -> WeekLoad:
    if state.week_index(day) == 0:
        runner = state.runner
        if runner.running_now:
            return WeekLoad(runner.usual_runs_per_week, runner.usual_weekly_km)
        return WeekLoad(0, 0.0)
    return week_load(state, day - timedelta(days=7))


def run_day_allowed(state: PlanState, day: date) -> tuple[bool, Reason]:
    """R17: run days per week may rise by at most one from the week before."""
    allowed = previous_week_load(state, day).run_days + EXTRA_RUN_DAYS
    so_far = week_load(state, day, before_day=True).run_days
    if so_far + 1 <= allowed:
        return True, Reason("R17", f"Run day {so_far + 1} of at most {allowed} this week.")
    return False, Reason(
        "R17",
        f"You have run on {so_far} day{'s' if so_far != 1 else ''} this week; at most "
        f"{allowed} (one more than last week) keeps the change gentle, so no run today.",
    )


def weekly_room_km(state: PlanState, day: date, weekly_cap: float) -> tuple[float | None, Reason]:
    """R16: how many km are left this week under the weekly cap; None when last week was empty."""
    previous = previous_week_load(state, day).distance_km
    if previous <= 0:
        return None, Reason("R16", "Last week had no running to compare with.")
    limit = previous * weekly_cap
    done = week_load(state, day, before_day=True).distance_km
    room = max(0.0, limit - done)
    percent = round((weekly_cap - 1) * 100)
    return room, Reason(
        "R16",
        f"This week's running may reach {limit:.1f} km ({percent} % more than last week's "
        f"{previous:.1f} km); {done:.1f} km done so far.",
    )
