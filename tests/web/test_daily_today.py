"""Today: the session, exercises, decision and education of the runner's local today."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kneewise.web.daily.views import session_advice
from kneewise.web.runners.models import CheckIn, RunnerProfile, local_today
from tests.web.daily_helpers import client_for, green_checkin, runner_with_plan_started, today

pytestmark = pytest.mark.django_db


def test_today_sends_a_runner_who_has_not_finished_onboarding_to_it() -> None:
    runner = runner_with_plan_started(days_ago=None)
    response = client_for(runner).get("/today/")
    assert response.status_code == 302
    assert response["Location"] == "/start/"


def test_today_shows_a_fresh_runner_a_30_minute_walk_and_the_exercises() -> None:
    response = client_for(runner_with_plan_started(days_ago=0)).get("/today/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Brisk walk, 30 min" in page
    assert '<details class="exercise">' in page
    assert "What you should feel" in page
    assert "Rule </span>R22<" in page  # the decision with its rule IDs
    assert "Common and manageable" in page  # the education message of the first day
    assert 'href="/check-in/"' in page
    assert "may change after your morning check-in" in page
    assert response["Cache-Control"].count("no-store") == 1


def test_today_drops_the_pending_note_once_the_morning_is_reported() -> None:
    runner = runner_with_plan_started(days_ago=1)
    green_checkin(runner, today(), done=None, pain_during=None, pain_after_60min=None)
    page = client_for(runner).get("/today/").content.decode()
    assert "may change after your morning check-in" not in page


def test_a_swollen_knee_puts_the_referral_first_with_where_to_go() -> None:
    runner = runner_with_plan_started(days_ago=2)
    green_checkin(runner, today(), swelling=True, done=None, pain_during=None)
    page = client_for(runner).get("/today/").content.decode()
    assert "Please have your knee looked at" in page
    assert "Where to go:" in page
    assert page.index("Where to go:") < page.index('id="session-title"')


def test_a_reported_session_gets_the_in_session_advice_of_its_pain_zone() -> None:
    runner = runner_with_plan_started(days_ago=1)
    green_checkin(runner, today(), pain_during=4, pain_after_60min=2)
    page = client_for(runner).get("/today/").content.decode()
    assert "About today" in page
    assert "amber zone" in page
    assert "(R28)" in page  # a walking day: what the zone means for the exercises


def test_on_a_run_day_the_advice_is_r7s_in_run_action() -> None:
    checkin = CheckIn(day=today(), done=True, pain_during=4)
    advice = session_advice(checkin, ran=True)
    assert advice is not None
    assert advice.reasons[0].rule == "R7"
    assert "end the running part" in advice.reasons[0].message


def test_today_is_the_date_where_the_runner_lives() -> None:
    late_evening_utc = datetime(2026, 3, 2, 23, 0, tzinfo=UTC)
    assert local_today(RunnerProfile(time_zone="Pacific/Auckland"), late_evening_utc).day == 3
    assert local_today(RunnerProfile(time_zone="America/New_York"), late_evening_utc).day == 2
    assert local_today(RunnerProfile(time_zone="Not/A_Zone"), late_evening_utc).day == 2
