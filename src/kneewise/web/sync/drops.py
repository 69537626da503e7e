"""The worker's part: every runner's drop folder under KNEEWISE_SYNC_DIR, on start and every
KNEEWISE_SYNC_INTERVAL seconds (issue #13)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from kneewise.web.sync.folder import SETTLE_S, Looks, scan_folder
from kneewise.web.sync.ids import owner_of, sync_dir
from kneewise.web.sync.importing import Outcome
from kneewise.web.sync.models import SyncedFile


def scan_drops(
    looks: Looks, *, settle_s: float = SETTLE_S, stop: threading.Event | None = None
) -> list[Outcome]:
    """One pass over every live sync id's folder; a folder whose id is unknown or was
    replaced is not read, and its files are left as they are."""
    root = sync_dir()
    if root is None or not root.is_dir():
        return []
    outcomes: list[Outcome] = []
    for entry in sorted(os.scandir(root), key=lambda e: e.name):
        if entry.name.startswith(".") or not entry.is_dir(follow_symlinks=False):
            continue
        owner = owner_of(entry.name)
        if owner is None:
            continue
        outcomes += scan_folder(
            Path(entry.path),
            owner,
            looks=looks,
            channel=SyncedFile.Channel.FOLDER,
            settle_s=settle_s,
            stop=stop,
        )
    return outcomes
