"""`kneewise import PATH…`: stores a runner's activities; a second run adds nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from tests.activity_files import write_runs
from tests.cli.account_helpers import PASSWORD
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
