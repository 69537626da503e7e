"""Shared helpers for the report tests: a runner with weeks of history, and reading a PDF
back with poppler's pdftotext / pdftoppm (skipped with a reason when poppler is missing)."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from kneewise.web.activities.models import Activity, StoredFile
from kneewise.web.runners.models import CheckIn, RunnerProfile
from tests.web.daily_helpers import TRIAGE

POPPLER = "poppler-utils (pdftotext, pdftoppm) is not installed: apt-get install poppler-utils"


def needs_poppler() -> None:
    if shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None:
        pytest.skip(POPPLER)


def pdf_text(pdf: bytes | Path) -> str:
    """The PDF's text as pdftotext reads it (layout kept)."""
    needs_poppler()
    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return done.stdout.decode()


def save_pages_as_png(pdf: bytes, name: str) -> list[Path]:
    """Every page at 50 dpi in $KNEEWISE_ARTIFACTS_DIR/report/ (artifacts/ when unset), for a
    human to look at; returns the PNG files."""
    needs_poppler()
    root = Path(os.environ.get("KNEEWISE_ARTIFACTS_DIR", Path(__file__).parents[3] / "artifacts"))
    folder = root / "report"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-", str(folder / name)], input=pdf, check=True)
    return sorted(folder.glob(f"{name}-*.png"))


def runner(name: str = "ana", *, plan_days: int, full_name: str = "") -> RunnerProfile:
    """A runner whose plan started `plan_days` days ago (UTC), onboarded with a triage."""
    first, _, last = full_name.partition(" ")
    user = get_user_model().objects.create_user(
        username=name, password="a long password", first_name=first, last_name=last
    )
    return RunnerProfile.objects.create(
        user=user,
        age=34,
        sex="female",
        sleep_hours=8,
        triage_answers=TRIAGE,
        triage_outcome="likely_pfp",
        function_sit_30min=0,
        function_stairs=1,
        function_squat=1,
        baseline_cadence_spm=164,
        plan_start=timezone.now().date() - timedelta(days=plan_days),
        onboarding_step="done",
    )


def history(profile: RunnerProfile, first: date, last: date, *, run_every: int = 3) -> None:
    """Green check-ins every day from `first` to `last` and a 5 km run every `run_every`
    days, written in bulk (as an import and many check-ins would leave them)."""
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    CheckIn.objects.bulk_create(
        CheckIn(
            owner=profile.user, day=day, morning_pain=1, done=True, pain_during=1,
            pain_after_60min=1, function_sit_30min=0, function_stairs=1, function_squat=1,
        )
        for day in days
    )  # fmt: skip
    run_days = days[::run_every]
    files = StoredFile.objects.bulk_create(
        StoredFile(sha256=f"{profile.pk:04d}{day:%Y%m%d}".ljust(64, "0"), size=1, original_name="r")
        for day in run_days
    )
    Activity.objects.bulk_create(
        Activity(
            owner=profile.user, file=stored, source="run.fit", format="fit", sport="running",
            start_time=datetime.combine(day, time(7, 0), tzinfo=UTC), distance_m=5000.0,
            moving_s=1800.0, elapsed_s=1900.0, descent_m=40.0, downhill_m=300.0,
            avg_cadence_spm=166.0, knee_load=5.0,
        )
        for day, stored in zip(run_days, files, strict=True)
    )  # fmt: skip
