"""The activity list and a run's page: values in the runner's units, flags where they happened,
the check-in of the run's day next to it, and nobody else's runs."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client

from kneewise.activities.knee_load import UI_NOTICE
from kneewise.activities.sources import iter_inputs
from kneewise.web.activities.importer import import_inputs
from kneewise.web.activities.models import Activity
from kneewise.web.activities.views import PER_PAGE
from kneewise.web.runners.models import CheckIn, RunnerProfile
from tests.activity_files import gpx_run
from tests.web.daily_helpers import client_for, runner_with_plan_started

pytestmark = pytest.mark.django_db
FIRST = datetime(2026, 3, 2, 6, 30, tzinfo=UTC)  # a Monday


@pytest.fixture(autouse=True)
def _isolated_files(data_dir: Path) -> Path:
    return data_dir


@pytest.fixture
def client(logged_in: Client) -> Client:
    return logged_in


def import_runs(
    owner: AbstractBaseUser, folder: Path, runs: list[tuple[int, float]], grade: float = 0.0
) -> list[Activity]:
    """(days after FIRST, km) runs, written as GPX and imported through the real path."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for day, km in runs:
        path = folder / f"run-{day:03d}-{km}.gpx"
        path.write_text(gpx_run(FIRST + timedelta(days=day), km=km, grade=grade))
        paths.append(path)
    import_inputs(owner, iter_inputs(paths), workers=1)
    return list(Activity.objects.filter(owner=owner).order_by("start_time"))


def html(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined,no-any-return]


def test_the_list_shows_runs_newest_first_with_their_values(
    client: Client, runner: AbstractBaseUser, tmp_path: Path
) -> None:
    import_runs(runner, tmp_path / "runs", [(0, 5.0), (2, 6.0)])
    page = html(client.get("/activities/"))
    assert page.index("6.00 km") < page.index("5.00 km")
    assert "Mon 2 Mar, 06:30" in page
    assert "168 steps/min" not in page  # cadence, descent, downhill: on the run's own page
    assert "Week of Monday 2 March 2026" in page


def test_the_list_says_once_that_knee_load_is_an_estimate(
    client: Client, runner: AbstractBaseUser, tmp_path: Path
) -> None:
    import_runs(runner, tmp_path / "runs", [(0, 5.0), (2, 6.0)])
    assert html(client.get("/activities/")).count(UI_NOTICE) == 1


def test_the_list_uses_the_runners_units_and_time_zone(
    client: Client, runner: AbstractBaseUser, tmp_path: Path
) -> None:
    RunnerProfile.objects.create(user=runner, units="mi", time_zone="America/Los_Angeles")
    import_runs(runner, tmp_path / "runs", [(0, 8.0)])
    page = html(client.get("/activities/"))
    assert "4.97 mi" in page
    assert "Sun 1 Mar, 22:30" in page  # 06:30 UTC is the evening before in California


def test_the_list_shows_a_spike_flag_next_to_the_long_run(
    client: Client, runner: AbstractBaseUser, tmp_path: Path
) -> None:
    activities = import_runs(runner, tmp_path / "runs", [(0, 5.0), (2, 5.0), (4, 9.0)])
    page = html(client.get("/activities/"))
    assert '<span class="visually-hidden">Rule </span>R15</a>' in page
    assert "80 % longer than your longest run" in page
    flag = page.index("80 % longer")
    long_run, before = (f"/activities/{a.pk}/" for a in (activities[-1], activities[1]))
    assert page.index(long_run) < flag < page.index(before)  # on the long run's entry


def test_the_list_shows_a_downhill_flag_in_the_week_it_happened(
    client: Client, runner: AbstractBaseUser, tmp_path: Path
) -> None:
    import_runs(runner, tmp_path / "flat", [(0, 5.0)])
    import_runs(runner, tmp_path / "hill", [(7, 5.0)], grade=-0.06)
    page = html(client.get("/activities/"))
    assert "R19" in page
    assert "Downhill running in the week of Monday 9 March" in page


