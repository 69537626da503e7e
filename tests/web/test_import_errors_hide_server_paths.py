"""What an import tells a runner names their own files, never where the server keeps things
(issue #10): no staging folder, data folder or temporary path in the API or on the page."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kneewise.web.activities.models import ImportJob
from kneewise.web.activities.uploads import without_server_paths
from tests.activity_files import gpx_run
from tests.web.test_api_routes import bearer
from tests.web.test_import_jobs import QUEUED_IN_THE_DATABASE, work_the_queue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("data_dir")]


@QUEUED_IN_THE_DATABASE
def test_an_import_whose_staged_files_are_gone_says_so_without_the_staging_path(
    runner: AbstractBaseUser, logged_in: Client, data_dir: Path
) -> None:
    client = bearer(runner)
    gpx = SimpleUploadedFile("morning.gpx", gpx_run().encode())
    job = client.post("/api/v1/activities?wait=0", {"files": [gpx]}).json()
    shutil.rmtree(ImportJob.objects.get(pk=job["id"]).staging)  # lost, or cleaned up

    work_the_queue()

    polled = client.get(job["url"])
    page = logged_in.get(f"/activities/imports/{job['id']}/").content.decode()
    for answer in (json.dumps(polled.json()), page):
        assert str(data_dir) not in answer
        assert "staging" not in answer
    assert polled.json()["status"] == "failed"
    assert "no longer on the server" in page


@QUEUED_IN_THE_DATABASE
def test_a_disk_error_shows_its_reason_without_the_servers_path(
    runner: AbstractBaseUser, logged_in: Client, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(digest: str, data: bytes) -> None:
        raise PermissionError(13, "Permission denied", str(data_dir / "files" / digest[:2]))

    monkeypatch.setattr("kneewise.web.activities.importer.keep_original", refused)
    gpx = SimpleUploadedFile("morning.gpx", gpx_run().encode())
    response = logged_in.post("/activities/upload/", {"files": [gpx]})

    work_the_queue()

    page = logged_in.get(response["Location"]).content.decode()
    assert "The import stopped: Permission denied." in page
    assert str(data_dir) not in page
    assert str(data_dir) not in ImportJob.objects.get(owner=runner).error


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        ("/tmp/tmpab12/00000/x.gpx: cannot read", "x.gpx: cannot read"),
        ("[Errno 13] Permission denied: '/srv/kw/files/ab'", "[Errno 13] Permission denied: 'ab'"),
        (r"C:\Users\kw\staging\x.fit: damaged", "x.fit: damaged"),
        ("export.zip!activities/1.fit: damaged", "export.zip!activities/1.fit: damaged"),
        ("5/10 of the points", "5/10 of the points"),
    ],
)
def test_a_message_keeps_the_runners_names_and_loses_the_servers_paths(
    message: str, shown: str
) -> None:
    assert without_server_paths(message) == shown
