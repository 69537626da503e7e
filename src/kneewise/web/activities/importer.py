"""Importing activity files for a runner: idempotent, batched, originals kept, one run one
activity.

Files are decoded on every free core (activities/batch.py) and stored in batches, each batch
one transaction: a crash mid-import loses only the batch in flight and duplicates nothing
(design.md §4); a batch that fails is stored again file by file, so one bad file never costs
the others. A second import of the same export skips every file by its SHA-256 before
decoding. Every import (upload page and API through a background job, `kneewise import`, the
demo) stores its activities here, so this is also where new recordings are grouped into runs
(design.md §3.5) and where a new run makes the stored plan recompute from its local day.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import User
from django.db import DatabaseError, transaction

from kneewise.activities.batch import Duplicate, Event, Summarised, decoding_workers, run_batch
from kneewise.activities.hints import ActivityHint
from kneewise.activities.model import ActivitySummary, FileError
from kneewise.activities.sources import InputFile, InputItem, Skipped
from kneewise.web.activities.models import Activity, ImportedFile, StoredFile, neutral_name
from kneewise.web.activities.same_runs import regroup_near
from kneewise.web.private_files import private_dir
from kneewise.web.runners.models import RunnerProfile, invalidate_plan, zone_named

logger = logging.getLogger(__name__)
BATCH_FILES = 100  # files stored per transaction: few round trips, little lost on a crash
BATCH_BYTES = 64 * 1024 * 1024  # and at most this much held in memory before storing


@dataclass
class ImportReport:
    """What an import did, file by file, for the summary a person reads afterwards."""

    files_imported: int = 0
    activities_imported: int = 0
    duplicates: int = 0
    not_activities: list[Skipped] = field(default_factory=list)
    failed: list[FileError] = field(default_factory=list)
    bytes_done: int = 0
    # New recordings of runs that were already there, or arrived in another file of this
    # import: kept as copies, each run counted once (design.md §3.5).
    copies_of_runs: int = 0
    new_ids: list[int] = field(default_factory=list, repr=False)

    def as_json(self) -> dict[str, Any]:
        """The one JSON shape of a report: the API, `kneewise import --json` and jobs."""
        return {
            "files_imported": self.files_imported,
            "activities_imported": self.activities_imported,
            "duplicates_skipped": self.duplicates,
            "copies_of_runs": self.copies_of_runs,
            "not_activities": [s.as_json() for s in self.not_activities],
            "errors": [e.as_json() for e in self.failed],
        }


def files_dir() -> Path:
    return Path(settings.DATA_DIR) / "files"


def stored_path(sha256: str) -> Path:
    """Content-addressed location of an original file: files/ab/abcdef…"""
    return files_dir() / sha256[:2] / sha256


@dataclass(frozen=True, slots=True)
class _Pending:
    """A decoded file waiting for its batch's transaction, with its original's bytes."""

    event: Summarised | Skipped
    digest: str
    data: bytes


def import_inputs(
    owner: User,
    items: Iterable[InputItem],
    *,
    workers: int | None = None,
    on_event: Callable[[Event, ImportReport], None] | None = None,
    total_hint: int | None = None,
) -> ImportReport:
    """Decode, summarise and store every input for `owner`, in batches."""
    report = ImportReport()
    zone = time_zone_of(owner)
    known = set(ImportedFile.objects.filter(owner=owner).values_list("file__sha256", flat=True))
    digests: dict[str, tuple[str, bytes]] = {}
    pending: list[_Pending] = []

    def is_duplicate(item: InputFile, data: bytes) -> bool:
        digest = hashlib.sha256(data).hexdigest()
        if digest in known:
            return True
        known.add(digest)  # the same file twice in one export is imported once
        digests[item.source] = (digest, data)
        return False

    workers = workers or decoding_workers(storing=True)
    events = run_batch(items, workers=workers, is_duplicate=is_duplicate, total_hint=total_hint)
    for event in events:
        if isinstance(event, Duplicate):
            report.duplicates += 1
            report.bytes_done += event.size
        elif isinstance(event, Summarised | Skipped):
            kept = digests.pop(event.source, None)
            if kept is not None:
                pending.append(_Pending(event, *kept))
            if isinstance(event, Skipped):
                report.not_activities.append(event)
            else:
                report.bytes_done += event.size
            held = sum(len(p.data) for p in pending)
            if len(pending) >= BATCH_FILES or held >= BATCH_BYTES:
                _flush(owner, pending, report, zone)
        elif isinstance(event, FileError):
            digests.pop(event.source, None)
            report.failed.append(event)
        if on_event is not None:
            on_event(event, report)
    _flush(owner, pending, report, zone)
    report.copies_of_runs = _copies_among(report.new_ids)
    return report


def _copies_among(ids: list[int]) -> int:
    """How many of these activities are copies of a run (counted once the import is over:
    a more detailed file later in the import can turn an earlier run into a copy)."""
    chunk = 500  # bounded IN lists
    return sum(
        Activity.objects.filter(pk__in=ids[i : i + chunk], primary__isnull=False).count()
        for i in range(0, len(ids), chunk)
    )


def time_zone_of(owner: User) -> ZoneInfo:
    """The runner's time zone, which decides the local day a run belongs to."""
    name = RunnerProfile.objects.filter(user=owner).values_list("time_zone", flat=True).first()
    return zone_named(name)


