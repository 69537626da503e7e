"""`kneewise load PATH… --json` (design.md §3.5): weeks from Monday, flags with their rules."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from kneewise.cli import activities
from tests.activity_files import SHARED_CORPUS, same_run_files, write_runs
from tests.cli.cli_runner import Cli
from tests.core.test_load import reference_load_flags, reference_weekly_load

WEEK_KEYS = {
    "week_start", "runs", "run_days", "distance_m", "duration_s", "downhill_m",
    "longest_run_m", "knee_load", "change_pct",
}  # fmt: skip


def test_weeks_start_on_monday_and_a_long_run_is_a_spike(cli: Cli, tmp_path: Path) -> None:
    # Monday 2 March 2026: 5, 5, 5 km, then a 9 km run on Thursday.
    write_runs(tmp_path, [5.0, 5.0, 5.0, 9.0], datetime(2026, 3, 2, 7, tzinfo=UTC))
    run = cli("load", str(tmp_path), "--json", "--tz", "UTC")
    assert run.code == 0
    (week,) = run.json["weeks"]
    assert set(week) >= WEEK_KEYS
    assert week["week_start"] == "2026-03-02"
    assert week["runs"] == 4
    assert week["run_days"] == 4
    spikes = [f for f in run.json["flags"] if f["code"] == "single_run_spike"]
    assert len(spikes) == 1
    assert spikes[0] == {**spikes[0], "date": "2026-03-05", "severity": "strong", "rule": "R15"}


def test_local_days_follow_the_time_zone(cli: Cli, tmp_path: Path) -> None:
    # 23:30 UTC on Sunday 1 March is already Monday in Berlin.
    write_runs(tmp_path, [5.0], datetime(2026, 3, 1, 23, 30, tzinfo=UTC))
    utc = cli("load", str(tmp_path), "--json", "--tz", "UTC")
    berlin = cli("load", str(tmp_path), "--json", "--tz", "Europe/Berlin")
    assert utc.json["weeks"][0]["week_start"] == "2026-02-23"
    assert berlin.json["weeks"][0]["week_start"] == "2026-03-02"


def test_an_unknown_time_zone_exits_2(cli: Cli, tmp_path: Path) -> None:
    write_runs(tmp_path, [5.0])
    run = cli("load", str(tmp_path), "--json", "--tz", "Mars/Olympus")
    assert run.code == 2
    assert "time zone" in run.json["error"]


def test_acwr_is_a_display_field_and_never_a_flag(cli: Cli, tmp_path: Path) -> None:
    write_runs(tmp_path, [5.0] * 21, datetime(2026, 3, 2, 7, tzinfo=UTC))
    run = cli("load", str(tmp_path), "--json", "--tz", "UTC")
    assert all("training_trend_acwr" in week for week in run.json["weeks"])
    assert {f["rule"] for f in run.json["flags"]} <= {"R15", "R16", "R17", "R19", "R20"}


def test_one_run_in_several_files_counts_once_design_3_5(cli: Cli, tmp_path: Path) -> None:
    files = same_run_files(tmp_path / "exports")
    alone = cli("load", str(files["fit"]), "--json", "--tz", "UTC")
    every = cli("load", str(tmp_path / "exports"), "--json", "--tz", "UTC")
    assert every.code == 0
    assert every.json["weeks"] == alone.json["weeks"]  # the same km, downhill and run days
    assert every.json["weeks"][0]["runs"] == 1
    assert every.json["flags"] == []  # no false "weekly increase"
    (same,) = every.json["same_run"]
    assert same["counted"].endswith("watch-0.fit")
    assert len(same["also_recorded_in"]) == 3


@pytest.mark.parametrize("tz", ["UTC", "America/Los_Angeles"])
def test_the_corpus_gives_the_same_output_as_the_quadratic_reference(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, tz: str
) -> None:
    """Issue #9: the one-pass weeks and flags print exactly what the definitions before it
    printed, on every real file of the device corpus (runs, rides, walks, hikes over years)."""
    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"device corpus not found at {SHARED_CORPUS}")
    one_pass = cli("load", str(SHARED_CORPUS), "--json", "--tz", tz)
    monkeypatch.setattr(activities, "weekly_load", lambda h: reference_weekly_load(list(h)))
    monkeypatch.setattr(activities, "load_flags", lambda h, **k: reference_load_flags(list(h), **k))
    reference = cli("load", str(SHARED_CORPUS), "--json", "--tz", tz)
    assert one_pass.code == reference.code
    assert one_pass.stdout == reference.stdout
    assert len(one_pass.json["weeks"]) > 100
    assert {f["rule"] for f in one_pass.json["flags"]} == {"R15", "R16", "R17", "R19", "R20"}


def test_the_table_lists_only_weeks_with_runs_and_says_how_many_it_left_out(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue #12 item 11: runs two years apart give 2 rows, not a hundred empty weeks; the
    JSON keeps every week (design.md §3.5)."""
    monkeypatch.setenv("COLUMNS", "200")
    write_runs(tmp_path / "2024", [5.0], datetime(2024, 3, 4, 7, tzinfo=UTC))
    write_runs(tmp_path / "2026", [5.0, 5.0, 5.0, 9.0], datetime(2026, 3, 2, 7, tzinfo=UTC))
    table = cli("load", str(tmp_path), "--tz", "UTC")
    machine = cli("load", str(tmp_path), "--tz", "UTC", "--json")
    assert table.code == machine.code == 0
    weeks = machine.json["weeks"]
    assert len(weeks) > 100
    assert [w["week_start"] for w in weeks if w["runs"]] == ["2024-03-04", "2026-03-02"]
    rows = [line for line in table.stdout.splitlines() if " 2024 " in line or " 2026 " in line]
    week_rows = [line for line in rows if line.lstrip("│ ").startswith(("4 Mar", "2 Mar"))]
    assert len(week_rows) == 2
    assert "24.0" in week_rows[1]  # 5 + 5 + 5 + 9 km
    assert f"Left out {len(weeks) - 2} weeks without runs" in table.stdout
    assert "Thursday 5 March 2026" in table.stdout  # the spike's flag, with its rule
    assert "R15" in table.stdout
    assert "5 runs in 2 weeks" in table.stdout
    assert not table.stdout.lstrip().startswith("{")
