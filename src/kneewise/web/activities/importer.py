"""Importing activity files for a runner: idempotent, one transaction per file, originals kept.

A second import of the same export skips every file by its SHA-256 before decoding; a crash
mid-import loses nothing already committed (design.md §4). Every import (upload page, API,
`kneewise import`, the demo) stores its activities here, so this is also where a new run
makes the stored plan recompute from the run's local day.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from kneewise.activities.batch import Duplicate, Event, Summarised, run_batch
from kneewise.activities.hints import ActivityHint
from kneewise.activities.model import ActivitySummary, FileError
from kneewise.activities.sources import InputFile, InputItem, Skipped
from kneewise.web.activities.models import Activity, ImportedFile, StoredFile
from kneewise.web.runners.models import RunnerProfile, invalidate_plan, zone_named


@dataclass
class ImportReport:
    """What an import did, file by file, for the summary a person reads afterwards."""

    files_imported: int = 0
    activities_imported: int = 0
    duplicates: int = 0
    not_activities: list[Skipped] = field(default_factory=list)
    failed: list[FileError] = field(default_factory=list)
    bytes_done: int = 0


def files_dir() -> Path:
    return Path(settings.DATA_DIR) / "files"


def stored_path(sha256: str) -> Path:
    """Content-addressed location of an original file: files/ab/abcdef…"""
    return files_dir() / sha256[:2] / sha256


def import_inputs(
    owner: AbstractBaseUser,
    items: Iterable[InputItem],
    *,
    workers: int | None = None,
    on_event: Callable[[Event, ImportReport], None] | None = None,
    total_hint: int | None = None,
) -> ImportReport:
    """Decode, summarise and store every input for `owner`; each file commits on its own."""
    report = ImportReport()
    zone = _zone_of(owner)
    known = set(ImportedFile.objects.filter(owner=owner).values_list("file__sha256", flat=True))
    digests: dict[str, tuple[str, bytes]] = {}

    def is_duplicate(item: InputFile, data: bytes) -> bool:
        digest = hashlib.sha256(data).hexdigest()
        if digest in known:
            return True
        known.add(digest)  # the same file twice in one export is imported once
        digests[item.source] = (digest, data)
        return False

    events = run_batch(items, workers=workers, is_duplicate=is_duplicate, total_hint=total_hint)
    for event in events:
        if isinstance(event, Duplicate):
            report.duplicates += 1
            report.bytes_done += event.size
        elif isinstance(event, Summarised):
            digest, data = digests.pop(event.source)
            _store(owner, event, digest, data, report, zone)
            report.bytes_done += event.size
        elif isinstance(event, Skipped):
            digest_data = digests.pop(event.source, None)
            if digest_data is not None:
                _remember_not_activity(owner, event, *digest_data)
            report.not_activities.append(event)
        elif isinstance(event, FileError):
            digests.pop(event.source, None)
            report.failed.append(event)
        if on_event is not None:
            on_event(event, report)
    return report


def _zone_of(owner: AbstractBaseUser) -> ZoneInfo:
    """The runner's time zone, which decides the local day a run belongs to."""
    name = RunnerProfile.objects.filter(user=owner).values_list("time_zone", flat=True).first()
    return zone_named(name)


def _store(
    owner: AbstractBaseUser,
    event: Summarised,
    digest: str,
    data: bytes,
    report: ImportReport,
    zone: ZoneInfo,
) -> None:
    with transaction.atomic():
        stored = _keep_original(digest, data, event.source)
        days = [
            summary.start_time.astimezone(zone).date()
            for summary, hint in event.activities
            if _save_activity(owner, stored, summary, hint)
        ]
        if days:  # the plan counts what was run (§11b.9): it changes from the first new day
            invalidate_plan(owner.pk, min(days))
        created = len(days)
        ImportedFile.objects.get_or_create(
            owner=owner,
            file=stored,
            defaults={"source": event.source[-1024:], "outcome": ImportedFile.Outcome.IMPORTED},
        )
    report.files_imported += 1
    report.activities_imported += created


def _remember_not_activity(
    owner: AbstractBaseUser, event: Skipped, digest: str, data: bytes
) -> None:
    with transaction.atomic():
        stored = _keep_original(digest, data, event.source)
        ImportedFile.objects.get_or_create(
            owner=owner,
            file=stored,
            defaults={
                "source": event.source[-1024:],
                "outcome": ImportedFile.Outcome.NOT_AN_ACTIVITY,
                "note": event.reason[:512],
            },
        )


def _keep_original(digest: str, data: bytes, source: str) -> StoredFile:
    path = stored_path(digest)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename: a crash never leaves a half-written original behind.
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    name = source.rsplit("!", 1)[-1].rsplit("/", 1)[-1][:255]
    stored, _ = StoredFile.objects.get_or_create(
        sha256=digest, defaults={"size": len(data), "original_name": name}
    )
    return stored


def _save_activity(
    owner: AbstractBaseUser, stored: StoredFile, summary: ActivitySummary, hint: ActivityHint | None
) -> int:
    try:
        with transaction.atomic():
            Activity.objects.create(
                owner=owner,
                file=stored,
                source=summary.source[-1024:],
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
    except IntegrityError:
        return 0  # already there: the same file and start time (idempotent)
    return 1
