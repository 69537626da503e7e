"""Imports in the background (design.md §4, issue #9): an upload is staged on disk, an
`ImportJob` row tracks it, and a task on Django's task framework imports it through the one
import path (`importer.import_inputs`), so the request returns at once.

A job beats while it works (`updated_at`); a running job that stopped beating lost its worker
(killed, machine restarted) and is queued again by `recover_interrupted`, which every worker
runs as it starts and once a minute. Imports skip every file they already have, so a job run
twice imports nothing twice.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import time
from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from kneewise.activities.batch import Event
from kneewise.activities.sources import InputFile, iter_inputs
from kneewise.web.activities.importer import ImportReport, import_inputs
from kneewise.web.activities.models import ImportJob
from kneewise.web.activities.uploads import relabelled, save_uploads, without_server_paths
from kneewise.web.private_files import private_dir, private_file

logger = logging.getLogger(__name__)
PROGRESS_EVERY_S = 1.0  # how often a running job writes its progress (and so beats)
# Seconds to wait after each file, for the scale test only: it must catch a job mid-way to
# kill its worker. Unset (0) everywhere else.
TEST_DELAY_VARIABLE = "KNEEWISE_TEST_IMPORT_DELAY_S"


def staging_dir() -> Path:
    return Path(settings.DATA_DIR) / "staging"


def stage_uploads(owner: User, uploads: Iterable[UploadedFile[bytes]]) -> ImportJob:
    """Keep the uploads on disk, count them, and queue their import; returns the job."""
    folder = private_dir(staging_dir() / secrets.token_hex(8))
    return _queue(owner, folder, save_uploads(uploads, folder))


def stage_files(owner: User, files: Iterable[Path]) -> ImportJob:
    """The same for files already on this machine (copied, so the job owns its input)."""
    folder = staging_dir() / secrets.token_hex(8)
    paths = []
    for number, source in enumerate(files):
        target = folder / f"{number:05d}" / source.name
        private_dir(target.parent)
        shutil.copyfile(source, private_file(target))
        paths.append(target)
    return _queue(owner, folder, paths)


def _queue(owner: User, folder: Path, paths: list[Path]) -> ImportJob:
    # A cheap pass (zip directories, sizes; nothing decoded) sizes the progress bar.
    sizes = [i.size for i in iter_inputs(paths) if isinstance(i, InputFile)]
    job = ImportJob.objects.create(
        owner=owner, staging=str(folder), files_total=len(sizes), bytes_total=sum(sizes)
    )
    # The database backend writes the task in the caller's transaction: it commits with the job.
    run_import.enqueue(job.pk)
    return job


@task()
def run_import(job_id: int) -> dict[str, object] | None:
    """Import a staged upload; the job row shows its progress and, at the end, its report."""
    job = ImportJob.objects.select_related("owner").filter(pk=job_id).first()
    if job is None or job.finished:
        return None
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING, attempts=job.attempts + 1, updated_at=timezone.now()
    )
    folder = Path(job.staging)
    last_write = 0.0
    files_done = 0
    delay = float(os.environ.get(TEST_DELAY_VARIABLE) or 0)

    def progress(event: Event, report: ImportReport) -> None:
        nonlocal last_write, files_done
        files_done += 1
        now = time.monotonic()
        if now - last_write >= PROGRESS_EVERY_S:
            last_write = now
            ImportJob.objects.filter(pk=job_id).update(
                files_done=min(files_done, job.files_total),
                bytes_done=min(report.bytes_done, job.bytes_total),
                failed_count=len(report.failed),
                updated_at=timezone.now(),
            )
        if delay:
            time.sleep(delay)

    if not folder.is_dir():  # cleaned up after a crash long ago, or lost with its disk
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJob.Status.FAILED,
            error="The uploaded files are no longer on the server. Please upload them again.",
        )
        return None
    try:
        report = import_inputs(
            job.owner,
            relabelled(iter_inputs([folder]), folder),
            on_event=progress,
            total_hint=job.files_total,
        )
    except Exception as error:
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJob.Status.FAILED, error=f"The import stopped: {_reason(error)}"[:512]
        )
        raise
    result = report.as_json()
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportJob.Status.DONE,
        report=result,
        files_done=job.files_total,
        bytes_done=job.bytes_total,
        failed_count=len(report.failed),
    )
    shutil.rmtree(folder, ignore_errors=True)
    return result


def _reason(error: Exception) -> str:
    """What went wrong, for the runner: the system's reason, never a server path."""
    if isinstance(error, OSError) and error.strerror:
        return f"{error.strerror}."  # without the file name the OSError would add
    if isinstance(error, OSError):
        return without_server_paths(str(error))
    return "an error on the server. Please try again later."


def is_interrupted(job: ImportJob) -> bool:
    """A running job whose worker stopped beating."""
    stale = timezone.now() - timedelta(seconds=settings.IMPORT_STALE_SECONDS)
    return job.status == ImportJob.Status.RUNNING and job.updated_at < stale


def requeue(job_id: int) -> bool:
    """Queue an interrupted job again (once, even with several workers asking at once)."""
    stale = timezone.now() - timedelta(seconds=settings.IMPORT_STALE_SECONDS)
    with transaction.atomic():
        job = (
            ImportJob.objects.select_for_update(skip_locked=True)
            .filter(pk=job_id, status=ImportJob.Status.RUNNING, updated_at__lt=stale)
            .first()
        )
        if job is None:
            return False
        job.status = ImportJob.Status.QUEUED
        job.save(update_fields=["status", "updated_at"])
        run_import.enqueue(job.pk)
    logger.warning("import %s lost its worker: queued again", job_id)
    return True


def recover_interrupted() -> int:
    """Queue again every running job that stopped beating; how many."""
    stale = timezone.now() - timedelta(seconds=settings.IMPORT_STALE_SECONDS)
    candidates = ImportJob.objects.filter(status=ImportJob.Status.RUNNING, updated_at__lt=stale)
    return sum(requeue(pk) for pk in candidates.values_list("pk", flat=True))
