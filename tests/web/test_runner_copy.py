"""Words a runner reads, fixed (issue #12 defect 10): counts, footers, past days, the check-in
confirmation and the Check-in button."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client

from kneewise.units import counted
from tests.web.daily_helpers import (
    checkin_form,
    client_for,
    green_checkin,
    runner_with_plan_started,
    today,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("count", "words"),
    [(0, "0 check-ins"), (1, "1 check-in"), (2, "2 check-ins")],
)
def test_counts_are_in_the_right_number(count: int, words: str) -> None:
    assert counted(count, "check-in") == words


def test_activities_count_in_english() -> None:
    assert counted(1, "activity", "activities") == "1 activity"
    assert counted(3, "activity", "activities") == "3 activities"


def test_the_sign_up_and_login_footers_do_not_say_answers_are_not_saved() -> None:
    for url in ("/accounts/signup/", "/accounts/login/"):
        page = Client().get(url).content.decode()
        assert "answers on these pages are not saved" not in page
        assert "nothing is kept unless you create an account" in page


def test_the_knee_check_still_says_its_answers_are_not_saved() -> None:
    assert "answers on these pages are not saved" in Client().get("/triage/").content.decode()


def test_editing_a_past_day_asks_about_that_days_session() -> None:
    profile = runner_with_plan_started(3)
    yesterday = (today() - timedelta(days=1)).isoformat()
    page = client_for(profile).get(f"/check-in/?day={yesterday}").content.decode()
    assert "Did you do that day&#x27;s session?" in page
    assert "today&#x27;s session?" not in page


def test_the_confirmation_names_todays_plan_and_its_rules_without_the_whole_why() -> None:
    profile = runner_with_plan_started(3)
    client = client_for(profile)
    response = client.post("/check-in/", checkin_form(today()), follow=True)
    message = response.content.decode().split('class="message', 1)[1].split("</p>", 1)[0]
    assert "Check-in saved for today. Today:" in message
    assert "the reasons are below" in message
    assert len(message) < 300


def test_the_check_in_button_says_when_today_is_checked_in() -> None:
    profile = runner_with_plan_started(3)
    client = client_for(profile)
    # The button may carry an icon before its words (issue #12 item 20).
    button = re.compile(r'"button button--big" href="/check-in/">(<svg .*?</svg>)?Check in</a>')
    assert button.search(client.get("/today/").content.decode())
    green_checkin(profile, today())
    page = client.get("/today/").content.decode()
    assert "Checked in ✓ · change it" in page
    assert not button.search(page)
