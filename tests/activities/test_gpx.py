"""GPX decoding: the recorded track becomes one ActivityStreams; routes are not activities.

Corpus checks compare against gpxpy 1.6.2 (MANIFEST.tsv) and explain each deliberate difference.
"""

from __future__ import annotations

import csv
import re
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from kneewise.activities.gpx import (
    EARTH_RADIUS_M,
    cumulative_distance_m,
    decode_gpx,
    sport_from_label,
    steps_per_minute,
)
from kneewise.activities.model import (
    DecodeError,
    ElevationSource,
    FileFormat,
    NotAnActivity,
    Sport,
)

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
GPX11 = "http://www.topografix.com/GPX/1/1"
TPX1 = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
# gpxpy measures with the equatorial radius (6378.137 km); we use the mean radius.
GPXPY_RADIUS_M = 6_378_137.0


# --- building small GPX documents -------------------------------------------------------


def trkpt(
    lat: float | None,
    lon: float | None,
    time: str | None,
    *,
    ele: float | None = None,
    hr: int | None = None,
    cad: int | None = None,
    prefix: str = "gpxtpx",
) -> str:
    attributes = "".join(
        f' {name}="{value}"' for name, value in (("lat", lat), ("lon", lon)) if value is not None
    )
    body = "" if ele is None else f"<ele>{ele}</ele>"
    body += "" if time is None else f"<time>{time}</time>"
    values = "".join(
        f"<{prefix}:{name}>{value}</{prefix}:{name}>"
        for name, value in (("hr", hr), ("cad", cad))
        if value is not None
    )
    if values:
        body += f"<extensions><{prefix}:TrackPointExtension>{values}</{prefix}:TrackPointExtension>"
        body += "</extensions>"
    return f"<trkpt{attributes}>{body}</trkpt>"


def gpx(*tracks: list[list[str]], sport: str | None = "running", creator: str = "Test") -> bytes:
    """A GPX 1.1 file with one <trk> per item of `tracks`, each a list of segments."""
    kind = "" if sport is None else f"<type>{sport}</type>"
    body = "".join(
        "<trk>" + kind + "".join(f"<trkseg>{''.join(seg)}</trkseg>" for seg in track) + "</trk>"
        for track in tracks
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="{creator}" '
        f'xmlns="{GPX11}" xmlns:gpxtpx="{TPX1}">{body}</gpx>'
    ).encode()


def t(second: int) -> str:
    return f"2024-05-04T07:30:{second:02d}Z"


# --- synthetic files --------------------------------------------------------------------


def test_a_track_decodes_into_time_position_elevation_hr_cadence_and_distance() -> None:
    data = gpx(
        [
            [
                trkpt(47.0, 8.0, t(0), ele=400.0, hr=120, cad=80),
                trkpt(47.0001, 8.0, t(5), ele=401.0, hr=130, cad=85),
                trkpt(47.0002, 8.0, t(10), ele=402.0, hr=140, cad=90),
            ]
        ]
    )
    [activity] = decode_gpx(data, "run.gpx")
    assert activity.format is FileFormat.GPX
    assert activity.source == "run.gpx"
    assert activity.sport is Sport.RUNNING
    assert activity.start_time == datetime(2024, 5, 4, 7, 30, tzinfo=UTC)
    assert activity.time_s.tolist() == [0.0, 5.0, 10.0]
    assert activity.latitude is not None
    assert activity.latitude.tolist() == [47.0, 47.0001, 47.0002]
    assert activity.elevation_m is not None
    assert activity.elevation_m.tolist() == [400.0, 401.0, 402.0]
    assert activity.elevation_source is ElevationSource.GPS
    assert activity.heart_rate_bpm is not None
    assert activity.heart_rate_bpm.tolist() == [120.0, 130.0, 140.0]
    # Garmin's gpxtpx:cad is strides per minute: doubled to steps per minute.
    assert activity.cadence_spm is not None
    assert activity.cadence_spm.tolist() == [160.0, 170.0, 180.0]
    one_step = EARTH_RADIUS_M * np.radians(0.0001)  # 0.0001° of latitude
    assert activity.distance_m is not None
    assert activity.distance_m == pytest.approx([0.0, one_step, 2 * one_step])
    assert activity.speed_mps is not None
    assert np.isnan(activity.speed_mps[0])
    assert activity.speed_mps[1:] == pytest.approx([one_step / 5, one_step / 5])
    assert activity.device == "Test"
    assert activity.laps == ()


