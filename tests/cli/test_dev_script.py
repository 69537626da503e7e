"""`./dev`: the first install says what it is doing, and how to reach `kneewise` (issue #12)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FAKE_TOOL = '#!/bin/sh\necho "$0 $*" >> "$(dirname "$0")/calls.log"\n'


def fake_venv(folder: Path) -> Path:
    """A venv whose python, ruff and mypy only record their calls: no install happens."""
    tools = folder / "bin"
    tools.mkdir(parents=True)
    for name in ("python", "ruff", "mypy"):
        (tools / name).write_text(FAKE_TOOL)
        (tools / name).chmod(0o755)
    return folder


def dev(*args: str, venv: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KNEEWISE_VENV": str(venv)}
    return subprocess.run(
        [str(ROOT / "dev"), *args], env=env, capture_output=True, text=True, timeout=60, check=False
    )


def test_the_first_install_says_before_and_after_and_names_the_command(tmp_path: Path) -> None:
    venv = fake_venv(tmp_path / "venv")
    first = dev("lint", venv=venv)
    assert first.returncode == 0, first.stderr
    lines = first.stderr.splitlines()
    assert lines[0].startswith("Installing Kneewise and its dependencies")
    assert "about a minute" in lines[0]
    assert lines[1].startswith("Installed.")
    assert f"{venv}/bin/kneewise" in lines[1]
    assert f". {venv}/bin/activate" in lines[1]
    assert "pip install" in (venv / "bin" / "calls.log").read_text()


def test_an_installed_venv_starts_without_the_install_messages(tmp_path: Path) -> None:
    venv = fake_venv(tmp_path / "venv")
    assert dev("lint", venv=venv).returncode == 0
    again = dev("lint", venv=venv)
    assert again.returncode == 0
    assert "Installing" not in again.stderr
