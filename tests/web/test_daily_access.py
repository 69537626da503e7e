"""Who may reach the daily pages: logged-in owners only (the calendar link by its token)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from kneewise.web.runners.models import CheckIn, RunnerProfile
from tests.web.daily_helpers import (
    checkin_form,
    client_for,
    green_checkin,
    runner_with_plan_started,
    today,
)

pytestmark = pytest.mark.django_db
PAGES = ["/today/", "/check-in/", "/plan/", "/plan/calendar.ics"]


@pytest.mark.parametrize("url", PAGES)
def test_every_daily_page_sends_an_anonymous_visitor_to_log_in(url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("url", ["/check-in/", "/plan/calendar/revoke/"])
def test_every_daily_form_sends_an_anonymous_post_to_log_in(url: str) -> None:
    response = Client().post(url, checkin_form(today()))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("url", PAGES)
def test_every_daily_page_sends_a_runner_without_a_plan_to_onboarding(url: str) -> None:
    response = client_for(runner_with_plan_started(days_ago=None)).get(url)
    assert response.status_code == 302
    assert response["Location"] == "/start/"


def two_runners() -> tuple[RunnerProfile, RunnerProfile, CheckIn]:
    ana = runner_with_plan_started(days_ago=3, username="ana")
    ben = runner_with_plan_started(days_ago=3, username="ben")
    day = today() - timedelta(days=1)
    anas = green_checkin(ana, day, morning_pain=7, new_load="kneeling_work", swelling=True)
    return ana, ben, anas


def test_a_runner_never_sees_another_runners_check_in_by_day_or_id() -> None:
    _, ben, anas = two_runners()
    client = client_for(ben)
    queries = (f"day={anas.day.isoformat()}", f"id={anas.pk}", f"pk={anas.pk}", f"day={anas.pk}")
    for query in queries:
        page = client.get(f"/check-in/?{query}").content.decode()
        assert 'value="kneeling_work" selected' not in page
        assert 'id="id_morning_pain_7" value="7" checked' not in page
        assert 'id="id_swelling_1" value="yes" checked' not in page
    assert "Recent check-ins" not in client.get("/check-in/").content.decode()


def test_a_runner_cannot_overwrite_another_runners_check_in() -> None:
    ana, ben, anas = two_runners()
    client_for(ben).post("/check-in/", checkin_form(anas.day, morning_pain="0", swelling="no"))
    anas.refresh_from_db()
    assert (anas.owner, anas.morning_pain, anas.swelling) == (ana.user, 7, True)
    bens = CheckIn.objects.get(owner=ben.user)
    assert (bens.day, bens.morning_pain) == (anas.day, 0)


def test_another_runners_check_in_never_changes_this_runners_today() -> None:
    _, ben, _ = two_runners()
    page = client_for(ben).get("/today/").content.decode()
    assert "Please have your knee looked at" not in page


def test_revoking_changes_only_the_runners_own_link() -> None:
    ana, ben, _ = two_runners()
    client_for(ben).post("/plan/calendar/revoke/")
    assert RunnerProfile.objects.get(pk=ana.pk).calendar_token == ana.calendar_token
    assert RunnerProfile.objects.get(pk=ben.pk).calendar_token != ben.calendar_token


@pytest.mark.parametrize("url", ["/check-in/", "/plan/calendar/revoke/"])
def test_posts_without_a_csrf_token_are_refused(url: str) -> None:
    runner = runner_with_plan_started()
    client = client_for(runner, enforce_csrf_checks=True)
    response = client.post(url, checkin_form(today()))
    assert response.status_code == 403
    assert not CheckIn.objects.exists()
    assert RunnerProfile.objects.get(pk=runner.pk).calendar_token == runner.calendar_token


def test_a_check_in_with_its_csrf_token_is_accepted() -> None:
    runner = runner_with_plan_started()
    client = client_for(runner, enforce_csrf_checks=True)
    client.get("/check-in/")
    token = client.cookies["csrftoken"].value
    data = checkin_form(today(), csrfmiddlewaretoken=token)
    assert client.post("/check-in/", data).status_code == 302
    assert CheckIn.objects.filter(owner=runner.user).count() == 1
