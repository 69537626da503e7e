"""One run, one activity for stored activities (design.md §3.5): group a runner's recordings
with `kneewise.activities.same_run` and point every alternate at the run's most detailed
recording. Used by imports (for the new activities' time span only), by re-imports of an
export, by the migration that groups older databases, and by a manual merge."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db.models import QuerySet

from kneewise.activities.same_run import Recording, SameRun, detail_of, group

# Recordings whose spans could touch a new one: a run longer than this is not expected.
LONGEST_RECORDING = timedelta(hours=36)


def recording(row: Any) -> Recording[Any]:
    """A stored activity (model instance, or a historical one in a migration) to group."""
    return Recording(
        item=row,
        sport=row.sport,
        start=row.start_time,
        elapsed_s=row.elapsed_s or 0.0,
        detail=detail_of(
            row.format,
            row.avg_hr_bpm,
            row.avg_cadence_spm,
            row.ascent_m,
            row.distance_m,
            elapsed_s=row.elapsed_s,
        ),
    )


def regroup_rows(rows: QuerySet[Any]) -> list[SameRun[Any]]:
    """Group `rows` (one runner's) and save who is whose alternate; returns the runs.

    Recordings the runner merged by hand stay with their run: only the run's other recordings
    are grouped, and if a more detailed recording of it arrives, they follow it."""
    members = list(rows.order_by("start_time", "id"))
    pinned: dict[int, list[Any]] = defaultdict(list)
    for row in members:
        if _merged_by_hand(row):
            pinned[row.primary_id].append(row)
    runs = group(recording(row) for row in members if not _merged_by_hand(row))
    changed, result = [], []
    for run in runs:
        followers = tuple(row for member in run.all for row in pinned.get(member.pk, ()))
        if run.primary.primary_id is not None:
            run.primary.primary_id = None
            changed.append(run.primary)
        for alternate in (*run.alternates, *followers):
            if alternate.primary_id != run.primary.pk:
                alternate.primary_id = run.primary.pk
                changed.append(alternate)
        result.append(SameRun(run.primary, run.alternates + followers))
    if changed:
        rows.model.objects.bulk_update(changed, ["primary"])
    return result


def _merged_by_hand(row: Any) -> bool:
    # getattr: the migration that first grouped older databases predates the field.
    return bool(getattr(row, "merged_by_hand", False)) and row.primary_id is not None


def span_of(rows: Iterable[Any]) -> tuple[datetime, datetime] | None:
    """The time span that recordings overlapping `rows` can lie in."""
    starts = [r.start_time for r in rows]
    if not starts:
        return None
    ends = [r.start_time + timedelta(seconds=r.elapsed_s or 0.0) for r in rows]
    return min(starts) - LONGEST_RECORDING, max(ends) + LONGEST_RECORDING
