"""`kneewise … --help` reads as a person expects: no `<bool>` on flags (issue #12 item 11)."""

from __future__ import annotations

import pytest
import typer

from kneewise.cli import app
from tests.cli.cli_runner import Cli


def every_command(group: typer.Typer, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path of the app, groups included: ("plan",), ("plan", "simulate")…"""
    paths = [prefix]
    for command in group.registered_commands:
        name = command.name or (command.callback.__name__ if command.callback else "")
        paths.append((*prefix, name.replace("_", "-")))
    for sub in group.registered_groups:
        if sub.typer_instance is not None and sub.name:
            paths += every_command(sub.typer_instance, (*prefix, sub.name))
    return paths


COMMANDS = every_command(app)


def test_the_list_covers_the_commands_of_the_readme() -> None:
    names = {" ".join(path) for path in COMMANDS}
    expected = {"summarize", "load", "import", "triage", "akps", "plan simulate", "plan ics"}
    assert expected | {"user add", "user invite", "token create", "report", "backup"} <= names


@pytest.mark.parametrize("path", COMMANDS, ids=lambda path: " ".join(path) or "kneewise")
def test_help_shows_no_bool_label(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, path: tuple[str, ...]
) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    run = cli(*path, "--help")
    assert run.code == 0
    text = run.stdout + run.stderr
    assert "--help" in text
    assert "<bool>" not in text


def test_a_flag_keeps_its_help_text(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    run = cli("load", "--help")
    assert "--json" in run.stdout
    assert "Print JSON on stdout" in run.stdout
    assert "<int range>" in run.stdout  # values that take a value keep their type
