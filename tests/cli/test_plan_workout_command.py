"""`kneewise plan workout --scenario FILE --date YYYY-MM-DD --out FILE.fit [--json]` (§3.8)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.cli_runner import Cli, CliRun
from tests.core.plan.rule_scenarios import scenario

FIRST_RUN = "2026-03-04"  # the first walk-run day of a green plan starting Monday 2 March
REST_DAY = "2026-03-05"


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(scenario(days=14, baseline_cadence_spm=162)))
    return path


def workout(cli: Cli, scenario_file: Path, out: Path, day: str, *extra: str) -> CliRun:
    return cli(
        "plan", "workout", "--scenario", str(scenario_file), "--date", day, "--out", str(out),
        *extra,
    )  # fmt: skip


def test_json_names_the_file_its_steps_and_the_running_minutes(
    cli: Cli, scenario_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "run.fit"
    run = workout(cli, scenario_file, out, FIRST_RUN, "--json")
    assert run.code == 0
    assert set(run.json) == {"path", "steps", "running_minutes"}
    assert run.json["path"] == str(out)
    assert run.json["running_minutes"] == 9
    assert run.json["steps"] == 5  # warm-up, run, walk, repeat ×3, cool-down: as on the watch
    assert out.read_bytes()[8:12] == b".FIT"


def test_without_json_it_says_what_it_wrote_in_plain_words(
    cli: Cli, scenario_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "run.fit"
    run = workout(cli, scenario_file, out, FIRST_RUN)
    assert run.code == 0
    assert "Wednesday 4 March" in run.stdout
    assert "9 min of it running" in run.stdout
    assert "GARMIN/NewFiles" in run.stdout
    assert out.exists()


def test_a_day_without_a_run_exits_1_with_an_error_and_writes_nothing(
    cli: Cli, scenario_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "rest.fit"
    run = workout(cli, scenario_file, out, REST_DAY, "--json")
    assert run.code == 1
    assert run.json == {"error": "Thursday 5 March has no run in the plan."}
    assert not out.exists()


@pytest.mark.parametrize(
    ("day", "complaint"),
    [
        ("5 March", "--date must be a date as YYYY-MM-DD"),
        ("2026-02-30", "--date must be a date as YYYY-MM-DD"),
        ("2026-04-30", "2026-04-30 is not a day of the scenario"),
    ],
)
def test_a_bad_date_is_a_usage_error(
    cli: Cli, scenario_file: Path, tmp_path: Path, day: str, complaint: str
) -> None:
    run = workout(cli, scenario_file, tmp_path / "x.fit", day, "--json")
    assert run.code == 2
    assert complaint in run.json["error"]


def test_a_bad_scenario_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps({**scenario(days=3), "days": 0}))
    run = workout(cli, path, tmp_path / "x.fit", FIRST_RUN, "--json")
    assert run.code == 2
    assert "days must be an integer" in run.json["error"]


def test_an_unwritable_out_path_is_a_usage_error(
    cli: Cli, scenario_file: Path, tmp_path: Path
) -> None:
    run = workout(cli, scenario_file, tmp_path / "missing" / "x.fit", FIRST_RUN, "--json")
    assert run.code == 2
    assert "cannot write" in run.json["error"]


def test_the_scenario_can_come_from_stdin(cli: Cli, tmp_path: Path) -> None:
    document = json.dumps(scenario(days=7, baseline_cadence_spm=162))
    out = tmp_path / "run.fit"
    run = cli(
        "plan", "workout", "--scenario", "-", "--date", FIRST_RUN, "--out", str(out), "--json",
        stdin=document,
    )  # fmt: skip
    assert run.code == 0
    assert run.json["running_minutes"] == 9
