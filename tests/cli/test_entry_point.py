"""The installed `kneewise` command behaves as the contract says, in a real process."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest


def kneewise_command() -> list[str]:
    installed = shutil.which("kneewise")
    return [installed] if installed else [sys.executable, "-m", "kneewise"]


def test_the_command_prints_json_on_stdout_and_exits_0() -> None:
    done = subprocess.run(
        [*kneewise_command(), "akps", "--answers", "-", "--json"],
        input=json.dumps({"items": [0] * 13}),
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0
    assert json.loads(done.stdout)["score"] == 100


def test_invalid_json_exits_2_without_a_traceback() -> None:
    done = subprocess.run(
        [*kneewise_command(), "triage", "--answers", "-", "--json"],
        input="{",
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 2
    assert "invalid JSON" in json.loads(done.stdout)["error"]
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("args", [[], ["--help"]])
def test_help_lists_the_commands(args: list[str]) -> None:
    done = subprocess.run(
        [*kneewise_command(), *args], capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0
    assert "triage" in done.stdout + done.stderr
    assert "akps" in done.stdout + done.stderr
