"""The FIT decoder on small files written by the test encoder in fit_helpers.py: each test
pins down one rule of the protocol or one decision of the decoder, byte for byte."""

from __future__ import annotations

import struct
from datetime import UTC, datetime

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kneewise.activities.fit import decode_fit
from kneewise.activities.model import DecodeError, ElevationSource, NotAnActivity, Sport
from tests.activities.fit_helpers import (
    BYTE,
    ENUM,
    SINT32,
    UINT8,
    UINT16,
    UINT32,
    FitWriter,
    fit_crc,
    fit_seconds,
)

START = datetime(2024, 5, 4, 7, 30, tzinfo=UTC)
T0 = fit_seconds(int(START.timestamp()))
SEMI = 2**31 / 180.0  # semicircles per degree

FILE_ID = [(0, ENUM), (1, UINT16), (2, UINT16), (4, UINT32)]
RECORD = [
    (253, UINT32),
    (0, SINT32),
    (1, SINT32),
    (5, UINT32),
    (2, UINT16),
    (6, UINT16),
    (3, UINT8),
    (4, UINT8),
    (53, UINT8),
]
SESSION = [
    (253, UINT32),
    (2, UINT32),
    (7, UINT32),
    (8, UINT32),
    (9, UINT32),
    (5, ENUM),
    (16, UINT8),
    (17, UINT8),
    (18, UINT8),
    (92, UINT8),
    (22, UINT16),
]
LAP = [(253, UINT32), (2, UINT32), (7, UINT32), (8, UINT32), (9, UINT32)]
ACTIVITY = [(253, UINT32), (1, UINT16)]
INVALID_RECORD = (0xFFFFFFFF, 0x7FFFFFFF, 0x7FFFFFFF, 0xFFFFFFFF, 0xFFFF, 0xFFFF, 0xFF, 0xFF, 0xFF)


def record(
    t: int, lat: float = 48.1, lon: float = 11.5, dist: float = 0.0, alt: float = 520.0
) -> tuple[int, ...]:
    """Record values in RECORD order: 3.2 m/s, 150 bpm, 85.5 strides/min."""
    return (
        T0 + t,
        round(lat * SEMI),
        round(lon * SEMI),
        round(dist * 100),
        round((alt + 500) * 5),
        3200,
        150,
        85,
        64,
    )


def writer(file_type: int = 4) -> FitWriter:
    return FitWriter().define(0, 0, FILE_ID).data(0, file_type, 1, 2503, T0)


def summary(w: FitWriter, *, sport: int = 1, start: int = 0, seconds: int = 2) -> FitWriter:
    """Lap, session (150/170 bpm, 85.5 strides/min, 12 m ascent) and activity messages."""
    w.define(2, 19, LAP).data(2, T0 + start + seconds, T0 + start, seconds * 1000, 1500, 640)
    w.define(3, 18, SESSION).data(
        3, T0 + start + seconds, T0 + start, seconds * 1000, seconds * 1000, 640,
        sport, 150, 170, 85, 64, 12,
    )  # fmt: skip
    return w.define(4, 34, ACTIVITY).data(4, T0 + start + seconds, 1)


def run_file(*, sport: int = 1, big_endian: bool = False) -> bytes:
    w = writer().define(1, 20, RECORD, big_endian=big_endian)
    for t in range(3):
        w.data(1, *record(t, dist=3.2 * t, alt=520 + t))
    return summary(w, sport=sport).build()


def test_a_small_run_decodes_to_streams_in_si_units() -> None:
    [run] = decode_fit(run_file(), "run.fit")
    assert run.source == "run.fit"
    assert run.sport is Sport.RUNNING
    assert run.start_time == START
    assert run.device == "garmin 2503"
    assert run.time_s.tolist() == [0.0, 1.0, 2.0]
    assert run.distance_m is not None
    assert run.distance_m.tolist() == pytest.approx([0.0, 3.2, 6.4])
    assert run.elevation_m is not None
    assert run.elevation_m.tolist() == pytest.approx([520.0, 521.0, 522.0])
    assert run.elevation_source is ElevationSource.GPS  # FIT has no barometer flag
    assert run.speed_mps is not None
    assert run.speed_mps.tolist() == pytest.approx([3.2] * 3)
    assert run.heart_rate_bpm is not None
    assert run.heart_rate_bpm.tolist() == [150.0] * 3
    assert run.latitude is not None
    assert run.longitude is not None
    assert run.latitude[0] == pytest.approx(48.1, abs=1e-7)
    assert run.longitude[0] == pytest.approx(11.5, abs=1e-7)
    [lap] = run.laps
    assert (lap.start_time, lap.elapsed_s, lap.timer_s, lap.distance_m) == (START, 2.0, 1.5, 6.4)
    totals = run.totals
    assert (totals.elapsed_s, totals.timer_s, totals.distance_m) == (2.0, 2.0, 6.4)
    assert (totals.avg_hr_bpm, totals.max_hr_bpm, totals.ascent_m) == (150.0, 170.0, 12.0)
    assert totals.descent_m is None
    assert totals.moving_s is None


