"""Synthetic one-hour FIT runs for the import benchmark: 1 Hz records like a GPS watch writes.

Each run gets its own start time, route offset and pace, so files are distinct; bytes per
hour (~100 kB) match the corpus's real runs (85–160 kB/h).
"""

from __future__ import annotations

import struct
from datetime import UTC, datetime

import numpy as np

from kneewise.activities.fit.crc import crc16

FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
SEMICIRCLES = 2**31 / 180

# (field number, size, base type) per message; little-endian definitions.
_FILE_ID = (0, [(0, 1, 0x00), (1, 2, 0x84), (2, 2, 0x84), (4, 4, 0x86)])
_RECORD = (
    20,
    [
        (253, 4, 0x86),  # timestamp
        (0, 4, 0x85),  # position_lat
        (1, 4, 0x85),  # position_long
        (5, 4, 0x86),  # distance, 1/100 m
        (78, 4, 0x86),  # enhanced_altitude, scale 5, offset 500
        (73, 4, 0x86),  # enhanced_speed, 1/1000 m/s
        (3, 1, 0x02),  # heart_rate
        (4, 1, 0x02),  # cadence (strides/min)
        (53, 1, 0x02),  # fractional_cadence, 1/128
    ],
)
_SESSION = (
    18,
    [
        (253, 4, 0x86),
        (2, 4, 0x86),  # start_time
        (7, 4, 0x86),  # total_elapsed_time, ms
        (8, 4, 0x86),  # total_timer_time, ms
        (9, 4, 0x86),  # total_distance, cm
        (5, 1, 0x00),  # sport
        (16, 1, 0x02),  # avg_heart_rate
        (17, 1, 0x02),  # max_heart_rate
        (18, 1, 0x02),  # avg_cadence
    ],
)


def _definition(local: int, message: tuple[int, list[tuple[int, int, int]]]) -> bytes:
    number, fields = message
    head = struct.pack("<BBBHB", 0x40 | local, 0, 0, number, len(fields))
    return head + b"".join(struct.pack("<BBB", *f) for f in fields)


def fit_run(index: int, seconds: int = 3600) -> bytes:
    """The bytes of run `index`: a distinct start time (one day apart) and a gently hilly loop."""
    rng = np.random.default_rng(index)
    start = int(datetime(2021, 1, 1, 7, tzinfo=UTC).timestamp() - FIT_EPOCH.timestamp())
    start += index * 86_400 + int(rng.integers(0, 3_600))
    t = np.arange(seconds)
    speed = 2.8 + 0.3 * np.sin(t / 300) + rng.normal(0, 0.05, seconds)
    distance = np.cumsum(speed)
    angle = distance / 2_000
    lat = 47.0 + 0.01 * np.sin(angle) + index * 1e-4
    lon = 8.0 + 0.01 * np.cos(angle)
    altitude = 400 + 25 * np.sin(distance / 1_500)
    cadence = 82 + rng.integers(-2, 3, seconds)
    heart = 140 + 10 * np.sin(t / 600) + rng.normal(0, 2, seconds)

    records = np.zeros(
        seconds,
        dtype=np.dtype(
            [("h", "u1"), ("ts", "<u4"), ("lat", "<i4"), ("lon", "<i4"), ("dist", "<u4"),
             ("alt", "<u4"), ("speed", "<u4"), ("hr", "u1"), ("cad", "u1"), ("frac", "u1")]
        ),
    )  # fmt: skip
    records["h"] = 1
    records["ts"] = start + t
    records["lat"] = np.round(lat * SEMICIRCLES)
    records["lon"] = np.round(lon * SEMICIRCLES)
    records["dist"] = np.round(distance * 100)
    records["alt"] = np.round((altitude + 500) * 5)
    records["speed"] = np.round(speed * 1000)
    records["hr"] = np.clip(np.round(heart), 60, 200)
    records["cad"] = cadence
    records["frac"] = 64

    body = bytearray()
    body += _definition(0, _FILE_ID)
    body += struct.pack("<BBHHI", 0, 4, 1, 2697, start)  # activity file, Garmin
    body += _definition(1, _RECORD)
    body += records.tobytes()
    body += _definition(2, _SESSION)
    elapsed_ms = seconds * 1000
    body += struct.pack(
        "<BIIIIIBBBB",
        2,
        start + seconds,
        start,
        elapsed_ms,
        elapsed_ms,
        int(distance[-1] * 100),
        1,  # running
        int(heart.mean()),
        int(heart.max()),
        82,
    )
    header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(body), b".FIT")
    header += struct.pack("<H", crc16(header))
    data = header + bytes(body)
    return data + struct.pack("<H", crc16(data))
