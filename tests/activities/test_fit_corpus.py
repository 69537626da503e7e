"""The FIT decoder on the real device files of ../shared/corpus, against MANIFEST.tsv.

The references are garmin-fit-sdk's session values (sums over sessions, averages from the
first session). `DeviceTotals` carries the device's own session values too, so they must
agree; which cadence the product shows (device average or cadence while moving, see the
corpus README caveats) is decided in summary.py, not here.
"""

from __future__ import annotations

import gzip
from datetime import datetime
from functools import cache

import numpy as np
import pytest

from kneewise.activities.fit import decode_fit
from kneewise.activities.model import ActivityStreams, DecodeError, NotAnActivity, Sport
from tests.activities.fit_helpers import corpus_fit_files, corpus_path, manifest_rows

NO_CORPUS = pytest.param(None, marks=pytest.mark.skip(reason="../shared/corpus is absent"))
SPORTS = {"running": Sport.RUNNING, "walking": Sport.WALKING}

# Damaged files in fit/ that we refuse on purpose (the test explains why).
REFUSED = {"fit/pfp__strava-android-app-201.10-b1218918.fit"}


@cache
def decoded(relative: str) -> list[ActivityStreams]:
    return decode_fit(corpus_path(relative).read_bytes(), relative)


def reference_rows() -> list[object]:
    rows = [
        pytest.param(row, id=row["file"])
        for row in manifest_rows()
        if row["file"].startswith("fit/")
        and row["file"].endswith(".fit")
        and row["sport"] in SPORTS
        and row["ref_start_time"]
        and row["file"] not in REFUSED
    ]
    return rows or [NO_CORPUS]


def number(row: dict[str, str], column: str) -> float | None:
    return float(row[column]) if row[column] else None


@pytest.mark.parametrize("row", reference_rows())
def test_running_and_walking_files_match_their_reference_values(row: dict[str, str]) -> None:
    activities = decoded(row["file"])
    first = activities[0]
    assert first.start_time == datetime.fromisoformat(row["ref_start_time"])
    assert first.sport is SPORTS[row["ref_sport"].split("/")[0]]
    totals = [a.totals for a in activities]
    elapsed = sum(t.elapsed_s or 0.0 for t in totals)
    assert elapsed == pytest.approx(number(row, "ref_elapsed_s"), abs=1.0)
    if (distance := number(row, "ref_distance_m")) is not None:
        assert sum(t.distance_m or 0.0 for t in totals) == pytest.approx(distance, rel=0.005)
    if (cadence := number(row, "ref_avg_steps_per_min")) is not None:
        assert first.totals.avg_cadence_spm == pytest.approx(cadence, abs=1.0)
    for column, value in (
        ("ref_avg_hr", first.totals.avg_hr_bpm),
        ("ref_max_hr", first.totals.max_hr_bpm),
    ):
        expected = number(row, column)
        assert value == (None if expected is None else pytest.approx(expected, abs=1.0))


def test_the_reference_check_covers_every_running_and_walking_fit_file() -> None:
    if not manifest_rows():
        pytest.skip("../shared/corpus is absent")
    assert len(reference_rows()) == 20  # 18 runs + 2 walks; + the refused Strava run = 21


@pytest.mark.parametrize("relative", corpus_fit_files("fit") or [NO_CORPUS])
def test_every_good_corpus_file_decodes_or_is_refused_on_purpose(relative: str) -> None:
    if relative in REFUSED:
        with pytest.raises(DecodeError):
            decoded(relative)
        return
    for activity in decoded(relative):
        assert len(activity.time_s) > 0
        assert np.all(np.isfinite(activity.time_s))
        assert activity.start_time is not None


def test_the_strava_app_file_is_refused_because_most_of_it_is_unreadable() -> None:
    """Every decoder stops at byte 7,471 of 78,233 (a message of an undefined local type, a
    byte is missing in the record before it), and the file is 19 bytes shorter than its header
    says. The session was written first, but only 473 of ~3,500 records precede the damage:
    returning them would give a 58-minute run an 8-minute track (downhill, ascent and knee load
    silently wrong), so the file is reported as damaged instead."""
    with pytest.raises(DecodeError, match=r"byte 7471 .*local message type 11"):
        decoded("fit/pfp__strava-android-app-201.10-b1218918.fit")


def test_a_sigma_file_whose_last_record_is_cut_keeps_every_complete_record() -> None:
    """pfp__nick.fit is as long as its header says, but its last record runs 11 bytes past the
    declared data (into the CRC): the 14,391 complete records are kept, like garmin-fit-sdk."""
    [activity] = decoded("fit/pfp__nick.fit")
    assert len(activity.time_s) == 14391
    assert activity.sport is Sport.CYCLING  # from its `sport` message: it has no session
    assert activity.totals.distance_m is None
    assert activity.distance_m is not None
    assert activity.distance_m[-1] > 0


