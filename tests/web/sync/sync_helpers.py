"""Small scenarios for the sync tests: a runner with a sync id, a drop folder, real names.

File names are those the tools really write (docs/sync.md cites where each was found).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from kneewise.web.runners.models import RunnerProfile
from kneewise.web.sync.folder import Looks, scan_folder
from kneewise.web.sync.ids import sync_id_of
from kneewise.web.sync.importing import Outcome
from tests.activity_files import gpx_run

# Gadgetbridge's GPX export, OpenTracks' default "{date}_{time}_{name}", a Garmin device's
# Activity folder (GARMIN/Activity, named by start time).
GADGETBRIDGE_GPX = "gadgetbridge-track-2026-03-03T07_15_00+01_00.gpx"
OPENTRACKS_GPX = "2026-03-04_07_15_00_Morning run.gpx"
GARMIN_FIT = "2026-03-05-07-15-00.fit"
FIRST_RUN = datetime(2026, 3, 3, 6, 15, tzinfo=UTC)


def sync_runner(name: str = "ana") -> User:
    user = get_user_model().objects.create_user(name, password="a long passphrase 1")
    RunnerProfile.objects.create(user=user, onboarding_step="done")
    sync_id_of(user)
    return user


def run_bytes(day: int = 0, km: float = 5.0) -> bytes:
    """A small GPX run on day `day` after the first (each day a different file)."""
    return gpx_run(FIRST_RUN + timedelta(days=day), km=km).encode()


def drop(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def scan(
    folder: Path, owner: User, looks: Looks | None = None, settle_s: float = 0.05
) -> list[Outcome]:
    return scan_folder(folder, owner, looks=looks or Looks(), channel="folder", settle_s=settle_s)


def names_in(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()
