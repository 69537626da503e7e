"""A new runner's days follow their own time zone from sign-up (issue #12 defect 1)."""

from __future__ import annotations

from datetime import UTC, datetime
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from kneewise.web.runners.models import RunnerProfile, local_today
from tests.web.daily_helpers import client_for, runner_with_plan_started

pytestmark = pytest.mark.django_db
PASSWORD = "knee-runner-2026!"


def sign_up(time_zone: str) -> RunnerProfile:
    Client().post(
        "/accounts/signup/",
        {"username": "ana", "email": "ana@example.org", "password1": PASSWORD,
         "password2": PASSWORD, "time_zone": time_zone},
    )  # fmt: skip
    return RunnerProfile.objects.get(user__username="ana")


def test_the_browsers_time_zone_is_kept_at_sign_up() -> None:
    assert sign_up("Australia/Sydney").time_zone == "Australia/Sydney"


def test_a_7_am_check_in_in_sydney_lands_on_sydneys_day() -> None:
    profile = sign_up("Australia/Sydney")
    seven_am_sydney = datetime(2026, 3, 3, 20, 0, tzinfo=UTC)  # 07:00 on 4 March in Sydney
    assert local_today(profile, seven_am_sydney).isoformat() == "2026-03-04"


@pytest.mark.parametrize("sent", ["", "Mars/Olympus_Mons", "x" * 64])
def test_an_unknown_or_missing_zone_falls_back_to_utc_without_an_error(sent: str) -> None:
    assert sign_up(sent).time_zone == "UTC"


def test_the_sign_up_page_says_which_zone_the_days_follow_and_loads_the_script() -> None:
    page = Client().get("/accounts/signup/").content.decode()
    assert 'type="hidden" name="time_zone"' in page
    assert "Your days will follow UTC until you choose your time zone in Settings." in page
    assert "kneewise/time-zone.js" in page


def test_settings_offer_a_searchable_list_of_time_zones() -> None:
    profile = runner_with_plan_started(3)
    page = client_for(profile).get("/accounts/profile/").content.decode()
    assert 'list="time-zones"' in page
    assert '<option value="Australia/Sydney">' in page
    assert '<option value="Europe/Berlin">' in page


def test_the_check_in_page_shows_the_runners_local_date() -> None:
    profile = runner_with_plan_started(3, time_zone="Pacific/Auckland")
    noon_utc = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)  # already 4 March in Auckland
    with mock.patch.object(timezone, "now", return_value=noon_utc):
        page = client_for(profile).get("/check-in/").content.decode()
    assert "today, Wednesday 4 March" in page
