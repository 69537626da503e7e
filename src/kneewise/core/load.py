"""Knee-load analytics over a running history: weekly totals and the flags of R15–R17, R19,
R20, a cadence baseline (R24) and the shoe reminder (R36). ACWR is shown, never flagged (R18).

Input is plain records with local calendar dates; the caller converts UTC instants to the
runner's dates. Weeks start on Monday (design.md §3.5). Every function is one pass over the
history after a sort (design.md §4): O(n log n) in activities, plus the days it spans for the
weeks and ACWR. `flag_window` says which part of a history decides the flags of a few days,
so a page about one run reads only that part.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from itertools import groupby

from kneewise.core.dates import spoken_date
from kneewise.core.load_rules import (
    CADENCE_MIN_RUNS,
    CADENCE_RUNS,
    LOOKBACK_DAYS,
    WEEKLY_NORMAL,
    Severity,
    cadence_baseline_spm,
    downhill_increased,
    monday_of,
    run_days_limit,
    spike_severity,
    weekly_limit,
    weekly_severity,
)
from kneewise.core.reasons import Reason

__all__ = ["LOOKBACK_DAYS", "Severity", "monday_of"]
NEW_LOAD_QUIET_DAYS = 28  # R20: a sport not done in the 4 weeks before counts as new load
SHOE_KM = 500.0  # R36 default (configurable 480–640 km)
SHOE_DAYS = 183  # R36: about 6 months
EWMA_ACUTE_DAYS = 7  # Williams 2017 (display only, R18)
EWMA_CHRONIC_DAYS = 28

RUNNING = "running"
NON_RUNNING_KNEE_LOAD = ("cycling", "hiking", "walking")


class FlagCode(StrEnum):
    SINGLE_RUN_SPIKE = "single_run_spike"
    WEEKLY_INCREASE = "weekly_increase"
    RUN_DAYS_JUMP = "run_days_jump"
    DOWNHILL_INCREASE = "downhill_increase"
    NEW_LOAD = "new_load"


@dataclass(frozen=True, slots=True)
class LoadActivity:
    """One activity as load analytics needs it; `day` is the runner's local date."""

    day: date
    sport: str
    distance_m: float = 0.0
    duration_s: float = 0.0
    downhill_m: float = 0.0
    knee_load: float | None = None
    avg_cadence_spm: float | None = None
    order: int = 0  # tie-breaker for several activities on one day (start time order)


@dataclass(frozen=True, slots=True)
class Flag:
    day: date
    code: FlagCode
    severity: Severity
    reason: Reason

    def as_json(self) -> dict[str, str]:
        return {
            "date": self.day.isoformat(),
            "code": self.code.value,
            "severity": self.severity.value,
            "rule": self.reason.rule,
            "message": self.reason.message,
        }


@dataclass(frozen=True, slots=True)
class Week:
    week_start: date
    runs: int
    run_days: int
    distance_m: float
    duration_s: float
    downhill_m: float
    longest_run_m: float
    knee_load: float
    change_pct: float | None
    training_trend_acwr: float | None

    def as_json(self) -> dict[str, object]:
        return {
            "week_start": self.week_start.isoformat(),
            "runs": self.runs,
            "run_days": self.run_days,
            "distance_m": round(self.distance_m, 1),
            "duration_s": round(self.duration_s, 1),
            "downhill_m": round(self.downhill_m, 1),
            "longest_run_m": round(self.longest_run_m, 1),
            "knee_load": round(self.knee_load, 1),
            "change_pct": None if self.change_pct is None else round(self.change_pct, 1),
            # R18: shown as a trend only; it never raises a flag.
            "training_trend_acwr": (
                None if self.training_trend_acwr is None else round(self.training_trend_acwr, 2)
            ),
        }


@dataclass(frozen=True, slots=True)
class CadenceBaseline:
    """R24: the runner's own cadence, from at least 3 measured runs; target +5 %."""

    baseline_spm: int | None
    runs_measured: int
    target_spm: int | None
    reason: Reason

    def as_json(self) -> dict[str, object]:
        return {
            "baseline_spm": self.baseline_spm,
            "runs_measured": self.runs_measured,
            "target_spm": self.target_spm,
            "rule": self.reason.rule,
            "message": self.reason.message,
        }


