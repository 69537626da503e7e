"""Run the `kneewise` command in-process, as a shell would, and capture what it prints."""

from __future__ import annotations

import io
import json
import sys
from dataclasses import dataclass
from typing import Any

import pytest

from kneewise.cli import main


@dataclass
class CliRun:
    code: int
    stdout: str
    stderr: str

    @property
    def json(self) -> Any:
        return json.loads(self.stdout)


@dataclass
class Cli:
    monkeypatch: pytest.MonkeyPatch
    capsys: pytest.CaptureFixture[str]

    def __call__(self, *args: str, stdin: str = "") -> CliRun:
        self.monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        with pytest.raises(SystemExit) as exited:
            main(list(args))
        captured = self.capsys.readouterr()
        code = exited.value.code
        return CliRun(code if isinstance(code, int) else 1, captured.out, captured.err)
