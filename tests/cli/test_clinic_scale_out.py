"""A clinic's deployment (design.md §4): two web processes and two workers on one PostgreSQL.

Imports posted to both web processes are run by both workers, each job once, each activity
once; a worker killed mid-job loses nothing: the other finishes that job."""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.activity_files import write_runs
from tests.cli.account_helpers import PASSWORD
from tests.cli.kneewise_processes import installation, run_kneewise, serving
from tests.postgres_databases import NEEDS_POSTGRES, fresh_postgres_database

SMALL_JOBS = 6
SMALL_JOB_FILES = 3
BIG_JOB_FILES = 24
STALE_S = 5  # a job whose worker stopped beating this long is picked up again
DELAY_S = 0.25  # per file, so the big job is still running when its worker is killed


def _post_files(base: str, token: str, paths: list[Path]) -> dict[str, Any]:
    """POST /api/v1/activities?wait=0 with the files as multipart `files`; the job."""
    boundary = secrets.token_hex(16)
    body = b""
    for path in paths:
        body += (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="files";'
                f' filename="{path.name}"\r\nContent-Type: application/gpx+xml\r\n\r\n'
            ).encode()
            + path.read_bytes()
            + b"\r\n"
        )
    body += f"--{boundary}--\r\n".encode()
    request = urllib.request.Request(
        f"{base}/api/v1/activities?wait=0",
        data=body,
        method="POST",
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        job: dict[str, Any] = json.loads(response.read())
        return job


def _query(url: str, sql: str) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(url) as connection:
        return connection.execute(sql).fetchall()


def _task_runs(url: str) -> list[tuple[int, str, list[str]]]:
    """(job id, status, worker ids) of every import task the workers claimed."""
    rows = _query(
        url,
        "SELECT args_kwargs, status, worker_ids FROM django_tasks_database_dbtaskresult"
        " WHERE worker_ids::text != '[]'",
    )
    return [(args["args"][0], status, workers) for args, status, workers in rows]


def _worker_pid(worker_id: str) -> int:
    return int(worker_id.rsplit("-", 2)[1])  # make_worker: "<host>-<pid>-<thread>"


def _wait_for(check: Any, what: str, seconds: float = 40) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture
def clinic(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    with fresh_postgres_database("scale") as url:
        env = installation(tmp_path / "data", url)
        env["KNEEWISE_IMPORT_STALE_SECONDS"] = str(STALE_S)
        env["KNEEWISE_TEST_IMPORT_DELAY_S"] = str(DELAY_S)
        yield url, env


@NEEDS_POSTGRES
def test_two_web_processes_and_two_workers_share_the_imports_and_survive_a_killed_worker(
    clinic: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    url, env = clinic
    added = run_kneewise("user", "add", "ana", "--password-stdin", env=env, stdin=PASSWORD + "\n")
    assert added.returncode == 0, added.stdout + added.stderr
    token = json.loads(run_kneewise("token", "create", "--user", "ana", env=env).stdout)["token"]

    with ExitStack() as running:
        webs = [running.enter_context(serving(env, "--no-worker")) for _ in range(2)]
        workers = [
            subprocess.Popen(
                [sys.executable, "-m", "kneewise", "worker", "--interval", "0.2"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        running.callback(lambda: [w.kill() or w.wait() for w in workers])
        for started in workers:  # both ready before the first job, so both can take some
            assert started.stderr
            lines = iter(started.stderr.readline, "")
            assert any("worker running" in line for line in lines), "a worker did not start"
        first_day = datetime(2026, 1, 5, 6, 30, tzinfo=UTC)

        # Small imports over both web processes: both workers take some, each job runs once.
        small = []
        for n in range(SMALL_JOBS):
            files = write_runs(
                tmp_path / f"small{n}", [1.0] * SMALL_JOB_FILES, first_day + timedelta(days=10 * n)
            )
            small.append(_post_files(webs[n % 2], token, files)["id"])
        _wait_for(
            lambda: (
                _query(url, "SELECT count(*) FROM activities_importjob WHERE status='done'")
                == [(SMALL_JOBS,)]
            ),
            "the small imports",
        )
        runs = _task_runs(url)
        assert sorted(job for job, _, _ in runs) == sorted(small), runs  # no job run twice
        assert {status for _, status, _ in runs} == {"SUCCESSFUL"}, runs
        pids = {w.pid for w in workers}
        assert {_worker_pid(ids[0]) for _, _, ids in runs} == pids, runs  # spread over both

        # A big import; its worker is killed once it is under way, the other finishes it.
        big_files = write_runs(
            tmp_path / "big", [1.0] * BIG_JOB_FILES, first_day + timedelta(days=100)
        )
        big = _post_files(webs[0], token, big_files)["id"]
        claimed = _wait_for(
            lambda: [
                ids[0]
                for job, _, ids in _task_runs(url)
                if job == big
                and _query(url, f"SELECT files_done FROM activities_importjob WHERE id={big}")[0][0]
                > 0
            ],
            "the big import to start",
        )
        victim = _worker_pid(claimed[0])
        os.kill(victim, signal.SIGKILL)
        _wait_for(
            lambda: (
                _query(url, f"SELECT status FROM activities_importjob WHERE id={big}")
                == [("done",)]
            ),
            "the other worker to finish the big import",
        )
        finished_by = [
            _worker_pid(ids[0])
            for job, status, ids in _task_runs(url)
            if job == big and status == "SUCCESSFUL"
        ]
        assert finished_by == list(pids - {victim}), _task_runs(url)
        attempts = _query(url, f"SELECT attempts FROM activities_importjob WHERE id={big}")
        assert attempts == [(2,)]

    total = SMALL_JOBS * SMALL_JOB_FILES + BIG_JOB_FILES
    assert _query(url, "SELECT count(*), count(DISTINCT start_time) FROM activities_activity") == [
        (total, total)
    ]
    assert _query(url, "SELECT count(*) FROM activities_importjob WHERE status != 'done'") == [(0,)]
