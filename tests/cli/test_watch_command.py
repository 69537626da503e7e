"""`kneewise watch DIR --user NAME` (issue #13 item 2): what arrives in a folder is imported in
the foreground, filed under done/ or failed/, and Ctrl-C never leaves a half-imported file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli.account_helpers import PASSWORD
from tests.cli.kneewise_processes import installation, run_kneewise
from tests.web.sync.sync_helpers import (
    GADGETBRIDGE_GPX,
    GARMIN_FIT,
    OPENTRACKS_GPX,
    drop,
    names_in,
    run_bytes,
)

WAIT_S = 60  # generous: a failing test must not hang


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """One installation with the runner ana (migrating once for the whole module)."""
    environment = installation(tmp_path_factory.mktemp("watch") / "data")
    added = run_kneewise(
        "user", "add", "ana", "--password-stdin", env=environment, stdin=PASSWORD + "\n"
    )
    assert added.returncode == 0, added.stdout + added.stderr
    return environment


def watch(folder: Path, env: dict[str, str], *options: str) -> subprocess.CompletedProcess[str]:
    return run_kneewise(
        "watch", str(folder), "--user", "ana", "--interval", "0.2", "--json", *options, env=env
    )


def start_watching(
    folder: Path, env: dict[str, str], *options: str, log: Path
) -> subprocess.Popen[str]:
    """`kneewise watch` in the background, its messages (stderr) written to `log`."""
    with log.open("w") as messages:
        return subprocess.Popen(
            [sys.executable, "-m", "kneewise", "watch", str(folder), "--user", "ana",
             "--interval", "0.2", "--json", *options],
            env=env, stdout=subprocess.PIPE, stderr=messages, text=True,
        )  # fmt: skip


def wait_until_watching(watcher: subprocess.Popen[str], log: Path) -> None:
    """Until its live line shows (its Ctrl-C handler is in place by then)."""
    deadline = time.monotonic() + WAIT_S
    while "Watching" not in log.read_text():
        assert watcher.poll() is None, watcher.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_watch_once_imports_files_away_and_says_what_happened(
    env: dict[str, str], tmp_path: Path
) -> None:
    drop(tmp_path, GADGETBRIDGE_GPX, run_bytes(day=0))
    drop(tmp_path, "2026-03-01-07-00-00.fit", b"not a FIT file")
    drop(tmp_path, f"{OPENTRACKS_GPX}.part", run_bytes(day=1))  # still being written
    done = watch(tmp_path, env, "--once")
    assert done.returncode == 1, done.stderr  # some items failed (design.md §3)
    summary = json.loads(done.stdout)
    assert (summary["imported"], summary["duplicates"], summary["failed"]) == (1, 0, 1)
    assert names_in(tmp_path / "done") == {GADGETBRIDGE_GPX}
    assert "2026-03-01-07-00-00.fit.txt" in names_in(tmp_path / "failed")
    assert f"{OPENTRACKS_GPX}.part" in names_in(tmp_path)
    again = watch(tmp_path, env, "--once")
    assert again.returncode == 0
    assert json.loads(again.stdout)["imported"] == 0


def test_watch_refuses_an_unknown_runner_or_folder(env: dict[str, str], tmp_path: Path) -> None:
    unknown = run_kneewise("watch", str(tmp_path), "--user", "nobody", "--once", env=env)
    assert unknown.returncode == 2
    assert "error" in json.loads(unknown.stdout)
    missing = run_kneewise("watch", str(tmp_path / "no"), "--user", "ana", "--once", env=env)
    assert missing.returncode == 2


def test_two_watchers_on_one_folder_import_each_file_once(
    env: dict[str, str], tmp_path: Path
) -> None:
    folder = tmp_path / "drop"
    names = [f"2026-04-{day + 1:02d}-07-15-00.gpx" for day in range(8)]
    for day, name in enumerate(names):
        drop(folder, name, run_bytes(day=30 + day))
    watchers = [
        start_watching(folder, env, "--once", log=tmp_path / f"watch-{n}.log") for n in range(2)
    ]
    summaries = [json.loads(w.communicate(timeout=WAIT_S)[0]) for w in watchers]
    assert sum(s["imported"] for s in summaries) == len(names)
    assert sum(s["duplicates"] + s["failed"] for s in summaries) == 0
    assert names_in(folder / "done") == set(names)


def test_ctrl_c_mid_file_finishes_that_file_and_exits_cleanly(
    env: dict[str, str], tmp_path: Path
) -> None:
    folder, log = tmp_path / "drop", tmp_path / "watch.log"
    drop(folder, GARMIN_FIT.replace(".fit", ".gpx"), run_bytes(day=60))
    slow = dict(env, KNEEWISE_TEST_SYNC_DELAY_S="3")  # each claimed file waits 3 s
    watcher = start_watching(folder, slow, log=log)
    claims = folder / ".claimed"
    deadline = time.monotonic() + WAIT_S
    while not (claims.is_dir() and any(c.iterdir() for c in claims.iterdir())):
        assert watcher.poll() is None, watcher.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    watcher.send_signal(signal.SIGINT)  # mid-file: claimed, not yet imported
    out, _ = watcher.communicate(timeout=WAIT_S)
    err = log.read_text()
    assert watcher.returncode == 0, err
    assert "Traceback" not in err
    summary = json.loads(out)
    assert summary["imported"] == 1
    assert names_in(folder / "done") == {GARMIN_FIT.replace(".fit", ".gpx")}
    assert not any(c.iterdir() for c in claims.iterdir())  # nothing half-done left behind


def test_ctrl_c_while_waiting_exits_at_once_with_nothing_imported(
    env: dict[str, str], tmp_path: Path
) -> None:
    folder, log = tmp_path / "drop", tmp_path / "watch.log"
    folder.mkdir()
    watcher = start_watching(folder, env, log=log)
    wait_until_watching(watcher, log)
    os.kill(watcher.pid, signal.SIGINT)
    out, _ = watcher.communicate(timeout=WAIT_S)
    assert watcher.returncode == 0
    assert json.loads(out)["seen"] == 0


def test_watch_is_in_the_help(env: dict[str, str]) -> None:
    shown = run_kneewise("--help", env=env)
    assert "watch" in shown.stdout + shown.stderr
