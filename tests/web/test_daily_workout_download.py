"""Send to watch: Today's run as a FIT workout (design.md §3.8), the runner's own plan only."""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from kneewise.web.runners.models import RunnerProfile
from tests.web.clinic.clinic_helpers import clinician
from tests.web.daily_helpers import client_for, runner_with_plan_started, today

if os.environ.get("CI"):
    import garmin_fit_sdk as sdk
else:
    sdk = pytest.importorskip("garmin_fit_sdk", reason="garmin-fit-sdk (dev dependency) missing")

pytestmark = pytest.mark.django_db
URL = "/today/workout.fit"


def running_runner(username: str = "ana") -> RunnerProfile:
    """A runner who keeps running (R21): today is a 37.1-minute easy run, target 168 (R24)."""
    return runner_with_plan_started(
        days_ago=0,
        username=username,
        running_now=True,
        usual_runs_per_week=3,
        usual_weekly_km=20,
        longest_recent_run_km=8,
        baseline_cadence_spm=160,
    )


def steps_in(data: bytes) -> list[dict[str, Any]]:
    decoder = sdk.Decoder(sdk.Stream.from_byte_array(bytearray(data)))
    assert decoder.check_integrity()
    messages, errors = sdk.Decoder(sdk.Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    return messages["workout_step_mesgs"]


def test_a_runner_downloads_todays_run_as_a_fit_workout() -> None:
    response = client_for(running_runner()).get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.ant.fit"
    assert response["Content-Disposition"] == (
        f'attachment; filename="kneewise-{today().isoformat()}.fit"'
    )
    assert "no-store" in response["Cache-Control"]
    steps = steps_in(response.content)
    assert [s["intensity"] for s in steps] == ["warmup", "active", "cooldown"]
    assert [s["duration_time"] for s in steps] == [600.0, 2226.0, 300.0]  # 37.1 min run
    assert (steps[1]["custom_target_cadence_low"], steps[1]["custom_target_cadence_high"]) == (
        82,
        86,
    )  # 165–171 steps/min around the target 168, in strides/min


def test_today_links_the_download_with_how_to_get_it_onto_a_watch() -> None:
    page = client_for(running_runner()).get("/today/").content.decode()
    assert f'href="{URL}"' in page
    assert "Send to watch" in page
    assert "GARMIN/NewFiles" in page
    assert "around 168 steps/min (R24)" in page


def test_a_day_without_a_run_has_no_download_and_no_link() -> None:
    walker = runner_with_plan_started(days_ago=0)  # brisk walks first (R22)
    assert client_for(walker).get(URL).status_code == 404
    page = client_for(walker).get("/today/").content.decode()
    assert "Send to watch" not in page
    assert URL not in page


def test_the_file_is_always_the_callers_own_run() -> None:
    running_runner(username="bo")  # another runner has a run today; ana does not
    walker = runner_with_plan_started(days_ago=0, username="ana")
    assert client_for(walker).get(URL).status_code == 404


def test_a_plan_that_starts_tomorrow_has_nothing_to_send() -> None:
    runner = running_runner()
    runner.plan_start = today() + timedelta(days=1)
    runner.save(update_fields=["plan_start"])
    assert client_for(runner).get(URL).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in() -> None:
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_a_runner_still_onboarding_is_sent_there() -> None:
    response = client_for(runner_with_plan_started(days_ago=None)).get(URL)
    assert response.status_code == 302
    assert response["Location"] == "/start/"


def test_a_clinician_has_no_run_to_send() -> None:
    client = Client()
    client.force_login(clinician())
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == "/clinic/"


def test_only_get_and_head_are_allowed() -> None:
    assert client_for(running_runner()).post(URL).status_code == 405
