"""TCX decoding: one ActivityStreams per <Activity>, with the laps' totals.

Corpus checks compare against tcxreader 0.4.11 (MANIFEST.tsv) and explain each deliberate
difference; the Forerunner 35 run that exists as FIT, GPX and TCX is checked across formats.
"""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from kneewise.activities.gpx import decode_gpx
from kneewise.activities.model import DecodeError, FileFormat, NotAnActivity, Sport
from kneewise.activities.tcx import decode_tcx

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
TCD = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
AX = "http://www.garmin.com/xmlschemas/ActivityExtension/v2"


# --- building small TCX documents -------------------------------------------------------


def trackpoint(
    second: int | None,
    *,
    position: tuple[float, float] | None = None,
    distance: float | None = None,
    hr: int | None = None,
    run_cadence: int | None = None,
    cadence: int | None = None,
    speed: float | None = None,
) -> str:
    parts = [] if second is None else [f"<Time>2024-05-04T07:30:{second:02d}Z</Time>"]
    if position is not None:
        parts.append(
            f"<Position><LatitudeDegrees>{position[0]}</LatitudeDegrees>"
            f"<LongitudeDegrees>{position[1]}</LongitudeDegrees></Position>"
        )
    if distance is not None:
        parts.append(f"<DistanceMeters>{distance}</DistanceMeters>")
    if hr is not None:
        parts.append(f"<HeartRateBpm><Value>{hr}</Value></HeartRateBpm>")
    if cadence is not None:
        parts.append(f"<Cadence>{cadence}</Cadence>")
    extension = "".join(
        f"<ns3:{name}>{value}</ns3:{name}>"
        for name, value in (("Speed", speed), ("RunCadence", run_cadence))
        if value is not None
    )
    if extension:
        parts.append(f"<Extensions><ns3:TPX>{extension}</ns3:TPX></Extensions>")
    return f"<Trackpoint>{''.join(parts)}</Trackpoint>"


def lap(
    start_second: int,
    points: list[str],
    *,
    seconds: float | None = None,
    metres: float | None = None,
    avg_hr: int | None = None,
    max_hr: int | None = None,
    avg_run_cadence: int | None = None,
) -> str:
    parts = []
    if seconds is not None:
        parts.append(f"<TotalTimeSeconds>{seconds}</TotalTimeSeconds>")
    if metres is not None:
        parts.append(f"<DistanceMeters>{metres}</DistanceMeters>")
    if avg_hr is not None:
        parts.append(f"<AverageHeartRateBpm><Value>{avg_hr}</Value></AverageHeartRateBpm>")
    if max_hr is not None:
        parts.append(f"<MaximumHeartRateBpm><Value>{max_hr}</Value></MaximumHeartRateBpm>")
    parts.append(f"<Track>{''.join(points)}</Track>")
    if avg_run_cadence is not None:
        parts.append(
            f"<Extensions><ns3:LX><ns3:AvgRunCadence>{avg_run_cadence}</ns3:AvgRunCadence>"
            "</ns3:LX></Extensions>"
        )
    return f'<Lap StartTime="2024-05-04T07:30:{start_second:02d}Z">{"".join(parts)}</Lap>'


def activity(*laps: str, sport: str = "Running", creator: str | None = "Forerunner 35") -> str:
    device = "" if creator is None else f"<Creator><Name>{creator}</Name></Creator>"
    return f'<Activity Sport="{sport}"><Id>x</Id>{"".join(laps)}{device}</Activity>'


def tcx(*activities: str, wrapper: str = "Activities") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<TrainingCenterDatabase xmlns="{TCD}" '
        f'xmlns:ns3="{AX}"><{wrapper}>{"".join(activities)}</{wrapper}></TrainingCenterDatabase>'
    ).encode()


# --- synthetic files --------------------------------------------------------------------


