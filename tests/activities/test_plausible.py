"""Plausibility bounds (limits.py, docs/activity-limits.md): an impossible sample is read as
missing, an impossible activity is refused with the field, the value and the accepted range."""

from __future__ import annotations

import struct
from datetime import timedelta

import pytest

from kneewise.activities.decode import decode_bytes
from kneewise.activities.limits import Limits
from kneewise.activities.model import ActivitySummary, DecodeError
from kneewise.activities.plausible import Implausible
from kneewise.activities.summary import summarize
from tests.activities.clock_files import START, Sample, gpx_file, steady_run, tcx_file
from tests.activities.fit_helpers import FLOAT64, UINT32, FitWriter, fit_seconds
from tests.activity_files import gpx_run


def summary_of(data: bytes, name: str) -> ActivitySummary:
    (streams,) = decode_bytes(data, name, name, limits=Limits())
    return summarize(streams)


def test_a_heart_rate_of_1e308_is_a_missing_sample_not_the_runs_maximum() -> None:
    data = gpx_run(km=1.0).replace("<gpxtpx:hr>142</gpxtpx:hr>", "<gpxtpx:hr>1e308</gpxtpx:hr>")
    assert "1e308" in data
    summary = summary_of(data.encode(), "hr.gpx")
    assert summary.max_hr_bpm == 144
    assert summary.avg_hr_bpm is not None
    assert 140 <= summary.avg_hr_bpm <= 144


def test_a_lap_heart_rate_of_1e308_is_left_out_of_the_device_totals() -> None:
    data = tcx_file(steady_run(60), timer_s=60).replace(
        b"</TotalTimeSeconds>",
        b"</TotalTimeSeconds><MaximumHeartRateBpm><Value>1e308</Value></MaximumHeartRateBpm>",
    )
    assert summary_of(data, "hr.tcx").max_hr_bpm is None


def test_a_distance_of_1e308_metres_refuses_the_file_naming_the_field() -> None:
    data = tcx_file(steady_run(60), timer_s=60).replace(
        b"</TotalTimeSeconds><DistanceMeters>177.0<", b"</TotalTimeSeconds><DistanceMeters>1e308<"
    )
    with pytest.raises(Implausible) as refused:
        decode_bytes(data, "far.tcx", "far.tcx", limits=Limits())
    assert refused.value.field == "distance"
    assert str(refused.value) == (
        "implausible distance: 1e+305 km; the accepted range is 0 to 1,000.0 km"
    )


def test_an_activity_lasting_thousands_of_years_is_refused() -> None:
    samples = [Sample(START + timedelta(days=36_500 * i), 3.0 * i) for i in range(40)]
    with pytest.raises(Implausible, match=r"elapsed time: [\d,.]+ days; .* 0 to 7\.0 days"):
        decode_bytes(gpx_file(samples), "ages.gpx", "ages.gpx", limits=Limits())


def test_a_device_timer_of_thousands_of_years_is_refused() -> None:
    data = tcx_file(steady_run(60), timer_s=1e11)
    with pytest.raises(Implausible, match=r"implausible timer time: 1,157,407\.4 days"):
        decode_bytes(data, "timer.tcx", "timer.tcx", limits=Limits())


def test_an_activity_starting_before_gps_watches_is_refused() -> None:
    data = gpx_file(steady_run(60)).replace(b"2024-05-04T", b"1970-05-04T")
    with pytest.raises(Implausible, match="start time: the activity starts on 1970-05-04"):
        decode_bytes(data, "old.gpx", "old.gpx", limits=Limits())


@pytest.mark.parametrize("year", ["99999999999999999999", "200000", "-0001", "0000"])
def test_a_gpx_time_with_an_impossible_year_is_unreadable_not_an_internal_error(
    year: str,
) -> None:
    data = gpx_file(steady_run(5)).replace(
        b"2024-05-04T07:30:01Z", f"{year}-05-04T07:30:01Z".encode()
    )
    (streams,) = decode_bytes(data, "year.gpx", "year.gpx", limits=Limits())
    assert len(streams.time_s) == 4  # the point without a readable time is left out


def test_tcx_times_with_a_20_digit_year_give_a_decode_error() -> None:
    data = tcx_file(steady_run(5), timer_s=5).replace(b"2024-", b"99999999999999999999-")
    with pytest.raises(DecodeError):
        decode_bytes(data, "year.tcx", "year.tcx", limits=Limits())


def test_a_fit_timestamp_of_1e308_gives_a_decode_error() -> None:
    t0 = fit_seconds(int(START.timestamp()))
    w = FitWriter().define(0, 0, [(0, 0x00), (4, UINT32)]).data(0, 4, t0)
    w.define(1, 20, [(253, FLOAT64)]).data(1, struct.unpack("<Q", struct.pack("<d", 1e308))[0])
    w.define(2, 34, [(253, UINT32)]).data(2, t0)
    with pytest.raises(DecodeError, match="not a readable time"):
        decode_bytes(w.build(), "t.fit", "t.fit", limits=Limits())