def test_the_list_is_paginated(client: Client, runner: AbstractBaseUser, tmp_path: Path) -> None:
    import_runs(runner, tmp_path / "runs", [(day, 3.0) for day in range(PER_PAGE + 2)])
    first = html(client.get("/activities/"))
    second = html(client.get("/activities/?page=2"))
    assert "Page 1 of 2" in first
    assert 'rel="next"' in first
    assert second.count('class="activity-row"') == 2


def test_an_empty_list_invites_an_import(client: Client) -> None:
    page = html(client.get("/activities/"))
    assert "No activities yet" in page
    assert "/activities/upload/" in page


def test_a_runs_page_shows_its_values_file_and_the_check_in_of_that_day(
    client: Client, runner: AbstractBaseUser, tmp_path: Path
) -> None:
    (run,) = import_runs(runner, tmp_path / "runs", [(0, 5.0)])
    day = date(2026, 3, 2)
    CheckIn.objects.create(
        owner=runner, day=day, morning_pain=1, done=True, pain_during=3, pain_after_60min=2
    )
    CheckIn.objects.create(owner=runner, day=day + timedelta(days=1), morning_pain=4)
    page = html(client.get(f"/activities/{run.pk}/"))
    assert "5.00 km" in page
    assert "run-000-5.0.gpx" in page
    assert UI_NOTICE in page
    assert "<dt>Pain during</dt><dd>3/10</dd>" in page
    assert "<dt>Pain 60 minutes after</dt><dd>2/10</dd>" in page
    assert "<dt>Next morning pain (Tuesday 3 March 2026)</dt><dd>4/10</dd>" in page


def test_a_runs_page_without_a_check_in_says_so(
    client: Client, runner: AbstractBaseUser, tmp_path: Path
) -> None:
    (run,) = import_runs(runner, tmp_path / "runs", [(0, 5.0)])
    assert "No check-in for Monday 2 March 2026" in html(client.get(f"/activities/{run.pk}/"))


def test_a_runs_page_shows_the_flags_of_that_day(
    client: Client, runner: AbstractBaseUser, tmp_path: Path
) -> None:
    activities = import_runs(runner, tmp_path / "runs", [(0, 5.0), (3, 8.0)])
    assert "R15" in html(client.get(f"/activities/{activities[1].pk}/"))
    assert "R15" not in html(client.get(f"/activities/{activities[0].pk}/"))


def test_another_runners_activity_is_not_found(client: Client, tmp_path: Path) -> None:
    other = get_user_model().objects.create_user(username="ben", password="another passphrase")
    (theirs,) = import_runs(other, tmp_path / "runs", [(0, 5.0)])
    assert client.get(f"/activities/{theirs.pk}/").status_code == 404
    assert "5.00 km" not in html(client.get("/activities/"))


def test_an_unknown_activity_is_not_found(client: Client) -> None:
    assert client.get("/activities/999999/").status_code == 404


def test_a_returning_runner_sees_r16_at_5_percent_like_the_plan_caps_it_11b_9(
    tmp_path: Path,
) -> None:
    # Weeks of 10 km then 10.8 km (+8 %): fine in normal training (1.10), too much while
    # returning (1.05) — and this runner's plan is returning, so the page flags it.
    returning = runner_with_plan_started(days_ago=3, username="ben", running_now=False)
    import_runs(returning.user, tmp_path / "runs", [(0, 5.0), (2, 5.0), (7, 5.4), (9, 5.4)])
    page = html(client_for(returning).get("/activities/"))
    assert "R16" in page
    assert "8 % more than the week before" in page
    assert "the guide is at most 5 %" in page


def test_without_a_plan_r16_flags_at_the_normal_10_percent(
    client: Client, runner: AbstractBaseUser, tmp_path: Path
) -> None:
    import_runs(runner, tmp_path / "runs", [(0, 5.0), (2, 5.0), (7, 5.4), (9, 5.4)])
    client.force_login(runner)
    assert "8 % more than the week before" not in html(client.get("/activities/"))


def test_knee_load_carries_its_unit_in_the_list(
    client: Client, runner: AbstractBaseUser, tmp_path: Path
) -> None:
    import_runs(runner, tmp_path / "runs", [(0, 5.0)])
    page = html(client.get("/activities/"))
    assert re.search(r'<td class="num">\d+\.\d flat-km</td>', page)
