"""A run's page draws its charts from the stored original file (issue #9 part 8): pace,
elevation with the downhill stretches marked, cadence against the plan's target, heart rate
and the route's outline, each with its numbers; a kind note for what the file does not have;
no coordinates at all when the runner hides route outlines; nobody else's runs."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client
from django.utils.html import escape

from kneewise.activities.decode import decode_bytes
from kneewise.activities.limits import DEFAULT_LIMITS
from kneewise.activities.model import ActivityStreams
from kneewise.activities.sources import iter_inputs
from kneewise.activities.summary import summarize
from kneewise.web.activities import charts
from kneewise.web.activities.importer import import_inputs, stored_path
from kneewise.web.activities.models import Activity
from kneewise.web.activities.run_streams import (
    MAX_POINTS,
    axis_of,
    downhill_stretches,
    elevation_profile,
    load_streams,
    matching,
    track_of,
)
from kneewise.web.progress import svg
from kneewise.web.runners import plan_service
from kneewise.web.runners.models import RunnerProfile
from kneewise.web.runners.plan_service import cadence_target, plan_view
from tests.activity_files import SHARED_CORPUS, gpx_run
from tests.web.daily_helpers import client_for, runner_with_plan_started, today
from tests.web.run_files import (
    LAT_TEXT,
    LON_TEXT,
    START,
    Course,
    fit,
    gpx,
    treadmill_fit,
)

pytestmark = pytest.mark.django_db
NS = "{http://www.w3.org/2000/svg}"
CHART_IDS = ("pace-chart", "elevation-chart", "cadence-chart", "heart-rate-chart")


@pytest.fixture(autouse=True)
def _isolated_files(data_dir: Path) -> Path:
    return data_dir


def imported(owner: AbstractBaseUser, folder: Path, name: str, data: str | bytes) -> Activity:
    """One file written to disk and imported through the real import path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(data, str):
        path.write_text(data)
    else:
        path.write_bytes(data)
    import_inputs(owner, iter_inputs([path]), workers=1)
    return Activity.objects.filter(owner=owner).latest("imported_at")


def page_of(client: Client, activity: Activity) -> str:
    """The run's page; its no-break spaces (which keep "2.53 km" on one line) read as spaces."""
    response = client.get(f"/activities/{activity.pk}/")
    assert response.status_code == 200
    return response.content.decode().replace("\u00a0", " ")


def svg_of(page: str, chart_id: str) -> ET.Element:
    """The chart's <svg> element, parsed: it must be well-formed on its own."""
    match = re.search(rf'<svg [^>]*aria-labelledby="{chart_id}-title[^>]*>.*?</svg>', page, re.S)
    assert match, f"{chart_id} is not on the page"
    return ET.fromstring(match.group(0))


def path_points(root: ET.Element, css: str | None = None) -> list[tuple[float, float]]:
    paths = [p for p in root.iter(f"{NS}path") if css is None or p.get("class") == css]
    points = []
    for path in paths:
        if path.get("class") == "scale":
            continue
        for pair in re.split(r"[ML]", path.get("d", ""))[1:]:
            x, y = pair.split()
            points.append((float(x), float(y)))
    return points


def distance_at(x: float, activity: Activity) -> float:
    """Metres along the run at a chart's x (the plot runs from LEFT to WIDTH − RIGHT)."""
    width = svg.WIDTH - svg.LEFT - svg.RIGHT
    return (x - svg.LEFT) / width * (activity.distance_m or 0.0)


# Each chart, drawn for a GPX and a FIT file -------------------------------------------------