def test_running_cadence_per_leg_is_doubled_to_steps_per_minute_with_its_fraction() -> None:
    [run] = decode_fit(run_file(sport=1), "run.fit")
    assert run.cadence_spm is not None
    assert run.cadence_spm.tolist() == [171.0] * 3  # 2 × (85 + 64/128)
    assert run.totals.avg_cadence_spm == 171.0


@pytest.mark.parametrize(("sport", "expected"), [(11, Sport.WALKING), (17, Sport.HIKING)])
def test_walking_and_hiking_cadence_is_doubled_too(sport: int, expected: Sport) -> None:
    [activity] = decode_fit(run_file(sport=sport), "walk.fit")
    assert activity.sport is expected
    assert activity.totals.avg_cadence_spm == 171.0


def test_cycling_cadence_stays_in_revolutions_per_minute() -> None:
    [ride] = decode_fit(run_file(sport=2), "ride.fit")
    assert ride.sport is Sport.CYCLING
    assert ride.cadence_spm is not None
    assert ride.cadence_spm.tolist() == [85.5] * 3
    assert ride.totals.avg_cadence_spm == 85.5


def test_other_sports_map_to_other() -> None:
    [swim] = decode_fit(run_file(sport=5), "swim.fit")
    assert swim.sport is Sport.OTHER


def test_big_endian_definitions_give_the_same_values() -> None:
    little = decode_fit(run_file(), "a.fit")[0]
    big = decode_fit(run_file(big_endian=True), "a.fit")[0]
    for name in ("time_s", "distance_m", "elevation_m", "speed_mps", "latitude", "longitude"):
        assert np.array_equal(getattr(little, name), getattr(big, name)), name


def test_invalid_sentinels_become_nan_and_a_stream_without_values_is_none() -> None:
    w = writer().define(1, 20, RECORD).data(1, *record(0))
    w.data(1, T0 + 1, *INVALID_RECORD[1:])
    [run] = decode_fit(summary(w).build(), "run.fit")
    for name in ("distance_m", "elevation_m", "speed_mps", "heart_rate_bpm", "latitude"):
        stream = getattr(run, name)
        assert np.isnan(stream).tolist() == [False, True], name
    w = writer().define(1, 20, RECORD).data(1, T0, *INVALID_RECORD[1:])
    [empty] = decode_fit(summary(w).build(), "run.fit")
    assert empty.time_s.tolist() == [0.0]
    assert empty.latitude is None
    assert empty.heart_rate_bpm is None
    assert empty.cadence_spm is None


def test_a_record_without_a_timestamp_is_left_out_of_the_streams() -> None:
    w = writer().define(1, 20, RECORD).data(1, *record(0)).data(1, *INVALID_RECORD)
    [run] = decode_fit(summary(w).build(), "run.fit")
    assert run.time_s.tolist() == [0.0]


def test_enhanced_speed_and_altitude_win_over_the_plain_fields() -> None:
    fields = [(253, UINT32), (2, UINT16), (6, UINT16), (73, UINT32), (78, UINT32)]
    w = writer().define(1, 20, fields)
    w.data(1, T0, (100 + 500) * 5, 1000, 4500, (2000 + 500) * 5)  # enhanced fields valid
    w.data(1, T0 + 1, (100 + 500) * 5, 1000, 0xFFFFFFFF, 0xFFFFFFFF)  # only plain ones
    [run] = decode_fit(summary(w).build(), "run.fit")
    assert run.speed_mps is not None
    assert run.elevation_m is not None
    assert run.speed_mps.tolist() == [4.5, 1.0]
    assert run.elevation_m.tolist() == [2000.0, 100.0]


