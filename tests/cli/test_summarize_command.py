"""`kneewise summarize PATH… --json` (design.md §3.4): per-activity summaries, errors as values."""

from __future__ import annotations

import gzip
import os
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from tests.activities.clock_files import (
    START,
    FitSession,
    clock_jump,
    device_clock_start,
    fit_file,
    steady_run,
    with_trailing_record,
)
from tests.activity_files import SHARED_CORPUS, gpx_run, write_runs
from tests.cli.cli_runner import Cli

SUMMARY_KEYS = {
    "source", "format", "sport", "start_time", "elapsed_s", "moving_s", "distance_m",
    "ascent_m", "descent_m", "downhill_m", "avg_cadence_spm", "avg_hr_bpm", "max_hr_bpm",
    "knee_load",
}  # fmt: skip


def test_a_gpx_run_is_summarised_with_every_contract_field(cli: Cli, tmp_path: Path) -> None:
    (path,) = write_runs(tmp_path, [5.0])
    run = cli("summarize", str(path), "--json", "--workers", "1")
    assert run.code == 0
    (activity,) = run.json["activities"]
    assert set(activity) >= SUMMARY_KEYS
    assert activity["format"] == "gpx"
    assert activity["sport"] == "running"
    assert activity["start_time"] == "2026-03-02T06:30:00Z"
    assert activity["distance_m"] == pytest.approx(5000, rel=0.01)
    assert activity["avg_cadence_spm"] == pytest.approx(168, abs=1)
    assert run.json["errors"] == []


def test_a_folder_a_gz_file_and_a_zip_are_all_read(cli: Cli, tmp_path: Path) -> None:
    write_runs(tmp_path / "folder", [3.0, 4.0])
    gz = tmp_path / "one.gpx.gz"
    gz.write_bytes(gzip.compress(gpx_run(km=2.0).encode()))
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("activities/7.gpx", gpx_run(km=6.0))
    run = cli("summarize", str(tmp_path / "folder"), str(gz), str(archive), "--json")
    assert run.code == 0
    distances = sorted(round(a["distance_m"] / 1000) for a in run.json["activities"])
    assert distances == [2, 3, 4, 6]


def test_a_broken_file_is_reported_and_the_rest_goes_on(cli: Cli, tmp_path: Path) -> None:
    write_runs(tmp_path, [5.0])
    (tmp_path / "broken.gpx").write_text("<gpx><trk><trkseg><trkpt lat=")
    run = cli("summarize", str(tmp_path), "--json")
    assert run.code == 1
    assert len(run.json["activities"]) == 1
    (error,) = run.json["errors"]
    assert error["source"].endswith("broken.gpx")
    assert error["error"]


def test_a_missing_path_exits_2_with_a_json_error(cli: Cli, tmp_path: Path) -> None:
    run = cli("summarize", str(tmp_path / "nope.fit"), "--json")
    assert run.code == 2
    assert "no such file" in run.json["error"]


def test_the_corpus_bad_files_each_give_a_clean_error(cli: Cli, tmp_path: Path) -> None:
    if not (SHARED_CORPUS / "bad").is_dir():
        pytest.skip(f"device corpus not found at {SHARED_CORPUS}")
    shutil.copytree(SHARED_CORPUS / "bad", tmp_path / "bad")
    run = cli("summarize", str(tmp_path / "bad"), "--json")
    assert run.code == 1
    assert run.json["activities"] == []
    assert len(run.json["errors"]) == len(list((tmp_path / "bad").iterdir()))
    assert all(e["error"] and "Traceback" not in e["error"] for e in run.json["errors"])


