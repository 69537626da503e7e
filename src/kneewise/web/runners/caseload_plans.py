"""Many runners' plans brought to today at once, for the clinician's caseload (issue #11).

A fixed number of queries for the whole caseload, whatever its size or history length: one
for the profiles with their latest snapshot and last check-in (indexed subqueries), and, only
for runners whose snapshot is behind today, one each for the missing days' check-ins, knee
scores and (through `CaseloadActivities`) runs, replayed in memory and stored in one
transaction. A runner with no usable snapshot at all (a new plan, or one whose inputs just
changed from its start) is replayed once from its start by `plan_service.plan_view`.
"""

from __future__ import annotations

import functools
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import BinaryField, Exists, OuterRef, Q, Subquery

from kneewise.core.errors import InvalidInput
from kneewise.core.load import RUNNING
from kneewise.core.plan.codec import to_json
from kneewise.core.plan.models import DayPlan
from kneewise.core.plan.overrides import ClinicianOverride, override_from_json
from kneewise.core.plan.profile import ActualRun
from kneewise.core.plan.runner_choices import NO_CHOICES
from kneewise.core.plan.state import PlanState
from kneewise.web.activities.models import Activity
from kneewise.web.activities.runs_for_plan import actual_run
from kneewise.web.runners import plan_service
from kneewise.web.runners.models import (
    AkpsRecord,
    CheckIn,
    PlanOverride,
    PlanSnapshot,
    RunnerProfile,
)
from kneewise.web.runners.plan_inputs import DayInputs
from kneewise.web.runners.plan_store import BATCH, decode_plan, decoded_snapshot, pack, unpack
from kneewise.web.runners.week_choices import choices_by_owner

# What one activity row carries for the caseload (the load flags and the replay).
ACTIVITY_FIELDS = (
    "owner_id",
    "id",
    "start_time",
    "sport",
    "distance_m",
    "moving_s",
    "elapsed_s",
    "downhill_m",
    "knee_load",
    "avg_cadence_spm",
)
ActivityRow = tuple[Any, ...]
# The caseload reads at most the last 14 days of a plan's log (R11's two weeks, the load and
# check-in flags' 14 days): decoding only those is a third of the cost of the whole state.
FLAG_LOG_DAYS = 14
# Decoded states for the caseload kept per process (about 16 kB each, measured, plus the
# stored bytes as key, ~3 kB): five caseloads of 100 in under 10 MB.
STATES_KEPT_DECODED = 512


@dataclass(frozen=True)
class CurrentPlan:
    """A runner's plan state at the end of `today` and today's plan (None before the plan)."""

    today: date
    # For reading only: its log may hold just the last `FLAG_LOG_DAYS` days (`flag_state`).
    state: PlanState | None
    plan: DayPlan | None
    replayed_days: int = 0  # days the engine ran for this call (0: the snapshot was current)


@dataclass
class CaseloadRows:
    """What the profiles query found, per profile id."""

    revision: dict[int, int] = field(default_factory=dict)
    snapshot: dict[int, tuple[date, bytes, bytes]] = field(default_factory=dict)
    last_check_in: dict[int, date] = field(default_factory=dict)
    ran_before: dict[int, bool] = field(default_factory=dict)
    active_before: dict[int, bool] = field(default_factory=dict)


def midnight(day: date, profile: RunnerProfile) -> datetime:
    return datetime.combine(day, time.min, tzinfo=profile.zone)


def caseload_rows(
    profiles: Sequence[RunnerProfile], last: date, activities_before: datetime
) -> CaseloadRows:
    """One query: each profile's revision, latest snapshot up to `last`, latest check-in up to
    `last`, and whether any run / activity started before `activities_before`."""
    found = CaseloadRows()
    if not profiles:
        return found
    owner = OuterRef("user_id")
    snapshots = PlanSnapshot.objects.filter(owner_id=owner, day__lte=last).order_by("-day")
    checkins = CheckIn.objects.filter(owner_id=owner, day__lte=last).order_by("-day")
    earlier = Activity.objects.runs().filter(owner_id=owner, start_time__lt=activities_before)
    rows = (
        RunnerProfile.objects.filter(pk__in=[p.pk for p in profiles])
        .annotate(
            snap_day=Subquery(snapshots.values("day")[:1]),
            snap_state=Subquery(snapshots.values("state")[:1], output_field=BinaryField()),
            snap_plan=Subquery(snapshots.values("plan")[:1], output_field=BinaryField()),
            last_check_in=Subquery(checkins.values("day")[:1]),
            ran_before=Exists(earlier.filter(sport=RUNNING)),
            active_before=Exists(earlier),
        )
        .values_list(
            "pk",
            "plan_revision",
            "snap_day",
            "snap_state",
            "snap_plan",
            "last_check_in",
            "ran_before",
            "active_before",
        )
    )
    for pk, revision, day, state, plan, checked, ran, active in rows:
        found.revision[pk] = revision
        if day is not None:
            found.snapshot[pk] = (day, bytes(state), bytes(plan))
        if checked is not None:
            found.last_check_in[pk] = checked
        found.ran_before[pk] = bool(ran)
        found.active_before[pk] = bool(active)
    return found