def test_compressed_timestamps_roll_over_against_the_last_full_timestamp() -> None:
    base = T0 - (T0 % 32) + 30  # low five bits 30
    w = writer().define(1, 20, [(3, UINT8)])  # heart rate only, time from the headers
    w.compressed(1, 31, 100)  # before any full timestamp: no time, left out
    w.define(5, 21, [(253, UINT32), (0, ENUM), (1, ENUM)]).data(5, base, 0, 0)  # timer start
    w.compressed(1, 31, 101)  # 30 → 31: +1 s
    w.compressed(1, 3, 102)  # 31 → 3 wraps: +4 s
    w.compressed(1, 3, 103)  # same offset: same second
    w.data(5, base + 40, 0, 4)  # a full timestamp resets the reference (low bits 6)
    w.compressed(1, 7, 104)  # +1 s
    w.define(2, 19, LAP).data(2, base + 41, base, 41000, 41000, 100)
    [run] = decode_fit(w.build(), "fr70.fit")
    assert run.start_time is not None
    seconds = run.start_time.timestamp() - START.timestamp() + run.time_s - (base - T0)
    assert seconds.tolist() == [1.0, 5.0, 5.0, 41.0]
    assert run.heart_rate_bpm is not None
    assert run.heart_rate_bpm.tolist() == [101, 102, 103, 104]


def test_compressed_speed_distance_accumulates_across_12_bit_rollovers() -> None:
    def csd(speed_cm_s: int, distance_16th: int) -> bytes:
        packed = speed_cm_s | (distance_16th & 0xFFF) << 12
        return packed.to_bytes(3, "little")

    w = writer().define(1, 20, [(253, UINT32), (8, BYTE)], sizes={8: 3})
    for t, (speed, dist) in enumerate([(320, 4000), (330, 4095), (340, 50), (0, 50)]):
        w.data(1, T0 + t, csd(speed, dist))
    w.data(1, T0 + 4, b"\xff\xff\xff")  # invalid: no value, accumulation goes on after it
    w.data(1, T0 + 5, csd(350, 100))
    [run] = decode_fit(summary(w).build(), "fr70.fit")
    assert run.speed_mps is not None
    assert run.distance_m is not None
    assert run.speed_mps[:4].tolist() == [3.2, 3.3, 3.4, 0.0]
    expected = [4000, 4095, 4096 + 50, 4096 + 50, None, 4096 + 100]
    got = [None if np.isnan(d) else d * 16 for d in run.distance_m]
    assert got == expected


def test_developer_fields_are_skipped_by_their_declared_size() -> None:
    w = writer()
    w.define(1, 20, [(253, UINT32), (3, UINT8)], developer=[(0, 2, 0), (1, 5, 0)])
    w.data(1, T0, 140, developer=b"\xff" * 7)
    w.data(1, T0 + 1, 141, developer=b"\x01" * 7)
    [run] = decode_fit(summary(w).build(), "stryd.fit")
    assert run.heart_rate_bpm is not None
    assert run.heart_rate_bpm.tolist() == [140.0, 141.0]


def test_a_field_whose_size_does_not_fit_its_type_is_ignored_not_misread() -> None:
    w = writer().define(1, 20, [(253, UINT32), (6, UINT16), (3, UINT8)], sizes={6: 3})
    w.data(1, T0, b"\x10\x20\x30", 150)
    [run] = decode_fit(summary(w).build(), "odd.fit")
    assert run.speed_mps is None
    assert run.heart_rate_bpm is not None
    assert run.heart_rate_bpm.tolist() == [150.0]


def test_sessions_are_summed_and_the_first_by_start_time_gives_sport_and_averages() -> None:
    w = writer().define(1, 20, RECORD).data(1, *record(0)).data(1, *record(100))
    w.define(3, 18, SESSION)
    w.data(3, T0 + 100, T0 + 50, 50000, 50000, 20000, 2, 140, 180, 90, 0, 300)  # bike, later
    w.data(3, T0 + 50, T0, 50000, 40000, 10000, 1, 150, 170, 80, 0, 0)  # run, first
    w.define(4, 34, ACTIVITY).data(4, T0 + 100, 2)
    [multi] = decode_fit(w.build(), "brick.fit")
    assert multi.sport is Sport.RUNNING
    assert multi.start_time == START
    assert (multi.totals.elapsed_s, multi.totals.timer_s) == (100.0, 90.0)
    assert (multi.totals.distance_m, multi.totals.ascent_m) == (300.0, 300.0)
    assert (multi.totals.avg_hr_bpm, multi.totals.max_hr_bpm) == (150.0, 170.0)
    assert multi.totals.avg_cadence_spm == 160.0


