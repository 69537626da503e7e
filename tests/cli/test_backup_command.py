"""`kneewise backup` and `kneewise restore` (design.md §3.6): a whole installation, round trip."""

from __future__ import annotations

import json
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from kneewise.web.activities.importer import stored_path
from kneewise.web.activities.models import Activity, StoredFile
from kneewise.web.runners.models import CheckIn, PlanSnapshot
from tests.activity_files import same_run_files, write_runs
from tests.cli.account_helpers import PASSWORD
from tests.cli.cli_runner import Cli
from tests.cli.kneewise_processes import get_json, installation, run_kneewise, serving
from tests.postgres_databases import NEEDS_POSTGRES, fresh_postgres_database
from tests.web.daily_helpers import green_checkin, runner_with_plan_started, today

API_READS = ["today", "plan?days=21", "check-ins?since=2000-01-01", "activities?limit=100"]


def _runner_with_history(cli: Cli, tmp_path: Path) -> str:
    """Ana, ten days into her plan, with check-ins, plan snapshots and four runs (one recorded
    three times: a run and its alternates); her token."""
    profile = runner_with_plan_started(10)
    for days_ago in range(10, 0, -1):
        green_checkin(profile, today() - timedelta(days=days_ago))
    runs = tmp_path / "runs"
    write_runs(runs, [3.0, 4.0, 5.0])
    same_run_files(runs / "watch-and-platform")
    assert cli("import", str(runs), "--user", "ana").code == 0
    made = cli("token", "create", "--user", "ana")
    assert made.code == 0, made.stdout
    token = str(made.json["token"])
    _reads_in_process(token)  # the plan pages store the plan's daily snapshots
    assert CheckIn.objects.count() == 10
    assert PlanSnapshot.objects.count() > 10
    return token


def _reads_in_process(token: str) -> dict[str, Any]:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    return {path: client.get(f"/api/v1/{path}").json() for path in API_READS}


def _reads_served(env: dict[str, str], token: str) -> dict[str, Any]:
    with serving(env, "--no-worker") as base:
        return {path: get_json(f"{base}/api/v1/{path}", token) for path in API_READS}


def _originals(data_dir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (data_dir / "files").rglob("*") if p.is_file()}


def _restored(archive: Path, env: dict[str, str]) -> dict[str, Any]:
    done = run_kneewise("restore", str(archive), "--json", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Restored" in done.stderr
    restored: dict[str, Any] = json.loads(done.stdout)
    return restored


def _new_rows_fit_after_the_restored_ones(env: dict[str, str]) -> bool:
    """Restored ids are kept; PostgreSQL's sequences must have moved past them."""
    added = run_kneewise("user", "add", "bo", "--password-stdin", env=env, stdin=PASSWORD + "\n")
    token = run_kneewise("token", "create", "--user", "bo", env=env)
    return added.returncode == 0 and token.returncode == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "second_target", [None, pytest.param("postgres", marks=NEEDS_POSTGRES)], ids=["sqlite", "pg"]
)
def test_a_backup_restored_into_a_fresh_installation_serves_the_same_plan_runs_and_files(
    cli: Cli, tmp_path: Path, second_target: str | None
) -> None:
    token = _runner_with_history(cli, tmp_path)
    before = _reads_in_process(token)
    assert before["activities?limit=100"]["count"] == 4
    assert Activity.objects.filter(primary__isnull=False).count() == 3
    originals = {s.sha256: stored_path(s.sha256).read_bytes() for s in StoredFile.objects.all()}
    assert len(originals) == 7

    archive = tmp_path / "clinic.kwbackup"
    made = cli("backup", "--out", str(archive), "--json")
    assert made.code == 0, made.stdout
    assert made.json["files"] == 7
    assert made.json["models"]["runners.checkin"] == 10
    assert "Backed up" in made.stderr
    assert archive.stat().st_mode & 0o077 == 0  # health data: the owner's only

    # This run's database (SQLite, or PostgreSQL in CI's second run) into a fresh SQLite one.
    sqlite_env = installation(tmp_path / "restored")
    restored = _restored(archive, sqlite_env)
    assert restored["models"] == made.json["models"]
    assert restored["rows"] == made.json["rows"] > 0
    assert _originals(tmp_path / "restored") == originals
    assert _reads_served(sqlite_env, token) == before
    again = tmp_path / "again.kwbackup"
    assert run_kneewise("backup", "--out", str(again), env=sqlite_env).returncode == 0
    assert _new_rows_fit_after_the_restored_ones(sqlite_env)

    if second_target == "postgres":
        # ...and from that SQLite installation on into PostgreSQL: both directions covered.
        with fresh_postgres_database("restore") as url:
            pg_env = installation(tmp_path / "restored-pg", url)
            assert _restored(again, pg_env)["models"] == made.json["models"]
            assert _originals(tmp_path / "restored-pg") == originals
            assert _reads_served(pg_env, token) == before
            assert _new_rows_fit_after_the_restored_ones(pg_env)


@pytest.fixture
def archive_of_ana(cli: Cli, tmp_path: Path, settings: Any) -> Path:
    """A backup of Ana's installation, then an empty installation (rows and files) to restore to."""
    settings.DATA_DIR = tmp_path / "source"
    _runner_with_history(cli, tmp_path)
    archive = tmp_path / "ana.kwbackup"
    assert cli("backup", "--out", str(archive)).code == 0
    get_user_model().objects.all().delete()
    StoredFile.objects.all().delete()
    settings.DATA_DIR = tmp_path / "target"
    settings.DATA_DIR.mkdir()
    return archive