@pytest.mark.parametrize(("name", "data"), [("hill.gpx", gpx()), ("hill.fit", fit())])
def test_every_chart_is_drawn_with_its_numbers_for_a_file_with_those_streams(
    logged_in: Client, runner: AbstractBaseUser, tmp_path: Path, name: str, data: str | bytes
) -> None:
    page = page_of(logged_in, imported(runner, tmp_path / "in", name, data))
    for chart_id in (*CHART_IDS, "route-outline"):
        root = svg_of(page, chart_id)
        assert root.get("width") == "100%"
        assert root.get("viewBox", "").startswith("0 0 360 ")  # fits 390 px with margins
        title = root.find(f"{NS}title")
        assert title is not None
        assert title.text is not None
        assert title.text.endswith("Tuesday 3 March")
        desc = root.find(f"{NS}desc")
        assert desc is not None
        assert desc.text
        assert desc.text in page.replace("&#x27;", "'")  # the sentence is also in the page
    assert page.count("Show the numbers") == 5
    assert "Average pace 6:00 /km over 3.00 km." in page
    assert '<th scope="row">km 3</th>' in page  # the splits table
    assert "Average heart rate 150 bpm" in page
    for note in (charts.NO_DISTANCE, charts.NO_ELEVATION, charts.NO_CADENCE, charts.NO_HEART_RATE):
        assert note not in page
    assert escape(charts.UNREADABLE) not in page


def test_pace_is_drawn_faster_higher_up_and_without_markers(
    logged_in: Client, runner: AbstractBaseUser, tmp_path: Path
) -> None:
    page = page_of(logged_in, imported(runner, tmp_path / "in", "run.gpx", gpx()))
    root = svg_of(page, "pace-chart")
    assert root.findall(f".//{NS}circle[@class='point']") == []
    labels = [t.text for t in root.iter(f"{NS}text")]
    assert "Average 6:00" in labels
    assert {"0 km", "1 km", "2 km", "3 km"} <= set(labels)
    ticks = [t for t in labels if t and re.fullmatch(r"\d+:\d\d", t)]
    heights = {t.text: float(t.get("y", "0")) for t in root.iter(f"{NS}text") if t.text in ticks}
    assert heights[min(ticks)] < heights[max(ticks)]  # the faster pace is higher up


# Downhill stretches ---------------------------------------------------------------------------


def test_the_downhill_stretch_is_marked_where_the_grade_is_minus_5_percent_and_not_elsewhere(
    logged_in: Client, runner: AbstractBaseUser, tmp_path: Path
) -> None:
    # 1 km flat, 500 m at −6 %, 1 km flat, 500 m climbing at +6 %.
    activity = imported(runner, tmp_path / "in", "hill.gpx", gpx(Course()))
    root = svg_of(page_of(logged_in, activity), "elevation-chart")
    [span] = root.findall(f".//{NS}rect[@class='span']")
    start = distance_at(float(span.get("x", "0")), activity)
    end = distance_at(float(span.get("x", "0")) + float(span.get("width", "0")), activity)
    assert 950 < start < 1100  # the descent starts at 1000 m (grade over 50 m, smoothed)
    assert 1400 < end < 1550  # and ends at 1500 m
    assert "Downhill, −5 % or steeper" in [t.text for t in root.iter(f"{NS}text")]


def test_the_marked_stretches_add_up_to_the_runs_downhill_distance(
    logged_in: Client, runner: AbstractBaseUser, tmp_path: Path
) -> None:
    activity = imported(runner, tmp_path / "in", "hill.fit", fit(Course()))
    page = page_of(logged_in, activity)
    assert activity.downhill_m == pytest.approx(440, abs=1)
    # The same figure in the run's values and in the chart's numbers, and one stretch listed.
    assert "<dt>Downhill distance (−5 % or steeper)</dt><dd>0.44 km</dd>" in page
    assert "<dt>Downhill (−5 % or steeper)</dt><dd>0.44 km</dd>" in page
    assert re.search(r'<th scope="row">1\.0\d km</th><td class="num">1\.4\d km</td>', page)
    assert '<td class="num">0.44 km</td><td class="num">−6 %</td>' in page
    assert "0.44 km was downhill at −5 % or steeper, in 1 stretch (hatched)." in page


@pytest.mark.parametrize("grade", [0.0, -0.03])
def test_flat_or_gently_downhill_running_is_not_marked(
    logged_in: Client, runner: AbstractBaseUser, tmp_path: Path, grade: float
) -> None:
    activity = imported(runner, tmp_path / "in", "gentle.gpx", gpx(Course(grade=grade)))
    page = page_of(logged_in, activity)
    assert svg_of(page, "elevation-chart").findall(f".//{NS}rect[@class='span']") == []
    assert "No part of this run was downhill at −5 % or steeper." in page
    assert "<pattern" not in page


