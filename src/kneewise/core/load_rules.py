"""The load rules R15–R17, the downhill rule and R24's cadence baseline, once: constants and
comparisons used both by the plan engine's caps and targets (what may be prescribed) and by
`kneewise load` and the activity pages (what is flagged). §11b.9: "the same rules computed by
the same code".

Weeks run Monday to Sunday (design.md §3.5) everywhere, in the engine as in the flags.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from enum import StrEnum

from kneewise.core.risk import NORMAL_WEEKLY_CAP, RETURN_TO_RUN_WEEKLY_CAP

# R15 (Garmin-RUNSAFE): a run more than 10 % longer than the longest of the previous 30 days.
SINGLE_RUN_CAP = 1.10
SPIKE_STRONG = 1.30  # R15: strong above 30 %
LOOKBACK_DAYS = 30
# R16: 1.10 in normal training, 1.05 while returning and for the higher-risk profile (R35).
WEEKLY_NORMAL = NORMAL_WEEKLY_CAP
WEEKLY_RETURN = RETURN_TO_RUN_WEEKLY_CAP
WEEKLY_STRONG = 1.30  # Nielsen 2014: > 30 % progressions were the risky ones (HR 1.59)
# R17: at most one more run day than the week before.
EXTRA_RUN_DAYS = 1
# R19 / §3.2: downhill distance rising faster than the weekly cap, by a meaningful amount (E).
DOWNHILL_WARN = 1.10
DOWNHILL_MIN_INCREASE_M = 500.0
# R24: a baseline needs at least 3 measured runs; it is the median of the latest 10.
CADENCE_MIN_RUNS = 3
CADENCE_RUNS = 10


class Severity(StrEnum):
    WARN = "warn"
    STRONG = "strong"


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def longest_in_lookback(runs: Iterable[tuple[date, float]], day: date) -> float:
    """R15's reference: the longest of `runs` (day, distance) in the 30 days before `day`."""
    first = day - timedelta(days=LOOKBACK_DAYS)
    return max((size for when, size in runs if first <= when < day), default=0.0)


def single_run_limit(longest: float) -> float | None:
    """R15: the longest single run allowed after a longest run of `longest`; None without one."""
    return longest * SINGLE_RUN_CAP if longest > 0 else None


def spike_severity(size: float, longest: float) -> Severity | None:
    """R15 flag for a run of `size` after a 30-day longest of `longest`."""
    if longest <= 0 or size <= longest * SINGLE_RUN_CAP:
        return None
    return Severity.STRONG if size > longest * SPIKE_STRONG else Severity.WARN


def weekly_limit(previous: float, factor: float) -> float | None:
    """R16: this week's volume may reach `factor` × last week's; None when last week had none
    (§11b.6: the first week with running after a week without any has no base to grow from)."""
    return previous * factor if previous > 0 else None


def weekly_severity(total: float, previous: float, factor: float) -> Severity | None:
    """R16 flag for a week of `total` after a week of `previous`."""
    limit = weekly_limit(previous, factor)
    if limit is None or total <= limit:
        return None
    return Severity.STRONG if total > previous * WEEKLY_STRONG else Severity.WARN


def run_days_limit(previous_run_days: int) -> int:
    """R17: run days this week, at most one more than last week."""
    return previous_run_days + EXTRA_RUN_DAYS


def downhill_increased(before_m: float, now_m: float) -> bool:
    """R19 / §3.2: a week's downhill distance up by more than 10 % and by at least 500 m."""
    return now_m - before_m >= DOWNHILL_MIN_INCREASE_M and now_m > before_m * DOWNHILL_WARN


def cadence_baseline_spm(latest: Sequence[float]) -> int | None:
    """R24: the median of the latest measured runs' cadences (steps/min), once there are at
    least CADENCE_MIN_RUNS; the caller keeps the latest CADENCE_RUNS."""
    return round(statistics.median(latest)) if len(latest) >= CADENCE_MIN_RUNS else None
