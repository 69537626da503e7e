"""The one-screen check-in: saving, defaults, late check-ins re-running the plan, refusals."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kneewise.web.daily.present import long_date
from kneewise.web.runners.models import CheckIn
from tests.web.daily_helpers import (
    checkin_form,
    client_for,
    green_checkin,
    runner_with_plan_started,
    today,
)

pytestmark = pytest.mark.django_db


def test_the_check_in_form_shows_every_question_on_one_screen() -> None:
    page = client_for(runner_with_plan_started()).get("/check-in/").content.decode()
    for name in (
        "morning_pain",
        "swelling",
        "function_sit_30min",
        "function_stairs",
        "function_squat",
        "new_load",
        "done",
        "pain_during",
        "pain_after_60min",
        "limp",
        "sharp",
        "day",
    ):
        assert f'name="{name}"' in page
    assert page.count('name="morning_pain"') == 11  # 0 to 10 as radio buttons
    assert "csrfmiddlewaretoken" in page


def test_checking_in_today_saves_one_check_in_and_a_second_save_updates_it() -> None:
    runner = runner_with_plan_started(days_ago=1)
    client = client_for(runner)
    morning_only = checkin_form(today(), done="", pain_during=None, pain_after_60min=None)
    response = client.post("/check-in/", morning_only)
    assert response.status_code == 302
    assert response["Location"] == "/today/"
    client.post("/check-in/", checkin_form(today(), morning_pain="2", pain_during="3"))
    checkin = CheckIn.objects.get(owner=runner.user)
    assert (checkin.day, checkin.morning_pain, checkin.done, checkin.pain_during) == (
        today(),
        2,
        True,
        3,
    )


def test_a_red_session_yesterday_makes_today_step_back_with_r14() -> None:
    runner = runner_with_plan_started(days_ago=1)
    client = client_for(runner)
    yesterday = today() - timedelta(days=1)
    response = client.post(
        "/check-in/", checkin_form(yesterday, pain_during="6", pain_after_60min="5"), follow=True
    )
    page = response.content.decode()
    assert "Check-in saved for" in page
    assert "worked out again from that day" in page
    assert "A step back" in page
    assert "(R14)" in page
    assert "Rule </span>R14<" in page


def test_a_late_check_in_for_an_earlier_day_re_runs_the_plan_from_that_day() -> None:
    runner = runner_with_plan_started(days_ago=3)
    for days_ago in (3, 2, 1):
        green_checkin(runner, today() - timedelta(days=days_ago))
    client = client_for(runner)
    assert "Rule </span>R14<" not in client.get("/today/").content.decode()
    client.post(
        "/check-in/", checkin_form(today() - timedelta(days=1), pain_during="6"), follow=True
    )
    page = client.get("/today/").content.decode()
    assert "Rule </span>R14<" in page
    assert CheckIn.objects.filter(owner=runner.user).count() == 3


def test_a_day_still_to_come_is_refused_next_to_the_day_field() -> None:
    runner = runner_with_plan_started(days_ago=1)
    response = client_for(runner).post("/check-in/", checkin_form(today() + timedelta(days=1)))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_day-error"' in page
    assert "not for a day still to come" in page
    assert not CheckIn.objects.exists()


def test_a_day_before_the_plan_start_is_refused_when_posted_and_when_asked_for() -> None:
    runner = runner_with_plan_started(days_ago=1)
    before = today() - timedelta(days=2)
    client = client_for(runner)
    posted = client.post("/check-in/", checkin_form(before)).content.decode()
    asked = client.get(f"/check-in/?day={before.isoformat()}").content.decode()
    for page in (posted, asked):
        assert 'id="id_day-error"' in page
        assert "check-ins start from that day" in page
    assert not CheckIn.objects.exists()


def test_a_day_that_is_no_date_is_refused_next_to_the_day_field() -> None:
    page = client_for(runner_with_plan_started()).get("/check-in/?day=soon").content.decode()
    assert 'id="id_day-error"' in page


@pytest.mark.parametrize(
    ("field", "value"), [("morning_pain", "11"), ("morning_pain", "-1"), ("pain_during", "12")]
)
def test_pain_outside_0_to_10_is_rejected(field: str, value: str) -> None:
    runner = runner_with_plan_started()
    response = client_for(runner).post("/check-in/", checkin_form(today(), **{field: value}))
    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}-error"' in page
    assert "Please choose a number from 0 to 10." in page
    assert not CheckIn.objects.exists()


def test_morning_pain_is_required() -> None:
    runner = runner_with_plan_started()
    response = client_for(runner).post("/check-in/", checkin_form(today(), morning_pain=None))
    assert 'id="id_morning_pain-error"' in response.content.decode()


def test_session_pain_without_saying_whether_it_was_done_is_asked_about() -> None:
    runner = runner_with_plan_started()
    response = client_for(runner).post("/check-in/", checkin_form(today(), done=""))
    page = response.content.decode()
    assert 'id="id_done-error"' in page
    assert not CheckIn.objects.exists()


def test_a_skipped_session_keeps_no_session_pain() -> None:
    runner = runner_with_plan_started()
    client_for(runner).post("/check-in/", checkin_form(today(), done="no", limp="on"))
    checkin = CheckIn.objects.get(owner=runner.user)
    assert (checkin.done, checkin.pain_during, checkin.limp) == (False, None, False)


def test_this_mornings_pain_is_asked_not_copied_and_yesterdays_is_shown_as_a_hint() -> None:
    """Issue #12 defect 3: a pre-selected morning pain could be sent without a look."""
    runner = runner_with_plan_started(days_ago=2)
    green_checkin(runner, today() - timedelta(days=1), morning_pain=3, function_stairs=4)
    page = client_for(runner).get("/check-in/").content.decode()
    assert 'name="morning_pain" id="id_morning_pain_3" value="3" checked' not in page
    assert " checked" not in page.split('name="morning_pain"', 1)[1].split("</fieldset>", 1)[0]
    assert "Yesterday morning you said 3/10." in page


def test_daily_activities_are_in_view_with_what_they_unlock_and_where_values_came_from() -> None:
    runner = runner_with_plan_started(days_ago=2)
    day = today() - timedelta(days=1)
    green_checkin(runner, day, function_stairs=4)
    page = client_for(runner).get("/check-in/").content.decode()
    assert 'id="id_function_stairs_4" value="4" checked' in page
    assert "running can come back (R22)" in page
    assert f"Filled in from your check-in of {long_date(day)}." in page
    assert "<summary>Daily activities" not in page  # not folded away


def test_a_first_check_in_says_the_scores_come_from_the_start() -> None:
    page = client_for(runner_with_plan_started()).get("/check-in/").content.decode()
    assert "Filled in from your answers when you started." in page


def test_editing_a_saved_day_says_nothing_was_filled_in() -> None:
    runner = runner_with_plan_started(days_ago=2)
    green_checkin(runner, today())
    assert "Filled in from" not in client_for(runner).get("/check-in/").content.decode()


def test_recent_check_ins_link_to_editing_them_with_their_values() -> None:
    runner = runner_with_plan_started(days_ago=3)
    day = today() - timedelta(days=2)
    green_checkin(runner, day, morning_pain=4, new_load="hiking")
    client = client_for(runner)
    assert f'href="/check-in/?day={day.isoformat()}"' in client.get("/check-in/").content.decode()
    page = client.get(f"/check-in/?day={day.isoformat()}").content.decode()
    assert 'id="id_morning_pain_4" value="4" checked' in page
    assert '<option value="hiking" selected>' in page
    assert f'value="{day.isoformat()}"' in page
