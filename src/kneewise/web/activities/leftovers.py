"""What a killed process leaves behind, removed when a worker starts (issue #10): staged
uploads that no live import owns and half-written originals (`importer.keep_original`).

Only what is older than `STALE_AFTER_S` goes: an upload being staged or an original being
written right now, in another process or on another host sharing the data folder, is younger.
"""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path

from kneewise.web.activities.importer import files_dir
from kneewise.web.activities.jobs import staging_dir
from kneewise.web.activities.models import ImportJob

logger = logging.getLogger(__name__)
STALE_AFTER_S = 3600.0  # staging or writing one original takes seconds, not an hour
INCOMING = ".incoming-*"  # keep_original's temporary name before its rename


def clean_leftovers(now: float | None = None) -> int:
    """Remove stale staged uploads no queued or running job owns, and stale partial
    originals; returns how many were removed."""
    cutoff = (time.time() if now is None else now) - STALE_AFTER_S
    live = {
        Path(staging).name
        for staging in ImportJob.objects.filter(
            status__in=[ImportJob.Status.QUEUED, ImportJob.Status.RUNNING]
        ).values_list("staging", flat=True)
    }
    removed = 0
    staging = staging_dir()
    for folder in staging.iterdir() if staging.is_dir() else []:
        if folder.name not in live and _older(folder, cutoff):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    files = files_dir()
    for partial in files.glob(f"*/{INCOMING}") if files.is_dir() else []:
        if _older(partial, cutoff):
            partial.unlink(missing_ok=True)
            removed += 1
    if removed:
        logger.warning("removed %d upload(s) left behind by a stopped process", removed)
    return removed


def _older(path: Path, cutoff: float) -> bool:
    try:
        return path.lstat().st_mtime < cutoff
    except FileNotFoundError:  # another worker removed it first
        return False
