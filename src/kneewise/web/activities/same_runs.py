"""One run, one activity for stored activities (design.md §3.5): group a runner's recordings
with `kneewise.activities.same_run` and point every alternate at the run's most detailed
recording. Used by imports (for the new activities' time span only), by re-imports of an
export, by the migration that groups older databases, and by a manual merge."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.db.models import QuerySet

from kneewise.activities.same_run import group, recording

# Recordings whose spans could touch a new one: a run longer than this is not expected.
LONGEST_RECORDING = timedelta(hours=36)


def regroup_rows(rows: QuerySet[Any]) -> None:
    """Group `rows` (one runner's) and save who is whose alternate.

    Recordings the runner merged by hand stay with their run: only the run's other recordings
    are grouped, and if a more detailed recording of it arrives, they follow it."""
    members = list(rows.order_by("start_time", "id"))
    pinned: dict[int, list[Any]] = defaultdict(list)
    for row in members:
        if _merged_by_hand(row):
            pinned[row.primary_id].append(row)
    runs = group(recording(row) for row in members if not _merged_by_hand(row))
    changed = []
    for run in runs:
        followers = tuple(row for member in run.all for row in pinned.get(member.pk, ()))
        if run.primary.primary_id is not None:
            run.primary.primary_id = None
            changed.append(run.primary)
        for alternate in (*run.alternates, *followers):
            if alternate.primary_id != run.primary.pk:
                alternate.primary_id = run.primary.pk
                changed.append(alternate)
    if changed:
        rows.model.objects.bulk_update(changed, ["primary"])


def _merged_by_hand(row: Any) -> bool:
    # getattr: the migration that first grouped older databases predates the field.
    return bool(getattr(row, "merged_by_hand", False)) and row.primary_id is not None


def regroup_near(owner_id: int, rows: Sequence[Any]) -> None:
    """Regroup the runner's recordings that could overlap `rows` (just stored or changed):
    only that time span is read, however long the runner's history."""
    if not rows:
        return
    first = min(r.start_time for r in rows) - LONGEST_RECORDING
    last = max(r.start_time + timedelta(seconds=r.elapsed_s or 0.0) for r in rows)
    model = type(rows[0])
    regroup_rows(
        model.objects.filter(
            owner_id=owner_id, start_time__gte=first, start_time__lte=last + LONGEST_RECORDING
        )
    )
