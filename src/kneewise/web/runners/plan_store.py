"""Stored plan snapshots: the latest one to start a replay from, and storing new ones safely.

A snapshot of day d is the engine state at the end of day d and the plan of day d. Changes to
the plan's inputs delete snapshots (`models.invalidate_plan`) and raise the profile's
`plan_revision`; a writer stores what it replayed only if the revision it read before
replaying is still current, checked under the profile's row lock.
"""

from __future__ import annotations

import functools
import json
import logging
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from kneewise.core.errors import InvalidInput
from kneewise.core.plan.codec import from_json, to_json
from kneewise.core.plan.models import DayPlan
from kneewise.core.plan.state import PlanState
from kneewise.web.runners.models import PlanSnapshot, RunnerProfile

logger = logging.getLogger(__name__)
BATCH = 100  # snapshots per INSERT: a long replay stays within statement limits
# Decoded snapshots kept per process (about 0.1 MB each): one a runner for a busy clinic hour.
SNAPSHOTS_KEPT_DECODED = 256


@dataclass(frozen=True)
class Snapshot:
    day: date
    state: PlanState
    plan: DayPlan


def current_revision(profile: RunnerProfile) -> int:
    """The revision in the database now (the loaded profile may be older)."""
    revision: int = (
        RunnerProfile.objects.filter(pk=profile.pk).values_list("plan_revision", flat=True).get()
    )
    return revision


def latest_snapshot(profile: RunnerProfile, first: date, last: date) -> Snapshot | None:
    """The latest stored snapshot from `first` to `last`, or None.

    A snapshot this engine cannot read (stored by an older engine) is no use: the runner's
    snapshots are all deleted and the plan is replayed from its start."""
    row = (
        PlanSnapshot.objects.filter(owner_id=profile.user_id, day__gte=first, day__lte=last)
        .order_by("-day")
        .first()
    )
    if row is None:
        return None
    try:
        state, plan = decoded_snapshot(bytes(row.state), bytes(row.plan))
        return Snapshot(row.day, state, plan)
    except (InvalidInput, KeyError, TypeError, ValueError, zlib.error) as error:
        # No input changed, so the revision stays: deleting derived rows is always safe.
        logger.info("plan snapshot unreadable, replaying the plan: %s", type(error).__name__)
        PlanSnapshot.objects.filter(owner_id=profile.user_id).delete()
        return None


@functools.lru_cache(maxsize=SNAPSHOTS_KEPT_DECODED)
def decoded_snapshot(state: bytes, plan: bytes) -> tuple[PlanState, DayPlan]:
    """A stored snapshot's state and plan, decoded once per process for the same bytes.

    Decoding was half of the Today page's time; the results are frozen dataclasses, so requests
    can share them, and the key is the stored bytes themselves, so a changed row is never
    served stale (errors are not cached: the caller handles them)."""
    return PlanState.from_json(unpack(state)), decode_plan(plan)


def pack(data: Any) -> bytes:
    """JSON, compressed: snapshots are derived data, stored small."""
    return zlib.compress(json.dumps(data, separators=(",", ":")).encode(), 6)


def unpack(blob: bytes | memoryview) -> Any:
    return json.loads(zlib.decompress(bytes(blob)))


def decode_plan(blob: bytes | memoryview) -> DayPlan:
    return from_json(DayPlan, unpack(blob))


def store_snapshots(
    profile: RunnerProfile, revision: int, days: Sequence[tuple[date, PlanState, DayPlan]]
) -> bool:
    """Store the replayed days, unless the plan's inputs changed since `revision` was read.

    Returns whether they were stored. Two writers with the same revision computed the same
    days, so a day already stored is kept as it is."""
    if not days:
        return False
    rows = [
        PlanSnapshot(
            owner_id=profile.user_id, day=day, state=pack(state.to_json()), plan=pack(to_json(plan))
        )
        for day, state, plan in days
    ]
    with transaction.atomic():
        now = (
            RunnerProfile.objects.select_for_update()
            .filter(pk=profile.pk)
            .values_list("plan_revision", flat=True)
            .first()
        )
        if now != revision:
            return False
        PlanSnapshot.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    return True