def _rewritten(archive: Path, out: Path, change: dict[str, bytes]) -> Path:
    """A copy of `archive` with members replaced or added as `change` says."""
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(out, "w") as copy:
        for name in source.namelist():
            copy.writestr(name, change.pop(name, None) or source.read(name))
        for name, data in change.items():
            copy.writestr(name, data)
    return out


def _nothing_restored(data_dir: Path) -> None:
    assert not get_user_model().objects.exists()
    assert not CheckIn.objects.exists()
    assert not StoredFile.objects.exists()
    assert list(data_dir.iterdir()) == []  # no original, no half-extracted work folder


@pytest.mark.django_db
def test_a_restore_into_an_installation_with_rows_is_refused(
    cli: Cli, archive_of_ana: Path
) -> None:
    runner_with_plan_started(0, username="bo")
    refused = cli("restore", str(archive_of_ana))
    assert refused.code == 2
    assert "not empty" in refused.json["error"]
    assert list(get_user_model().objects.values_list("username", flat=True)) == ["bo"]


@pytest.mark.django_db
def test_an_original_whose_sha256_does_not_match_restores_nothing(
    cli: Cli, archive_of_ana: Path, tmp_path: Path, settings: Any
) -> None:
    with zipfile.ZipFile(archive_of_ana) as source:
        member = next(n for n in source.namelist() if b"<ele>5" in source.read(n))
        tampered = source.read(member).replace(b"<ele>5", b"<ele>6", 1)  # same size
        assert len(tampered) == len(source.read(member))
    bad = _rewritten(archive_of_ana, tmp_path / "tampered.kwbackup", {member: tampered})
    refused = cli("restore", str(bad))
    assert refused.code == 2
    assert "SHA-256" in refused.json["error"]
    _nothing_restored(settings.DATA_DIR)


@pytest.mark.django_db
def test_an_original_larger_than_listed_is_refused_before_it_is_written_whole(
    cli: Cli, archive_of_ana: Path, tmp_path: Path, settings: Any
) -> None:
    with zipfile.ZipFile(archive_of_ana) as source:
        member = next(n for n in source.namelist() if n.startswith("files/"))
        grown = source.read(member) + b" " * 3_000_000  # compresses to almost nothing
    bad = _rewritten(archive_of_ana, tmp_path / "grown.kwbackup", {member: grown})
    refused = cli("restore", str(bad))
    assert refused.code == 2
    assert "larger than listed" in refused.json["error"]
    _nothing_restored(settings.DATA_DIR)


@pytest.mark.django_db
def test_rows_changed_after_the_backup_restore_nothing(
    cli: Cli, archive_of_ana: Path, tmp_path: Path, settings: Any
) -> None:
    with zipfile.ZipFile(archive_of_ana) as source:
        rows = source.read("data.jsonl").replace(b'"ana"', b'"eve"')
    bad = _rewritten(archive_of_ana, tmp_path / "tampered.kwbackup", {"data.jsonl": rows})
    refused = cli("restore", str(bad))
    assert refused.code == 2
    _nothing_restored(settings.DATA_DIR)


@pytest.mark.django_db
def test_a_truncated_backup_is_refused(
    cli: Cli, archive_of_ana: Path, tmp_path: Path, settings: Any
) -> None:
    data = archive_of_ana.read_bytes()
    for cut in (len(data) // 2, len(data) - 10):
        truncated = tmp_path / "truncated.kwbackup"
        truncated.write_bytes(data[:cut])
        refused = cli("restore", str(truncated))
        assert refused.code == 2
        assert "damaged" in refused.json["error"]
        _nothing_restored(settings.DATA_DIR)


@pytest.mark.django_db
def test_a_backup_with_a_member_outside_the_data_folder_is_refused_and_writes_nothing_there(
    cli: Cli, archive_of_ana: Path, tmp_path: Path, settings: Any
) -> None:
    bad = _rewritten(
        archive_of_ana, tmp_path / "traversal.kwbackup", {"../../x": b"owned", "/tmp/x": b"owned"}
    )
    refused = cli("restore", str(bad))
    assert refused.code == 2
    assert "should not" in refused.json["error"]
    assert not (settings.DATA_DIR / ".." / ".." / "x").exists()
    assert not (tmp_path / "x").exists()
    _nothing_restored(settings.DATA_DIR)


@pytest.mark.django_db
def test_a_file_that_is_not_a_backup_is_refused(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    refused = cli("restore", str(tmp_path / "notes.txt"))
    assert refused.code == 2
    assert refused.json == {"error": "this is not a Kneewise backup, or it is damaged"}


@pytest.mark.django_db(transaction=True)
def test_without_json_the_backup_says_what_it_wrote_on_stdout(cli: Cli, tmp_path: Path) -> None:
    archive = tmp_path / "empty.kwbackup"
    made = cli("backup", "--out", str(archive))
    assert made.code == 0, made.stdout + made.stderr
    assert made.stdout.startswith("Backed up ")
    assert str(archive) in made.stdout
    assert made.stderr == ""
