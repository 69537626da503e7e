"""Imports in the background (design.md §4, issue #9): an upload returns at once, a worker
imports it, the page shows progress, and a job whose worker was killed is picked up again with
nothing imported twice."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import timezone

from kneewise.activities.sources import iter_inputs
from kneewise.web.activities.importer import import_inputs
from kneewise.web.activities.jobs import recover_interrupted, stage_files
from kneewise.web.activities.models import Activity, ImportJob
from kneewise.web.activities.worker import make_worker
from tests.activity_files import gpx_run, write_runs

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("data_dir")]
QUEUED_IN_THE_DATABASE = override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
)


def work_the_queue() -> None:
    """One worker pass in this process. The worker closes connections it finds outside
    autocommit, as between requests; the test's own connection (inside the test's
    transaction) must stay open, which SQLite's in-memory test database hides."""
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", return_value=None
    ):
        make_worker(interval=0.1, once=True).run()


@QUEUED_IN_THE_DATABASE
def test_an_upload_returns_at_once_and_a_worker_imports_it(
    logged_in: Client, runner: AbstractBaseUser
) -> None:
    gpx = SimpleUploadedFile("morning.gpx", gpx_run(km=5.0).encode())
    response = logged_in.post("/activities/upload/", {"files": [gpx]})
    assert response.status_code == 302
    job = ImportJob.objects.get(owner=runner)
    waiting = logged_in.get(response["Location"]).content.decode()
    assert "Waiting to start" in waiting
    assert '<meta http-equiv="refresh"' in waiting  # the page updates by itself
    assert not Activity.objects.exists()

    work_the_queue()

    job.refresh_from_db()
    assert (job.status, job.files_done, job.report["activities_imported"]) == ("done", 1, 1)
    finished = logged_in.get(response["Location"]).content.decode()
    assert "1 activity imported" in finished
    assert '<meta http-equiv="refresh"' not in finished
    assert not Path(job.staging).exists()  # the staged upload is gone once imported