def test_a_straight_run_down_a_steady_slope_is_marked_all_along(
    logged_in: Client, runner: AbstractBaseUser, tmp_path: Path
) -> None:
    activity = imported(runner, tmp_path / "in", "down.gpx", gpx_run(START, km=2.0, grade=-0.07))
    root = svg_of(page_of(logged_in, activity), "elevation-chart")
    [span] = root.findall(f".//{NS}rect[@class='span']")
    width = svg.WIDTH - svg.LEFT - svg.RIGHT
    assert float(span.get("width", "0")) == pytest.approx(width, abs=1)


# Missing streams ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "missing", "note"),
    [
        ({"heart_rate": False}, "heart-rate-chart", charts.NO_HEART_RATE),
        ({"cadence": False}, "cadence-chart", charts.NO_CADENCE),
        ({"elevation": False}, "elevation-chart", charts.NO_ELEVATION),
    ],
)
def test_a_stream_the_file_does_not_have_gives_a_kind_note_instead_of_its_chart(
    logged_in: Client,
    runner: AbstractBaseUser,
    tmp_path: Path,
    changes: dict[str, bool],
    missing: str,
    note: str,
) -> None:
    page = page_of(logged_in, imported(runner, tmp_path / "in", "part.gpx", gpx(**changes)))
    assert f'aria-labelledby="{missing}-title' not in page
    assert note in page
    for chart_id in CHART_IDS:
        if chart_id != missing:
            svg_of(page, chart_id)


def test_a_run_indoors_draws_cadence_and_heart_rate_over_time_and_says_what_is_missing(
    logged_in: Client, runner: AbstractBaseUser, tmp_path: Path
) -> None:
    page = page_of(logged_in, imported(runner, tmp_path / "in", "gym.fit", treadmill_fit(20)))
    for note in (charts.NO_DISTANCE, charts.NO_ELEVATION, charts.NO_POSITIONS):
        assert note in page
    for chart_id in ("cadence-chart", "heart-rate-chart"):
        labels = [t.text for t in svg_of(page, chart_id).iter(f"{NS}text")]
        assert "10 min" in labels


def test_cadence_in_steps_is_not_drawn_for_a_ride(
    logged_in: Client, runner: AbstractBaseUser, tmp_path: Path
) -> None:
    ride = gpx().replace("<type>running</type>", "<type>cycling</type>")
    page = page_of(logged_in, imported(runner, tmp_path / "in", "ride.gpx", ride))
    assert charts.NOT_STEPS in page
    assert 'aria-labelledby="cadence-chart-title' not in page


@pytest.mark.parametrize("damage", ["missing", "garbage"])
def test_a_file_that_is_gone_or_no_longer_decodes_shows_the_summary_and_a_note(
    logged_in: Client, runner: AbstractBaseUser, tmp_path: Path, damage: str
) -> None:
    activity = imported(runner, tmp_path / "in", "run.gpx", gpx())
    original = stored_path(activity.file.sha256)
    if damage == "missing":
        original.unlink()
    else:
        original.write_bytes(b"this is not a watch file")
    page = page_of(logged_in, activity)
    assert escape(charts.UNREADABLE) in page
    assert "<svg xmlns" not in page  # a chart (icons are inline SVG too)
    assert "<dt>Distance</dt><dd>3.00 km</dd>" in page


# The route outline and the privacy preference ---------------------------------------------


def test_the_route_outline_is_drawn_without_a_single_coordinate(
    logged_in: Client, runner: AbstractBaseUser, tmp_path: Path
) -> None:
    page = page_of(logged_in, imported(runner, tmp_path / "in", "loop.gpx", gpx()))
    root = svg_of(page, "route-outline")
    drawn = path_points(root, "outline")
    assert 2 < len(drawn) <= 300
    xs, ys = [x for x, _ in drawn], [y for _, y in drawn]
    across, along = max(xs) - min(xs), max(ys) - min(ys)
    assert across / along == pytest.approx(500 / 1000, abs=0.02)  # 500 m by 1 km, north up
    assert drawn[0] == pytest.approx(drawn[-1], abs=0.5)  # a loop: back at the start
    assert "It finishes where it started." in page
    assert LAT_TEXT not in page
    assert LON_TEXT not in page


