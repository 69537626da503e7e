"""A runner's load history for the web pages: computed once per change, read per page.

design.md §4: history analytics are computed in one pass, and page cost must not grow with
the length of a runner's history. Two ways, each where it fits:

- Stored weeks (`HistoryWeek`, one row per Monday week) for the activity list and the progress
  page, which show weeks: they read the rows of the weeks they show. The rows are rebuilt in
  one pass over the whole history (`core.load`) by the first page that finds them out of date
  (`ActivityHistory`: the activities' fingerprint, the runner's time zone, or a revision that
  `history_changed` bumps), so once per change, never per request. Flags are stored at both
  R16 factors (1.10, and 1.05 while returning, §11b.9): the plan's factor changes with the day,
  not with the activities.
- A bounded window for one run's page (`flags_of_day`): its day's flags from the few weeks
  `core.load.flag_window` names, as cheap as reading a stored week and always current.

Every query goes through `runners.access.owned` (design.md §5).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count, F, Max, QuerySet, Sum
from django.utils import timezone

from kneewise.core.load import (
    RUNNING,
    Flag,
    FlagCode,
    LoadActivity,
    Severity,
    Week,
    flag_window,
    load_flags,
    monday_of,
    weekly_load,
)
from kneewise.core.load_rules import CADENCE_RUNS, WEEKLY_NORMAL, WEEKLY_RETURN
from kneewise.core.reasons import Reason
from kneewise.web.activities.models import Activity, ActivityHistory, HistoryWeek
from kneewise.web.runners.access import owned

FACTORS = (WEEKLY_NORMAL, WEEKLY_RETURN)  # every R16 factor the plan uses (plan.volume)
_FIELDS = ("id", "start_time", "sport", "distance_m", "moving_s", "elapsed_s")
_MORE = ("downhill_m", "knee_load", "avg_cadence_spm")
Row = tuple[Any, ...]  # Activity values in the order of _FIELDS + _MORE
DayActivity = tuple[int, str, float]  # (id, sport, distance) of one activity of a day


def local_day(moment: datetime, zone: tzinfo) -> date:
    return moment.astimezone(zone).date()


def history_changed(owner_id: int) -> None:
    """The runner's activities changed: their stored history is rebuilt on the next page.

    Call it, inside the transaction that makes the change, after deleting activities or
    changing one in place (a re-derived summary). Added activities are noticed without it
    (they change the fingerprint), so imports need not call it, but calling it is harmless.
    """
    bumped = ActivityHistory.objects.filter(owner_id=owner_id).update(revision=F("revision") + 1)
    if not bumped:  # nothing stored yet; a row at revision 1 tells a build running now
        ActivityHistory.objects.get_or_create(owner_id=owner_id, defaults={"revision": 1})


# The whole history, once per change ---------------------------------------------------------


@dataclass
class History:
    """Load flags attached to the activity and day where they happened, and weekly totals."""

    flags_by_activity: dict[int, list[Flag]] = field(default_factory=dict)
    flags_by_day: dict[date, list[Flag]] = field(default_factory=dict)
    weeks: dict[date, Week] = field(default_factory=dict)
    months: list[tuple[date, int]] = field(default_factory=list)  # newest first, with counts

    @property
    def flag_count(self) -> int:
        return sum(len(flags) for flags in self.flags_by_day.values())


def load_history(user: User, zone: tzinfo, factor: float = WEEKLY_NORMAL) -> History:
    """Flags and weekly totals over the whole history in one pass; R16 at `factor`."""
    loads, by_day = _loads(_rows(owned(user, Activity.objects.runs())), zone)
    history = History(weeks={week.week_start: week for week in weekly_load(loads)})
    for flag in load_flags(loads, weekly_factor=factor):
        history.flags_by_day.setdefault(flag.day, []).append(flag)
        target = _flagged_activity(flag, by_day.get(flag.day, []))
        if target is not None:
            history.flags_by_activity.setdefault(target, []).append(flag)
    return history


def stored_weeks(user: User, zone: tzinfo, factor: float, starts: Iterable[date]) -> History:
    """The stored weeks starting on `starts` (Mondays), their flags at R16 `factor`; the
    stored history is rebuilt first if the runner's activities changed since."""
    starts = sorted(set(starts))
    header = _ensure_built(user, zone)
    stored = factor in FACTORS
    # A factor the plan does not use today: the weeks' flags from their window instead.
    history = History() if stored or not starts else _window(user, zone, factor, *_span(starts))
    history.flags_by_day = {d: f for d, f in history.flags_by_day.items() if monday_of(d) in starts}
    history.months = [(date.fromisoformat(month), count) for month, count in header.months]
    for week in owned(user, HistoryWeek.objects.filter(week_start__in=starts)):
        if week.totals is not None:
            history.weeks[week.week_start] = _week_from_json(week.totals)
        for item in week.flags.get(_factor_key(factor), []) if stored else []:
            flag = _flag_from_json(item)
            history.flags_by_day.setdefault(flag.day, []).append(flag)
            if item["activity"] is not None:
                history.flags_by_activity.setdefault(item["activity"], []).append(flag)
    return history


