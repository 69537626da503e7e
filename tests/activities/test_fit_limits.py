"""FIT files built to cost memory or time (chained segments, message floods, huge
definitions) stop at their limit while they are read, with a plain per-file error."""

from __future__ import annotations

import struct

import pytest

from kneewise.activities.fit import decode_fit, reader
from kneewise.activities.limits import LimitExceeded, Limits
from kneewise.activities.model import DecodeError, NotAnActivity
from tests.activities.clock_files import fit_file, steady_run
from tests.activities.fit_helpers import UINT8, FitWriter, fit_crc

EMPTY_SEGMENT = FitWriter().build()  # 14-byte header, no data, 2-byte CRC: valid on its own


def run_then_empty_segments(count: int) -> bytes:
    """A real 10-minute run followed by `count` empty chained FIT files (the reported attack)."""
    return fit_file(steady_run(600)) + EMPTY_SEGMENT * count


def test_an_empty_chained_segment_is_sixteen_valid_bytes() -> None:
    assert len(EMPTY_SEGMENT) == 16
    (activity,) = decode_fit(run_then_empty_segments(3), "run.fit")
    assert len(activity.time_s) == 600


def test_a_run_followed_by_too_many_chained_segments_is_refused_as_they_are_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    read: list[int] = []
    original = reader._read_segment

    def counting(data: bytes, start: int, budget: reader._Budget) -> reader.Segment:
        read.append(start)
        return original(data, start, budget)

    monkeypatch.setattr(reader, "_read_segment", counting)
    with pytest.raises(LimitExceeded) as refused:
        decode_fit(run_then_empty_segments(200_000), "chained.fit")
    assert refused.value.limit == "max_fit_segments"
    assert str(refused.value) == (
        "too many chained FIT segments: the file has more than 100 FIT segments; "
        "the limit is 100 (max_fit_segments)"
    )
    assert len(read) == Limits().max_fit_segments  # not the 200,001 segments of the file


def test_a_flood_of_one_byte_messages_is_refused_at_the_message_limit() -> None:
    # A definition without fields makes every data message a single header byte.
    flood = FitWriter().define(0, 0, []).raw(b"\x00" * 2_000_001).build()
    with pytest.raises(LimitExceeded, match=r"more than 2,000,000 messages.*max_fit_messages"):
        decode_fit(flood, "flood.fit")


def test_messages_are_counted_over_all_chained_segments() -> None:
    segment = FitWriter().define(0, 0, []).raw(b"\x00" * 400).build()
    limits = Limits(max_fit_messages=1_000)
    # 802 messages: within the limit, so the file is read to its end (no record in it).
    with pytest.raises(NotAnActivity):
        decode_fit(segment * 2, "two.fit", limits)
    with pytest.raises(LimitExceeded, match="max_fit_messages"):
        decode_fit(segment * 3, "three.fit", limits)


def test_many_distinct_definitions_of_255_fields_are_refused() -> None:
    w = FitWriter()
    for n in range(500):  # 500 × 255 fields declared, each definition different
        w.define(0, 1000 + n, [(i, UINT8) for i in range(255)])
    with pytest.raises(LimitExceeded, match="max_fit_definition_fields"):
        decode_fit(w.build(), "definitions.fit")


def test_a_definition_repeated_many_times_counts_once() -> None:
    w = FitWriter().define(0, 0, [(0, 0x00), (1, 0x84), (2, 0x84), (4, 0x86)])
    w.data(0, 4, 1, 2503, 1_000_000_000)
    for _ in range(1_000):  # 1,000 × 255 fields, all the same definition
        w.define(1, 1000, [(i, UINT8) for i in range(255)])
    with pytest.raises(NotAnActivity):  # read to the end: an activity file without records
        decode_fit(w.build(), "redefined.fit")


def test_a_header_declaring_four_gigabytes_of_data_is_a_truncated_file() -> None:
    header = struct.pack("<BBHI4s", 14, 0x20, 2132, 0xFFFF_FFFF, b".FIT")
    data = header + struct.pack("<H", fit_crc(header)) + b"\x40\x00\x00\x00\x00\x00" * 1000
    with pytest.raises(DecodeError, match="truncated FIT file"):
        decode_fit(data, "huge.fit")