def activity_rows(
    owners: Sequence[int], since: datetime, until: datetime, earlier: Mapping[int, datetime]
) -> dict[int, list[ActivityRow]]:
    """One query: the `owners`' activities (one row per run, §3.5) starting from `since`
    (or from `earlier[owner]` for a runner whose plan must replay from before it) up to
    `until`, in start-time order; callers keep the exact local days they need."""
    if not owners:
        return {}
    wanted = Q(owner_id__in=list(owners), start_time__gte=since)
    for owner, first in earlier.items():
        if first < since:
            wanted |= Q(owner_id=owner, start_time__gte=first)
    rows = (
        Activity.objects.runs()
        .filter(wanted, start_time__lt=until)
        .order_by("owner_id", "start_time", "id")
        .values_list(*ACTIVITY_FIELDS)
    )
    by_owner: dict[int, list[ActivityRow]] = {}
    for row in rows:
        by_owner.setdefault(row[0], []).append(row)
    return by_owner


def day_span(profile: RunnerProfile, first: date, last: date) -> tuple[datetime, datetime]:
    """Local days `first`..`last` as instants, with a day's margin each side (DST, offsets)."""
    return midnight(first - timedelta(days=1), profile), midnight(last + timedelta(days=2), profile)


def current_plans(
    profiles: Sequence[RunnerProfile],
    todays: Mapping[int, date],
    rows: CaseloadRows,
    activities: Mapping[int, list[ActivityRow]],
) -> dict[int, CurrentPlan]:
    """Every profile's plan at the end of its today: the latest snapshot as it is, or replayed
    over the missing days (stored, as the runner's own pages would store them)."""
    plans: dict[int, CurrentPlan] = {}
    behind: dict[int, tuple[RunnerProfile, PlanState, date]] = {}
    for profile in profiles:
        today = todays[profile.pk]
        start = profile.plan_start
        if start is None or start > today:
            plans[profile.pk] = CurrentPlan(today, None, None)
            continue
        found = rows.snapshot.get(profile.pk)
        if found is not None and found[0] == today:
            read = _readable(found)
            if read is not None:
                plans[profile.pk] = CurrentPlan(today, *read)
                continue
        stored = _decoded(found, start, today)
        if stored is None:
            # No snapshot to start from (or an unreadable one): the whole plan, once.
            view = plan_service.plan_view(profile, today, ahead=1)
            days = (today - start).days + 1
            plans[profile.pk] = CurrentPlan(today, view.state, view.day(today), days)
        else:
            behind[profile.pk] = (profile, stored[1], stored[0] + timedelta(days=1))
    plans.update(_replay(behind, todays, rows.revision, activities))
    return plans


def replay_span(snapshot_day: date | None, today: date) -> tuple[date, date] | None:
    """The days a runner's replay needs, if its snapshot is behind today."""
    if snapshot_day is None or snapshot_day >= today:
        return None
    return snapshot_day + timedelta(days=1), today


@functools.lru_cache(maxsize=STATES_KEPT_DECODED)
def flag_state(state: bytes, plan: bytes) -> tuple[PlanState, DayPlan]:
    """A stored snapshot with its log cut to the last `FLAG_LOG_DAYS` days: enough to read
    every flag, never to replay from. Cached by the stored bytes, as `decoded_snapshot`."""
    data = unpack(state)
    data["log"] = data["log"][-FLAG_LOG_DAYS:]
    return PlanState.from_json(data), decode_plan(plan)


def _readable(found: tuple[date, bytes, bytes]) -> tuple[PlanState, DayPlan] | None:
    try:
        return flag_state(found[1], found[2])
    except (InvalidInput, KeyError, TypeError, ValueError, zlib.error):
        return None  # plan_view deletes it and replays from the start


def _decoded(
    found: tuple[date, bytes, bytes] | None, start: date, today: date
) -> tuple[date, PlanState, DayPlan] | None:
    if found is None or not start <= found[0] <= today:
        return None
    try:
        state, plan = decoded_snapshot(found[1], found[2])
    except (InvalidInput, KeyError, TypeError, ValueError, zlib.error):
        return None  # plan_view deletes it and replays from the start
    return found[0], state, plan


