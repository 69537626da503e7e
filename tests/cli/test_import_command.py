"""`kneewise import PATH…`: stores a runner's activities; a second run adds nothing."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from tests.activity_files import same_run_files, write_runs
from tests.cli.account_helpers import PASSWORD, add_user
from tests.cli.cli_runner import Cli


def kneewise(*args: str, data_dir: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KNEEWISE_", "DATABASE"))}
    env["KNEEWISE_DATA_DIR"] = str(data_dir)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "kneewise", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_import_twice_stores_once_and_says_what_it_did(tmp_path: Path) -> None:
    added = kneewise(
        "user", "add", "ana", "--password-stdin", data_dir=tmp_path / "data", stdin=PASSWORD + "\n"
    )
    assert added.returncode == 0, added.stdout
    runs = tmp_path / "runs"
    write_runs(runs, [5.0, 6.0, 7.0])
    (runs / "broken.gpx").write_text("<gpx")
    first = kneewise("import", str(runs), "--user", "ana", "--json", data_dir=tmp_path / "data")
    assert first.returncode == 1  # one file failed; the rest is imported
    report = json.loads(first.stdout)
    assert report["activities_imported"] == 3
    assert report["duplicates_skipped"] == 0
    assert [e["source"].endswith("broken.gpx") for e in report["errors"]] == [True]
    assert "Imported 3 activities" in first.stderr

    second = kneewise("import", str(runs), "--user", "ana", "--json", data_dir=tmp_path / "data")
    again = json.loads(second.stdout)
    assert again["activities_imported"] == 0
    assert again["duplicates_skipped"] == 3
    originals = [p for p in (tmp_path / "data" / "files").rglob("*") if p.is_file()]
    assert len(originals) == 3


def test_import_of_a_missing_path_exits_2(tmp_path: Path) -> None:
    done = kneewise("import", str(tmp_path / "nope"), "--user", "ana", data_dir=tmp_path / "data")
    assert done.returncode == 2
    assert "no such file" in json.loads(done.stdout)["error"]


@pytest.mark.django_db
def test_import_for_an_unknown_user_is_exit_2_and_creates_no_account(
    cli: Cli, tmp_path: Path
) -> None:
    write_runs(tmp_path, [5.0])
    done = cli("import", str(tmp_path), "--user", "nobody", "--json")
    assert done.code == 2
    assert "nobody" in done.json["error"]
    assert "Traceback" not in done.stderr
    assert not get_user_model().objects.exists()


def test_import_without_a_user_is_exit_2(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KNEEWISE_USER", raising=False)
    done = cli("import", str(tmp_path), "--json")
    assert done.code == 2
    assert "--user" in done.json["error"]


def test_an_import_killed_mid_way_loses_nothing_committed_and_duplicates_nothing(
    tmp_path: Path,
) -> None:
    """design.md §4: SIGKILL during an import, then the same import again."""
    import signal
    import sqlite3
    import time

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from fitgen import fit_run

    runs = tmp_path / "runs"
    runs.mkdir()
    total = 600
    for index in range(total):
        (runs / f"run-{index:04d}.fit").write_bytes(fit_run(index, seconds=600))
    data = tmp_path / "data"
    added = kneewise("user", "add", "ana", "--password-stdin", data_dir=data, stdin=PASSWORD + "\n")
    assert added.returncode == 0, added.stdout
    (tmp_path / "one").mkdir()
    (tmp_path / "one" / "first.fit").write_bytes(fit_run(total, seconds=600))
    assert kneewise("import", str(tmp_path / "one"), "--user", "ana", data_dir=data).returncode == 0
    database = data / "kneewise.sqlite3"

    def stored() -> int:
        with sqlite3.connect(database) as connection:
            (count,) = connection.execute("SELECT COUNT(*) FROM activities_activity").fetchone()
        return int(count)

    env = {k: v for k, v in os.environ.items() if not k.startswith(("KNEEWISE_", "DATABASE"))}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["KNEEWISE_DATA_DIR"] = str(data)
    victim = subprocess.Popen(
        [sys.executable, "-m", "kneewise", "import", str(runs), "--user", "ana"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while stored() <= 1 and victim.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(victim.pid, signal.SIGKILL)  # the importer and any decoding workers
    victim.wait()
    before = stored() - 1  # less the first run
    assert 0 < before < total  # killed mid-way, with whole batches committed

    again = kneewise("import", str(runs), "--user", "ana", "--json", data_dir=data)
    assert again.returncode == 0
    report = json.loads(again.stdout)
    assert report["duplicates_skipped"] == before
    assert report["activities_imported"] == total - before
    assert stored() == total + 1


def test_import_of_one_run_in_every_format_says_the_copies_count_once(tmp_path: Path) -> None:
    data = tmp_path / "data"
    added = kneewise("user", "add", "ana", "--password-stdin", data_dir=data, stdin=PASSWORD + "\n")
    assert added.returncode == 0, added.stdout
    same_run_files(tmp_path / "exports")
    done = kneewise("import", str(tmp_path / "exports"), "--user", "ana", "--json", data_dir=data)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["user"] == "ana"
    assert (report["activities_imported"], report["copies_of_runs"]) == (4, 3)
    assert "3 of them copies of runs in other files" in " ".join(done.stderr.split())


def _children_of(pid: int) -> set[int]:
    """Live processes whose parent is `pid` (read from /proc: psutil is not a dependency)."""
    children = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # gone while we looked
            continue
        state, ppid = text.rsplit(")", 1)[1].split()[:2]
        if int(ppid) == pid and state != "Z":
            children.add(int(stat.parent.name))
    return children


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie no one reaped has stopped running


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_a_killed_import_leaves_no_decoding_worker_behind(tmp_path: Path) -> None:
    import signal
    import time

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from fitgen import fit_run

    runs = tmp_path / "runs"
    runs.mkdir()
    for index in range(200):
        (runs / f"run-{index:04d}.fit").write_bytes(fit_run(index, seconds=600))
    data = tmp_path / "data"
    added = kneewise("user", "add", "ana", "--password-stdin", data_dir=data, stdin=PASSWORD + "\n")
    assert added.returncode == 0, added.stdout
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KNEEWISE_", "DATABASE"))}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["KNEEWISE_DATA_DIR"] = str(data)
    victim = subprocess.Popen(
        [sys.executable, "-m", "kneewise", "import", str(runs), "--user", "ana", "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        workers: set[int] = set()
        deadline = time.monotonic() + 60
        while len(workers) < 2 and victim.poll() is None and time.monotonic() < deadline:
            workers |= _children_of(victim.pid)
            time.sleep(0.02)
        assert len(workers) == 2, "the import never started its two decoding workers"
        os.kill(victim.pid, signal.SIGKILL)  # the importer alone, as a user's kill -9 would
        victim.wait()
        deadline = time.monotonic() + 5
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in workers if _alive(pid)]
    finally:
        with contextlib.suppress(ProcessLookupError):  # whatever is left: no stray processes
            os.killpg(victim.pid, signal.SIGKILL)


@pytest.mark.django_db
def test_without_json_the_summary_is_printed_for_a_person_issue_12(
    cli: Cli, tmp_path: Path
) -> None:
    assert add_user(cli, "ana").code == 0
    runs = tmp_path / "runs"
    write_runs(runs, [5.0])
    (runs / "broken.gpx").write_text("<gpx")
    first = cli("import", str(runs), "--user", "ana")
    assert first.code == 1
    assert "Imported 1 activity from 1 file for ana." in first.stdout  # not "1 activities"
    assert "1 file could not be read" in first.stdout
    assert "broken.gpx" in first.stdout
    again = cli("import", str(runs / "run-000.gpx"), "--user", "ana")
    assert again.code == 0
    assert "Imported 0 activities from 0 files for ana." in again.stdout
    assert "1 file was already imported (skipped)." in again.stdout
