"""The small part of the public FIT profile Kneewise reads: base types, message and field
numbers, scales, and the sport codes it maps (checked against Garmin's FIT SDK profile 21.x).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np

from kneewise.activities.model import DecodeError

# FIT timestamps count seconds from 1989-12-31T00:00:00Z.
FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)

SEMICIRCLES_TO_DEGREES = 180.0 / 2**31


def fit_datetime(seconds: float) -> datetime:
    """A FIT timestamp (seconds since the FIT epoch) as a timezone-aware UTC datetime;
    DecodeError for one no datetime can hold (a float field of 1e308, say)."""
    if not -_MAX_FIT_SECONDS <= seconds <= _MAX_FIT_SECONDS:  # also False for NaN
        raise DecodeError(f"FIT date_time value {seconds:.6g} is not a readable time")
    return FIT_EPOCH + timedelta(seconds=seconds)


# About 1989 ± 7,000 years: well inside what datetime holds (years 1 to 9999).
_MAX_FIT_SECONDS = 7_000 * 365 * 86_400


@dataclass(frozen=True, slots=True)
class BaseType:
    """A FIT base type: its size, how numpy reads it, and the raw value meaning "invalid"."""

    name: str
    size: int
    numpy_code: str  # without byte order; the definition's architecture adds it
    invalid: int | None  # None: floats, whose invalid bit pattern is already a NaN


BYTE_BASE_TYPE = 0x0D

# Indexed by the low five bits of a field definition's base type byte.
BASE_TYPES: dict[int, BaseType] = {
    0x00: BaseType("enum", 1, "u1", 0xFF),
    0x01: BaseType("sint8", 1, "i1", 0x7F),
    0x02: BaseType("uint8", 1, "u1", 0xFF),
    0x03: BaseType("sint16", 2, "i2", 0x7FFF),
    0x04: BaseType("uint16", 2, "u2", 0xFFFF),
    0x05: BaseType("sint32", 4, "i4", 0x7FFF_FFFF),
    0x06: BaseType("uint32", 4, "u4", 0xFFFF_FFFF),
    0x07: BaseType("string", 1, "u1", 0x00),
    0x08: BaseType("float32", 4, "f4", None),
    0x09: BaseType("float64", 8, "f8", None),
    0x0A: BaseType("uint8z", 1, "u1", 0x00),
    0x0B: BaseType("uint16z", 2, "u2", 0x0000),
    0x0C: BaseType("uint32z", 4, "u4", 0x0000_0000),
    0x0D: BaseType("byte", 1, "u1", 0xFF),
    0x0E: BaseType("sint64", 8, "i8", 0x7FFF_FFFF_FFFF_FFFF),
    0x0F: BaseType("uint64", 8, "u8", 0xFFFF_FFFF_FFFF_FFFF),
    0x10: BaseType("uint64z", 8, "u8", 0x0000_0000_0000_0000),
}


def numpy_dtype(base: BaseType, big_endian: bool) -> np.dtype[np.generic]:
    """The numpy dtype that reads one value of `base` in the given byte order."""
    return np.dtype(("<", ">")[big_endian] + base.numpy_code)


# Global message numbers.
FILE_ID = 0
SPORT = 12
SESSION = 18
LAP = 19
RECORD = 20
ACTIVITY = 34

# Field numbers shared by many messages.
TIMESTAMP = 253

# file_id
FILE_ID_TYPE = 0
FILE_ID_MANUFACTURER = 1
FILE_ID_PRODUCT = 2
FILE_TYPE_ACTIVITY = 4

# sport (message 12)
SPORT_SPORT = 0

# record: value = raw / scale - offset
REC_LAT = 0
REC_LON = 1
REC_ALTITUDE = 2  # uint16, scale 5, offset 500 (m)
REC_HEART_RATE = 3
REC_CADENCE = 4
REC_DISTANCE = 5  # uint32, scale 100 (m)
REC_SPEED = 6  # uint16, scale 1000 (m/s)
REC_COMPRESSED_SPEED_DISTANCE = 8  # 3 bytes: 12-bit speed (scale 100), 12-bit distance (scale 16)
REC_FRACTIONAL_CADENCE = 53  # uint8, scale 128
REC_ENHANCED_SPEED = 73  # uint32, scale 1000
REC_ENHANCED_ALTITUDE = 78  # uint32, scale 5, offset 500
ALTITUDE_SCALE = 5.0
ALTITUDE_OFFSET = 500.0

# session (18) and lap (19) share the numbers of these totals
START_TIME = 2
TOTAL_ELAPSED_TIME = 7  # scale 1000 (s)
TOTAL_TIMER_TIME = 8  # scale 1000 (s)
TOTAL_DISTANCE = 9  # scale 100 (m)
SESSION_SPORT = 5
SESSION_AVG_HEART_RATE = 16
SESSION_MAX_HEART_RATE = 17
SESSION_AVG_CADENCE = 18  # avg_running_cadence (strides/min) when sport is running
SESSION_TOTAL_ASCENT = 22
SESSION_TOTAL_DESCENT = 23
SESSION_TOTAL_MOVING_TIME = 59  # scale 1000 (s)
SESSION_AVG_FRACTIONAL_CADENCE = 92  # scale 128
LAP_SPORT = 25

# sport codes (FIT `sport` type)
SPORT_GENERIC = 0
SPORT_RUNNING = 1
SPORT_CYCLING = 2
SPORT_WALKING = 11
SPORT_HIKING = 17
# Sports whose cadence is counted per leg (strides/min): doubled to steps/min.
ON_FOOT_SPORTS = frozenset({SPORT_GENERIC, SPORT_RUNNING, SPORT_WALKING, SPORT_HIKING})

MANUFACTURERS: dict[int, str] = {
    1: "garmin",
    13: "dynastream_oem",
    15: "dynastream",
    23: "suunto",
    32: "wahoo_fitness",
    70: "sigmasport",
    71: "tomtom",
    95: "stryd",
    123: "polar_electro",
    255: "development",
    260: "zwift",
    265: "strava",
    267: "bryton",
    289: "hammerhead",
    294: "coros",
    307: "onelap",
}

FILE_TYPES: dict[int, str] = {
    1: "device",
    2: "settings",
    3: "sport",
    4: "activity",
    5: "workout",
    6: "course",
    7: "schedules",
    9: "weight",
    10: "totals",
    11: "goals",
    14: "blood_pressure",
    15: "monitoring_a",
    20: "activity_summary",
    28: "monitoring_daily",
    32: "monitoring_b",
    34: "segment",
    35: "segment_list",
}