def weekly_load(activities: Iterable[LoadActivity]) -> list[Week]:
    """Weekly running totals, Monday to Sunday, with empty weeks in between kept."""
    runs = sorted((a for a in activities if a.sport == RUNNING), key=_key)
    if not runs:
        return []
    trend = _acwr_by_day(runs)
    by_week = _by_week(runs)
    first, last = monday_of(runs[0].day), monday_of(runs[-1].day)
    weeks: list[Week] = []
    previous: float | None = None
    start = first
    while start <= last:
        in_week = by_week.get(start, [])
        distance = sum(r.distance_m for r in in_week)
        change = None if not previous else (distance / previous - 1) * 100
        end = min(start + timedelta(days=6), runs[-1].day)
        weeks.append(
            Week(
                week_start=start,
                runs=len(in_week),
                run_days=len({r.day for r in in_week}),
                distance_m=distance,
                duration_s=sum(r.duration_s for r in in_week),
                downhill_m=sum(r.downhill_m for r in in_week),
                longest_run_m=max((r.distance_m for r in in_week), default=0.0),
                knee_load=sum(r.knee_load or 0.0 for r in in_week),
                change_pct=change,
                training_trend_acwr=trend.get(end),
            )
        )
        previous = distance
        start += timedelta(days=7)
    return weeks


def load_flags(
    activities: Iterable[LoadActivity], *, weekly_factor: float = WEEKLY_NORMAL
) -> list[Flag]:
    """Every flag of R15, R16, R17, R19 (downhill) and R20 (new non-running load), by date.

    `weekly_factor` is R16's: 1.10 in normal training (the default), 1.05 while returning."""
    everything = sorted(activities, key=_key)
    runs = [a for a in everything if a.sport == RUNNING]
    flags = [
        *single_run_spikes(runs),
        *weekly_increases(runs, weekly_factor),
        *run_day_jumps(runs),
        *downhill_increases(runs),
        *new_load(everything),
    ]
    return sorted(flags, key=lambda f: (f.day, f.code.value))


def longest_run_in_30_days(runs: Sequence[LoadActivity], before: LoadActivity) -> float:
    """R15's reference: the longest run in the 30 days before this one (earlier runs only)."""
    first = before.day - timedelta(days=LOOKBACK_DAYS)
    earlier = [r.distance_m for r in runs if first <= r.day and _key(r) < _key(before)]
    return max(earlier, default=0.0)


def single_run_spikes(runs: Sequence[LoadActivity]) -> list[Flag]:
    """R15: a run more than 10 % longer than the longest of the last 30 days (strong > 30 %)."""
    flags = []
    for run, longest in zip(runs, _longest_in_30_days_before_each(runs), strict=True):
        severity = spike_severity(run.distance_m, longest)
        if severity is None:
            continue
        ratio = run.distance_m / longest
        message = (
            f"A {run.distance_m / 1000:.1f} km run, {(ratio - 1) * 100:.0f} % longer than your "
            f"longest run of the previous 30 days ({longest / 1000:.1f} km). Single runs more "
            "than 10 % longer are linked with more injuries."
        )
        flags.append(Flag(run.day, FlagCode.SINGLE_RUN_SPIKE, severity, Reason("R15", message)))
    return flags


def _longest_in_30_days_before_each(runs: Sequence[LoadActivity]) -> list[float]:
    """`longest_run_in_30_days` of every run, in one pass: a sliding-window maximum over the
    runs in (day, order) order. The deque holds runs of the window whose distance no later run
    of the window has reached, longest first; runs sharing a (day, order) never count for each
    other, as in `longest_run_in_30_days`."""
    longest = [0.0] * len(runs)
    window: deque[LoadActivity] = deque()
    for group in _same_key_groups(runs):
        first = runs[group[0]].day - timedelta(days=LOOKBACK_DAYS)
        while window and window[0].day < first:
            window.popleft()
        before = window[0].distance_m if window else 0.0
        for index in group:
            longest[index] = before
        for index in group:
            run = runs[index]
            while window and window[-1].distance_m <= run.distance_m:
                window.pop()
            window.append(run)
    return longest