def test_a_zero_average_heart_rate_means_no_sensor() -> None:
    w = writer().define(1, 20, RECORD).data(1, *record(0))
    w.define(3, 18, SESSION).data(3, T0 + 1, T0, 1000, 1000, 0, 2, 0, 0, 0, 0, 0)
    [ride] = decode_fit(w.build(), "zwift.fit")
    assert (ride.totals.avg_hr_bpm, ride.totals.max_hr_bpm, ride.totals.avg_cadence_spm) == (
        None,
        None,
        None,
    )


def test_without_a_session_the_sport_message_and_first_record_give_sport_and_start() -> None:
    w = writer().define(5, 12, [(0, ENUM), (1, ENUM)]).data(5, 11, 0)  # sport: walking
    w.define(1, 20, RECORD).data(1, *record(5)).data(1, *record(6))
    w.define(4, 34, ACTIVITY).data(4, T0 + 6, 0)
    [walk] = decode_fit(w.build(), "sigma.fit")
    assert walk.sport is Sport.WALKING
    assert walk.start_time == datetime(2024, 5, 4, 7, 30, 5, tzinfo=UTC)
    assert walk.time_s.tolist() == [0.0, 1.0]
    assert walk.totals.elapsed_s is None
    assert walk.cadence_spm is not None
    assert walk.cadence_spm[0] == 171.0


def test_two_chained_activities_give_two_activities_in_file_order() -> None:
    second = writer().define(1, 20, RECORD).data(1, *record(3600))
    data = run_file() + summary(second, start=3600).build()
    first, later = decode_fit(data, "chained.fit")
    assert (len(first.time_s), len(later.time_s)) == (3, 1)
    assert later.start_time == datetime(2024, 5, 4, 8, 30, tzinfo=UTC)


def test_a_chained_segment_without_file_id_continues_the_activity_before_it() -> None:
    extra = FitWriter().define(1, 20, RECORD).data(1, *record(3)).build()
    [run] = decode_fit(run_file() + extra, "chained.fit")
    assert run.time_s.tolist() == [0.0, 1.0, 2.0, 3.0]


def test_a_settings_segment_chained_after_an_activity_is_skipped() -> None:
    [run] = decode_fit(run_file() + writer(file_type=2).build(), "chained.fit")
    assert len(run.time_s) == 3


@pytest.mark.parametrize(
    ("file_type", "name"), [(2, "settings"), (15, "monitoring_a"), (32, "monitoring_b")]
)
def test_a_fit_file_of_another_type_is_not_an_activity(file_type: int, name: str) -> None:
    with pytest.raises(NotAnActivity, match=rf"FIT {name} \(file_id.type {file_type}\) file"):
        decode_fit(writer(file_type=file_type).build(), "settings.fit")


def test_an_activity_file_without_records_or_sessions_is_not_an_activity() -> None:
    with pytest.raises(NotAnActivity, match="without records or sessions"):
        decode_fit(writer().build(), "empty.fit")


def test_records_without_any_summary_message_are_an_incomplete_recording() -> None:
    w = writer().define(1, 20, RECORD).data(1, *record(0))
    with pytest.raises(DecodeError, match="incomplete FIT activity: 1 records") as error:
        decode_fit(w.build(), "crashed.fit")
    assert not isinstance(error.value, NotAnActivity)


def test_a_file_without_file_id_is_a_decode_error() -> None:
    data = summary(FitWriter().define(1, 20, RECORD).data(1, *record(0))).build()
    with pytest.raises(DecodeError, match="without a file_id"):
        decode_fit(data, "x.fit")


@pytest.mark.parametrize(
    "data", [b"", b".FIT", b'<?xml version="1.0"?><gpx/>', b"\x0e\x10" + b"\x00" * 20]
)
def test_bytes_that_are_not_fit_are_a_decode_error(data: bytes) -> None:
    with pytest.raises(DecodeError, match="not a FIT file"):
        decode_fit(data, "x.fit")