def _span(starts: Sequence[date]) -> tuple[date, date]:
    return starts[0], starts[-1] + timedelta(days=6)


def _ensure_built(user: User, zone: tzinfo) -> ActivityHistory:
    """The runner's header row, its stored weeks rebuilt first if they are out of date."""
    header, _ = ActivityHistory.objects.get_or_create(owner=user)
    current = (
        header.built_revision == header.revision
        and header.time_zone == _zone_key(zone)
        and header.fingerprint == _fingerprint_now(user)
    )
    if not current:
        header.months = _rebuild(user, zone, header.revision)
    return header


def _rebuild(user: User, zone: tzinfo, revision: int) -> list[list[Any]]:
    """All weeks, flags and month counts from the activities as they are now, stored with the
    revision read before reading them: a change during the build leaves them out of date,
    never wrong. Returns the month counts."""
    rows = _rows(owned(user, Activity.objects.runs()))
    loads, by_day = _loads(rows, zone)
    weeks = {week.week_start: week for week in weekly_load(loads)}
    flags: dict[date, dict[str, list[dict[str, Any]]]] = {}
    for factor in FACTORS:
        for flag in load_flags(loads, weekly_factor=factor):
            stored = flags.setdefault(monday_of(flag.day), {_factor_key(f): [] for f in FACTORS})
            target = _flagged_activity(flag, by_day.get(flag.day, []))
            stored[_factor_key(factor)].append(_flag_json(flag, target))
    ids = [row[0] for row in rows]
    per_month: dict[str, int] = {}
    for activity in loads:
        month = activity.day.replace(day=1).isoformat()
        per_month[month] = per_month.get(month, 0) + 1
    months = [[month, per_month[month]] for month in sorted(per_month, reverse=True)]
    with transaction.atomic():
        # One builder at a time per runner (the header row's lock), so weeks never mix.
        ActivityHistory.objects.select_for_update().get(owner=user)
        owned(user, HistoryWeek.objects.all()).delete()
        HistoryWeek.objects.bulk_create(
            HistoryWeek(
                owner=user,
                week_start=start,
                totals=_week_json(weeks[start]) if start in weeks else None,
                flags=flags.get(start, {}),
            )
            for start in sorted(weeks.keys() | flags.keys())
        )
        ActivityHistory.objects.filter(owner=user).update(
            built_revision=revision,
            time_zone=_zone_key(zone),
            fingerprint=_fingerprint(len(ids), max(ids, default=None), sum(ids) if ids else None),
            built_at=timezone.now(),
            months=months,
        )
    return months


def _fingerprint_now(user: User) -> str:
    found = owned(user, Activity.objects.runs()).aggregate(
        count=Count("id"), last=Max("id"), total=Sum("id")
    )
    return _fingerprint(found["count"], found["last"], found["total"])


def _fingerprint(count: int, last: int | None, total: int | None) -> str:
    return f"{count}:{last}:{total}"


def _zone_key(zone: tzinfo) -> str:
    return str(getattr(zone, "key", zone))


def _factor_key(factor: float) -> str:
    return f"{factor:.2f}"


# A bounded window ---------------------------------------------------------------------------


def flags_of_day(user: User, zone: tzinfo, factor: float, day: date) -> History:
    """The flags dated `day`, from the activities of `flag_window(day, day)` only (about five
    weeks), the same as over the whole history; no weekly totals."""
    return _window(user, zone, factor, day, day)


