"""The knee score at intervals (R30, §11b.10): retake it any time, Today asks every 4 weeks,
the plan reads it that morning, and Progress shows every score with its date."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kneewise.core.akps import AKPS_ITEMS
from kneewise.core.dates import spoken_date
from kneewise.web.runners.knee_score import knee_score_due, save_knee_score
from kneewise.web.runners.models import AkpsRecord, RunnerProfile, local_today
from kneewise.web.runners.plan_service import plan_view
from tests.web.daily_helpers import client_for, green_checkin, runner_with_plan_started, today
from tests.web.plan_helpers import revision, snapshot_rows

pytestmark = pytest.mark.django_db
URL = "/knee-score/"
PROMPT = "time for your knee score again"


def answers(choice: int = 0) -> dict[str, str]:
    """The 13 answers, all the `choice`-th option (0 is the best, scoring 100)."""
    items = enumerate(AKPS_ITEMS, start=1)
    return {f"item_{n}": str(min(choice, len(item.options) - 1)) for n, item in items}


def test_the_page_asks_the_13_questions_of_the_one_knee_score_form() -> None:
    page = client_for(runner_with_plan_started()).get(URL).content.decode()
    for number in range(1, 14):
        assert f'name="item_{number}"' in page
    assert AKPS_ITEMS[0].question in page
    assert "Save my knee score" in page


def test_a_runner_still_onboarding_is_sent_to_onboarding() -> None:
    response = client_for(runner_with_plan_started(days_ago=None)).get(URL)
    assert response["Location"] == "/start/"


def test_a_score_is_saved_for_the_runners_local_today_and_shown_on_progress() -> None:
    runner = runner_with_plan_started(days_ago=3, time_zone="Pacific/Kiritimati")
    client = client_for(runner)
    response = client.post(URL, answers(0), follow=True)
    record = AkpsRecord.objects.get(owner=runner.user)
    assert (record.day, record.score) == (local_today(runner), 100)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == "/progress/#akps-heading"
    assert "Knee score saved: 100 out of 100." in page
    assert "Retake the knee score" in page


def test_a_second_score_the_same_day_replaces_the_first() -> None:
    runner = runner_with_plan_started(days_ago=3)
    client = client_for(runner)
    client.post(URL, answers(0))
    client.post(URL, answers(1))
    assert list(AkpsRecord.objects.filter(owner=runner.user).values_list("score", flat=True)) == [
        sum(item.options[1].points for item in AKPS_ITEMS)
    ]
    assert "Answering again replaces it" in client.get(URL).content.decode()


def test_the_message_compares_with_the_first_score() -> None:
    runner = runner_with_plan_started(days_ago=30)
    save_knee_score(runner.user, today() - timedelta(days=30), [2] * 13)
    response = client_for(runner).post(URL, answers(0), follow=True)
    assert "Since your first score: Knee score (AKPS)" in response.content.decode()
    assert "meaningful improvement" in response.content.decode()


def test_an_unanswered_question_saves_nothing_and_says_which() -> None:
    runner = runner_with_plan_started(days_ago=3)
    incomplete = answers(0)
    del incomplete["item_4"]
    response = client_for(runner).post(URL, incomplete)
    assert response.status_code == 200
    assert "Please choose an answer about stairs." in response.content.decode()
    assert not AkpsRecord.objects.exists()


def test_a_score_forgets_the_stored_plan_from_its_day() -> None:
    runner = runner_with_plan_started(days_ago=5)
    plan_view(runner, today())
    was = revision(runner)
    save_knee_score(runner.user, today() - timedelta(days=2), [0] * 13)
    assert max(snapshot_rows(runner)) == today() - timedelta(days=3)
    assert revision(runner) == was + 1


def test_the_plan_reads_that_mornings_score_even_without_a_check_in() -> None:
    runner = runner_with_plan_started(days_ago=5)
    green_checkin(runner, today() - timedelta(days=1))
    save_knee_score(runner.user, today() - timedelta(days=1), [0] * 13)
    save_knee_score(runner.user, today() - timedelta(days=3), [1] * 13)
    state = plan_view(runner, today()).state
    entries = [state.entry(today() - timedelta(days=back)) for back in (1, 2, 3)]
    assert all(entry is not None for entry in entries)
    with_check_in, between, without = (entry.morning for entry in entries if entry)
    assert (with_check_in.akps, with_check_in.reported) == (100, True)
    assert without.akps is not None
    assert without.reported is False
    assert between.akps is None
    assert state.latest_akps is not None
    assert state.latest_akps.score == 100


def test_today_asks_for_the_score_4_weeks_after_the_plan_began_without_one() -> None:
    runner = runner_with_plan_started(days_ago=28)
    page = client_for(runner).get("/today/").content.decode()
    assert PROMPT in page
    assert 'href="/knee-score/"' in page


def test_today_does_not_ask_before_4_weeks_have_passed() -> None:
    runner = runner_with_plan_started(days_ago=27)
    assert PROMPT not in client_for(runner).get("/today/").content.decode()


def test_the_score_is_due_4_weeks_after_the_last_one() -> None:
    runner = runner_with_plan_started(days_ago=60)
    save_knee_score(runner.user, today() - timedelta(days=27), [0] * 13)
    assert not knee_score_due(runner, today())
    save_knee_score(runner.user, today() - timedelta(days=28), [0] * 13)  # an older one too
    assert not knee_score_due(runner, today())
    assert knee_score_due(runner, today() + timedelta(days=1))


def test_a_runner_whose_plan_has_not_started_is_never_asked() -> None:
    runner = runner_with_plan_started(days_ago=None)
    assert not knee_score_due(RunnerProfile.objects.get(pk=runner.pk), today())


def test_progress_shows_every_score_with_its_date_and_links_to_retake_it() -> None:
    runner = runner_with_plan_started(days_ago=60)
    for ago in (56, 28, 0):
        save_knee_score(runner.user, today() - timedelta(days=ago), [min(ago // 28, 1)] * 13)
    page = client_for(runner).get("/progress/").content.decode()
    for ago in (56, 28, 0):
        day = today() - timedelta(days=ago)
        assert f"{spoken_date(day, year=True)}:" in page
    assert page.count("out of 100</li>") == 3
    assert '<a href="/knee-score/">Retake the knee score</a>' in page


def test_an_onboarding_score_from_before_the_plan_is_its_baseline_r33_11b_10() -> None:
    runner = runner_with_plan_started(days_ago=3)
    save_knee_score(runner.user, today() - timedelta(days=5), [2] * 13)  # a low score: 40
    state = plan_view(runner, today()).state
    assert state.first_akps is not None
    assert (state.first_akps.day, state.first_akps.score) == (runner.plan_start, 40)
    first_day = plan_view(runner, runner.plan_start).day(runner.plan_start)
    assert first_day is not None
    assert "R33" in first_day.decision.rules