def _replay(
    behind: Mapping[int, tuple[RunnerProfile, PlanState, date]],
    todays: Mapping[int, date],
    revisions: Mapping[int, int],
    activities: Mapping[int, list[ActivityRow]],
) -> dict[int, CurrentPlan]:
    """The missing days of every runner behind, from their records read in bulk."""
    if not behind:
        return {}
    spans = {profile: (first, todays[pk]) for pk, (profile, _, first) in behind.items()}
    checkins = _checkins(spans)
    scores = _scores(spans)
    # The plan inputs besides the records (CLIN overrides, the runner's own week), in bulk:
    # a snapshot stored here is the one the runner's own pages start from.
    owners = [profile.user_id for profile in spans]
    overrides = _overrides(owners)
    choices = choices_by_owner(owners)
    plans: dict[int, CurrentPlan] = {}
    stored: dict[int, list[tuple[date, PlanState, DayPlan]]] = {}
    for pk, (profile, state, first) in behind.items():
        today = todays[pk]
        owner = profile.user_id
        inputs = DayInputs(
            first,
            today,
            checkins.get(owner, {}),
            scores.get(owner, {}),
            _runs(profile, activities.get(owner, []), first, today),
        )
        days: list[tuple[date, PlanState, DayPlan]] = []
        day, plan = first, None
        while day <= today:
            state, plan = plan_service.run_day(
                state,
                inputs.morning(day),
                inputs.session(day),
                overrides.get(owner, ()),
                choices.get(owner, NO_CHOICES),
            )
            days.append((day, state, plan))
            day += timedelta(days=1)
        stored[pk] = days
        plans[pk] = CurrentPlan(today, state, plan, len(days))
    store_many({behind[pk][0]: days for pk, days in stored.items()}, revisions)
    return plans


def _overrides(owners: list[int]) -> dict[int, tuple[ClinicianOverride, ...]]:
    found: dict[int, list[ClinicianOverride]] = {}
    rows = PlanOverride.objects.filter(owner_id__in=owners).order_by("created_at", "id")
    for owner, data in rows.values_list("owner_id", "data"):
        found.setdefault(owner, []).append(override_from_json(data))
    return {owner: tuple(items) for owner, items in found.items()}


def _checkins(spans: Mapping[RunnerProfile, tuple[date, date]]) -> dict[int, dict[date, CheckIn]]:
    wanted = Q()
    for profile, (first, last) in spans.items():
        wanted |= Q(owner_id=profile.user_id, day__gte=first, day__lte=last)
    found: dict[int, dict[date, CheckIn]] = {}
    for checkin in CheckIn.objects.filter(wanted):
        found.setdefault(checkin.owner_id, {})[checkin.day] = checkin
    return found


def _scores(spans: Mapping[RunnerProfile, tuple[date, date]]) -> dict[int, dict[date, int]]:
    wanted = Q()
    for profile, (first, last) in spans.items():
        wanted |= Q(owner_id=profile.user_id, day__gte=first, day__lte=last)
    found: dict[int, dict[date, int]] = {}
    rows = AkpsRecord.objects.filter(wanted).order_by("day", "id")
    for owner, day, score in rows.values_list("owner_id", "day", "score"):
        found.setdefault(owner, {})[day] = score  # the day's last score wins, as plan_inputs
    return found


def _runs(
    profile: RunnerProfile, rows: Iterable[ActivityRow], first: date, last: date
) -> dict[date, tuple[ActualRun, ...]]:
    """The runs of local days `first`..`last`, as `runs_for_plan` reads them."""
    runs: dict[date, list[ActualRun]] = {}
    for _, _, start, sport, distance, moving, elapsed, downhill, _, cadence in rows:
        day = start.astimezone(profile.zone).date()
        if sport == RUNNING and first <= day <= last:
            runs.setdefault(day, []).append(
                actual_run(distance, moving, elapsed, downhill, cadence)
            )
    return {day: tuple(day_runs) for day, day_runs in runs.items()}


def store_many(
    days: Mapping[RunnerProfile, Sequence[tuple[date, PlanState, DayPlan]]],
    revisions: Mapping[int, int],
) -> set[int]:
    """`plan_store.store_snapshots` for many runners in one transaction: a runner's days are
    stored only if its plan revision is still the one read before replaying. Returns the
    profile ids stored."""
    wanted = {profile.pk: profile for profile, replayed in days.items() if replayed}
    if not wanted:
        return set()
    with transaction.atomic():
        now = dict(
            RunnerProfile.objects.select_for_update()
            .filter(pk__in=list(wanted))
            .values_list("pk", "plan_revision")
        )
        current = {pk for pk in wanted if pk in revisions and now.get(pk) == revisions[pk]}
        PlanSnapshot.objects.bulk_create(
            (
                PlanSnapshot(
                    owner_id=wanted[pk].user_id,
                    day=day,
                    state=pack(state.to_json()),
                    plan=pack(to_json(plan)),
                )
                for pk in sorted(current)
                for day, state, plan in days[wanted[pk]]
            ),
            batch_size=BATCH,
            ignore_conflicts=True,
        )
    return current