def weekly_increases(runs: Sequence[LoadActivity], factor: float = WEEKLY_NORMAL) -> list[Flag]:
    """R16: the week's running passes `factor` × last week's; dated on the run that crossed it."""
    flags = []
    for week_start, week_runs, previous in _week_pairs(runs):
        previous_km = sum(r.distance_m for r in previous)
        limit = weekly_limit(previous_km, factor)
        if limit is None:
            continue
        total = 0.0
        crossed: LoadActivity | None = None
        for run in week_runs:
            total += run.distance_m
            if crossed is None and total > limit:
                crossed = run
        severity = weekly_severity(total, previous_km, factor)
        if crossed is None or severity is None:
            continue
        ratio = total / previous_km
        percent = round((factor - 1) * 100)
        message = (
            f"The week of {spoken_date(week_start)} reached {total / 1000:.1f} km, "
            f"{(ratio - 1) * 100:.0f} % more than the week before ({previous_km / 1000:.1f} km); "
            f"the guide is at most {percent} % (5 % while returning from pain)."
        )
        flags.append(Flag(crossed.day, FlagCode.WEEKLY_INCREASE, severity, Reason("R16", message)))
    return flags


def run_day_jumps(runs: Sequence[LoadActivity]) -> list[Flag]:
    """R17: more than one extra run day compared with the week before."""
    flags = []
    for week_start, week_runs, previous in _week_pairs(runs):
        allowed = run_days_limit(len({r.day for r in previous}))
        days_seen: set[date] = set()
        for run in week_runs:
            days_seen.add(run.day)
            if len(days_seen) == allowed + 1:
                message = (
                    f"The week of {spoken_date(week_start)} has {len(days_seen)} or more run days "
                    f"after {allowed - 1} the week before; add at most one run day per week."
                )
                flags.append(
                    Flag(run.day, FlagCode.RUN_DAYS_JUMP, Severity.WARN, Reason("R17", message))
                )
                break
    return flags


def downhill_increases(runs: Sequence[LoadActivity]) -> list[Flag]:
    """R19 and §3.2: downhill distance rising faster than the weekly cap loads the kneecap."""
    flags = []
    for week_start, week_runs, previous in _week_pairs(runs):
        before = sum(r.downhill_m for r in previous)
        now = sum(r.downhill_m for r in week_runs)
        if not downhill_increased(before, now):
            continue
        day = max(week_runs, key=lambda r: r.downhill_m).day
        message = (
            f"Downhill running in the week of {spoken_date(week_start)}: {now / 1000:.1f} km on "
            f"grades of −5 % or steeper, up from {before / 1000:.1f} km. Downhills load the "
            "kneecap more; bring them back gradually."
        )
        flags.append(Flag(day, FlagCode.DOWNHILL_INCREASE, Severity.WARN, Reason("R19", message)))
    return flags


def new_load(activities: Sequence[LoadActivity]) -> list[Flag]:
    """R20: cycling, hiking or walking that was not in the 4 weeks before is a load change."""
    flags = []
    for activity, new in zip(activities, _new_sport_each(activities), strict=True):
        if not new:
            continue
        message = (
            f"New {activity.sport} on {spoken_date(activity.day)}: non-running knee load counts "
            "as a load change; keep running steady for a week."
        )
        flags.append(Flag(activity.day, FlagCode.NEW_LOAD, Severity.WARN, Reason("R20", message)))
    return flags


def _new_sport_each(activities: Sequence[LoadActivity]) -> list[bool]:
    """R20 for every activity, in one pass in (day, order) order: a knee-loading sport with no
    activity of that sport (earlier in that order) in the 28 days before, after some activity
    of any sport on an earlier day (the first days of a history are no change)."""
    if not activities:
        return []
    first_day = min(a.day for a in activities)
    last_seen: dict[str, date] = {}  # sport → its latest day so far
    new = [False] * len(activities)
    for group in _same_key_groups(activities):
        for index in group:
            activity = activities[index]
            if activity.sport not in NON_RUNNING_KNEE_LOAD:
                continue
            seen = last_seen.get(activity.sport)
            quiet_from = activity.day - timedelta(days=NEW_LOAD_QUIET_DAYS)
            new[index] = (seen is None or seen < quiet_from) and first_day < activity.day
        for index in group:  # after the group: equal keys never count as earlier
            last_seen[activities[index].sport] = activities[index].day
    return new


