"""Onboarding at /start/: saved step by step, red flags end it, a finished one starts the plan."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client
from django.utils import timezone

from kneewise.core.akps import score_akps
from kneewise.web.activities.models import Activity, StoredFile
from kneewise.web.runners.models import AkpsRecord, RunnerProfile
from tests.web.assess_helpers import (
    ALL_BEST,
    akps_answers,
    between_label_and_input,
    main_of,
    text,
    typical_runners_knee,
)

pytestmark = pytest.mark.django_db

BASELINE = {
    "usual_pain": "2",
    "worst_pain": "5",
    "function_sit_30min": "1",
    "function_stairs": "3",
    "function_squat": "4",
    "sex": "female",
    "prior_pfp": "on",
    "sleep_hours": "7.5",
}
RUNNING = {
    "running_now": "yes",
    "usual_runs_per_week": "3",
    "usual_weekly_km": "25",
    "longest_recent_run_km": "10",
}
STEP_URLS = {
    "triage": "/start/triage/",
    "akps": "/start/knee-score/",
    "baseline": "/start/pain-and-you/",
    "running": "/start/running/",
    "cadence": "/start/cadence/",
}


def new_runner(**profile: object) -> tuple[AbstractBaseUser, Client]:
    user = get_user_model().objects.create_user("ana", "ana@example.org", "a long password 1")
    RunnerProfile.objects.create(user=user, **profile)
    client = Client()
    client.force_login(user)
    return user, client


def profile(user: AbstractBaseUser) -> RunnerProfile:
    return RunnerProfile.objects.get(user=user)


def test_a_typical_runner_completes_every_step_and_the_plan_starts_on_their_local_today() -> None:
    user, client = new_runner(time_zone="Pacific/Auckland")
    assert client.get("/start/")["Location"] == STEP_URLS["triage"]

    response = client.post(STEP_URLS["triage"], typical_runners_knee(symptom_weeks="6"))
    assert response["Location"] == "/start/triage/result/"  # the result before moving on
    result = text(client.get(response["Location"]))
    assert "Your answers fit runner" in result
    assert "R4" in result
    assert "Next: your knee score" in result
    assert 'href="/start/knee-score/"' in result
    response = client.post(STEP_URLS["akps"], akps_answers(ALL_BEST))
    assert response["Location"] == "/start/knee-score/result/"
    score = text(client.get(response["Location"]))
    assert "Your knee score: 100" in score
    assert "Next: a few questions about your pain" in score
    assert client.get("/start/")["Location"] == STEP_URLS["baseline"]
    response = client.post(STEP_URLS["baseline"], BASELINE)
    assert response["Location"] == STEP_URLS["running"]
    response = client.post(STEP_URLS["running"], RUNNING)
    assert response["Location"] == STEP_URLS["cadence"]
    # 20:00 UTC on 1 March is already 2 March in Auckland.
    evening_in_utc = datetime(2026, 3, 1, 20, 0, tzinfo=UTC)
    with mock.patch.object(timezone, "now", return_value=evening_in_utc):
        response = client.post(STEP_URLS["cadence"], {"baseline_cadence_spm": "164"})
    assert response["Location"] == "/today/"

    saved = profile(user)
    assert saved.onboarding_step == "done"
    assert saved.plan_start == date(2026, 3, 2)
    assert saved.triage_outcome == "likely_pfp"
    assert saved.triage_answers["aggravating"] == ["stairs", "squatting", "prolonged_sitting"]
    assert (saved.age, saved.symptom_weeks) == (28, 6.0)
    assert (saved.usual_pain, saved.worst_pain) == (2, 5)
    assert (saved.function_sit_30min, saved.function_stairs, saved.function_squat) == (1, 3, 4)
    assert (saved.sex, saved.prior_pfp, saved.early_specialization) == ("female", True, False)
    assert saved.sleep_hours == 7.5
    assert (saved.running_now, saved.usual_runs_per_week) == (True, 3)
    assert (saved.usual_weekly_km, saved.longest_recent_run_km) == (25.0, 10.0)
    assert saved.baseline_cadence_spm == 164
    record = AkpsRecord.objects.get(owner=user)
    assert record.score == 100
    assert len(record.points) == 13
    # A finished onboarding does not reopen: /start/ and its steps go to Today.
    assert client.get("/start/")["Location"] == "/today/"
    assert client.get(STEP_URLS["triage"])["Location"] == "/today/"


def test_cadence_may_stay_empty() -> None:
    user, client = new_runner(onboarding_step="cadence")
    response = client.post(STEP_URLS["cadence"], {"baseline_cadence_spm": ""})
    assert response["Location"] == "/today/"
    assert profile(user).baseline_cadence_spm is None
    assert profile(user).plan_start is not None


def test_the_cadence_step_suggests_the_median_of_recent_imported_runs() -> None:
    user, client = new_runner(onboarding_step="cadence")
    file = StoredFile.objects.create(sha256="a" * 64, size=1, original_name="a.gpx")
    for hour, spm in ((6, 160.0), (7, 170.0), (8, 166.0)):
        Activity.objects.create(
            owner=user,
            file=file,
            format="gpx",
            sport="running",
            start_time=timezone.now() - timedelta(days=3, hours=hour),
            avg_cadence_spm=spm,
        )
    page = text(client.get(STEP_URLS["cadence"]))
    assert "typical cadence of <strong>166 steps a minute</strong>" in page
    assert 'value="166"' in page


@pytest.mark.parametrize("flag", ["locked_knee", "unable_to_bear_weight"])
def test_an_urgent_red_flag_ends_onboarding_with_where_to_go_and_no_plan(flag: str) -> None:
    user, client = new_runner()
    response = client.post(STEP_URLS["triage"], typical_runners_knee(**{flag: "on"}), follow=True)
    page = main_of(text(response))
    assert response.redirect_chain[-1][0] == "/start/see-a-clinician/"
    assert "Please get your knee checked today" in page
    assert "an emergency department or an urgent care centre" in page
    assert "has not made a running plan" in page
    assert "R1" in page
    saved = profile(user)
    assert saved.onboarding_step == "stopped"
    assert saved.triage_outcome == "urgent_care"
    assert saved.plan_start is None
    for step in ("akps", "baseline", "running", "cadence"):
        assert client.get(STEP_URLS[step])["Location"] == "/start/see-a-clinician/"
    assert client.post(STEP_URLS["cadence"], {})["Location"] == "/start/see-a-clinician/"
    assert profile(user).plan_start is None


def test_a_see_a_clinician_soon_flag_also_ends_onboarding() -> None:
    user, client = new_runner()
    response = client.post(
        STEP_URLS["triage"], typical_runners_knee(night_or_rest_pain="on"), follow=True
    )
    assert "Please see a physiotherapist or GP soon" in main_of(text(response))
    assert profile(user).onboarding_step == "stopped"
    assert profile(user).plan_start is None


def test_after_a_red_flag_corrected_answers_carry_on_with_onboarding() -> None:
    user, client = new_runner()
    client.post(STEP_URLS["triage"], typical_runners_knee(locked_knee="on"))
    page = text(client.get("/start/see-a-clinician/"))
    assert f'href="{STEP_URLS["triage"]}"' in page
    response = client.post(STEP_URLS["triage"], typical_runners_knee())
    assert response["Location"] == "/start/triage/result/"
    assert profile(user).onboarding_step == "akps"


def test_an_unclear_pattern_continues_with_an_exercise_only_note() -> None:
    user, client = new_runner()
    unclear = typical_runners_knee(aggravating=["running"], squat_painful=None)
    response = client.post(STEP_URLS["triage"], unclear)
    assert response["Location"] == "/start/triage/result/"
    assert profile(user).triage_outcome == "unclear_see_clinician"
    assert "Exercises only for now" in main_of(text(client.get(STEP_URLS["akps"])))


def test_a_likely_runners_knee_has_no_exercise_only_note() -> None:
    _, client = new_runner()
    client.post(STEP_URLS["triage"], typical_runners_knee())
    assert "Exercises only for now" not in text(client.get(STEP_URLS["akps"]))


def test_leaving_midway_resumes_at_the_first_unfinished_step() -> None:
    user, client = new_runner()
    client.post(STEP_URLS["triage"], typical_runners_knee())
    client.post(STEP_URLS["akps"], akps_answers(ALL_BEST))
    # A new session (another day, another device) starts where the runner left off.
    later = Client()
    later.force_login(user)
    assert later.get("/start/")["Location"] == STEP_URLS["baseline"]
    assert later.get(STEP_URLS["cadence"])["Location"] == STEP_URLS["baseline"]
    assert later.post(STEP_URLS["running"], RUNNING)["Location"] == STEP_URLS["baseline"]
    assert profile(user).usual_runs_per_week == 0  # the skipped-ahead post saved nothing
    # Earlier answers come back filled in.
    triage_page = text(later.get(STEP_URLS["triage"]))
    assert 'value="28"' in triage_page
    assert 'value="stairs" checked' in triage_page


def test_going_back_to_an_earlier_step_does_not_lose_later_progress() -> None:
    user, client = new_runner(onboarding_step="running")
    response = client.post(STEP_URLS["baseline"], BASELINE)
    assert response["Location"] == STEP_URLS["running"]
    assert profile(user).onboarding_step == "running"


def test_answering_the_knee_score_again_replaces_todays_score() -> None:
    user, client = new_runner(onboarding_step="akps")
    client.post(STEP_URLS["akps"], akps_answers(ALL_BEST))
    page = text(client.get(STEP_URLS["akps"]))
    assert "Your knee score today is <strong>100" in page
    assert f'href="{STEP_URLS["baseline"]}"' in page
    worse = [1, *ALL_BEST[1:]]
    client.post(STEP_URLS["akps"], akps_answers(worse))
    assert list(AkpsRecord.objects.filter(owner=user).values_list("score", flat=True)) == [
        score_akps(worse).score
    ]


def test_step_errors_are_shown_next_to_their_fields_and_nothing_is_saved() -> None:
    user, client = new_runner(onboarding_step="baseline")
    response = client.post(
        STEP_URLS["baseline"], {**BASELINE, "worst_pain": "1", "usual_pain": "11"}
    )
    page = text(response)
    assert response.status_code == 200
    assert "from 0 to 10" in between_label_and_input(page, "id_usual_pain")
    assert 'class="error-summary"' in page
    assert profile(user).onboarding_step == "baseline"
    assert profile(user).usual_pain is None


def test_worst_pain_below_usual_pain_is_refused_next_to_worst_pain() -> None:
    _, client = new_runner(onboarding_step="baseline")
    page = text(client.post(STEP_URLS["baseline"], {**BASELINE, "worst_pain": "1"}))
    assert "cannot be lower than your usual pain" in between_label_and_input(page, "id_worst_pain")


def test_running_in_miles_is_stored_in_km() -> None:
    user, client = new_runner(onboarding_step="running", units="mi")
    page = text(client.get(STEP_URLS["running"]))
    assert "in miles" in page
    assert 'href="/activities/upload/"' in page
    client.post(STEP_URLS["running"], {**RUNNING, "usual_weekly_km": "10"})
    assert profile(user).usual_weekly_km == pytest.approx(16.09, abs=0.01)


def test_saying_you_run_with_zero_runs_a_week_is_refused() -> None:
    _, client = new_runner(onboarding_step="running")
    page = text(client.post(STEP_URLS["running"], {**RUNNING, "usual_runs_per_week": "0"}))
    assert "please enter how many runs" in between_label_and_input(page, "id_usual_runs_per_week")


@pytest.mark.parametrize("url", ["/start/", *STEP_URLS.values(), "/start/see-a-clinician/"])
def test_onboarding_pages_send_anonymous_visitors_to_log_in(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("step", sorted(STEP_URLS))
def test_onboarding_forms_refuse_a_post_without_the_csrf_token(step: str) -> None:
    user, _ = new_runner(onboarding_step=step)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(STEP_URLS[step], {}).status_code == 403
    page = text(client.get(STEP_URLS[step]))
    assert 'name="csrfmiddlewaretoken"' in page
    assert profile(user).onboarding_step == step