def test_an_activity_decodes_with_streams_laps_and_device_totals() -> None:
    first = lap(
        0,
        [
            trackpoint(0, position=(47.0, 8.0), distance=0.0, hr=120, run_cadence=80, speed=2.5),
            trackpoint(10, position=(47.0, 8.0001), distance=7.6, hr=140, run_cadence=84),
        ],
        seconds=10.0,
        metres=7.6,
        avg_hr=130,
        max_hr=140,
        avg_run_cadence=82,
    )
    second = lap(
        20,
        [trackpoint(20, position=(47.0, 8.0002), distance=15.2, hr=160, run_cadence=86)],
        seconds=30.0,
        metres=7.6,
        avg_hr=150,
        max_hr=165,
        avg_run_cadence=86,
    )
    [decoded] = decode_tcx(tcx(activity(first, second)), "run.tcx")
    assert decoded.format is FileFormat.TCX
    assert decoded.sport is Sport.RUNNING
    assert decoded.device == "Forerunner 35"
    assert decoded.start_time == datetime(2024, 5, 4, 7, 30, tzinfo=UTC)
    assert decoded.time_s.tolist() == [0.0, 10.0, 20.0]
    assert decoded.distance_m is not None
    assert decoded.distance_m.tolist() == [0.0, 7.6, 15.2]  # the device's own distance
    assert decoded.heart_rate_bpm is not None
    assert decoded.heart_rate_bpm.tolist() == [120.0, 140.0, 160.0]
    assert decoded.cadence_spm is not None
    assert decoded.cadence_spm.tolist() == [160.0, 168.0, 172.0]  # RunCadence is per leg
    assert decoded.speed_mps is not None
    assert decoded.speed_mps[0] == 2.5
    assert np.isnan(decoded.speed_mps[1:]).all()  # TPX Speed where the file has it
    assert [(x.start_time.second, x.timer_s, x.distance_m) for x in decoded.laps] == [
        (0, 10.0, 7.6),
        (20, 30.0, 7.6),
    ]
    totals = decoded.totals
    assert totals.elapsed_s == 20.0
    assert totals.timer_s == 40.0
    assert totals.distance_m == pytest.approx(15.2)
    assert totals.avg_hr_bpm == pytest.approx((130 * 10 + 150 * 30) / 40)  # weighted by lap time
    assert totals.max_hr_bpm == 165.0
    assert totals.avg_cadence_spm == pytest.approx(2 * (82 * 10 + 86 * 30) / 40)


def test_several_activities_give_several_results_in_file_order() -> None:
    morning = activity(lap(0, [trackpoint(0), trackpoint(5)]))
    evening = activity(lap(30, [trackpoint(30), trackpoint(40)]), sport="Biking")
    decoded = decode_tcx(tcx(morning, evening), "two.tcx")
    assert [a.sport for a in decoded] == [Sport.RUNNING, Sport.CYCLING]
    assert [a.start_time.second for a in decoded if a.start_time] == [0, 30]
    assert [a.totals.elapsed_s for a in decoded] == [5.0, 10.0]


def test_activities_inside_a_multisport_session_are_read() -> None:
    body = (
        f"<MultiSportSession><Id>x</Id><FirstSport>{activity(lap(0, [trackpoint(0)]))}"
        f"</FirstSport><NextSport>{activity(lap(9, [trackpoint(9)]), sport='Biking')}"
        "</NextSport></MultiSportSession>"
    )
    decoded = decode_tcx(tcx(body), "multi.tcx")
    assert [a.sport for a in decoded] == [Sport.RUNNING, Sport.CYCLING]


def test_trackpoints_without_position_are_kept_like_a_treadmill_run() -> None:
    points = [trackpoint(0, distance=0.0, hr=100), trackpoint(10, distance=30.0, hr=110)]
    [decoded] = decode_tcx(tcx(activity(lap(0, points))), "treadmill.tcx")
    assert decoded.time_s.tolist() == [0.0, 10.0]
    assert decoded.latitude is None
    assert decoded.longitude is None
    assert decoded.distance_m is not None
    assert decoded.distance_m.tolist() == [0.0, 30.0]
    assert decoded.speed_mps is not None
    assert decoded.speed_mps[1] == 3.0  # derived from distance when there is no TPX Speed


def test_without_device_distance_the_distance_is_measured_along_positions() -> None:
    points = [trackpoint(0, position=(47.0, 8.0)), trackpoint(5, position=(47.0001, 8.0))]
    [decoded] = decode_tcx(tcx(activity(lap(0, points))), "nodist.tcx")
    assert decoded.distance_m is not None
    assert decoded.distance_m[1] == pytest.approx(11.12, abs=0.01)


def test_a_trackpoint_without_time_is_dropped() -> None:
    points = [trackpoint(0, hr=100), trackpoint(None, hr=101), trackpoint(2, hr=102)]
    [decoded] = decode_tcx(tcx(activity(lap(0, points))), "untimed.tcx")
    assert decoded.heart_rate_bpm is not None
    assert decoded.heart_rate_bpm.tolist() == [100.0, 102.0]


def test_run_cadence_already_in_steps_is_not_doubled() -> None:
    # Some treadmill writers store steps per minute in RunCadence.
    points = [trackpoint(0, run_cadence=168), trackpoint(1, run_cadence=172)]
    [decoded] = decode_tcx(tcx(activity(lap(0, points))), "steps.tcx")
    assert decoded.cadence_spm is not None
    assert decoded.cadence_spm.tolist() == [168.0, 172.0]


