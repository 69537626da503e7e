"""Runs for the chart tests, written as GPX (like tests/activity_files.gpx_run) or FIT (with the
test encoder of tests/activities/fit_helpers.py) from one synthetic course.

The course is a rectangle walked anticlockwise from its south-west corner, at a steady pace,
around a point whose coordinates are easy to look for in a page (they must never show).
Its elevation by distance: flat, then a steady descent, then flat, then a climb back.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tests.activities.fit_helpers import ENUM, SINT32, UINT8, UINT16, UINT32, FitWriter
from tests.activities.fit_helpers import fit_seconds as to_fit_seconds

START = datetime(2026, 3, 3, 7, 15, tzinfo=UTC)  # Tuesday 3 March
MIDDLE_LAT, MIDDLE_LON = 46.5191234, 6.6323456
LAT_TEXT, LON_TEXT = "46.519", "6.632"  # how a leaked coordinate would look in a page
METRES_PER_DEGREE = 111_195.0


@dataclass(frozen=True)
class Course:
    """Where the descent is (metres along the track) and how steep; the rest is flat or
    climbs back at the same grade at the end."""

    km: float = 3.0
    descent_from_m: float = 1000.0
    descent_to_m: float = 1500.0
    grade: float = -0.06
    seconds_per_km: float = 360.0
    every_s: int = 2
    width_m: float = 500.0  # the rectangle's east–west side
    wobble: float = 0.0  # pace and cadence swing by this share over ten minutes (0: steady)

    def elevation(self, d: float) -> float:
        drop = self.grade * (self.descent_to_m - self.descent_from_m)
        climb_from = self.km * 1000 - (self.descent_to_m - self.descent_from_m)
        if d <= self.descent_from_m:
            return 500.0
        if d <= self.descent_to_m:
            return 500.0 + self.grade * (d - self.descent_from_m)
        if d <= climb_from:
            return 500.0 + drop
        return 500.0 + drop - self.grade * (d - climb_from)

    def position(self, d: float) -> tuple[float, float]:
        """Latitude and longitude after `d` metres around the rectangle."""
        height = self.km * 1000 / 2 - self.width_m
        d %= self.km * 1000
        sides = [
            (self.width_m, (1, 0)),
            (height, (0, 1)),
            (self.width_m, (-1, 0)),
            (height, (0, -1)),
        ]
        east = north = 0.0
        for length, (dx, dy) in sides:
            step = min(d, length)
            east, north, d = east + dx * step, north + dy * step, d - step
        lat = MIDDLE_LAT + (north - height / 2) / METRES_PER_DEGREE
        lon = MIDDLE_LON + (east - self.width_m / 2) / (
            METRES_PER_DEGREE * math.cos(math.radians(MIDDLE_LAT))
        )
        return lat, lon

    def along(self, t: float) -> float:
        """Metres run after `t` seconds: the steady pace, swinging by `wobble`."""
        base, period = 1000 / self.seconds_per_km, 600.0
        swing = self.wobble * period / (2 * math.pi) * (1 - math.cos(2 * math.pi * t / period))
        return min(base * (t + swing), self.km * 1000)

    def samples(self) -> list[tuple[int, float]]:
        """(seconds, metres) every `every_s` seconds to the end of the course."""
        out = [(0, 0.0)]
        while out[-1][1] < self.km * 1000 - 1e-6:
            t = out[-1][0] + self.every_s
            out.append((t, self.along(t)))
        return out


def gpx(
    course: Course = Course(),
    *,
    start: datetime = START,
    heart_rate: bool = True,
    cadence: bool = True,
    elevation: bool = True,
    positions: bool = True,
) -> str:
    """The course as GPX: heart rate 140 rising to 160, cadence 170 steps/min (85 per leg).
    Without `positions` every point is at the middle (GPX needs coordinates): no distance."""
    points = []
    samples = course.samples()
    for t, d in samples:
        lat, lon = course.position(d) if positions else (MIDDLE_LAT, MIDDLE_LON)
        extensions = ""
        if heart_rate:
            extensions += f"<gpxtpx:hr>{140 + round(20 * t / samples[-1][0])}</gpxtpx:hr>"
        if cadence:
            per_leg = 85 + round(3 * course.wobble / 0.1 * math.sin(2 * math.pi * t / 600))
            extensions += f"<gpxtpx:cad>{per_leg}</gpxtpx:cad>"
        when = (start + timedelta(seconds=t)).strftime("%Y-%m-%dT%H:%M:%SZ")
        points.append(
            f'<trkpt lat="{lat:.7f}" lon="{lon:.7f}">'
            + (f"<ele>{course.elevation(d):.2f}</ele>" if elevation else "")
            + f"<time>{when}</time>"
            + (
                "<extensions><gpxtpx:TrackPointExtension>"
                f"{extensions}</gpxtpx:TrackPointExtension></extensions>"
                if extensions
                else ""
            )
            + "</trkpt>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="kneewise-tests" xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
        "<trk><name>Chart run</name><type>running</type>"
        f"<trkseg>{''.join(points)}</trkseg></trk></gpx>"
    )


SEMI = 2**31 / 180.0  # FIT semicircles per degree
FILE_ID = [(0, ENUM), (1, UINT16), (2, UINT16), (4, UINT32)]
RECORD = [(253, UINT32), (0, SINT32), (1, SINT32), (5, UINT32), (2, UINT16), (6, UINT16),
          (3, UINT8), (4, UINT8), (53, UINT8)]  # fmt: skip
SESSION = [(253, UINT32), (2, UINT32), (7, UINT32), (8, UINT32), (9, UINT32), (5, ENUM),
           (16, UINT8), (17, UINT8), (18, UINT8), (92, UINT8), (22, UINT16)]  # fmt: skip
ACTIVITY = [(253, UINT32), (1, UINT16)]


def fit(course: Course = Course(), *, start: datetime = START) -> bytes:
    """The course as a FIT activity: positions, distance, altitude, speed, heart rate 150 and
    cadence 85.5 strides (171 steps) a minute; a session without an ascent of its own."""
    t0 = to_fit_seconds(int(start.timestamp()))
    speed = 1000 / course.seconds_per_km
    w = FitWriter().define(0, 0, FILE_ID).data(0, 4, 1, 2503, t0)
    w.define(1, 20, RECORD)
    samples = course.samples()
    for t, d in samples:
        lat, lon = course.position(d)
        w.data(
            1, t0 + t, round(lat * SEMI), round(lon * SEMI), round(d * 100),
            round((course.elevation(d) + 500) * 5), round(speed * 1000), 150, 85, 64,
        )  # fmt: skip
    seconds, metres = samples[-1]
    w.define(3, 18, SESSION).data(
        3, t0 + seconds, t0, seconds * 1000, seconds * 1000, round(metres * 100),
        1, 150, 165, 85, 64, 0xFFFF,
    )  # fmt: skip
    return w.define(4, 34, ACTIVITY).data(4, t0 + seconds, 1).build()


def treadmill_fit(minutes: int = 20, *, start: datetime = START) -> bytes:
    """A run indoors: time, heart rate and cadence only (no positions, distance or altitude)."""
    t0 = to_fit_seconds(int(start.timestamp()))
    w = FitWriter().define(0, 0, FILE_ID).data(0, 4, 1, 2503, t0)
    w.define(1, 20, [(253, UINT32), (3, UINT8), (4, UINT8)])
    seconds = minutes * 60
    for t in range(0, seconds + 1, 5):
        w.data(1, t0 + t, 130 + t % 7, 84)
    w.define(3, 18, SESSION).data(
        3, t0 + seconds, t0, seconds * 1000, seconds * 1000, 0xFFFFFFFF,
        1, 133, 136, 84, 0, 0xFFFF,
    )  # fmt: skip
    return w.define(4, 34, ACTIVITY).data(4, t0 + seconds, 1).build()
