"""Issue #9: the pages show the flags of `core.load.load_flags` over the whole history, while
no page computes the whole history (stored weeks, rebuilt once per change; one run's window)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kneewise.activities.sources import iter_inputs
from kneewise.core.load import (
    RUNNING,
    Flag,
    FlagCode,
    LoadActivity,
    Week,
    load_flags,
    monday_of,
    weekly_load,
)
from kneewise.core.load_rules import WEEKLY_NORMAL, WEEKLY_RETURN
from kneewise.web.activities import views
from kneewise.web.activities.history import history_changed
from kneewise.web.activities.importer import import_inputs
from kneewise.web.activities.models import Activity, ActivityHistory, HistoryWeek, StoredFile
from kneewise.web.activities.views import PER_PAGE, _week_summary
from kneewise.web.runners.models import RunnerProfile
from tests.activity_files import gpx_run

pytestmark = pytest.mark.django_db
ZONE = "Europe/Berlin"
WEEKS = 14


@pytest.fixture(autouse=True)
def _isolated_files(data_dir: Path) -> Path:
    return data_dir


def today() -> date:
    return timezone.now().astimezone(ZoneInfo(ZONE)).date()


def plan(first: date) -> Iterator[tuple[date, str, float, float]]:
    """(day, sport, km, grade): three easy runs a week, and on purpose a long run (R15), a
    bigger week (R16), five run days after two (R17), hilly runs (R19) and a first ride and
    hike after weeks without (R20); some days hold two activities."""
    for week in range(WEEKS):
        monday = first + timedelta(weeks=week)
        days = [0, 2, 4, 5, 6] if week == 6 else [1, 3] if week == 5 else [0, 2, 4]
        for index, offset in enumerate(days):
            km = 5.0
            grade = -0.08 if week in (9, 10) and index < 2 + week - 9 else 0.0
            if week == 3 and offset == 4:
                km = 9.0  # R15
            if week == 8:
                km = 6.5  # R16: 19.5 km after 15
            yield monday + timedelta(days=offset), RUNNING, km, grade
        if week in (4, 11):
            yield monday + timedelta(days=2), "cycling", 20.0, 0.0
        if week == 12:
            yield monday + timedelta(days=5), "hiking", 8.0, 0.0


def import_history(user: AbstractBaseUser, folder: Path, items: Any) -> None:
    """Each (day, sport, km, grade) as a GPX file at 07:15 local time, through the importer."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, (day, sport, km, grade) in enumerate(items):
        start = datetime.combine(day, datetime.min.time(), ZoneInfo(ZONE)) + timedelta(
            hours=7, minutes=15 + number % 3
        )
        text = gpx_run(start.astimezone(UTC), km=km, grade=grade)
        path = folder / f"{number:03d}-{sport}.gpx"
        path.write_text(text.replace("<type>running</type>", f"<type>{sport}</type>"))
        paths.append(path)
    import_inputs(user, iter_inputs(paths), workers=1)


@pytest.fixture
def history(runner: AbstractBaseUser, tmp_path: Path) -> AbstractBaseUser:
    RunnerProfile.objects.create(user=runner, time_zone=ZONE)
    first = monday_of(today()) - timedelta(weeks=WEEKS - 1)
    import_history(runner, tmp_path / "history", [p for p in plan(first) if p[0] < today()])
    return runner


# What the whole history says, worked out here from the rows -----------------------------------


