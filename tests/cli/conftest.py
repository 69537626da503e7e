"""Fixtures for CLI tests."""

import pytest

from tests.cli.cli_runner import Cli


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    """Runs `kneewise ARGS` in-process with the given stdin; returns code, stdout, stderr."""
    return Cli(monkeypatch, capsys)
