"""Uploads a killed process left behind are removed when a worker starts (issue #10): stale
staged folders no live import owns and half-written originals, nothing younger or still owned."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import AbstractBaseUser

from kneewise.web.activities.leftovers import STALE_AFTER_S, clean_leftovers
from kneewise.web.activities.models import ImportJob
from tests.cli.account_helpers import PASSWORD
from tests.cli.test_import_command import kneewise

HOURS_AGO = time.time() - 2 * STALE_AFTER_S


def left(path: Path, *, stale: bool) -> Path:
    """A file or folder as a killed process leaves it, old or just written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".gpx":
        path.write_bytes(b"<gpx")
    else:
        path.mkdir()
    if stale:
        os.utime(path, (HOURS_AGO, HOURS_AGO))
    return path


def leftovers(data: Path) -> dict[str, Path]:
    return {
        "stale staging": left(data / "staging" / "a1" / "00000" / "x.gpx", stale=True).parents[1],
        "fresh staging": left(data / "staging" / "b2", stale=False),
        "stale partial": left(data / "files" / "ab" / ".incoming-k3.gpx", stale=True),
        "fresh partial": left(data / "files" / "ab" / ".incoming-k4.gpx", stale=False),
    }


def test_starting_a_worker_removes_stale_leftovers_and_keeps_fresh_ones(tmp_path: Path) -> None:
    data = tmp_path / "data"
    added = kneewise("user", "add", "ana", "--password-stdin", data_dir=data, stdin=PASSWORD + "\n")
    assert added.returncode == 0, added.stdout
    paths = leftovers(data)
    os.utime(paths["stale staging"], (HOURS_AGO, HOURS_AGO))  # the folder's own time too

    started = kneewise("worker", "--once", data_dir=data)

    assert started.returncode == 0, started.stderr
    assert {name: path.exists() for name, path in paths.items()} == {
        "stale staging": False,
        "fresh staging": True,
        "stale partial": False,
        "fresh partial": True,
    }


@pytest.mark.django_db
def test_a_stale_staging_folder_a_queued_import_owns_is_kept(
    data_dir: Path, runner: AbstractBaseUser
) -> None:
    owned = left(data_dir / "staging" / "c3", stale=True)
    done = left(data_dir / "staging" / "d4", stale=True)
    ImportJob.objects.create(owner=runner, staging=str(owned), status="queued")
    ImportJob.objects.create(owner=runner, staging=str(done), status="failed")

    assert clean_leftovers() == 1
    assert owned.exists()
    assert not done.exists()
