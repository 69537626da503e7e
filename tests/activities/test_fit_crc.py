"""The chunked numpy CRC equals the FIT protocol's byte-by-byte CRC-16 for any input."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kneewise.activities.fit.crc import crc16
from tests.activities.fit_helpers import fit_crc


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=6000))
def test_the_fast_crc_equals_the_protocol_crc(data: bytes) -> None:
    assert crc16(data) == fit_crc(data)


@pytest.mark.parametrize("length", [0, 1, 1023, 1024, 1025, 1056, 4097, 65_537, 300_001])
def test_the_fast_crc_is_right_at_every_chunking_boundary(length: int) -> None:
    data = random.Random(length).randbytes(length + 10)
    assert crc16(data, 7, 7 + length) == fit_crc(data[7 : 7 + length])


def test_a_crc_over_the_data_and_its_stored_crc_is_zero() -> None:
    data = random.Random(1).randbytes(5000)
    crc = crc16(data)
    assert crc16(data + crc.to_bytes(2, "little")) == 0
