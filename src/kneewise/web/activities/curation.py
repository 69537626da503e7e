"""A runner's own corrections to their activities: merge two recordings of one run, separate
a recording merged by mistake, delete a run or one copy of it (issue #9).

Every change tells the plan (it counts what was run, §11b.9) and the stored history. Originals
go with the last activity that uses them: a file another runner uploaded too stays.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q

from kneewise.activities.same_run import ranked, recording
from kneewise.web.activities.history import history_changed
from kneewise.web.activities.importer import stored_path, time_zone_of
from kneewise.web.activities.models import Activity, ImportedFile, StoredFile
from kneewise.web.activities.same_runs import regroup_near
from kneewise.web.runners.access import owned
from kneewise.web.runners.models import invalidate_plan

logger = logging.getLogger(__name__)

# Runs offered for a merge start this close to the run's own start (a platform's copy of a
# run can be shifted by a time-zone mistake of a few hours, never by more than a day).
MERGE_WINDOW = timedelta(hours=24)
MAX_MERGE_CANDIDATES = 20


class CannotMerge(ValueError):
    """Two activities that cannot be one run; the message says why, for the page."""


@dataclass(frozen=True, slots=True)
class Deleted:
    """What a deletion removed: the recordings and the originals nobody uses any more."""

    activities: int
    originals: int


def recordings_of(run: Activity) -> list[Activity]:
    """The run's recordings, the counted one first, then its other copies by start time."""
    primary = run if run.primary_id is None else run.primary
    assert primary is not None
    copies = list(primary.alternates.select_related("file").order_by("start_time", "id"))
    return [primary, *copies]


def merge_candidates(owner: User, run: Activity) -> list[Activity]:
    """Other runs of the same sport around this one that the runner may merge it with."""
    return list(
        owned(owner, Activity.objects.runs())
        .filter(
            sport=run.sport,
            start_time__gte=run.start_time - MERGE_WINDOW,
            start_time__lte=run.start_time + MERGE_WINDOW,
        )
        .exclude(pk=run.pk)
        .select_related("file")
        .order_by("start_time")[:MAX_MERGE_CANDIDATES]
    )


def merge_runs(owner: User, run: Activity, other: Activity) -> Activity:
    """The runner says `run` and `other` are one run: the most detailed of all their
    recordings counts, every other one is kept as its copy. Returns the run that counts."""
    if run.pk == other.pk or run.primary_id is not None or other.primary_id is not None:
        raise CannotMerge("Choose two different runs to merge.")
    if run.sport != other.sport:
        raise CannotMerge("Only activities of the same sport can be one run.")
    if abs(run.start_time - other.start_time) > MERGE_WINDOW:
        raise CannotMerge("These two started more than a day apart, so they are not one run.")
    with transaction.atomic():
        members = list(
            owned(owner, Activity.objects.select_for_update()).filter(
                Q(pk__in=(run.pk, other.pk)) | Q(primary_id__in=(run.pk, other.pk))
            )
        )
        best = ranked([recording(m) for m in members]).primary
        # The recordings of the other run than the best's are the ones merged by hand (and
        # stay so); the best's own copies stay grouped as they were.
        side = run.pk if best.pk == run.pk or best.primary_id == run.pk else other.pk
        for member in members:
            mine = member.pk == side or member.primary_id == side
            member.merged_by_hand = member is not best and (member.merged_by_hand or not mine)
            member.primary = None if member is best else best
        Activity.objects.bulk_update(members, ["primary", "merged_by_hand"])
        _changed(owner, members)
    return best


def separate(owner: User, copy: Activity) -> Activity:
    """Undo a merge by hand: the copy is a run of its own again (unless it overlaps its run
    by most of its length, when it is one run anyway, design.md §3.5). Returns its run."""
    if not copy.merged_by_hand or copy.primary_id is None:
        raise CannotMerge("Only a recording you merged by hand can be separated.")
    with transaction.atomic():
        run = copy.primary
        copy.primary, copy.merged_by_hand = None, False
        copy.save(update_fields=["primary", "merged_by_hand"])
        regroup_near(owner.pk, [copy] if run is None else [copy, run])
        _changed(owner, [copy] if run is None else [copy, run])
    copy.refresh_from_db(fields=["primary"])
    return copy.primary or copy


def delete_recordings(owner: User, activity: Activity) -> Deleted:
    """Delete a run with all its copies, or one copy of a run. Each original goes when no
    activity of anyone uses it any more (removed from disk once the deletion is committed)."""
    with transaction.atomic():
        doomed = list(
            owned(owner, Activity.objects).filter(
                Q(pk=activity.pk) | Q(primary_id=activity.pk)
                if activity.primary_id is None
                else Q(pk=activity.pk)
            )
        )
        files = {a.file_id for a in doomed}
        Activity.objects.filter(pk__in=[a.pk for a in doomed]).delete()
        in_use = set(
            owned(owner, Activity.objects)
            .filter(file_id__in=files)
            .values_list("file_id", flat=True)
        )
        ImportedFile.objects.filter(owner=owner, file_id__in=files - in_use).delete()
        originals = drop_unused_originals(files)
        _changed(owner, doomed)
    return Deleted(activities=len(doomed), originals=originals)


def _changed(owner: User, activities: list[Activity]) -> None:
    """The plan recomputes from the first day these runs were on; the history pages rebuild."""
    if not activities:
        return
    history_changed(owner.pk)
    zone = time_zone_of(owner)
    first: date = min(a.start_time.astimezone(zone).date() for a in activities)
    invalidate_plan(owner.pk, first)


def drop_unused_originals(file_ids: Iterable[int]) -> int:
    """Forget the stored files among `file_ids` that no activity or import of anyone uses;
    their originals leave the disk once the transaction commits. Returns how many went."""
    unused = StoredFile.objects.filter(
        pk__in=set(file_ids), activities__isnull=True, importedfile__isnull=True
    )
    paths = [stored_path(digest) for digest in unused.values_list("sha256", flat=True)]
    unused.delete()
    transaction.on_commit(lambda: _remove_files(paths))
    return len(paths)


def _remove_files(paths: Iterable[Path]) -> None:
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError as error:  # a leftover file is harmless; a failed deletion page is not
            logger.warning("could not remove %s: %s", path.name, type(error).__name__)
            continue
        with contextlib.suppress(OSError):
            path.parent.rmdir()  # the two-letter folder, only if now empty