def test_polar_running_cadence_in_the_cadence_element_is_used() -> None:
    points = [trackpoint(0, cadence=85), trackpoint(1, cadence=87)]
    [decoded] = decode_tcx(tcx(activity(lap(0, points))), "polar.tcx")
    assert decoded.cadence_spm is not None
    assert decoded.cadence_spm.tolist() == [170.0, 174.0]


def test_bike_cadence_stays_in_rpm() -> None:
    points = [trackpoint(0, cadence=90), trackpoint(1, cadence=92)]
    [decoded] = decode_tcx(tcx(activity(lap(0, points), sport="Biking")), "ride.tcx")
    assert decoded.cadence_spm is not None
    assert decoded.cadence_spm.tolist() == [90.0, 92.0]


def test_a_prefixed_tcx_namespace_is_understood() -> None:
    data = tcx(activity(lap(0, [trackpoint(0), trackpoint(3)])))
    text = data.decode().replace(f'xmlns="{TCD}"', f'xmlns:t="{TCD}"')
    text = text.replace("</", "</t:").replace("<", "<t:").replace("<t:/", "</")
    text = (
        text.replace("<t:?xml", "<?xml").replace("<t:ns3:", "<ns3:").replace("</t:ns3:", "</ns3:")
    )
    [decoded] = decode_tcx(text.encode(), "prefixed.tcx")
    assert decoded.time_s.tolist() == [0.0, 3.0]
    assert decoded.device == "Forerunner 35"


def test_an_activity_without_timed_trackpoints_is_not_an_activity() -> None:
    with pytest.raises(NotAnActivity, match="no trackpoint with a time"):
        decode_tcx(tcx(activity(lap(0, [trackpoint(None, hr=100)]))), "notime.tcx")


def test_a_course_file_is_not_an_activity() -> None:
    course = "<Course><Name>Loop</Name><Track>" + trackpoint(0) + "</Track></Course>"
    with pytest.raises(NotAnActivity, match="a course"):
        decode_tcx(tcx(course, wrapper="Courses"), "course.tcx")


def test_another_root_element_is_a_decode_error() -> None:
    with pytest.raises(DecodeError, match="not a TCX file: the root element is <gpx>"):
        decode_tcx(b"<gpx/>", "wrong.tcx")


def test_a_bom_and_leading_whitespace_tcx_decodes() -> None:
    # Strava exports: blanks (sometimes after a BOM) before <?xml.
    data = b"\xef\xbb\xbf  \n\t " + tcx(activity(lap(0, [trackpoint(0), trackpoint(4)])))
    [decoded] = decode_tcx(data, "strava.tcx")
    assert decoded.time_s.tolist() == [0.0, 4.0]


# --- the corpus -------------------------------------------------------------------------


@cache
def manifest() -> tuple[dict[str, str], ...]:
    path = CORPUS / "MANIFEST.tsv"
    if not path.exists():
        return ()
    with path.open(newline="", encoding="utf-8") as handle:
        return tuple(csv.DictReader(handle, delimiter="\t"))


def reference(file: str) -> dict[str, str]:
    if not manifest():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    return next(row for row in manifest() if row["file"] == file)


def corpus_runs() -> list[str]:
    return [
        row["file"]
        for row in manifest()
        if row["format"] == "tcx"
        and row["sport"] == "running"
        and row["ref_start_time"]
        and not row["file"].endswith(".gz")
    ] or ["(corpus absent)"]


def number(row: dict[str, str], column: str) -> float:
    return float(row[column])


@pytest.mark.parametrize("file", corpus_runs())
def test_corpus_tcx_runs_match_tcxreader(file: str) -> None:
    row = reference(file)
    [decoded] = decode_tcx((CORPUS / file).read_bytes(), file)
    totals = decoded.totals

    assert decoded.start_time == datetime.fromisoformat(row["ref_start_time"])  # first point
    assert totals.elapsed_s == pytest.approx(number(row, "ref_elapsed_s"), abs=1.0)
    assert totals.elapsed_s == decoded.time_s[-1]
    assert totals.distance_m == pytest.approx(number(row, "ref_distance_m"), rel=0.005)
    assert totals.timer_s == pytest.approx(number(row, "ref_timer_s"), abs=0.01)

    # Cadence: the raw RunCadence mean is tcxreader's; ours is in steps, i.e. twice that.
    if row["ref_avg_cadence_raw"]:
        assert decoded.cadence_spm is not None
        raw_mean = np.nanmean(decoded.cadence_spm) / 2
        assert raw_mean == pytest.approx(number(row, "ref_avg_cadence_raw"), abs=1.0)

    # Heart rate: the plain mean of the samples is tcxreader's. The device's lap averages
    # (totals) may differ, see test_lap_heart_rate_is_time_weighted_unlike_the_plain_mean.
    if row["ref_avg_hr"]:
        assert decoded.heart_rate_bpm is not None
        assert np.nanmean(decoded.heart_rate_bpm) == pytest.approx(
            number(row, "ref_avg_hr"), abs=1.0
        )
    if row["ref_max_hr"]:
        assert decoded.heart_rate_bpm is not None
        assert np.nanmax(decoded.heart_rate_bpm) == number(row, "ref_max_hr")
        assert totals.max_hr_bpm == number(row, "ref_max_hr")


