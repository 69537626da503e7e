"""`kneewise plan simulate` with the runner's own week (issue #12 item 16): `run_weekdays` and
`moved_days` shape the days and are refused, naming the field, when malformed (exit 2)."""

from __future__ import annotations

import json

import pytest

from tests.cli.cli_runner import Cli
from tests.core.plan.rule_scenarios import scenario


def simulate(cli: Cli, document: dict[str, object]) -> tuple[int, dict[str, object]]:
    run = cli("plan", "simulate", "--scenario", "-", "--json", stdin=json.dumps(document))
    return run.code, run.json


def test_simulate_runs_only_on_the_chosen_weekdays_and_says_so(cli: Cli) -> None:
    document = {**scenario(days=21), "run_weekdays": [1, 5]}
    code, output = simulate(cli, document)
    assert code == 0
    days = output["days"]
    assert isinstance(days, list)
    runs = [day for day in days if day["run"] is not None]
    assert runs
    assert {day["date"] for day in runs} <= {
        day["date"]
        for i, day in enumerate(days)
        if i % 7 in (1, 5)  # the start is a Monday
    }
    assert any("runs go on the days you chose" in day["decision"]["message"] for day in days)


def test_simulate_moves_a_session_to_the_next_day(cli: Cli) -> None:
    _code, plain = simulate(cli, scenario(days=21))
    days = plain["days"]
    assert isinstance(days, list)
    moved = next(i for i, day in enumerate(days) if day["run"] is not None and i > 7)
    code, output = simulate(cli, {**scenario(days=21), "moved_days": [days[moved]["date"]]})
    assert code == 0
    after = output["days"]
    assert isinstance(after, list)
    assert after[moved]["run"] is None
    assert "moved to tomorrow at your request" in after[moved]["decision"]["message"]
    assert "§11b.1" in after[moved + 1]["decision"]["rules"]


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"run_weekdays": [0, 9]}, "run_weekdays[1] must be a weekday from 0 (Monday)"),
        ({"run_weekdays": "weekends"}, "run_weekdays must be a non-empty list"),
        ({"moved_days": ["2026-02-30"]}, "moved_days[0] must be a date"),
        ({"moved_days": {"2026-03-02": True}}, "moved_days must be a list"),
    ],
)
def test_bad_week_choices_exit_2_naming_the_field(
    cli: Cli, change: dict[str, object], complaint: str
) -> None:
    code, output = simulate(cli, {**scenario(days=3), **change})
    assert code == 2
    assert complaint in str(output["error"])