def _flush(owner: User, pending: list[_Pending], report: ImportReport, zone: ZoneInfo) -> None:
    """Store a batch in one transaction; if that fails, each file in its own."""
    if not pending:
        return
    batch = list(pending)
    pending.clear()
    for one in batch:
        # Originals first (write, then rename: never half-written); a crash before the rows
        # commit leaves an unreferenced original that the retry finds in place.
        keep_original(one.digest, one.data)
    try:
        with transaction.atomic():
            created = _store(owner, batch, zone)
    except DatabaseError:
        created = []
        for one in batch:
            try:
                with transaction.atomic():
                    created += _store(owner, [one], zone)
            except DatabaseError:
                # The database's own message names tables and values: logged, not shown.
                logger.exception("%s could not be stored", one.event.source)
                report.failed.append(
                    FileError(one.event.source, "could not be stored (a database error)")
                )
                continue
    report.files_imported += sum(1 for p in batch if isinstance(p.event, Summarised))
    report.activities_imported += len(created)
    report.new_ids += created


def _store(owner: User, batch: list[_Pending], zone: ZoneInfo) -> list[int]:
    """Rows for a batch: stored files, activities, what each file was; group the new runs
    with what was there; the plan recomputes from the first new day. Returns the new ids."""
    stored = _stored_files(batch)
    activities = [
        activity_row(owner, stored[p.digest], summary, hint)
        for p in batch
        if isinstance(p.event, Summarised)
        for summary, hint in p.event.activities
    ]
    new = _new_activities(owner, activities)
    ImportedFile.objects.bulk_create(
        [
            ImportedFile(
                owner=owner,
                file=stored[p.digest],
                source=p.event.source[-1024:],
                outcome=(
                    ImportedFile.Outcome.IMPORTED
                    if isinstance(p.event, Summarised)
                    else ImportedFile.Outcome.NOT_AN_ACTIVITY
                ),
                note="" if isinstance(p.event, Summarised) else p.event.reason[:512],
            )
            for p in batch
        ],
        ignore_conflicts=True,  # the same file imported by a concurrent import: once
    )
    if new:
        regroup_near(owner.pk, new)
        # The plan counts what was run (§11b.9): it changes from the first new day.
        invalidate_plan(owner.pk, min(a.start_time.astimezone(zone).date() for a in new))
    return [a.pk for a in new]


def _stored_files(batch: list[_Pending]) -> dict[str, StoredFile]:
    digests = {p.digest: p for p in batch}
    existing = {f.sha256: f for f in StoredFile.objects.filter(sha256__in=digests)}
    missing = [
        StoredFile(
            sha256=d,
            size=stored_path(d).stat().st_size,
            original_name=neutral_name(file_name(p.event.source)),
        )
        for d, p in digests.items()
        if d not in existing
    ]
    StoredFile.objects.bulk_create(missing)
    existing.update({f.sha256: f for f in missing})
    return existing


def _new_activities(owner: User, rows: list[Activity]) -> list[Activity]:
    """Insert the activities not stored yet (the same file and start time once, §4)."""
    if not rows:
        return []
    have = set(
        Activity.objects.filter(owner=owner, file__in={r.file_id for r in rows}).values_list(
            "file_id", "start_time"
        )
    )
    fresh: dict[tuple[int, Any], Activity] = {}
    for row in rows:
        key = (row.file_id, row.start_time)
        if key not in have:
            fresh.setdefault(key, row)
    return Activity.objects.bulk_create(list(fresh.values()))


def activity_row(
    owner: User,
    stored: StoredFile,
    summary: ActivitySummary,
    hint: ActivityHint | None,
) -> Activity:
    """The one mapping from a summary (design.md §3.4) to a stored activity."""
    return Activity(
        owner=owner,
        file=stored,
        source=summary.source[-1024:],
        file_name=file_name(summary.source),
        name=(hint.name or "")[:255] if hint else "",
        format=summary.format.value,
        sport=summary.sport.value,
        start_time=summary.start_time,
        elapsed_s=summary.elapsed_s,
        moving_s=summary.moving_s,
        distance_m=summary.distance_m,
        ascent_m=summary.ascent_m,
        descent_m=summary.descent_m,
        downhill_m=summary.downhill_m,
        avg_cadence_spm=summary.avg_cadence_spm,
        avg_hr_bpm=summary.avg_hr_bpm,
        max_hr_bpm=summary.max_hr_bpm,
        knee_load=summary.knee_load,
    )


def file_name(source: str) -> str:
    """The file's own name, as the runner knows it ("export.zip!a/1.fit" → "1.fit")."""
    return source.rsplit("!", 1)[-1].rsplit("/", 1)[-1][:255]


def keep_original(digest: str, data: bytes) -> None:
    """Store an original by its SHA-256 (once; the caller has the digest of `data`)."""
    path = stored_path(digest)
    if path.exists():
        return
    private_dir(path.parent)  # 0700; mkstemp makes the file 0600
    # Write then rename: a crash never leaves a half-written original behind.
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(temp, path)
