"""`kneewise import PATH…`: stores a runner's activities; a second run adds nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.activity_files import write_runs


def kneewise(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KNEEWISE_", "DATABASE"))}
    env["KNEEWISE_DATA_DIR"] = str(data_dir)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "kneewise", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_import_twice_stores_once_and_says_what_it_did(tmp_path: Path) -> None:
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
    done = kneewise("import", str(tmp_path / "nope"), data_dir=tmp_path / "data")
    assert done.returncode == 2
    assert "no such file" in json.loads(done.stdout)["error"]
