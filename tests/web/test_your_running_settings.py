"""The running baseline can be corrected after onboarding (issue #12 defect 4)."""

from __future__ import annotations

import pytest

from kneewise.web.runners.models import RunnerProfile
from kneewise.web.runners.plan_store import current_revision
from tests.web.daily_helpers import client_for, runner_with_plan_started

pytestmark = pytest.mark.django_db


def form(**changes: str) -> dict[str, str]:
    data = {
        "running-running_now": "yes",
        "running-usual_runs_per_week": "4",
        "running-usual_weekly_km": "32",
        "running-longest_recent_run_km": "14",
        "cadence-baseline_cadence_spm": "166",
    }
    data.update(changes)
    return data


def test_settings_link_to_your_running_once_onboarding_is_done() -> None:
    profile = runner_with_plan_started(3, onboarding_step="done")
    page = client_for(profile).get("/accounts/profile/").content.decode()
    assert 'href="/start/your-running/"' in page


def test_a_corrected_baseline_is_saved_and_the_plan_worked_out_again() -> None:
    profile = runner_with_plan_started(3, onboarding_step="done")
    before = current_revision(profile)
    response = client_for(profile).post("/start/your-running/", form(), follow=True)
    assert "Your plan has been worked out again" in response.content.decode()
    saved = RunnerProfile.objects.get(pk=profile.pk)
    assert (saved.usual_runs_per_week, saved.usual_weekly_km) == (4, 32.0)
    assert (saved.longest_recent_run_km, saved.baseline_cadence_spm) == (14.0, 166)
    assert current_revision(profile) > before


def test_miles_are_asked_and_stored_as_km() -> None:
    profile = runner_with_plan_started(3, onboarding_step="done", units="mi")
    client_for(profile).post("/start/your-running/", form(**{"running-usual_weekly_km": "10"}))
    assert RunnerProfile.objects.get(pk=profile.pk).usual_weekly_km == pytest.approx(16.09, 0.01)


def test_a_bad_value_is_shown_next_to_its_field_and_nothing_changes() -> None:
    profile = runner_with_plan_started(3, onboarding_step="done", usual_weekly_km=20)
    response = client_for(profile).post(
        "/start/your-running/", form(**{"running-usual_weekly_km": "-3"})
    )
    assert response.status_code == 400
    assert 'id="id_running-usual_weekly_km-error"' in response.content.decode()
    assert RunnerProfile.objects.get(pk=profile.pk).usual_weekly_km == 20


def test_before_onboarding_is_done_it_goes_to_onboarding() -> None:
    profile = runner_with_plan_started(None)
    assert client_for(profile).get("/start/your-running/")["Location"] == "/start/"