def test_several_tracks_are_one_activity_and_the_gap_between_segments_adds_no_distance() -> None:
    first = [trkpt(47.0, 8.0, t(0)), trkpt(47.0001, 8.0, t(10))]
    # 1 km further on, after a pause: the device was not recording that kilometre.
    second = [trkpt(47.01, 8.0, t(40)), trkpt(47.0101, 8.0, t(50))]
    [activity] = decode_gpx(gpx([first], [second]), "split.gpx")
    assert activity.time_s.tolist() == [0.0, 10.0, 40.0, 50.0]
    one_step = EARTH_RADIUS_M * np.radians(0.0001)
    assert activity.distance_m is not None
    assert activity.distance_m == pytest.approx([0.0, one_step, one_step, 2 * one_step])
    assert activity.speed_mps is not None
    assert np.isnan(activity.speed_mps[2])  # the first point after the pause


def test_a_point_without_lat_or_lon_is_skipped() -> None:
    points = [trkpt(47.0, 8.0, t(0)), trkpt(None, 8.0, t(1)), trkpt(47.0, 8.0001, t(2))]
    [activity] = decode_gpx(gpx([points]), "holes.gpx")
    assert activity.time_s.tolist() == [0.0, 2.0]


def test_a_point_without_a_time_is_skipped_when_others_have_one() -> None:
    points = [trkpt(47.0, 8.0, t(0)), trkpt(47.0, 8.00005, None), trkpt(47.0, 8.0001, t(2))]
    [activity] = decode_gpx(gpx([points]), "untimed.gpx")
    assert activity.time_s.tolist() == [0.0, 2.0]


def test_times_with_offsets_become_utc() -> None:
    points = [
        trkpt(57.0, 9.9, "2015-12-11T15:43:13.000+01:00"),
        trkpt(57.0, 9.9001, "2015-12-11T15:43:13.994+01:00"),
    ]
    [activity] = decode_gpx(gpx([points]), "offset.gpx")
    assert activity.start_time == datetime(2015, 12, 11, 14, 43, 13, tzinfo=UTC)
    assert activity.time_s[-1] == pytest.approx(0.994)


def test_values_present_on_only_some_points_stay_on_their_points() -> None:
    # Like the Nike Run Club exports: heart rate and elevation on a subset of points.
    points = [
        trkpt(47.0, 8.0, t(0)),
        trkpt(47.0, 8.0001, t(1), hr=150, ele=10.0),
        trkpt(47.0, 8.0002, t(2)),
        trkpt(47.0, 8.0003, t(3), hr=155),
    ]
    [activity] = decode_gpx(gpx([points]), "sparse.gpx")
    assert activity.heart_rate_bpm is not None
    assert activity.elevation_m is not None
    assert np.isnan(activity.heart_rate_bpm[[0, 2]]).all()
    assert activity.heart_rate_bpm[[1, 3]].tolist() == [150.0, 155.0]
    assert np.isnan(activity.elevation_m[[0, 2, 3]]).all()
    assert activity.cadence_spm is None


def test_extensions_are_found_whatever_their_prefix_or_version() -> None:
    v2 = "http://www.garmin.com/xmlschemas/TrackPointExtension/v2"
    points = [trkpt(47.0, 8.0, t(0), hr=99, cad=81, prefix="ns3")]
    points.append(trkpt(47.0, 8.0001, t(1), hr=100, cad=82, prefix="ns3"))
    data = gpx([points]).replace(b"<gpx ", f'<gpx xmlns:ns3="{v2}" '.encode(), 1)
    [activity] = decode_gpx(data, "v2.gpx")
    assert activity.heart_rate_bpm is not None
    assert activity.heart_rate_bpm.tolist() == [99.0, 100.0]
    assert activity.cadence_spm is not None
    assert activity.cadence_spm.tolist() == [162.0, 164.0]