def test_a_bad_file_crc_is_a_decode_error_with_both_values() -> None:
    data = bytearray(run_file())
    data[-1] ^= 0x40
    with pytest.raises(DecodeError, match=r"file CRC mismatch .* byte 0: stored 0x"):
        decode_fit(bytes(data), "x.fit")


def test_a_changed_data_byte_is_caught_by_the_crc() -> None:
    data = bytearray(run_file())
    data[60] ^= 0x01
    with pytest.raises(DecodeError, match="file CRC mismatch"):
        decode_fit(bytes(data), "x.fit")


def test_a_header_crc_mismatch_is_a_decode_error() -> None:
    data = summary(writer()).build(header_crc=0x1234)
    with pytest.raises(DecodeError, match="header CRC mismatch"):
        decode_fit(data, "x.fit")


def test_a_zero_header_crc_means_not_computed_and_a_12_byte_header_has_none() -> None:
    for data in (run_file(), rebuild(header_crc=0), rebuild(header_size=12)):
        assert len(decode_fit(data, "x.fit")[0].time_s) == 3


def rebuild(**header: int) -> bytes:
    w = writer().define(1, 20, RECORD)
    for t in range(3):
        w.data(1, *record(t))
    return summary(w).build(**header)


def test_a_newer_protocol_major_version_is_refused() -> None:
    with pytest.raises(DecodeError, match=r"protocol version 3\.0"):
        decode_fit(rebuild(protocol=0x30), "x.fit")


@pytest.mark.parametrize("cut", [1, 2, 3, 20, 60])
def test_a_truncated_file_is_an_unexpected_end_of_data(cut: int) -> None:
    data = run_file()
    with pytest.raises(
        DecodeError, match=rf"unexpected end of data.*ends at byte {len(data) - cut}"
    ):
        decode_fit(data[:-cut], "x.fit")


def test_a_data_message_of_an_undefined_local_type_is_a_decode_error_with_its_offset() -> None:
    w = writer().raw(b"\x07")  # data message, local type 7: never defined
    offset = 14 + len(w.records) - 1
    with pytest.raises(DecodeError, match=rf"byte {offset} uses local message type 7"):
        decode_fit(w.build(), "x.fit")


def test_a_definition_with_an_unknown_architecture_is_a_decode_error() -> None:
    w = writer().raw(bytes([0x41, 0, 2, 20, 0, 0]))
    with pytest.raises(DecodeError, match="architecture byte 2"):
        decode_fit(w.build(), "x.fit")


def test_a_last_message_cut_in_a_file_of_the_declared_length_is_dropped() -> None:
    """A writer that declared the right file length but cut its final record (as a Sigma
    device did): the complete messages are kept, the cut one and the CRC are not used."""
    body = run_file()[:-2]
    w = FitWriter().raw(body[14:]).define(1, 20, RECORD).data(1, *record(3))
    cut = w.records[: len(w.records) - 10]  # last record loses 10 bytes
    header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(cut) - 2, b".FIT")
    header += struct.pack("<H", fit_crc(header))
    [run] = decode_fit(header + bytes(cut), "sigma.fit")
    assert run.time_s.tolist() == [0.0, 1.0, 2.0]


def test_a_message_running_past_the_data_of_a_chained_segment_is_a_decode_error() -> None:
    w = writer().define(1, 20, RECORD)
    w.records += b"\x01" + b"\x00" * 5  # record header with 5 of its 32 bytes
    data = w.build() + run_file()
    with pytest.raises(DecodeError, match="runs past the end of its data"):
        decode_fit(data, "x.fit")


@settings(max_examples=2000, deadline=None)
@given(position=st.integers(min_value=14), value=st.integers(min_value=0, max_value=255))
def test_any_damaged_file_with_a_valid_crc_gives_activities_or_a_decode_error(
    position: int, value: int
) -> None:
    """Structure damage behind a recomputed CRC (the CRC cannot catch it) never escapes as
    another exception: the decoder checks every offset it follows."""
    body = bytearray(run_file()[:-2])
    body[position % len(body)] = value
    data = bytes(body) + struct.pack("<H", fit_crc(bytes(body)))
    try:
        activities = decode_fit(data, "x.fit")
    except DecodeError:
        return
    for activity in activities:
        assert len(activity.time_s) >= 0