def test_positions_that_never_move_give_the_note_not_a_dot(
    logged_in: Client, runner: AbstractBaseUser, tmp_path: Path
) -> None:
    page = page_of(logged_in, imported(runner, tmp_path / "in", "still.gpx", gpx(positions=False)))
    assert charts.NO_POSITIONS in page
    assert "route-outline" not in page
    assert charts.NO_DISTANCE in page  # no distance either: the other charts go by time
    assert "10 min" in [t.text for t in svg_of(page, "heart-rate-chart").iter(f"{NS}text")]


def test_no_route_and_no_coordinates_reach_the_page_when_the_runner_hides_them(
    logged_in: Client, runner: AbstractBaseUser, tmp_path: Path
) -> None:
    RunnerProfile.objects.create(user=runner, show_route_outline=False)
    activity = imported(runner, tmp_path / "in", "loop.gpx", gpx())
    page = page_of(logged_in, activity)
    assert "route-outline" not in page
    assert 'class="outline"' not in page
    assert "Route outline" not in page
    assert "west to east" not in page
    assert LAT_TEXT not in page
    assert LON_TEXT not in page
    assert "You have chosen not to show route outlines." in page
    assert 'href="/accounts/profile/"' in page
    for chart_id in CHART_IDS:  # the other charts stay
        svg_of(page, chart_id)


def test_the_outline_is_not_even_worked_out_when_hidden(
    runner: AbstractBaseUser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("positions read although the runner hides route outlines")

    monkeypatch.setattr(charts, "outline_of", refuse)
    activity = imported(runner, tmp_path / "in", "loop.gpx", gpx())
    streams = load_streams(activity)
    built = charts.build_run_charts(
        activity, streams, units="km", day=START.date(), cadence_target=None, show_route=False
    )
    assert built.route is None
    assert built.route_hidden


def test_turning_the_preference_off_in_settings_hides_the_outline(
    logged_in: Client, runner: AbstractBaseUser, tmp_path: Path
) -> None:
    activity = imported(runner, tmp_path / "in", "loop.gpx", gpx())
    assert "route-outline" in page_of(logged_in, activity)
    form = {"units": "km", "time_zone": "UTC", "first_day_of_week": "0"}  # box unticked
    assert logged_in.post("/accounts/profile/", form).status_code == 302
    assert "route-outline" not in page_of(logged_in, activity)


# The cadence target, units, privacy between runners, size ------------------------------------


def test_the_cadence_chart_shows_the_plans_one_target(tmp_path: Path) -> None:
    runner = runner_with_plan_started(days_ago=0, running_now=True, baseline_cadence_spm=160)
    assert cadence_target(plan_view(runner, today())) == 168
    activity = imported(runner.user, tmp_path / "in", "run.gpx", gpx())
    page = page_of(client_for(runner), activity)
    labels = [t.text for t in svg_of(page, "cadence-chart").iter(f"{NS}text")]
    assert "Target 168" in labels
    assert "Your plan&#x27;s step-rate target (R24) is 168 steps/min: 100 %" in page


def test_the_cadence_chart_draws_whatever_target_the_plan_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plan_service, "cadence_target", lambda view: 175)
    runner = runner_with_plan_started(days_ago=0, running_now=True, baseline_cadence_spm=160)
    page = page_of(client_for(runner), imported(runner.user, tmp_path / "in", "r.gpx", gpx()))
    assert "Target 175" in page
    assert "0 % of your stepping time was at or above it" in page


def test_without_a_target_the_cadence_chart_says_so(
    logged_in: Client, runner: AbstractBaseUser, tmp_path: Path
) -> None:
    page = page_of(logged_in, imported(runner, tmp_path / "in", "run.gpx", gpx()))
    assert "Your plan has no step-rate target yet." in page
    assert "Target " not in page