def test_lap_heart_rate_is_time_weighted_unlike_the_plain_mean() -> None:
    # Forerunner 410 "smart recording" writes a point every 1-7 s, more often when things
    # change. tcxreader's plain mean of the samples is 156.7 bpm; weighting each sample by
    # how long it holds gives 160.0, and the watch's own lap averages (our totals) 160.2.
    file = "tcx/rp__basic.tcx"
    row = reference(file)
    [decoded] = decode_tcx((CORPUS / file).read_bytes(), file)
    assert decoded.heart_rate_bpm is not None
    held = np.diff(decoded.time_s)
    weighted = float(np.sum(decoded.heart_rate_bpm[:-1] * held) / np.sum(held))
    assert decoded.totals.avg_hr_bpm == pytest.approx(weighted, abs=1.0)
    assert decoded.totals.avg_hr_bpm - number(row, "ref_avg_hr") > 3.0


def test_corpus_lap_cadence_matches_the_fit_session() -> None:
    # The Garmin LX lap extension carries AvgRunCadence 83 strides/min, the FIT session's
    # avg_running_cadence (the TCX has no fractional part, so 166 instead of 166.x).
    file = "tcx/hs__activity_4426508309.tcx"
    fit = reference("fit/hs__4426508309.fit")
    [decoded] = decode_tcx((CORPUS / file).read_bytes(), file)
    assert decoded.totals.avg_cadence_spm == 2 * number(fit, "ref_avg_cadence_raw")


def test_corpus_malformed_tcx_is_a_decode_error_naming_the_line() -> None:
    file = "bad/rp__malformed.tcx"
    reference(file)
    with pytest.raises(DecodeError, match=r"malformed XML at line 4653, column \d+"):
        decode_tcx((CORPUS / file).read_bytes(), file)


def test_corpus_tcx_with_bom_and_leading_whitespace_decodes_the_same() -> None:
    file = "tcx/hs__testdata.tcx"
    reference(file)
    data = (CORPUS / file).read_bytes()
    [plain] = decode_tcx(data, file)
    [padded] = decode_tcx(b"\xef\xbb\xbf \r\n  " + data, file)
    assert padded.start_time == plain.start_time
    assert padded.time_s.tolist() == plain.time_s.tolist()
    assert padded.totals == plain.totals


def test_one_run_agrees_across_fit_gpx_and_tcx() -> None:
    # Forerunner 35, 48 min: the same activity exported three ways.
    fit = reference("fit/hs__4426508309.fit")
    [from_gpx] = decode_gpx((CORPUS / "gpx/hs__activity_4426508309.gpx").read_bytes(), "g")
    [from_tcx] = decode_tcx((CORPUS / "tcx/hs__activity_4426508309.tcx").read_bytes(), "t")
    fit_start = datetime.fromisoformat(fit["ref_start_time"])
    assert from_gpx.start_time == from_tcx.start_time == fit_start
    fit_distance = number(fit, "ref_distance_m")
    assert from_tcx.totals.distance_m == pytest.approx(fit_distance, rel=0.01)
    assert from_gpx.distance_m is not None
    # GPX has no device distance: the haversine sum of the points is 0.3 % longer (GPS wobble).
    assert from_gpx.distance_m[-1] == pytest.approx(fit_distance, rel=0.01)
    # The FIT session's elapsed time runs to the stop button (2,883.6 s), 1.6 s past the last
    # record; the XML exports hold the records only, so they end at 2,882 s.
    assert from_tcx.totals.elapsed_s == from_gpx.time_s[-1] == 2882.0
    assert 0 < number(fit, "ref_elapsed_s") - 2882.0 < 2.0
    assert from_tcx.totals.max_hr_bpm == number(fit, "ref_max_hr")
    assert from_gpx.heart_rate_bpm is not None
    assert from_tcx.heart_rate_bpm is not None
    assert from_gpx.heart_rate_bpm.tolist() == from_tcx.heart_rate_bpm.tolist()