def test_summarize_prints_the_elapsed_time_without_the_device_clock_errors(
    cli: Cli, tmp_path: Path
) -> None:
    """Issue #9: a 20-day clock jump mid-run, a last empty record 1,749,944 s after the first
    and records stamped with the device's clock before GPS time (31 Dec 1989)."""
    hour = FitSession(START, 3600.0, 3600.0, 3.0 * 3599)
    (tmp_path / "jump.fit").write_bytes(
        fit_file(clock_jump(3600, at=1800, by=20 * 86_400), session=hour)
    )
    trailing = with_trailing_record(steady_run(3389), after_s=1_749_944 - 3388)
    (tmp_path / "trailing.fit").write_bytes(
        fit_file(trailing, session=FitSession(START, 3389.0, 3389.0, 3.0 * 3388))
    )
    (tmp_path / "epoch.fit").write_bytes(fit_file(device_clock_start(3600, before_gps=30)))
    run = cli("summarize", str(tmp_path), "--json", "--workers", "1")
    assert run.code == 0
    times = {
        Path(a["source"]).name: (a["start_time"], a["elapsed_s"], a["moving_s"])
        for a in run.json["activities"]
    }
    assert times == {
        "jump.fit": ("2024-05-04T07:30:00Z", 3600.0, 3599.0),
        "trailing.fit": ("2024-05-04T07:30:00Z", 3389.0, 3388.0),
        "epoch.fit": ("2024-05-04T07:30:00Z", 3599.0, 3599.0),
    }


def test_a_run_followed_by_many_empty_fit_segments_is_refused_in_seconds(
    cli: Cli, tmp_path: Path
) -> None:
    # The reported attack, scaled down: 64 MB of 16-byte segments gzipped to ~160 KB made
    # the decoder build millions of segments; 40,000 are enough to be far over the limit.
    from tests.activities.test_fit_limits import run_then_empty_segments

    path = tmp_path / "chained.fit.gz"
    path.write_bytes(gzip.compress(run_then_empty_segments(40_000)))
    started = time.monotonic()
    run = cli("summarize", str(path), "--json", "--workers", "1")
    assert time.monotonic() - started < 10
    assert run.code == 1
    assert run.json["activities"] == []
    assert run.json["errors"] == [
        {
            "source": str(path),
            "error": "too many chained FIT segments: the file has more than 100 FIT segments; "
            "the limit is 100 (max_fit_segments)",
        }
    ]


def test_a_gpx_naming_a_fifo_as_its_dtd_inside_an_export_is_refused_without_blocking(
    cli: Cli, tmp_path: Path
) -> None:
    from kneewise.activities.xmlsafe import EXTERNAL_DTD_REFUSED

    fifo = tmp_path / "dtd.fifo"
    os.mkfifo(fifo)
    hostile = gpx_run(km=1.0).replace("<gpx ", f'<!DOCTYPE gpx SYSTEM "{fifo}"><gpx ', 1)
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("activities/1.gpx", hostile)
        out.writestr("activities/2.gpx", gpx_run(km=2.0))
    run = cli("summarize", str(archive), "--json", "--workers", "1")
    assert run.code == 1
    assert [a["source"] for a in run.json["activities"]] == [f"{archive}!activities/2.gpx"]
    assert run.json["errors"] == [
        {"source": f"{archive}!activities/1.gpx", "error": EXTERNAL_DTD_REFUSED}
    ]


def test_without_json_a_person_reads_a_table_of_the_activities_issue_12(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # one line per row
    write_runs(tmp_path, [5.0, 6.0])
    (tmp_path / "broken.gpx").write_text("<gpx")
    run = cli("summarize", str(tmp_path), "--workers", "1")
    machine = cli("summarize", str(tmp_path), "--workers", "1", "--json")
    assert run.code == machine.code == 1
    assert not run.stdout.lstrip().startswith("{")
    rows = [line for line in run.stdout.splitlines() if "run-00" in line]
    assert len(rows) == 2
    assert "run-000.gpx" in rows[0]
    assert "running" in rows[0]
    assert "5.00" in rows[0]
    assert "6.00" in rows[1]
    assert "Could not read" in run.stdout
    assert "broken.gpx" in run.stdout
    assert "flat-km equivalents" in run.stdout  # knee load has a unit (issue #12 item 7)
    assert "2 activities, 1 failed, 0 skipped" in run.stdout
    assert len(machine.json["activities"]) == 2  # --json is the contract's document, unchanged