def whole_history(
    user: AbstractBaseUser, factor: float = WEEKLY_NORMAL
) -> tuple[dict[int, list[Flag]], dict[date, list[Flag]], dict[date, Week]]:
    """Flags by activity (the day's longest run; the day's other activity for R20) and by
    day, and the weeks, from `core.load` over every activity of the runner."""
    zone = ZoneInfo(ZONE)
    rows = list(Activity.objects.filter(owner=user).order_by("start_time", "id"))
    loads = [
        LoadActivity(
            day=a.start_time.astimezone(zone).date(),
            sport=a.sport,
            distance_m=a.distance_m or 0.0,
            duration_s=a.moving_s or a.elapsed_s or 0.0,
            downhill_m=a.downhill_m or 0.0,
            knee_load=a.knee_load,
            avg_cadence_spm=a.avg_cadence_spm,
            order=order,
        )
        for order, a in enumerate(rows)
    ]
    by_activity: dict[int, list[Flag]] = {}
    by_day: dict[date, list[Flag]] = {}
    for flag in load_flags(loads, weekly_factor=factor):
        by_day.setdefault(flag.day, []).append(flag)
        that_day = [(a, load) for a, load in zip(rows, loads, strict=True) if load.day == flag.day]
        running = flag.code is not FlagCode.NEW_LOAD
        candidates = [a for a, load in that_day if (load.sport == RUNNING) == running]
        if candidates:
            target = max(candidates, key=lambda a: a.distance_m or 0.0)
            by_activity.setdefault(target.pk, []).append(flag)
    return by_activity, by_day, {w.week_start: w for w in weekly_load(loads)}


def list_pages(client: Client) -> list[Any]:
    first = client.get("/activities/")
    pages = [first]
    for number in range(2, first.context["page"].paginator.num_pages + 1):
        pages.append(client.get(f"/activities/?page={number}"))
    return pages


def flags_on_list(client: Client) -> dict[int, list[Flag]]:
    return {
        row.activity.pk: row.flags
        for page in list_pages(client)
        for group in page.context["groups"]
        for row in group.rows
        if row.flags
    }


def check_pages(client: Client, user: AbstractBaseUser, factor: float = WEEKLY_NORMAL) -> None:
    """Every page's flags and week summaries equal the whole history's."""
    by_activity, by_day, weeks = whole_history(user, factor)
    assert flags_on_list(client) == by_activity
    for page in list_pages(client):
        for group in page.context["groups"]:
            assert group.summary == _week_summary(weeks.get(group.start), "km")
    for activity in Activity.objects.filter(owner=user):
        response = client.get(f"/activities/{activity.pk}/")
        day = response.context["day"]
        assert response.context["row"].flags == by_activity.get(activity.pk, [])
        assert response.context["day_flags"] == by_day.get(day, [])
    load = client.get("/progress/").context["load"]
    shown_from = monday_of(today()) - timedelta(weeks=11)
    expected = [
        {"rule": f.reason.rule, "message": f.reason.message}
        for day in sorted(by_day)
        if day >= shown_from
        for f in by_day[day]
    ]
    assert [{"rule": n["rule"], "message": n["message"]} for n in load.notes] == expected


def test_the_generated_history_has_every_kind_of_flag(history: AbstractBaseUser) -> None:
    _, by_day, _ = whole_history(history)
    codes = {flag.code for flags in by_day.values() for flag in flags}
    assert codes == set(FlagCode)
    assert Activity.objects.filter(owner=history).count() > PER_PAGE  # two pages at least


def test_after_import_every_page_shows_the_whole_historys_flags(
    history: AbstractBaseUser, logged_in: Client
) -> None:
    check_pages(logged_in, history)


def test_after_a_long_break_the_pages_still_know_the_history_started_earlier(
    runner: AbstractBaseUser, logged_in: Client, tmp_path: Path
) -> None:
    # Two weeks of running, six weeks off, then a ride on Monday and runs on Monday and
    # Wednesday: R20 (a ride, after earlier activities) and R17 (two run days after a week
    # without, not the first week of the history) come from days far outside one run's window.
    RunnerProfile.objects.create(user=runner, time_zone=ZONE)
    back = monday_of(today()) - timedelta(weeks=9)  # the last of it is last week
    import_history(
        runner,
        tmp_path / "break",
        [(back + timedelta(days=d), RUNNING, 5.0, 0.0) for d in (0, 2, 7, 9)]
        + [(back + timedelta(weeks=8) + timedelta(days=d), RUNNING, 5.0, 0.0) for d in (0, 2)],
    )
    ride = back + timedelta(weeks=8)
    import_history(runner, tmp_path / "ride", [(ride, "cycling", 15.0, 0.0)])
    _, by_day, _ = whole_history(runner)
    codes = {f.code for flags in by_day.values() for f in flags}
    assert {FlagCode.NEW_LOAD, FlagCode.RUN_DAYS_JUMP} <= codes
    check_pages(logged_in, runner)