def test_a_zero_heart_rate_is_a_lost_strap_not_a_value() -> None:
    points = [trkpt(47.0, 8.0, t(0), hr=0), trkpt(47.0, 8.0001, t(1), hr=140)]
    [activity] = decode_gpx(gpx([points]), "strap.gpx")
    assert activity.heart_rate_bpm is not None
    assert np.isnan(activity.heart_rate_bpm[0])


def test_a_gpx_without_a_namespace_decodes() -> None:
    data = (
        b'<gpx creator="old"><trk><trkseg><trkpt lat="1" lon="2"><time>2020-01-01T00:00:00Z'
        b'</time></trkpt><trkpt lat="1" lon="2.001"><time>2020-01-01T00:00:09Z</time></trkpt>'
        b"</trkseg></trk></gpx>"
    )
    [activity] = decode_gpx(data, "nons.gpx")
    assert activity.time_s.tolist() == [0.0, 9.0]
    assert activity.sport is Sport.OTHER


def test_a_latin1_gpx_decodes() -> None:
    points = [trkpt(47.0, 8.0, t(0)), trkpt(47.0, 8.0001, t(1))]
    data = gpx([points], creator="Läufer Café").decode().encode("latin-1")
    assert b"\xe4" in data  # really Latin-1, while the declaration says UTF-8
    [activity] = decode_gpx(data, "latin.gpx")
    assert activity.device == "Läufer Café"


@pytest.mark.parametrize(
    ("label", "sport"),
    [
        ("running", Sport.RUNNING),
        ("Run", Sport.RUNNING),
        ("9", Sport.RUNNING),  # Strava's number for Run
        ("trail_running", Sport.RUNNING),
        ("walking", Sport.WALKING),
        ("Hiking", Sport.HIKING),
        ("cycling", Sport.CYCLING),
        ("biking", Sport.CYCLING),
        ("1", Sport.CYCLING),  # Strava's number for Ride
        ("VirtualRide", Sport.CYCLING),
        ("jkljkl", Sport.OTHER),
        (None, Sport.OTHER),
        ("", Sport.OTHER),
    ],
)
def test_the_track_type_names_the_sport(label: str | None, sport: Sport) -> None:
    assert sport_from_label(label) is sport


def test_without_a_type_the_sport_is_other_not_a_guessed_run() -> None:
    points = [trkpt(47.0, 8.0, t(0)), trkpt(47.0, 8.0001, t(1))]
    [activity] = decode_gpx(gpx([points], sport=None), "untyped.gpx")
    assert activity.sport is Sport.OTHER


def test_running_cadence_that_is_already_in_steps_is_not_doubled() -> None:
    strides = np.array([0.0, 84.0, 86.0])
    steps = np.array([0.0, 168.0, 172.0])
    assert steps_per_minute(strides, Sport.RUNNING).tolist() == [0.0, 168.0, 172.0]
    assert steps_per_minute(steps, Sport.RUNNING).tolist() == [0.0, 168.0, 172.0]
    assert steps_per_minute(np.array([55.0, 60.0]), Sport.WALKING).tolist() == [110.0, 120.0]
    assert steps_per_minute(np.array([105.0, 110.0]), Sport.WALKING).tolist() == [105.0, 110.0]
    # Cycling cadence is pedal rpm, not a step rate: unchanged.
    assert steps_per_minute(np.array([90.0]), Sport.CYCLING).tolist() == [90.0]


def test_distance_passes_over_points_without_position() -> None:
    lat = np.array([47.0, np.nan, 47.0001])
    lon = np.array([8.0, np.nan, 8.0])
    distance = cumulative_distance_m(lat, lon, np.zeros(3, dtype=np.intp))
    assert distance[0] == 0.0
    assert np.isnan(distance[1])
    assert distance[2] == pytest.approx(EARTH_RADIUS_M * np.radians(0.0001))