def test_compressed_timestamp_headers_give_755_records_with_increasing_times() -> None:
    [activity] = decoded("fit/pfp__compressed-speed-distance.fit")
    assert len(activity.time_s) == 755
    assert np.all(np.diff(activity.time_s) > 0)
    assert activity.time_s[-1] == pytest.approx(activity.totals.elapsed_s or 0.0, abs=5)
    # compressed_speed_distance: distance accumulated across 12-bit rollovers (256 m)
    assert activity.distance_m is not None
    assert np.nanmax(activity.distance_m) == pytest.approx(10248.67, abs=0.1)
    assert activity.speed_mps is not None
    assert 2.0 < np.nanmean(activity.speed_mps) < 4.0
    assert activity.cadence_spm is not None
    assert 150 < np.nanmean(activity.cadence_spm) < 190


def test_a_chained_file_with_a_settings_file_gives_only_the_activity() -> None:
    [activity] = decoded("fit/pfp__activity-settings.fit")
    assert len(activity.time_s) == 14


def test_the_settings_half_of_a_chained_file_alone_is_not_an_activity() -> None:
    data = corpus_path("fit/pfp__activity-settings.fit").read_bytes()[771:]
    with pytest.raises(NotAnActivity, match=r"settings \(file_id.type 2\)"):
        decode_fit(data, "settings.fit")


def test_a_chained_file_with_two_activities_gives_two() -> None:
    first, second = decoded("fit/mukti__chained_Activity_activity_poolswim.fit")
    assert (len(first.time_s), len(second.time_s)) == (3601, 24)
    elapsed = (first.totals.elapsed_s or 0) + (second.totals.elapsed_s or 0)
    assert elapsed == pytest.approx(4441.0)  # MANIFEST: sum over both sessions


def test_heart_rate_segments_chained_after_a_swim_belong_to_that_swim() -> None:
    [activity] = decoded("fit/fitdecode__garmin-fr935-cr.fit")  # 7 FIT segments
    assert len(activity.time_s) == 7515


def test_developer_fields_do_not_derail_decoding() -> None:
    [activity] = decoded("fit/pfp__developer-types-sample.fit")  # Stryd, 4 developer fields
    assert len(activity.time_s) == 3424
    assert activity.distance_m is not None
    assert activity.distance_m[-1] == pytest.approx(6753.99, rel=0.005)
    assert activity.cadence_spm is not None
    assert 140 < np.nanmedian(activity.cadence_spm) < 200


def test_a_triathlon_is_one_activity_with_the_first_sport_and_summed_totals() -> None:
    [activity] = decoded("fit/mukti__triathlon_summary_first.fit")
    assert activity.sport is Sport.OTHER  # open-water swim first
    assert activity.totals.distance_m == pytest.approx(18726.43)
    assert activity.totals.elapsed_s == pytest.approx(4042.745)
    [last] = decoded("fit/mukti__triathlon_summary_last.fit")
    assert last.totals == activity.totals


BAD_REASONS = {
    "bad/hs__runningmo_4386919092.truncated.fit": r"truncated .* ends at byte 19288",
    "bad/mukti__activity_truncated.fit": r"incomplete FIT activity: 14 records but no session",
    "bad/pfp__activity-activity-filecrc.fit": r"file CRC mismatch .* segment at byte 771",
    "bad/pfp__activity-filecrc.fit": r"file CRC mismatch .* segment at byte 0",
    "bad/pfp__activity-settings-corruptheader.fit": r"bad FIT header at byte 771",
    "bad/pfp__activity-settings-nodata.fit": r"truncated .* definition message at byte 783",
    "bad/pfp__activity-unexpected-eof.fit": r"truncated .* ends at byte 768",
}


@pytest.mark.parametrize("relative", corpus_fit_files("bad") or [NO_CORPUS])
def test_every_bad_fit_file_gives_a_decode_error_that_says_what_is_wrong(relative: str) -> None:
    with pytest.raises(DecodeError, match=BAD_REASONS[relative]) as error:
        decode_fit(corpus_path(relative).read_bytes(), relative)
    assert not isinstance(error.value, NotAnActivity)


def test_the_gzipped_truncated_file_gives_the_same_error_once_unzipped() -> None:
    data = gzip.decompress(
        corpus_path("bad/hs__runningmo_4386919092.truncated.fit.gz").read_bytes()
    )
    with pytest.raises(DecodeError, match=r"truncated .* ends at byte 19288"):
        decode_fit(data, "x.fit")
