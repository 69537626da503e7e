"""The R36 shoe reminder on Today, from the runner's recorded running distance."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from kneewise.web.activities.models import Activity, StoredFile
from kneewise.web.learn.shoes import shoe_note
from tests.web.daily_helpers import client_for, runner_with_plan_started, today
from tests.web.learn.learn_helpers import recorded_runs

pytestmark = pytest.mark.django_db
REMINDER = "Many runners replace them around this point"


def test_no_reminder_before_500_km_and_6_months() -> None:
    runner = runner_with_plan_started(days_ago=3)
    recorded_runs(runner, 49.0, list(range(10, 20)))  # 490 km in the last 3 weeks
    assert shoe_note(runner, today()) is None
    page = client_for(runner).get("/today/").content.decode()
    assert REMINDER not in page
    assert 'href="/rules/R36/"' not in page


def test_the_reminder_shows_once_past_500_km_with_its_rule_and_first_run() -> None:
    runner = runner_with_plan_started(days_ago=3)
    recorded_runs(runner, 51.0, list(range(10, 20)))  # 510 km
    note = shoe_note(runner, today())
    assert note is not None
    assert note.reason.rule == "R36"
    assert note.counted_from == today() - timedelta(days=19)
    page = client_for(runner).get("/today/").content.decode()
    assert page.count(REMINDER) == 1
    assert "510 km" in page
    assert 'href="/rules/R36/"' in page


def test_the_reminder_also_comes_after_6_months_of_recorded_runs() -> None:
    runner = runner_with_plan_started(days_ago=3)
    recorded_runs(runner, 5.0, [183, 2])
    assert shoe_note(runner, today()) is not None


def test_other_sports_and_other_runners_do_not_count() -> None:
    runner = runner_with_plan_started(days_ago=3)
    other = runner_with_plan_started(days_ago=3, username="bo")
    recorded_runs(other, 600.0, [5])
    stored = StoredFile.objects.create(sha256="f" * 64, size=1, original_name="ride.fit")
    Activity.objects.create(
        owner=runner.user, file=stored, source="ride.fit", format="fit", sport="cycling",
        start_time=datetime.combine(today(), time(7), tzinfo=UTC), distance_m=600_000.0,
    )  # fmt: skip
    assert shoe_note(runner, today()) is None
