"""Accounts made with the operator commands (`kneewise user add`), for the CLI tests."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from tests.cli.cli_runner import Cli, CliRun

PASSWORD = "correct horse battery staple"
# 09:00 UTC on the plan's first day: the commands and the pages read this as "now".
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
START = date(2026, 3, 2)
RUNNER = {
    "age": 34,
    "sex": "female",
    "prior_pfp": True,
    "early_specialization": False,
    "sleep_hours": 7.5,
    "symptom_weeks": 6,
    "usual_runs_per_week": 4,
    "usual_weekly_km": 30,
    "longest_recent_run_km": 12,
    "baseline_cadence_spm": 162,
    "running_now": True,
}
TRIAGE = {
    "age": 34,
    "onset": "gradual",
    "pain_location": "front",
    "aggravating": ["stairs", "squatting"],
    "squat_painful": True,
    "symptom_weeks": 6,
}
AKPS = [1, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]  # 84 points (design.md README example)


def profile(**changes: Any) -> dict[str, Any]:
    """A §3.6 profile: the scenario's start, runner, triage and function, and a knee score."""
    document: dict[str, Any] = {
        "start": START.isoformat(),
        "runner": dict(RUNNER),
        "triage": dict(TRIAGE),
        "function": {"sit_30min": 1, "stairs": 2, "squat": 2},
        "akps": list(AKPS),
    }
    document.update(changes)
    return document


def write_profile(folder: Path, document: object) -> str:
    path = folder / "profile.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def add_user(cli: Cli, name: str, *options: str, password: str = PASSWORD) -> CliRun:
    """`kneewise user add NAME OPTIONS --password-stdin` with the password on stdin."""
    return cli("user", "add", name, *options, "--password-stdin", stdin=password + "\n")