def test_a_route_only_file_is_not_an_activity() -> None:
    data = f'<gpx xmlns="{GPX11}"><rte><rtept lat="1" lon="2"/></rte></gpx>'.encode()
    with pytest.raises(NotAnActivity, match=r"route.*not an activity"):
        decode_gpx(data, "route.gpx")


def test_a_track_without_timestamps_is_a_route_not_an_activity() -> None:
    points = [trkpt(47.0, 8.0, None), trkpt(47.0, 8.0001, None)]
    with pytest.raises(NotAnActivity, match="a route without timestamps, not an activity"):
        decode_gpx(gpx([points]), "course.gpx")


def test_a_file_without_track_points_is_not_an_activity() -> None:
    with pytest.raises(NotAnActivity, match="no track points"):
        decode_gpx(gpx([[]]), "empty.gpx")


def test_points_all_stamped_with_one_time_are_not_an_activity() -> None:
    points = [trkpt(47.0, 8.0, t(0)), trkpt(47.0, 8.0001, t(0))]
    with pytest.raises(NotAnActivity, match="same timestamp"):
        decode_gpx(gpx([points]), "frozen.gpx")


def test_another_xml_document_is_a_decode_error() -> None:
    with pytest.raises(DecodeError, match=r"not a GPX file: the root element is <kml>"):
        decode_gpx(b"<kml/>", "map.gpx")


def test_broken_xml_is_a_decode_error_naming_the_line() -> None:
    with pytest.raises(DecodeError, match="line 2"):
        decode_gpx(b"<gpx>\n<trk></gpx>", "broken.gpx")


# --- the corpus -------------------------------------------------------------------------


@cache
def manifest() -> tuple[dict[str, str], ...]:
    path = CORPUS / "MANIFEST.tsv"
    if not path.exists():
        return ()
    with path.open(newline="", encoding="utf-8") as handle:
        return tuple(csv.DictReader(handle, delimiter="\t"))


def corpus_rows(sport: str = "running") -> list[str]:
    return [
        row["file"]
        for row in manifest()
        if row["format"] == "gpx"
        and row["sport"] == sport
        and row["ref_start_time"]
        and not row["file"].endswith(".gz")
    ] or ["(corpus absent)"]


def reference(file: str) -> dict[str, str]:
    if not manifest():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    return next(row for row in manifest() if row["file"] == file)


def number(row: dict[str, str], column: str) -> float:
    return float(row[column])


def raw_cad_values(file: str) -> list[float]:
    """The <…:cad> values of a file, read with a regex independent of the decoder."""
    text = (CORPUS / file).read_text(encoding="utf-8")
    return [float(v) for v in re.findall(r"<[\w]+:cad>([\d.]+)</[\w]+:cad>", text)]


@pytest.mark.parametrize("file", corpus_rows())
def test_corpus_gpx_runs_match_gpxpy(file: str) -> None:
    row = reference(file)
    [activity] = decode_gpx((CORPUS / file).read_bytes(), file)

    # Start time: exactly gpxpy's first point.
    assert activity.start_time == datetime.fromisoformat(row["ref_start_time"])

    # Elapsed = last − first point. gpxpy's get_duration sums segments instead; on these
    # runs the segments have no gap between them, so both agree (see the hiking test below).
    assert activity.time_s[-1] == pytest.approx(number(row, "ref_elapsed_s"), abs=1.0)

    # Distance (2D haversine) within 0.5 % of gpxpy's length_2d. We are consistently 0.11 %
    # shorter because gpxpy uses the equatorial Earth radius and we the mean radius; scaled
    # to gpxpy's radius the sums agree to 0.05 % (the reference is rounded to 1 mm).
    assert activity.distance_m is not None
    distance = activity.distance_m[-1]
    ref_distance = number(row, "ref_distance_m")
    assert distance == pytest.approx(ref_distance, rel=0.005)
    assert distance * GPXPY_RADIUS_M / EARTH_RADIUS_M == pytest.approx(ref_distance, rel=0.0005)

    # Cadence: the raw mean of the cad extension equals gpxpy's; ours is that × 2 (steps).
    if row["ref_avg_cadence_raw"]:
        raw = raw_cad_values(file)
        assert np.mean(raw) == pytest.approx(number(row, "ref_avg_cadence_raw"), abs=1.0)
        assert activity.cadence_spm is not None
        assert activity.cadence_spm.tolist() == [2 * v for v in raw]

    # Heart rate: the plain mean of the samples, like gpxpy's reference. (Time-weighting is
    # the summary's choice; see test_uneven_sampling_moves_a_time_weighted_hr_mean.)
    if row["ref_avg_hr"]:
        assert activity.heart_rate_bpm is not None
        mean_hr = np.nanmean(activity.heart_rate_bpm)
        assert mean_hr == pytest.approx(number(row, "ref_avg_hr"), abs=1.0)
    if row["ref_max_hr"]:
        assert activity.heart_rate_bpm is not None
        assert np.nanmax(activity.heart_rate_bpm) == pytest.approx(number(row, "ref_max_hr"))


