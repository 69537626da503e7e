"""The runner's own week in the web app (issue #12 item 16): the days they can run, chosen on the
Plan page or in Settings, and today's session moved to tomorrow, with its undo."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from kneewise.web.runners.models import PlanSnapshot, WeekChoice
from tests.web.clinic.clinic_helpers import clinician
from tests.web.daily_helpers import client_for, green_checkin, runner_with_plan_started, today
from tests.web.week_helpers import runner_running_today

pytestmark = pytest.mark.django_db


def run_days_of(runner: object) -> list[WeekChoice]:
    return list(WeekChoice.objects.filter(owner=runner, kind="run_days").order_by("day"))


def moves_of(runner: object) -> list[WeekChoice]:
    return list(WeekChoice.objects.filter(owner=runner, kind="move"))


# Choosing the days ---------------------------------------------------------------------------


def test_the_plan_page_offers_every_day_ticked_until_the_runner_chooses() -> None:
    page = client_for(runner_with_plan_started(days_ago=3)).get("/plan/").content.decode()
    assert "Days you can run" in page
    assert page.count('type="checkbox" name="weekdays"') == 7
    assert page.count(" checked>") == 7


def test_saving_the_days_from_the_plan_page_keeps_past_snapshots_and_redirects_back() -> None:
    runner = runner_with_plan_started(days_ago=5)
    client = client_for(runner)
    client.get("/today/")  # stores a snapshot for each day through today
    before = set(PlanSnapshot.objects.filter(owner=runner.user).values_list("day", flat=True))
    assert today() in before
    response = client.post("/plan/run-days/", {"weekdays": ["0", "3"], "back": "plan"})
    assert response.status_code == 302
    assert response["Location"] == "/plan/"
    [choice] = run_days_of(runner.user)
    assert (choice.day, choice.weekdays) == (today(), [0, 3])
    after = set(PlanSnapshot.objects.filter(owner=runner.user).values_list("day", flat=True))
    assert after == before - {today()}  # from today on only: the past keeps its days


def test_no_day_ticked_is_an_error_next_to_the_days_and_nothing_is_saved() -> None:
    runner = runner_with_plan_started(days_ago=2)
    response = client_for(runner).post("/plan/run-days/", {"back": "plan"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Please check your answers" in page
    fieldset = page[page.index("<fieldset") : page.index("</fieldset>")]
    assert 'id="run-days-error"' in fieldset
    assert "Choose at least one day you can run." in fieldset
    assert run_days_of(runner.user) == []


def test_settings_shows_the_same_form_and_returns_to_settings() -> None:
    runner = runner_with_plan_started(days_ago=2, onboarding_step="done")
    client = client_for(runner)
    page = client.get("/accounts/profile/").content.decode()
    assert 'action="/plan/run-days/"' in page
    assert 'name="back" value="settings"' in page
    response = client.post("/plan/run-days/", {"weekdays": ["5"], "back": "settings"})
    assert response["Location"] == "/accounts/profile/"
    assert run_days_of(runner.user)[0].weekdays == [5]


def test_the_plan_page_says_when_the_chosen_days_hold_fewer_runs() -> None:
    runner = runner_running_today()
    page = client_for(runner).get("/plan/").content.decode()
    assert "You chose 1 day; this week&#x27;s plan would have" in page


def test_a_clinician_cannot_choose_run_days() -> None:
    doctor = clinician("dr")
    client = Client()
    client.force_login(doctor)
    response = client.post("/plan/run-days/", {"weekdays": ["1"], "back": "plan"})
    assert response.status_code == 302
    assert response["Location"] == "/clinic/"
    assert run_days_of(doctor) == []


# Moving today's session ----------------------------------------------------------------------


def test_today_offers_to_move_an_unreported_run() -> None:
    page = client_for(runner_running_today()).get("/today/").content.decode()
    assert "Move today&#x27;s run to tomorrow" in page or "Move today's run to tomorrow" in page


def test_moving_leaves_exercises_today_and_shows_tomorrow_with_an_undo() -> None:
    runner = runner_running_today()
    client = client_for(runner)
    client.get("/today/")
    response = client.post("/today/move/")
    assert response["Location"] == "/today/"
    assert [m.day for m in moves_of(runner.user)] == [today()]
    assert not PlanSnapshot.objects.filter(owner=runner.user, day=today()).exists()
    page = client.get("/today/").content.decode()
    assert "Moved to tomorrow" in page
    assert "moved to tomorrow at your request" in page  # the decision says so (§11b.1)
    assert "Tomorrow as the plan stands now: <strong>Easy run" in page
    assert 'id="session-title">Hip and knee exercises' in page
    client.post("/today/move/undo/")
    assert moves_of(runner.user) == []
    assert "Move today" in client.get("/today/").content.decode()


def test_a_reported_session_cannot_be_moved() -> None:
    runner = runner_running_today()
    green_checkin(runner, today())  # done, pain 1/10
    client = client_for(runner)
    assert "to tomorrow</button>" not in client.get("/today/").content.decode()
    response = client.post("/today/move/", follow=True)
    assert "nothing" in response.content.decode() or "no run" in response.content.decode()
    assert moves_of(runner.user) == []


def test_a_day_without_a_run_offers_no_move() -> None:
    runner = runner_with_plan_started(days_ago=0)  # a brisk walk (R22): not movable
    client = client_for(runner)
    assert "to tomorrow</button>" not in client.get("/today/").content.decode()
    client.post("/today/move/")
    assert moves_of(runner.user) == []


def test_a_session_is_moved_once_a_day() -> None:
    runner = runner_running_today()
    client = client_for(runner)
    client.post("/today/move/")
    response = client.post("/today/move/", follow=True)
    assert "already moved" in response.content.decode()
    assert len(moves_of(runner.user)) == 1


def test_one_runner_never_moves_or_undoes_anothers_session() -> None:
    ana = runner_running_today(username="ana")
    ben = runner_running_today(username="ben")
    client_for(ben).post("/today/move/")
    response = client_for(ana).post("/today/move/undo/", follow=True)
    assert "nothing to undo" in response.content.decode()
    assert [m.owner_id for m in WeekChoice.objects.filter(kind="move")] == [ben.user.pk]


def test_undo_only_puts_back_todays_own_move() -> None:
    runner = runner_running_today()
    WeekChoice.objects.create(owner=runner.user, kind="move", day=today() - timedelta(days=1))
    client_for(runner).post("/today/move/undo/")
    assert [m.day for m in moves_of(runner.user)] == [today() - timedelta(days=1)]


def test_moving_needs_a_login_and_a_post() -> None:
    assert Client().post("/today/move/")["Location"].startswith("/accounts/login/")
    runner = runner_running_today()
    assert client_for(runner).get("/today/move/").status_code == 405


def test_a_session_moved_here_from_yesterday_cannot_move_again() -> None:
    runner = runner_with_plan_started(
        days_ago=9, running_now=True, usual_runs_per_week=3, usual_weekly_km=24
    )
    assert runner.plan_start is not None
    yesterday = today() - timedelta(days=1)
    weekdays = sorted({yesterday.weekday(), today().weekday()})
    WeekChoice.objects.create(
        owner=runner.user, kind="run_days", day=runner.plan_start, weekdays=weekdays
    )
    WeekChoice.objects.create(owner=runner.user, kind="move", day=yesterday)
    for offset in range(9):
        day = runner.plan_start + timedelta(days=offset)
        green_checkin(runner, day, **({"done": None} if day == yesterday else {}))
    client = client_for(runner)
    page = client.get("/today/").content.decode()
    assert "was moved here from yesterday" in page
    assert "to tomorrow</button>" not in page
    response = client.post("/today/move/", follow=True)
    assert "cannot move again" in response.content.decode()
    assert [m.day for m in moves_of(runner.user)] == [yesterday]
