"""The demo runner: a 12-week history imported through the real path, check-ins, idempotent."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from kneewise.core.load import FlagCode
from kneewise.web.accounts.services import is_clinician
from kneewise.web.activities.history import load_history
from kneewise.web.activities.models import Activity, ImportedFile, StoredFile
from kneewise.web.clinic.demo import create_demo_clinician
from kneewise.web.clinic.models import ClinicianLink, ClinicianNote
from kneewise.web.runners.demo import create_demo_runner, red_day
from kneewise.web.runners.models import AkpsRecord, CheckIn, RunnerProfile
from kneewise.web.runners.plan_service import plan_view
from tests.cli.test_serve_command import free_port
from tests.web.plan_helpers import full_replay, snapshot_rows

pytestmark = pytest.mark.django_db
TODAY = date(2026, 5, 14)  # a Thursday


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path) -> Iterator[Path]:
    with override_settings(DATA_DIR=tmp_path / "data"):
        yield tmp_path / "data"


def counts() -> dict[str, int]:
    return {
        "users": get_user_model().objects.count(),
        "activities": Activity.objects.count(),
        "files": StoredFile.objects.count(),
        "imports": ImportedFile.objects.count(),
        "checkins": CheckIn.objects.count(),
        "akps": AkpsRecord.objects.count(),
    }


def test_the_demo_runner_has_twelve_weeks_of_runs_with_a_spike_and_a_downhill_race() -> None:
    user, _ = create_demo_runner(TODAY)
    runs = Activity.objects.filter(owner=user)
    assert runs.count() >= 30
    first = runs.order_by("start_time").first()
    assert first is not None
    assert (TODAY - first.start_time.date()) > timedelta(weeks=11)
    assert runs.filter(downhill_m__gte=5000).count() == 1  # the downhill race
    history = load_history(user, user.runner.zone)
    codes = [flag.code for flags in history.flags_by_day.values() for flag in flags]
    assert codes.count(FlagCode.SINGLE_RUN_SPIKE) == 1
    assert FlagCode.DOWNHILL_INCREASE in codes


def test_the_demo_runs_are_named_by_file_not_by_a_temporary_folder() -> None:
    user, _ = create_demo_runner(TODAY)
    sources = set(Activity.objects.filter(owner=user).values_list("source", flat=True))
    assert all("/" not in source and source.endswith(".gpx") for source in sources)


def test_the_demo_runner_has_finished_onboarding_and_started_a_plan_six_weeks_ago() -> None:
    user, _ = create_demo_runner(TODAY)
    profile = RunnerProfile.objects.get(user=user)
    assert profile.triage_outcome == "likely_pfp"
    assert profile.onboarding_step == "done"
    assert profile.plan_start is not None
    assert 35 <= (TODAY - profile.plan_start).days <= 41


def test_the_demo_runner_checked_in_daily_with_one_amber_and_one_red_day() -> None:
    user, _ = create_demo_runner(TODAY)
    checkins = CheckIn.objects.filter(owner=user)
    assert checkins.count() >= 35
    assert checkins.filter(pain_during=4).count() == 1  # amber
    profile = RunnerProfile.objects.get(user=user)
    assert profile.plan_start is not None
    red = checkins.get(day=red_day(profile.plan_start))
    next_morning = checkins.get(day=red.day + timedelta(days=1))
    assert (red.pain_after_60min or 0) >= 5
    assert (next_morning.morning_pain or 0) > 1


def test_the_demo_password_logs_in() -> None:
    user, password = create_demo_runner(TODAY)
    assert user.get_username() == "demo"
    assert Client().login(username="demo", password=password)


def test_creating_the_demo_twice_duplicates_nothing_and_gives_a_new_password() -> None:
    _, first_password = create_demo_runner(TODAY)
    before = counts()
    _, second_password = create_demo_runner(TODAY)
    assert counts() == before
    assert second_password != first_password
    assert Client().login(username="demo", password=second_password)


def test_creating_the_demo_again_days_later_still_duplicates_nothing() -> None:
    create_demo_runner(TODAY)
    activities = Activity.objects.count()
    create_demo_runner(TODAY + timedelta(days=30))
    assert Activity.objects.count() - activities <= 3  # at most the rest of its last week
    assert get_user_model().objects.count() == 1


def test_kneewise_serve_demo_prints_the_demo_login_and_the_url(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KNEEWISE_", "DATABASE"))}
    env["KNEEWISE_DATA_DIR"] = str(tmp_path / "served")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    command = [sys.executable, "-m", "kneewise", "serve", "--demo", "--port", str(port)]
    server = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    break
                time.sleep(0.2)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert re.search(r"^Demo login: demo / \S{8,}$", output, re.MULTILINE), output
    assert re.search(r"^Demo physiotherapist login: demo-physio / \S{8,}$", output, re.M), output
    assert f"http://127.0.0.1:{port}/accounts/login/" in output
    assert f"Kneewise is running at http://127.0.0.1:{port}/" in output


def test_the_demos_stored_plan_stays_right_when_the_demo_grows_days_later() -> None:
    user, _ = create_demo_runner(TODAY)
    profile = RunnerProfile.objects.get(user=user)
    plan_view(profile, TODAY)
    stored = snapshot_rows(profile)
    assert max(stored) == TODAY
    later = TODAY + timedelta(days=3)
    create_demo_runner(later)  # adds the check-ins of the days since, and maybe a run
    added = CheckIn.objects.filter(owner=user, day__gte=TODAY).order_by("day").first()
    assert added is not None
    kept = snapshot_rows(profile)
    assert kept == {day: row for day, row in stored.items() if day < added.day}
    plan_view(profile, later)
    expected = full_replay(profile, later)
    assert [(state, plan) for _, state, plan in snapshot_rows(profile).values()] == expected


def test_the_demo_physiotherapist_follows_the_demo_runner_once() -> None:
    user, _ = create_demo_runner(TODAY)
    physio, _ = create_demo_clinician(user)
    create_demo_clinician(user)  # a second start changes only the password
    assert is_clinician(physio)
    assert ClinicianLink.objects.filter(runner=user, clinician=physio).count() == 1
    assert ClinicianNote.objects.filter(runner=user, for_runner=True).count() == 1
    client = Client()
    assert client.login(username="demo-physio", password=create_demo_clinician(user)[1])
    assert "demo" in client.get("/clinic/").content.decode()


def test_the_demos_race_and_spike_sit_next_to_the_pain_that_followed() -> None:
    """Issue #12 defect 9: the runs that overloaded the knee come with pain scores."""
    user, _ = create_demo_runner(TODAY)
    profile = RunnerProfile.objects.get(user=user)
    assert profile.plan_start is not None
    race = Activity.objects.get(owner=user, source__icontains="race")
    spike = Activity.objects.filter(owner=user, distance_m__gt=15_000).get()
    for run, morning in ((race, 5), (spike, 6)):
        day = run.start_time.astimezone(profile.zone).date()
        assert day < profile.plan_start  # before the plan, in the diary
        assert CheckIn.objects.get(owner=user, day=day).pain_during is not None
        after = CheckIn.objects.get(owner=user, day=day + timedelta(days=1))
        assert after.morning_pain == morning