def test_a_returning_runner_sees_the_stored_flags_at_5_percent(
    history: AbstractBaseUser, logged_in: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "weekly_factor", lambda profile, day: WEEKLY_RETURN)
    assert whole_history(history, WEEKLY_RETURN)[0] != whole_history(history)[0]
    assert flags_on_list(logged_in) == whole_history(history, WEEKLY_RETURN)[0]


def test_a_factor_that_is_not_stored_is_worked_out_from_the_pages_window(
    history: AbstractBaseUser, logged_in: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "weekly_factor", lambda profile, day: 1.01)
    assert flags_on_list(logged_in) == whole_history(history, 1.01)[0]


def test_the_stored_history_is_built_once_and_read_after(
    history: AbstractBaseUser, logged_in: Client
) -> None:
    logged_in.get("/activities/")
    header = ActivityHistory.objects.get(owner=history)
    weeks = set(HistoryWeek.objects.filter(owner=history).values_list("pk", flat=True))
    assert header.built_at is not None
    assert len(weeks) == WEEKS
    logged_in.get("/activities/?page=2")
    logged_in.get("/progress/")
    assert ActivityHistory.objects.get(owner=history).built_at == header.built_at
    assert set(HistoryWeek.objects.filter(owner=history).values_list("pk", flat=True)) == weeks


def test_an_import_rebuilds_the_stored_history(
    history: AbstractBaseUser, logged_in: Client, tmp_path: Path
) -> None:
    logged_in.get("/activities/")
    built = ActivityHistory.objects.get(owner=history).built_at
    # Today: the history stops at yesterday, so this run can never be a copy of one of its runs
    # (on a day the history has a run at the same 07:15, which of two equal files won was a tie).
    import_history(history, tmp_path / "more", [(today(), RUNNING, 14.0, 0.0)])
    check_pages(logged_in, history)
    assert ActivityHistory.objects.get(owner=history).built_at != built
    latest = Activity.objects.filter(owner=history).latest("start_time")
    assert FlagCode.SINGLE_RUN_SPIKE in {f.code for f in flags_on_list(logged_in)[latest.pk]}


def test_a_deletion_and_a_change_in_place_rebuild_it_through_history_changed(
    history: AbstractBaseUser, logged_in: Client
) -> None:
    check_pages(logged_in, history)
    spike = next(a for a in Activity.objects.filter(owner=history) if a.distance_m > 8500)
    spike.delete()
    history_changed(history.pk)
    check_pages(logged_in, history)
    runs = Activity.objects.filter(owner=history, sport=RUNNING).order_by("start_time")
    Activity.objects.filter(pk=runs[10].pk).update(distance_m=12_000, downhill_m=3000)
    history_changed(history.pk)  # a re-derived summary: same rows, new values
    check_pages(logged_in, history)


def test_a_new_time_zone_rebuilds_it_on_the_new_local_days(
    history: AbstractBaseUser, logged_in: Client
) -> None:
    logged_in.get("/activities/")
    RunnerProfile.objects.filter(user=history).update(time_zone="Pacific/Kiritimati")  # +14
    response = logged_in.get("/activities/")
    assert ActivityHistory.objects.get(owner=history).time_zone == "Pacific/Kiritimati"
    assert response.status_code == 200


def test_history_changed_before_anything_is_stored_marks_a_revision() -> None:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username="cy", password=None)
    history_changed(user.pk)
    history_changed(user.pk)
    assert ActivityHistory.objects.get(owner=user).revision == 2


# Pagination and the month index -------------------------------------------------------------


