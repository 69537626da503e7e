"""What the runner really ran, day by day, for the plan engine (§11b.9: recorded runs count).

Runs belong to the runner's LOCAL date in their time zone: a run at 23:30 in New York is that
day's run, even though it started the next day in UTC.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from kneewise.core.load import RUNNING
from kneewise.core.plan.profile import ActualRun
from kneewise.web.activities.models import Activity
from kneewise.web.runners.models import RunnerProfile

_FIELDS = ("start_time", "distance_m", "moving_s", "elapsed_s", "downhill_m", "avg_cadence_spm")


def actual_run(
    distance_m: float | None,
    moving_s: float | None,
    elapsed_s: float | None,
    downhill_m: float | None,
    cadence_spm: float | None,
) -> ActualRun:
    """One recorded run as the engine reads it: running time is the moving time, else the
    elapsed time; unknown figures stay unknown."""
    seconds = moving_s or elapsed_s
    return ActualRun(
        distance_km=None if distance_m is None else distance_m / 1000,
        running_minutes=None if seconds is None else seconds / 60,
        downhill_m=downhill_m,
        cadence_spm=cadence_spm,
    )


def runs_for_plan(
    profile: RunnerProfile, first: date, last: date
) -> dict[date, tuple[ActualRun, ...]]:
    """The runner's running activities from local date `first` to `last`, by local date, each
    day's in start-time order. One indexed range query (owner, start_time)."""
    if first > last:
        return {}
    zone = profile.zone
    # A day either side in UTC, then the exact local date: safe across DST and odd offsets.
    since = datetime.combine(first - timedelta(days=1), time.min, tzinfo=zone)
    until = datetime.combine(last + timedelta(days=2), time.min, tzinfo=zone)
    rows = (
        Activity.objects.runs()  # one run recorded in several files counts once (§3.5)
        .filter(
            owner_id=profile.user_id, sport=RUNNING, start_time__gte=since, start_time__lt=until
        )
        .order_by("start_time", "id")
        .values_list(*_FIELDS)
    )
    runs: dict[date, list[ActualRun]] = {}
    for start, distance, moving, elapsed, downhill, cadence in rows:
        day = start.astimezone(zone).date()
        if first <= day <= last:
            runs.setdefault(day, []).append(
                actual_run(distance, moving, elapsed, downhill, cadence)
            )
    return {day: tuple(day_runs) for day, day_runs in runs.items()}