def test_uneven_sampling_moves_a_time_weighted_hr_mean() -> None:
    # Nike Run Club writes heart rate on irregular points: the plain mean (gpxpy's reference,
    # 160.8) and the mean weighted by how long each sample holds (159.3) differ by 1.5 bpm.
    # Both come from the same decoded samples; the summary decides which one to show.
    file = "gpx/rp__0da79b1d-dc15-4589-afff-aba4497ea626.gpx"
    row = reference(file)
    [activity] = decode_gpx((CORPUS / file).read_bytes(), file)
    assert activity.heart_rate_bpm is not None
    has_hr = np.isfinite(activity.heart_rate_bpm)
    hr = activity.heart_rate_bpm[has_hr]
    held = np.diff(activity.time_s[has_hr])
    weighted = float(np.sum(hr[:-1] * held) / np.sum(held))
    assert np.mean(hr) == pytest.approx(number(row, "ref_avg_hr"), abs=0.01)
    assert abs(weighted - np.mean(hr)) > 1.0


def test_elapsed_time_counts_the_gaps_between_segments_unlike_gpxpy() -> None:
    # README caveat: gpxpy sums the 8 segments' durations (4,239 s) and leaves out the gaps;
    # elapsed time is first to last point, 7,190 s. Pauses belong in moving time.
    file = "gpx/gpxpy__cerknicko-jezero.gpx"
    row = reference(file)
    [activity] = decode_gpx((CORPUS / file).read_bytes(), file)
    assert number(row, "ref_elapsed_s") == 4239.0
    assert activity.time_s[-1] == 7190.0


@pytest.mark.parametrize("file", ["gpx/gpxpy__route.gpx", "gpx/hs__testcourse.gpx"])
def test_corpus_routes_are_not_activities(file: str) -> None:
    reference(file)
    with pytest.raises(NotAnActivity, match="not an activity"):
        decode_gpx((CORPUS / file).read_bytes(), file)


def test_corpus_file_with_a_placeholder_time_on_every_point_is_not_an_activity() -> None:
    # Mojstrovka: every point carries 1901-12-13T20:45:52 (the 32-bit epoch minimum), so there
    # is no time axis (gpxpy reports a duration of 0).
    file = "gpx/gpxpy__Mojstrovka.gpx"
    reference(file)
    with pytest.raises(NotAnActivity, match="same timestamp"):
        decode_gpx((CORPUS / file).read_bytes(), file)


def test_corpus_file_where_only_some_tracks_have_times_keeps_the_timed_points() -> None:
    # korita-zbevnica: 871 points, 513 of them timed (the other tracks are planned lines).
    file = "gpx/gpxpy__korita-zbevnica.gpx"
    row = reference(file)
    [activity] = decode_gpx((CORPUS / file).read_bytes(), file)
    assert len(activity.time_s) == 513
    assert activity.start_time == datetime.fromisoformat(row["ref_start_time"])