def test_each_month_links_to_the_page_where_it_starts(
    history: AbstractBaseUser, logged_in: Client
) -> None:
    months = logged_in.get("/activities/").context["months"]
    zone = ZoneInfo(ZONE)
    newest_first = list(Activity.objects.filter(owner=history).order_by("-start_time", "-id"))
    by_month: dict[date, list[Activity]] = {}
    for activity in newest_first:
        by_month.setdefault(activity.start_time.astimezone(zone).date().replace(day=1), []).append(
            activity
        )
    assert [link.month for link in months] == list(by_month)
    assert [link.activities for link in months] == [len(v) for v in by_month.values()]
    for link in months:
        page = logged_in.get(f"/activities/?page={link.page}")
        shown = [row.activity.pk for g in page.context["groups"] for row in g.rows]
        assert by_month[link.month][0].pk in shown  # the month's newest activity is there
        assert f'href="?page={link.page}"' in page.content.decode()


def test_the_pages_hold_every_activity_once_newest_first(
    history: AbstractBaseUser, logged_in: Client
) -> None:
    seen = [
        row.activity.pk
        for page in list_pages(logged_in)
        for group in page.context["groups"]
        for row in group.rows
    ]
    expected = Activity.objects.filter(owner=history).order_by("-start_time", "-id")
    assert seen == list(expected.values_list("pk", flat=True))


def test_one_page_has_no_month_index(
    runner: AbstractBaseUser, logged_in: Client, tmp_path: Path
) -> None:
    import_history(runner, tmp_path / "few", [(today() - timedelta(days=2), RUNNING, 5.0, 0.0)])
    page = logged_in.get("/activities/")
    assert page.context["months"] == []
    assert "Go to a month" not in page.content.decode()


# Bounded queries ----------------------------------------------------------------------------


def bulk_history(user: AbstractBaseUser, activities: int) -> None:
    """`activities` stored rows, two a day back from yesterday, a ride now and then."""
    stored = StoredFile.objects.create(sha256=f"{user.pk:064d}", size=1, original_name="x.fit")
    start = timezone.now() - timedelta(days=1)
    Activity.objects.bulk_create(
        Activity(
            owner=user,
            file=stored,
            source=f"{i}.fit",
            format="fit",
            sport="cycling" if i % 17 == 3 else RUNNING,
            start_time=start - timedelta(hours=12 * i),
            moving_s=1800,
            distance_m=3000 + (i * 7919) % 9000,
            downhill_m=(i * 131) % 1200,
            avg_cadence_spm=165,
        )
        for i in range(activities)
    )


def queries(client: Client, url: str) -> int:
    client.get(url)  # the first visit may build the stored history
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def users(short: int, long: int) -> tuple[Client, Client]:
    from django.contrib.auth import get_user_model

    clients = []
    for name, count in (("short", short), ("long", long)):
        user = get_user_model().objects.create_user(username=name, password=None)
        RunnerProfile.objects.create(user=user, time_zone=ZONE)
        bulk_history(user, count)
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients[0], clients[1]


def middle_activity(client: Client) -> str:
    user = client.session["_auth_user_id"]
    ids = list(Activity.objects.filter(owner_id=user).order_by("start_time").values_list("pk"))
    return f"/activities/{ids[len(ids) // 2][0]}/"


@pytest.mark.parametrize("page", ["/activities/", "/activities/?page=2", "activity", "/progress/"])
def test_the_pages_make_as_many_queries_for_600_activities_as_for_40(
    page: str, django_assert_max_num_queries: Any
) -> None:
    short, long = users(40, 600)
    counts = []
    for client in (short, long):
        url = middle_activity(client) if page == "activity" else page
        counts.append(queries(client, url))
        with django_assert_max_num_queries(12):  # 8 (list, one run), 10 (progress)
            client.get(url)
    assert counts[0] == counts[1]


def test_an_activity_page_reads_only_its_window(django_assert_max_num_queries: Any) -> None:
    _, long = users(5, 600)
    url = middle_activity(long)
    with CaptureQueriesContext(connection) as captured:
        long.get(url)
    reads = [q["sql"] for q in captured if '"activities_activity"."start_time" >=' in q["sql"]]
    assert len(reads) == 1  # the window's rows; no query reads the whole history
    assert not HistoryWeek.objects.exists()  # nor does it build the stored weeks