def flag_window(first: date, last: date) -> tuple[date, date]:
    """The days of a history that decide every flag dated `first` to `last`: 30 days before
    (R15; R20 needs 28), the week before `first`'s (R16, R17, R19 compare with it) and to the
    end of `last`'s week (R16's severity and R19's day use the whole week).

    Flags of those days from `load_flags` over the activities of these days, plus the latest
    run and the latest activity before them (they only say that the history started earlier:
    R16–R19 skip a history's first week, R20 its first day), equal those over the whole
    history."""
    back = max(LOOKBACK_DAYS, NEW_LOAD_QUIET_DAYS, first.weekday() + 7)  # 30 covers the week
    return first - timedelta(days=back), monday_of(last) + timedelta(days=6)


def cadence_baseline(
    activities: Iterable[LoadActivity], *, last_runs: int = CADENCE_RUNS
) -> CadenceBaseline:
    """R24: the median cadence of the most recent measured runs (≥ 3); target +5 %."""
    measured = [
        a.avg_cadence_spm
        for a in sorted(activities, key=_key)
        if a.sport == RUNNING and a.avg_cadence_spm
    ][-last_runs:]
    baseline = cadence_baseline_spm(measured)
    if baseline is None:
        return CadenceBaseline(
            None,
            len(measured),
            None,
            Reason(
                "R24",
                f"{len(measured)} run(s) with cadence so far; a baseline needs "
                f"{CADENCE_MIN_RUNS}, so there is no step-rate target yet.",
            ),
        )
    target = round(baseline * 1.05)
    return CadenceBaseline(
        baseline,
        len(measured),
        target,
        Reason(
            "R24",
            f"Your usual cadence is {baseline} steps/min (median of {len(measured)} runs); a "
            f"first target is {target} (+5 %), never a fixed 180.",
        ),
    )


def shoe_reminder(
    km_since_new: float, days_since_new: int, *, limit_km: float = SHOE_KM
) -> Reason | None:
    """R36: a housekeeping reminder at 500 km (configurable 480–640) or 6 months."""
    if not 480 <= limit_km <= 640:
        raise ValueError("the shoe limit must be from 480 to 640 km")
    if km_since_new < limit_km and days_since_new < SHOE_DAYS:
        return None
    return Reason(
        "R36",
        f"Your shoes have {km_since_new:.0f} km and {days_since_new} days on them. Many "
        "runners replace them around this point; this is a reminder, not an injury rule.",
    )


def _key(activity: LoadActivity) -> tuple[date, int]:
    return activity.day, activity.order


def _same_key_groups(items: Sequence[LoadActivity]) -> Iterator[list[int]]:
    """Indices of `items` in (day, order) order, grouped by equal key: the one-pass walks
    read their state for a whole group before any of it counts (equal keys never count for
    each other)."""
    ordered = sorted(range(len(items)), key=lambda i: _key(items[i]))
    for _, group in groupby(ordered, key=lambda i: _key(items[i])):
        yield list(group)


def _by_week(runs: Iterable[LoadActivity]) -> dict[date, list[LoadActivity]]:
    """Each run into its Monday week, in one pass (keeping the runs' order)."""
    by_week: dict[date, list[LoadActivity]] = {}
    for run in runs:
        by_week.setdefault(monday_of(run.day), []).append(run)
    return by_week


def _week_pairs(
    runs: Sequence[LoadActivity],
) -> list[tuple[date, list[LoadActivity], list[LoadActivity]]]:
    """(week start, its runs, the week before's runs), from the second week of the history on:
    the first week has nothing known before it to compare with."""
    by_week = _by_week(runs)
    first = min(by_week, default=None)
    return [
        (start, week_runs, by_week.get(start - timedelta(days=7), []))
        for start, week_runs in sorted(by_week.items())
        if start != first
    ]


def _acwr_by_day(runs: Sequence[LoadActivity]) -> dict[date, float]:
    """R18 display value: EWMA acute (7 d) over chronic (28 d) daily distance (Williams 2017)."""
    daily: dict[date, float] = {}
    for run in runs:
        daily[run.day] = daily.get(run.day, 0.0) + run.distance_m
    acute = chronic = 0.0
    ratios: dict[date, float] = {}
    day, last = runs[0].day, runs[-1].day
    acute_weight = 2 / (EWMA_ACUTE_DAYS + 1)
    chronic_weight = 2 / (EWMA_CHRONIC_DAYS + 1)
    while day <= last:
        load = daily.get(day, 0.0)
        acute = acute_weight * load + (1 - acute_weight) * acute
        chronic = chronic_weight * load + (1 - chronic_weight) * chronic
        if chronic > 0:
            ratios[day] = acute / chronic
        day += timedelta(days=1)
    return ratios
