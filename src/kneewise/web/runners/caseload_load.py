"""A runner's recent load flags (R15–R17, R19 downhill, R20 new load) from rows read in bulk.

The same rules as `kneewise load`, the activity pages and the plan's caps (§11b.9): one
`core.load.load_flags` over the days `core.load.flag_window` names, as
`web.activities.history.flags_of_day` does for one run's page, but from rows the caseload read
for all its runners in one query.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo

from kneewise.core.load import RUNNING, Flag, FlagCode, LoadActivity, flag_window, load_flags
from kneewise.web.runners.caseload_plans import ActivityRow

RECENT_DAYS = 14  # issue #11: load flags of the last 14 days


@dataclass(frozen=True, slots=True)
class RecentFlag:
    flag: Flag
    activity_id: int | None  # the activity the flag belongs to, when there is one


def load_span(today: date) -> tuple[date, date]:
    """The local days whose activities decide the flags of the last `RECENT_DAYS` days."""
    return flag_window(today - timedelta(days=RECENT_DAYS - 1), today)


def recent_load_flags(
    rows: Sequence[ActivityRow],
    zone: tzinfo,
    today: date,
    weekly_factor: float,
    *,
    ran_before: bool,
    active_before: bool,
) -> list[RecentFlag]:
    """Flags dated in the last `RECENT_DAYS` days up to `today`, R16 at `weekly_factor`.

    `rows` are the runner's activities around `load_span(today)` (more is fine); `ran_before`
    and `active_before` say whether a run / any activity started before them. Those only tell
    the rules that the history began earlier (R16–R19 skip a history's first week, R20 its
    first day), so each stands in as an empty activity the day before the window."""
    first, last = today - timedelta(days=RECENT_DAYS - 1), today
    start, end = load_span(today)
    before = start - timedelta(days=1)
    loads: list[LoadActivity] = []
    if ran_before:
        loads.append(LoadActivity(day=before, sport=RUNNING, order=-2))
    if active_before:
        loads.append(LoadActivity(day=before, sport="other", order=-1))
    by_day: dict[date, list[tuple[int, str, float]]] = {}
    for order, row in enumerate(rows):
        _, pk, moment, sport, distance, moving, elapsed, downhill, knee, cadence = row
        day = moment.astimezone(zone).date()
        if day > end:
            continue
        if day < start:
            # Earlier than the window: it only says that the history began earlier.
            loads.append(LoadActivity(day=before, sport=RUNNING if sport == RUNNING else "other"))
            continue
        loads.append(
            LoadActivity(
                day=day,
                sport=sport,
                distance_m=distance or 0.0,
                duration_s=moving or elapsed or 0.0,
                downhill_m=downhill or 0.0,
                knee_load=knee,
                avg_cadence_spm=cadence,
                order=order,
            )
        )
        by_day.setdefault(day, []).append((pk, sport, distance or 0.0))
    return [
        RecentFlag(flag, _flagged_activity(flag, by_day.get(flag.day, [])))
        for flag in load_flags(loads, weekly_factor=weekly_factor)
        if first <= flag.day <= last
    ]


def _flagged_activity(flag: Flag, that_day: Iterable[tuple[int, str, float]]) -> int | None:
    """As the activity pages attach it: the day's longest run (a non-running one for R20)."""
    if flag.code == FlagCode.NEW_LOAD:
        candidates = [a for a in that_day if a[1] != RUNNING]
    else:
        candidates = [a for a in that_day if a[1] == RUNNING]
    return max(candidates, key=lambda a: a[2])[0] if candidates else None
