"""Every command that prints a result is for a person by default and JSON with --json (issue #12
item 11, as the README promises), checked side by side on one set of inputs."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.activity_files import write_runs
from tests.cli.cli_runner import Cli
from tests.cli.test_triage_command import TYPICAL
from tests.core.plan.rule_scenarios import scenario

Inputs = Callable[[Path], tuple[list[str], str]]  # (arguments, stdin) for a command


def runs(*command: str) -> Inputs:
    def inputs(folder: Path) -> tuple[list[str], str]:
        write_runs(folder / "runs", [5.0, 6.0], datetime(2026, 3, 2, 7, tzinfo=UTC))
        return [command[0], str(folder / "runs"), *command[1:]], ""

    return inputs


COMMANDS: dict[str, Inputs] = {
    "summarize": runs("summarize"),
    "load": runs("load", "--tz", "UTC"),
    "triage": lambda _: (["triage", "--answers", "-"], json.dumps(TYPICAL)),
    "akps": lambda _: (["akps", "--answers", "-"], json.dumps({"items": [1] * 13})),
    "plan simulate": lambda _: (
        ["plan", "simulate", "--scenario", "-"],
        json.dumps(scenario(days=3)),
    ),
}


def is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("command", COMMANDS)
def test_a_person_reads_words_by_default_and_a_script_reads_json_with_the_flag(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    arguments, stdin = COMMANDS[command](tmp_path)
    person = cli(*arguments, stdin=stdin)
    script = cli(*arguments, "--json", stdin=stdin)
    assert person.code == script.code == 0, (person.stderr, script.stderr)
    assert person.stdout.strip()
    assert not is_json(person.stdout), person.stdout[:200]
    assert is_json(script.stdout)
