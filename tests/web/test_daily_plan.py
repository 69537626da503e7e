"""The coming 14 days, the .ics download and the private, revocable subscription link."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from django.test import Client
from icalendar import Calendar

from kneewise.web.runners.models import RunnerProfile
from tests.web.daily_helpers import client_for, green_checkin, runner_with_plan_started, today

pytestmark = pytest.mark.django_db
ICS = "text/calendar; charset=utf-8"


def events_of(ics: bytes) -> list:  # type: ignore[type-arg]
    return [c for c in Calendar.from_ical(ics).walk() if c.name == "VEVENT"]


def test_the_plan_lists_the_coming_14_days_and_says_they_are_a_projection() -> None:
    runner = runner_with_plan_started(days_ago=2)
    green_checkin(runner, today() - timedelta(days=1))
    page = client_for(runner).get("/plan/").content.decode()
    assert page.count('<li class="plan-day') == 14
    assert "Today, " in page
    assert "Brisk walk, 30 min" in page
    assert "exercises" in page
    assert "if every day goes like your last check-in" in page
    assert 'href="/plan/calendar.ics"' in page
    assert f"/calendar/{runner.calendar_token}.ics" in page


def test_the_ics_download_parses_back_with_14_events_stamped_now_in_utc() -> None:
    response = client_for(runner_with_plan_started(days_ago=1)).get("/plan/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == ICS
    assert "attachment" in response["Content-Disposition"]
    events = events_of(response.content)
    assert len(events) >= 14
    assert events[0].decoded("dtstart") == today()
    assert events[0].decoded("dtstamp").tzinfo.utcoffset(None) == UTC.utcoffset(None)
    assert "Brisk walk, 30 min" in str(events[0]["summary"])


def test_the_subscription_link_works_without_a_login_for_the_right_token() -> None:
    runner = runner_with_plan_started()
    response = Client().get(f"/calendar/{runner.calendar_token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == ICS
    assert len(events_of(response.content)) >= 14


def test_a_wrong_token_finds_no_calendar() -> None:
    runner = runner_with_plan_started()
    assert Client().get(f"/calendar/{runner.calendar_token}x.ics").status_code == 404
    assert Client().get("/calendar/nothing.ics").status_code == 404


def test_a_runner_without_a_plan_has_no_calendar_yet() -> None:
    runner = runner_with_plan_started(days_ago=None)
    assert Client().get(f"/calendar/{runner.calendar_token}.ics").status_code == 404


def test_after_revoking_the_old_link_is_404_and_the_new_one_works() -> None:
    runner = runner_with_plan_started()
    old = runner.calendar_token
    response = client_for(runner).post("/plan/calendar/revoke/", follow=True)
    assert "no longer works" in response.content.decode()
    new = RunnerProfile.objects.get(pk=runner.pk).calendar_token
    assert new != old
    assert Client().get(f"/calendar/{old}.ics").status_code == 404
    assert Client().get(f"/calendar/{new}.ics").status_code == 200


def test_revoking_takes_a_post_only() -> None:
    runner = runner_with_plan_started()
    assert client_for(runner).get("/plan/calendar/revoke/").status_code == 405
    assert RunnerProfile.objects.get(pk=runner.pk).calendar_token == runner.calendar_token
