"""The progress page: four charts of the runner's own data, their numbers, kind empty states."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client
from django.urls import resolve
from django.utils import timezone

from kneewise.activities.knee_load import UI_NOTICE
from kneewise.web.activities.history import cadence_runs, stored_weeks
from kneewise.web.activities.models import Activity, StoredFile
from kneewise.web.runners.models import AkpsRecord, CheckIn, RunnerProfile
from tests.web.assess_helpers import main_of, text

pytestmark = pytest.mark.django_db
URL = "/progress/"
ZONE = "Europe/Berlin"


def runner(name: str, *, units: str = "km", cadence: int | None = None) -> AbstractBaseUser:
    user = get_user_model().objects.create_user(username=name, password="a long passphrase")
    RunnerProfile.objects.create(
        user=user, units=units, time_zone=ZONE, baseline_cadence_spm=cadence
    )
    return user


def local_today() -> date:
    return timezone.now().astimezone(ZoneInfo(ZONE)).date()


def add_checkins(user: AbstractBaseUser, days: int, *, pain: int = 1, worse_on: int = 10) -> None:
    """`days` daily check-ins up to today; the morning after day `worse_on` (days ago) is +2."""
    today = local_today()
    for ago in range(days - 1, -1, -1):
        morning = pain + 2 if ago == worse_on - 1 else pain
        CheckIn.objects.create(
            owner=user,
            day=today - timedelta(days=ago),
            morning_pain=morning,
            pain_during=pain + 1,
            pain_after_60min=pain,
            done=True,
        )


def add_runs(
    user: AbstractBaseUser, weeks: int, *, km: float = 5.0, cadence: float = 164.0
) -> None:
    """Three runs a week for `weeks` weeks up to today, the last one 50 % longer (R15)."""
    stored = StoredFile.objects.create(sha256=f"{user.pk:064d}", size=1, original_name="x.gpx")
    now = timezone.now()
    count = weeks * 3
    for number in range(count):
        ago = (count - 1 - number) * 7 / 3
        distance = km * 1.5 if number == count - 1 else km
        Activity.objects.create(
            owner=user,
            file=stored,
            source="x.gpx",
            format="gpx",
            sport="running",
            start_time=now - timedelta(days=ago, hours=1),
            moving_s=distance * 360,
            distance_m=distance * 1000,
            downhill_m=100,
            avg_cadence_spm=cadence + number % 3,
            knee_load=distance * 1.1,
        )


def add_scores(user: AbstractBaseUser, scores: list[int]) -> None:
    today = local_today()
    for weeks_ago, score in zip(range(len(scores) * 3, 0, -3), scores, strict=True):
        AkpsRecord.objects.create(
            owner=user,
            day=today - timedelta(weeks=weeks_ago),
            score=score,
            points=[],
            version="kujala1993",
        )


def logged_in(user: AbstractBaseUser) -> Client:
    client = Client()
    client.force_login(user)
    return client


def words(page: str) -> str:
    """What a reader sees: the text with every tag (and so every SVG coordinate) removed."""
    return re.sub(r"<[^>]+>", " ", main_of(page))


def svgs(page: str) -> list[ET.Element]:
    return [
        ET.fromstring(chart) for chart in re.findall(r"<svg xmlns.*?</svg>", page, flags=re.DOTALL)
    ]


def full_history(name: str = "ana", **profile: object) -> AbstractBaseUser:
    user = runner(name, **profile)  # type: ignore[arg-type]
    add_checkins(user, 56)
    add_runs(user, 8)
    add_scores(user, [58, 66, 74])
    return user


def test_an_anonymous_visitor_is_sent_to_log_in() -> None:
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/progress/")


def test_a_runner_with_data_sees_all_four_charts_each_with_a_title_and_description() -> None:
    response = logged_in(full_history(cadence=160)).get(URL)
    assert response.status_code == 200
    charts = svgs(text(response))
    assert [c.get("aria-labelledby") for c in charts] == [
        "pain-chart-title pain-chart-desc",
        "akps-chart-title akps-chart-desc",
        "load-chart-title load-chart-desc",
        "cadence-chart-title cadence-chart-desc",
    ]
    for chart in charts:
        assert chart.get("role") == "img"
        title = chart.find("{http://www.w3.org/2000/svg}title")
        assert title is not None
        assert title.text


def test_the_daily_pain_chart_has_the_traffic_light_bands_and_marks_a_worse_next_morning() -> None:
    page = text(logged_in(full_history()).get(URL))
    pain = svgs(page)[0]
    assert len(pain.findall(".//*[@class='band']")) == 3
    assert len(pain.findall(".//*[@class='mark']")) == 1
    assert "(worse, +2)" in page


def test_the_text_alternatives_hold_the_numbers() -> None:
    page = main_of(text(logged_in(full_history(cadence=160)).get(URL)))
    assert page.count("Show the numbers") == 4
    assert "highest 2/10" in page  # pain during (1 + 1) is the higher of during and after
    assert "first 58" in page
    assert "latest 74" in page
    assert "74 out of 100" in page
    assert "7.5" in page  # the last run, 50 % longer, in this week's distance
    assert "R15" in page
    assert "Your baseline is 160 steps/min." in page
    assert "Your plan has no step-rate target yet." in page  # no plan has started here
    assert "164 steps/min" in page


def test_the_knee_load_estimate_notice_is_shown_with_the_load_chart() -> None:
    page = text(logged_in(full_history()).get(URL))
    assert UI_NOTICE in page


def test_a_runner_who_uses_miles_sees_miles() -> None:
    page = main_of(text(logged_in(full_history(units="mi")).get(URL)))
    assert "Distance (mi)" in page
    assert "4.7" in page  # 7.5 km this week


def test_without_data_each_chart_is_a_kind_sentence_with_a_link_instead() -> None:
    page = main_of(text(logged_in(runner("ana")).get(URL)))
    assert "<svg xmlns" not in page  # a chart (icons are inline SVG too)
    assert "No check-ins in the last 8 weeks yet" in page
    assert "No knee scores saved yet" in page
    assert "No runs in the last 12 weeks yet" in page
    assert "No runs with cadence in the last 12 weeks yet" in page
    assert "Check in now" in page
    assert page.count("Import activities") == 2


def test_the_empty_states_link_to_pages_that_exist() -> None:
    page = main_of(text(logged_in(runner("ana")).get(URL)))
    links = re.findall(r'<div class="chart-empty">.*?href="([^"]+)"', page, flags=re.DOTALL)
    assert len(links) == 4
    for link in links:
        resolve(link)  # raises Resolver404 for a page that does not exist


def test_another_runners_data_never_appears() -> None:
    ana = runner("ana")
    ben = runner("ben", cadence=150)
    add_checkins(ben, 56, pain=7)
    add_runs(ben, 8, km=13.3, cadence=141)
    add_scores(ben, [37, 43])
    page = text(logged_in(ana).get(URL))
    assert "<svg xmlns" not in page  # a chart (icons are inline SVG too)
    page = words(page)
    for value in ("13.3", "141", "37", "43", "/10"):
        assert value not in page


def test_with_both_runners_having_data_each_sees_only_their_own_numbers() -> None:
    ana = full_history()
    ben = runner("ben")
    add_checkins(ben, 56, pain=7)
    add_runs(ben, 8, km=13.3, cadence=141)
    add_scores(ben, [37, 43])
    page = words(text(logged_in(ana).get(URL)))
    assert "highest 2/10" in page
    for value in ("8/10", "13.3", "141", "37 out of 100", "43 out of 100"):
        assert value not in page


def test_eight_weeks_of_data_stay_under_100_kb() -> None:
    response = logged_in(full_history(cadence=160)).get(URL)
    assert len(response.content) < 100_000


def test_the_page_is_not_cached_by_the_browser() -> None:
    response = logged_in(runner("ana")).get(URL)
    assert "no-store" in response["Cache-Control"]


def test_a_run_late_on_sunday_in_utc_counts_on_the_runners_local_monday() -> None:
    user = runner("ana")
    stored = StoredFile.objects.create(sha256="f" * 64, size=1, original_name="x.gpx")
    Activity.objects.create(
        owner=user,
        file=stored,
        source="x.gpx",
        format="gpx",
        sport="running",
        start_time=datetime(2026, 3, 1, 23, 30, tzinfo=UTC),  # a Sunday in UTC
        distance_m=5000,
        avg_cadence_spm=170,
    )
    monday = date(2026, 3, 2)
    stored = stored_weeks(user, ZoneInfo(ZONE), 1.10, [monday - timedelta(days=7), monday])
    assert list(stored.weeks) == [monday]
    assert stored.weeks[monday].runs == 1
    (load,) = cadence_runs(user, ZoneInfo(ZONE), monday, 30)
    assert load.day == monday
