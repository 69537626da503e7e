"""garmin-fit-sdk (Garmin's own decoder, a dev dependency) as a test oracle: on every corpus
file it decodes without error, our bulk numpy decoder gives the same records, field by field.

Needs garmin-fit-sdk and ../shared/corpus. garmin-fit-sdk is in the dev lock: under CI
(CI=true) a missing SDK is an import error, never a silent skip.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pytest

from kneewise.activities.fit import decode_fit
from kneewise.activities.fit.streams import MAX_ALTITUDE_M, MIN_ALTITUDE_M
from kneewise.activities.model import ActivityStreams, FloatArray
from tests.activities.fit_helpers import corpus_fit_files, corpus_path

if os.environ.get("CI"):
    import garmin_fit_sdk as sdk
else:
    sdk = pytest.importorskip("garmin_fit_sdk", reason="garmin-fit-sdk (dev dependency) missing")

SEMICIRCLES = 180.0 / 2**31
ON_FOOT = {"running", "walking", "hiking", "generic"}
# The Sigma file's last record is cut: the SDK reports that and returns the complete records,
# as we do, so it is compared too.
COMPARED_DESPITE_ERRORS = {"fit/pfp__nick.fit"}
NO_CORPUS = pytest.param(None, marks=pytest.mark.skip(reason="../shared/corpus is absent"))


def sdk_messages(data: bytes) -> tuple[dict[str, list[dict[str, Any]]], list[Exception]]:
    decoder = sdk.Decoder(sdk.Stream.from_byte_array(bytearray(data)))
    messages, errors = decoder.read(merge_heart_rates=False)  # raw records, as in the file
    return messages, errors


def column(records: list[dict[str, Any]], *names: str) -> FloatArray:
    """A record field as floats (datetimes as Unix seconds), the first name present wins."""
    out = np.full(len(records), np.nan)
    for i, record in enumerate(records):
        for name in names:
            value = record.get(name)
            if isinstance(value, datetime):
                value = value.timestamp()
            if isinstance(value, int | float):
                out[i] = float(value)
                break
    return out


def ours(activities: list[ActivityStreams], name: str) -> FloatArray:
    parts = []
    for activity in activities:
        stream = getattr(activity, name)
        parts.append(np.full(len(activity.time_s), np.nan) if stream is None else stream)
    return np.concatenate(parts)


def cadence_factor(messages: dict[str, list[dict[str, Any]]]) -> float:
    """2 when the first session (by start time) is on foot: cadence is stored per leg."""
    sessions = sorted(messages.get("session_mesgs", []), key=lambda s: s["start_time"])
    sport = sessions[0].get("sport") if sessions else None
    if sport is None and messages.get("sport_mesgs"):
        sport = messages["sport_mesgs"][0].get("sport")
    return 2.0 if sport in ON_FOOT else 1.0


def assert_same(name: str, mine: FloatArray, theirs: FloatArray) -> None:
    same = (np.isnan(mine) & np.isnan(theirs)) | np.isclose(mine, theirs, rtol=0.0, atol=1e-9)
    bad = np.flatnonzero(~same)
    assert not len(bad), f"{name}: {len(bad)} records differ, first #{bad[0]}: " + (
        f"ours {mine[bad[0]]}, garmin-fit-sdk {theirs[bad[0]]}"
    )


def assert_same_records(
    activities: list[ActivityStreams], messages: dict[str, list[dict[str, Any]]]
) -> None:
    """Every record stream equals the SDK's record field (scaled, in degrees, doubled
    cadence on foot), NaN where the SDK has no value."""
    records = messages.get("record_mesgs", [])
    start = [a.start_time.timestamp() for a in activities if a.start_time is not None]
    times = np.concatenate([a.time_s + s for a, s in zip(activities, start, strict=True)])
    assert len(times) == len(records)
    cadence = column(records, "cadence") + np.nan_to_num(column(records, "fractional_cadence"))
    expected = {
        "time_s": column(records, "timestamp"),
        "distance_m": column(records, "distance"),
        # We drop impossible altitudes (sensor glitches, e.g. 12,600 m in WithGearChangeData).
        "elevation_m": plausible(column(records, "enhanced_altitude", "altitude")),
        "speed_mps": column(records, "enhanced_speed", "speed"),
        "heart_rate_bpm": column(records, "heart_rate"),
        "cadence_spm": cadence * cadence_factor(messages),
        "latitude": column(records, "position_lat") * SEMICIRCLES,
        "longitude": column(records, "position_long") * SEMICIRCLES,
    }
    assert_same("time_s", times, expected.pop("time_s"))
    for name, theirs in expected.items():
        assert_same(name, ours(activities, name), theirs)


def plausible(altitude: FloatArray) -> FloatArray:
    return np.where((altitude < MIN_ALTITUDE_M) | (altitude > MAX_ALTITUDE_M), np.nan, altitude)


def assert_same_totals_and_laps(
    activities: list[ActivityStreams], messages: dict[str, list[dict[str, Any]]]
) -> None:
    """Session sums (over every activity of the file) and lap start times match."""
    sessions = messages.get("session_mesgs", [])
    for ours_name, sdk_name in (
        ("elapsed_s", "total_elapsed_time"),
        ("timer_s", "total_timer_time"),
        ("distance_m", "total_distance"),
        ("ascent_m", "total_ascent"),
    ):
        theirs = [s[sdk_name] for s in sessions if s.get(sdk_name) is not None]
        mine = [getattr(a.totals, ours_name) for a in activities]
        if not theirs:
            assert mine == [None] * len(mine), ours_name
        else:
            total = sum(m for m in mine if m is not None)
            assert total == pytest.approx(sum(theirs), abs=1e-6), ours_name
    # A lap needs a start: its start_time, or its end minus its elapsed time (the Sigma
    # file's single lap has neither and is left out).
    laps = [
        lap
        for lap in messages.get("lap_mesgs", [])
        if "start_time" in lap or ("timestamp" in lap and "total_elapsed_time" in lap)
    ]
    assert sum(len(a.laps) for a in activities) == len(laps)
    assert [lap.start_time for a in activities for lap in a.laps] == [
        lap.get("start_time", None)
        or lap["timestamp"] - timedelta(seconds=lap["total_elapsed_time"])
        for lap in laps
    ]


@pytest.mark.parametrize("relative", corpus_fit_files("fit") or [NO_CORPUS])
def test_records_laps_and_totals_agree_with_garmin_fit_sdk(relative: str) -> None:
    data = corpus_path(relative).read_bytes()
    messages, errors = sdk_messages(data)  # slow (~1 MB/s): decoded once for both checks
    if errors and relative not in COMPARED_DESPITE_ERRORS:
        pytest.skip(f"garmin-fit-sdk cannot decode it: {errors[0]}")
    activities = decode_fit(data, relative)
    assert_same_records(activities, messages)
    assert_same_totals_and_laps(activities, messages)