def _window(user: User, zone: tzinfo, factor: float, first: date, last: date) -> History:
    """The flags dated `first` to `last` (no weekly totals), from their window."""
    start, end = flag_window(first, last)
    mine = owned(user, Activity.objects.runs())
    # A day's margin each side of the local days, then exact local days in Python.
    fetched = _rows(
        mine.filter(
            start_time__gte=_midnight(start - timedelta(days=1), zone),
            start_time__lt=_midnight(end + timedelta(days=2), zone),
        )
    )
    inside = [r for r in fetched if start <= local_day(r[1], zone) <= end]
    earlier = [r for r in fetched if local_day(r[1], zone) < start]
    # Only that the history started earlier matters (core.load.flag_window): the latest run
    # and the latest activity before the window say so.
    before = mine.filter(start_time__lt=_midnight(start - timedelta(days=1), zone))
    earlier += _rows(before.filter(sport=RUNNING), newest_first=True, limit=1)
    earlier += _rows(before, newest_first=True, limit=1)
    loads, by_day = _loads(sorted(set(earlier), key=lambda r: (r[1], r[0])) + inside, zone)
    history = History()
    for flag in load_flags(loads, weekly_factor=factor):
        if first <= flag.day <= last:
            history.flags_by_day.setdefault(flag.day, []).append(flag)
            target = _flagged_activity(flag, by_day.get(flag.day, []))
            if target is not None:
                history.flags_by_activity.setdefault(target, []).append(flag)
    return history


def _midnight(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


# The pages' other reads, bounded -----------------------------------------------------------


def cadence_runs(user: User, zone: tzinfo, since: date, shown: int) -> list[LoadActivity]:
    """Runs with a cadence, in order: the latest `shown` from `since` on, and the latest
    `CADENCE_RUNS` of all (what `core.load.cadence_baseline` reads)."""
    measured = (
        owned(user, Activity.objects.runs().filter(sport=RUNNING))
        .exclude(avg_cadence_spm__isnull=True)
        .exclude(avg_cadence_spm=0)
    )
    recent = measured.filter(start_time__gte=_midnight(since - timedelta(days=1), zone))
    rows = _rows(recent, newest_first=True, limit=shown)
    rows += _rows(measured, newest_first=True, limit=CADENCE_RUNS)
    return _loads(sorted(set(rows), key=lambda r: (r[1], r[0])), zone)[0]


@dataclass(frozen=True, slots=True)
class MonthLink:
    month: date  # its first day
    activities: int
    page: int  # the page of the newest-first list that starts this month


def month_index(months: Iterable[tuple[date, int]], per_page: int) -> list[MonthLink]:
    """Each month with activities (newest first, as `History.months` has them, counted when
    the history was built) and the page of the newest-first list where it starts."""
    links, newer = [], 0
    for month, count in months:
        links.append(MonthLink(month, count, newer // per_page + 1))
        newer += count
    return links


# Rows, records and stored JSON ---------------------------------------------------------------


def _rows(
    queryset: QuerySet[Activity], *, newest_first: bool = False, limit: int | None = None
) -> list[Row]:
    """The values the core needs, in start-time order (newest first if asked)."""
    order = ("-start_time", "-id") if newest_first else ("start_time", "id")
    values = queryset.order_by(*order).values_list(*_FIELDS, *_MORE)
    return list(values if limit is None else values[:limit])


def _loads(
    rows: Iterable[Row], zone: tzinfo
) -> tuple[list[LoadActivity], dict[date, list[DayActivity]]]:
    """The core's records (local days, start-time order) and each day's activities."""
    loads: list[LoadActivity] = []
    by_day: dict[date, list[DayActivity]] = {}
    for order, (pk, start, sport, distance, moving, elapsed, downhill, knee, cadence) in enumerate(
        rows
    ):
        day = local_day(start, zone)
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
    return loads, by_day


def _flagged_activity(flag: Flag, that_day: list[DayActivity]) -> int | None:
    """The activity a flag belongs to: the day's longest run (or non-running one for R20)."""
    if flag.code == FlagCode.NEW_LOAD:
        candidates = [a for a in that_day if a[1] != RUNNING]
    else:
        candidates = [a for a in that_day if a[1] == RUNNING]
    if not candidates:
        return None
    return max(candidates, key=lambda a: a[2])[0]


def _flag_json(flag: Flag, activity: int | None) -> dict[str, Any]:
    return {**flag.as_json(), "activity": activity}


def _flag_from_json(item: dict[str, Any]) -> Flag:
    return Flag(
        date.fromisoformat(item["date"]),
        FlagCode(item["code"]),
        Severity(item["severity"]),
        Reason(item["rule"], item["message"]),
    )


def _week_json(week: Week) -> dict[str, Any]:
    """Every field at full precision (JSON keeps a float exactly; `Week.as_json` rounds)."""
    return {**asdict(week), "week_start": week.week_start.isoformat()}


def _week_from_json(values: dict[str, Any]) -> Week:
    return Week(**{**values, "week_start": date.fromisoformat(values["week_start"])})
