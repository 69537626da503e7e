"""One synced file through the one import path (`activities.importer.import_inputs`), and
its line in the runner's sync log.

The bytes are staged under the data folder by the name the runner's app gave them (the
importer tells formats by their suffix), imported in one transaction, then removed; the
original is kept content-addressed by the importer, duplicates are found by its SHA-256 and
same-run logic, and a new run makes the plan recompute from its day, as for any import.
"""

from __future__ import annotations

import hashlib
import secrets
import shutil
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User

from kneewise.activities.sources import iter_inputs
from kneewise.web.activities.importer import import_inputs
from kneewise.web.activities.jobs import staging_dir
from kneewise.web.activities.models import Activity
from kneewise.web.activities.uploads import relabelled
from kneewise.web.private_files import private_dir, private_file
from kneewise.web.sync.models import LOG_KEPT, SyncedFile

Result = SyncedFile.Result


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one synced file."""

    file_name: str
    size: int
    sha256: str
    result: str
    reason: str = ""
    activity_id: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "file_name": self.file_name,
            "size": self.size,
            "result": self.result,
            "reason": self.reason,
            "activity_id": self.activity_id,
        }


def import_bytes(owner: User, name: str, data: bytes, channel: str) -> Outcome:
    """Import one file's bytes for `owner` and log it; the name is already checked."""
    digest = hashlib.sha256(data).hexdigest()
    folder = private_dir(staging_dir() / f"sync-{secrets.token_hex(8)}")
    try:
        path = private_file(folder / name)
        path.write_bytes(data)
        report = import_inputs(
            owner, relabelled(iter_inputs([path]), folder, numbered=False), workers=1, total_hint=1
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if report.failed:
        outcome = _outcome(name, data, digest, Result.FAILED, report.failed[0].error)
    elif report.not_activities:
        outcome = _outcome(name, data, digest, Result.FAILED, report.not_activities[0].reason)
    elif report.duplicates:
        outcome = _outcome(
            name, data, digest, Result.DUPLICATE, "this file was already imported",
            _first_activity(owner, digest),
        )  # fmt: skip
    elif report.copies_of_runs:
        copy = Activity.objects.get(pk=report.new_ids[0])
        outcome = _outcome(
            name, data, digest, Result.DUPLICATE,
            "another recording of a run you already have: it is counted once",
            copy.primary_id or copy.pk,
        )  # fmt: skip
    elif report.new_ids:
        outcome = _outcome(name, data, digest, Result.IMPORTED, "", report.new_ids[0])
    else:  # stored before by a concurrent import of the same bytes
        outcome = _outcome(
            name, data, digest, Result.DUPLICATE, "this file was already imported",
            _first_activity(owner, digest),
        )  # fmt: skip
    log(owner, outcome, channel)
    return outcome


def refused(name: str, size: int, reason: str) -> Outcome:
    """A file that was not read at all (a link, a bad name, too large)."""
    return Outcome(file_name=name, size=size, sha256="", result=Result.FAILED, reason=reason)


def log(owner: User, outcome: Outcome, channel: str) -> None:
    """Remember the file in the runner's sync log, which keeps the last LOG_KEPT."""
    SyncedFile.objects.create(
        owner=owner,
        file_name=outcome.file_name[:255],
        size=outcome.size,
        sha256=outcome.sha256,
        result=outcome.result,
        reason=outcome.reason[:512],
        activity_id=outcome.activity_id,
        channel=channel,
    )
    old = SyncedFile.objects.filter(owner=owner).values_list("pk", flat=True)[LOG_KEPT:]
    SyncedFile.objects.filter(pk__in=list(old)).delete()


def _outcome(
    name: str, data: bytes, digest: str, result: str, reason: str, activity: int | None = None
) -> Outcome:
    return Outcome(name, len(data), digest, result, reason, activity)


def _first_activity(owner: User, digest: str) -> int | None:
    """The run an already imported file made, if it made one."""
    row = (
        Activity.objects.filter(owner=owner, file__sha256=digest)
        .order_by("start_time")
        .values_list("primary_id", "pk")
        .first()
    )
    return None if row is None else (row[0] or row[1])