@QUEUED_IN_THE_DATABASE
def test_a_job_that_fails_says_so_keeps_what_it_stored_and_reports_broken_files(
    logged_in: Client, runner: AbstractBaseUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = SimpleUploadedFile("good.gpx", gpx_run(km=5.0).encode())
    broken = SimpleUploadedFile("broken.gpx", b"<gpx")
    response = logged_in.post("/activities/upload/", {"files": [good, broken]})
    work_the_queue()
    job = ImportJob.objects.get(owner=runner)
    assert (job.status, job.failed_count) == ("done", 1)  # a broken file is not a failed job
    assert [e["source"] for e in job.report["errors"]] == ["broken.gpx"]
    assert "could not be read" in logged_in.get(response["Location"]).content.decode()

    def disk_full(*args: object, **kwargs: object) -> object:
        raise OSError("No space left on device")

    monkeypatch.setattr("kneewise.web.activities.jobs.import_inputs", disk_full)
    again = SimpleUploadedFile("later.gpx", gpx_run(km=6.0).encode())
    response = logged_in.post("/activities/upload/", {"files": [again]})
    work_the_queue()
    failed = ImportJob.objects.filter(owner=runner).latest("pk")
    assert failed.status == "failed"
    assert "No space left on device" in failed.error
    page = logged_in.get(response["Location"]).content.decode()
    assert "The import stopped" in page
    assert Activity.objects.filter(owner=runner).count() == 1  # what was stored stays


@QUEUED_IN_THE_DATABASE
def test_the_api_answers_202_with_a_job_to_poll_when_the_import_takes_longer(
    runner: AbstractBaseUser,
) -> None:
    from tests.web.test_api_routes import bearer

    client = bearer(runner)
    gpx = SimpleUploadedFile("r.gpx", gpx_run().encode())
    response = client.post("/api/v1/activities?wait=0", {"files": [gpx]})
    assert response.status_code == 202
    job = response.json()
    assert (job["status"], job["report"]) == ("queued", None)
    work_the_queue()
    polled = client.get(job["url"]).json()
    assert polled["status"] == "done"
    assert polled["report"]["activities_imported"] == 1


@QUEUED_IN_THE_DATABASE
def test_a_job_whose_worker_was_killed_is_queued_again_and_imports_nothing_twice(
    runner: AbstractBaseUser, tmp_path: Path
) -> None:
    runs = write_runs(tmp_path / "runs", [5.0, 6.0, 7.0, 8.0])
    job = stage_files(runner, runs)
    # The killed worker got half way: two runs stored, then no heartbeat any more.
    import_inputs(runner, iter_inputs(runs[:2]), workers=1)
    long_ago = timezone.now() - timedelta(hours=1)
    ImportJob.objects.filter(pk=job.pk).update(status="running", updated_at=long_ago)

    assert recover_interrupted() == 1
    assert recover_interrupted() == 0  # queued once, however many workers ask
    work_the_queue()

    job.refresh_from_db()
    assert job.status == "done"
    assert job.report["activities_imported"] == 2
    assert job.report["duplicates_skipped"] == 2
    assert Activity.objects.filter(owner=runner).count() == 4


def test_a_running_job_that_still_beats_is_left_alone(
    runner: AbstractBaseUser, tmp_path: Path
) -> None:
    job = ImportJob.objects.create(owner=runner, staging=str(tmp_path), status="running")
    assert recover_interrupted() == 0
    job.refresh_from_db()
    assert job.status == "running"


def test_an_interrupted_job_says_so_and_offers_to_try_again(
    logged_in: Client, runner: AbstractBaseUser, tmp_path: Path
) -> None:
    runs = write_runs(tmp_path / "runs", [5.0])
    with QUEUED_IN_THE_DATABASE:
        job = stage_files(runner, runs)
    long_ago = timezone.now() - timedelta(hours=1)
    ImportJob.objects.filter(pk=job.pk).update(status="running", updated_at=long_ago)
    page = logged_in.get(f"/activities/imports/{job.pk}/").content.decode()
    assert "This import was interrupted" in page
    response = logged_in.post(f"/activities/imports/{job.pk}/retry/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "done"  # tests run tasks at once: retried and finished


def test_another_runner_cannot_see_or_retry_an_import(
    runner: AbstractBaseUser, tmp_path: Path
) -> None:
    from django.contrib.auth import get_user_model

    job = ImportJob.objects.create(owner=runner, staging=str(tmp_path), status="running")
    other = get_user_model().objects.create_user(username="ben", password="a long passphrase")
    client = Client()
    client.force_login(other)
    assert client.get(f"/activities/imports/{job.pk}/").status_code == 404
    assert client.post(f"/activities/imports/{job.pk}/retry/").status_code == 404


def test_a_killed_worker_process_loses_nothing_and_the_next_worker_finishes(
    tmp_path: Path,
) -> None:
    """The real thing: `kneewise worker` killed with SIGKILL mid-job, then started again."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from fitgen import fit_run

    runs = tmp_path / "runs"
    runs.mkdir()
    total = 500
    for index in range(total):
        (runs / f"run-{index:04d}.fit").write_bytes(fit_run(index, seconds=600))
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KNEEWISE_", "DATABASE"))}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(KNEEWISE_DATA_DIR=str(data), KNEEWISE_IMPORT_STALE_SECONDS="1")
    stage = (
        "import os, sys, json, django; from pathlib import Path;"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'kneewise.web.settings'; django.setup();"
        "from django.core.management import call_command; call_command('migrate', verbosity=0);"
        "from django.contrib.auth import get_user_model;"
        "from kneewise.web.activities.jobs import stage_files;"
        "user = get_user_model().objects.create_user('ana', password=None);"
        "job = stage_files(user, sorted(Path(sys.argv[1]).iterdir()));"
        "print(json.dumps({'job': job.pk}))"
    )
    staged = subprocess.run(
        [sys.executable, "-c", stage, str(runs)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    job_id = json.loads(staged.stdout)["job"]
    database = data / "kneewise.sqlite3"

    def count(sql: str) -> int:
        with sqlite3.connect(database) as connection:
            return int(connection.execute(sql).fetchone()[0])

    worker = subprocess.Popen(
        [sys.executable, "-m", "kneewise", "worker", "--interval", "0.2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while count("SELECT COUNT(*) FROM activities_activity") == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    stored = count("SELECT COUNT(*) FROM activities_activity")
    assert 0 < stored < total
    time.sleep(1.5)  # the killed job's heartbeat goes stale

    again = subprocess.run(
        [sys.executable, "-m", "kneewise", "worker", "--once", "--interval", "0.1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert again.returncode == 0, again.stderr
    assert count("SELECT COUNT(*) FROM activities_activity") == total
    status = f"SELECT status = 'done' FROM activities_importjob WHERE id = {job_id}"
    assert count(status) == 1