def test_charts_use_the_runners_units(runner: AbstractBaseUser, tmp_path: Path) -> None:
    RunnerProfile.objects.create(user=runner, units="mi")
    client = Client()
    client.force_login(runner)
    page = page_of(client, imported(runner, tmp_path / "in", "run.gpx", gpx(Course(km=5.0))))
    assert "Average pace 9:39 /mi over 3.11 mi." in page
    assert "Elevation (ft)" in page
    assert '<th scope="row">mile 1</th>' in page
    assert "1 mi" in [t.text for t in svg_of(page, "pace-chart").iter(f"{NS}text")]


def test_another_runner_cannot_see_the_charts(logged_in: Client, tmp_path: Path) -> None:
    other = get_user_model().objects.create_user(username="ben", password="another passphrase")
    theirs = imported(other, tmp_path / "in", "theirs.gpx", gpx())
    response = logged_in.get(f"/activities/{theirs.pk}/")
    assert response.status_code == 404
    assert b"<svg xmlns" not in response.content  # a chart (icons are inline SVG too)
    assert b"pace-chart" not in response.content


def test_a_one_hour_run_recorded_every_second_keeps_the_page_small(
    logged_in: Client, runner: AbstractBaseUser, tmp_path: Path
) -> None:
    hour = Course(km=10.0, every_s=1, descent_from_m=4000, descent_to_m=4600, width_m=1500)
    activity = imported(runner, tmp_path / "in", "hour.gpx", gpx(hour))
    assert activity.elapsed_s == 3600
    page = page_of(logged_in, activity)
    assert len(page.encode()) < 60_000
    for chart_id in (*CHART_IDS, "route-outline"):
        assert len(path_points(svg_of(page, chart_id))) <= MAX_POINTS


def decoded(data: bytes) -> ActivityStreams:
    [streams] = decode_bytes(data, "x.fit", "x.fit", limits=DEFAULT_LIMITS)
    return streams


def test_a_file_with_several_activities_draws_the_one_of_this_page() -> None:
    morning, evening = decoded(fit(start=START)), decoded(fit(start=START.replace(hour=18)))
    assert matching([morning, evening], START.replace(hour=18)) is evening
    assert matching([morning, evening], START) is morning
    assert matching([morning, evening], START.replace(hour=12)) is None
    assert matching([morning], START.replace(hour=12)) is morning  # one is this page's


def test_on_every_corpus_file_the_charts_draw_and_the_stretches_add_up_to_downhill_m() -> None:
    """Real watch files, with their quirks: no chart fails, and the hatched stretches are the
    summary's own downhill distance to the millimetre."""
    files = sorted(p for p in SHARED_CORPUS.rglob("*") if p.is_file())
    if not files:
        pytest.skip("the shared corpus is not beside the checkout")
    checked = 0
    for path in files:
        try:
            found = decode_bytes(path.read_bytes(), path.name, path.name, limits=DEFAULT_LIMITS)
        except Exception:  # damaged and non-activity files are the importer's business
            continue
        for streams in found:
            if streams.start_time is None:
                continue
            summary = summarize(streams)
            activity = Activity(
                distance_m=summary.distance_m,
                moving_s=summary.moving_s,
                avg_cadence_spm=summary.avg_cadence_spm,
                avg_hr_bpm=summary.avg_hr_bpm,
                max_hr_bpm=summary.max_hr_bpm,
            )
            built = charts.build_run_charts(
                activity, streams, units="km", day=START.date(), cadence_target=170,
                show_route=True,
            )  # fmt: skip
            assert not built.note, path.name
            track = track_of(streams)
            axis = axis_of(track, "km")
            profile = elevation_profile(track, True) if axis and axis.by_distance else None
            if profile is not None:
                total = sum(s.length_m for s in downhill_stretches(profile))
                assert total == pytest.approx(summary.downhill_m, abs=1e-6), path.name
                checked += 1
    assert checked > 10
