"""Generated activity files whose device clock misbehaves (issue #9): FIT bytes written with
the test encoder of fit_helpers.py, and GPX/TCX text, from one list of samples.

A run is a list of `Sample`s: what the watch wrote for each record, i.e. its (possibly wrong)
timestamp and the distance travelled. The scenarios below start from an honest 1 Hz run at
3 m/s and then break the clock the way devices do, so each test's expected values follow
from the scenario's arguments.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Final

from tests.activities.fit_helpers import (
    ENUM,
    FIT_EPOCH_UNIX,
    SINT32,
    UINT8,
    UINT16,
    UINT32,
    FitWriter,
)

START: Final = datetime(2024, 5, 4, 7, 30, tzinfo=UTC)
FIT_EPOCH: Final = datetime.fromtimestamp(FIT_EPOCH_UNIX, UTC)
SPEED_MPS: Final = 3.0
METRES_PER_DEGREE: Final = 6_371_008.8 * 3.141592653589793 / 180  # the summary's sphere
SEMICIRCLES_PER_DEGREE: Final = 2**31 / 180.0


@dataclass(frozen=True)
class Sample:
    stamp: datetime  # what the device wrote, right or wrong
    distance_m: float | None  # None: an empty record (no distance, no position)
    speed_mps: float = SPEED_MPS


@dataclass(frozen=True)
class FitSession:
    """A FIT session (plus its activity message): the device's own totals."""

    start: datetime
    elapsed_s: float
    timer_s: float
    distance_m: float


# --- scenarios ---------------------------------------------------------------------------


def steady_run(seconds: int, *, first: int = 0, distance_at_first: float = 0.0) -> list[Sample]:
    """One sample per second at 3 m/s: true times START + first … START + first + seconds − 1."""
    return [
        Sample(START + timedelta(seconds=first + i), distance_at_first + SPEED_MPS * i)
        for i in range(seconds)
    ]


def shifted(samples: Sequence[Sample], seconds: float) -> list[Sample]:
    """The same samples stamped `seconds` later (earlier when negative): a clock that jumped."""
    return [replace(s, stamp=s.stamp + timedelta(seconds=seconds)) for s in samples]


def clock_jump(seconds: int, at: int, by: float) -> list[Sample]:
    """A steady run whose clock jumps by `by` seconds before sample `at` (forward or back)."""
    run = steady_run(seconds)
    return run[:at] + shifted(run[at:], by)


def device_clock_start(seconds: int, before_gps: int, device_seconds: int = 1000) -> list[Sample]:
    """A steady run whose first `before_gps` samples carry the device's count since power-up
    (FIT "system time": `device_seconds` after the FIT epoch, i.e. 31 Dec 1989), until GPS time
    arrives."""
    run = steady_run(seconds)
    early = [
        replace(s, stamp=FIT_EPOCH + timedelta(seconds=device_seconds + i))
        for i, s in enumerate(run[:before_gps])
    ]
    return early + run[before_gps:]


def with_trailing_record(samples: Sequence[Sample], after_s: float) -> list[Sample]:
    """An empty record `after_s` seconds after the last sample (no distance, no position)."""
    return [*samples, Sample(samples[-1].stamp + timedelta(seconds=after_s), None, 0.0)]


def run_with_pause(run_s: int, pause_s: int, *, standing_samples: bool) -> list[Sample]:
    """Run `run_s`, stand still `pause_s`, run `run_s` again. Standing is recorded once a second
    (the timer ran on) or not at all (auto-pause: a gap in the timestamps)."""
    first = steady_run(run_s)
    stopped_at = SPEED_MPS * run_s
    standing = [
        Sample(START + timedelta(seconds=run_s + i), stopped_at, 0.0) for i in range(pause_s)
    ]
    second = steady_run(run_s, first=run_s + pause_s, distance_at_first=stopped_at)
    return first + (standing if standing_samples else []) + second


# --- FIT ---------------------------------------------------------------------------------

_FILE_ID = [(0, ENUM), (1, UINT16), (2, UINT16), (4, UINT32)]
_RECORD = [(253, UINT32), (0, SINT32), (1, SINT32), (5, UINT32), (6, UINT16), (3, UINT8)]
_LAP = [(253, UINT32), (2, UINT32), (7, UINT32), (8, UINT32), (9, UINT32)]
_SESSION = [(253, UINT32), (2, UINT32), (7, UINT32), (8, UINT32), (9, UINT32), (5, ENUM)]
_ACTIVITY = [(253, UINT32), (1, UINT16)]


def fit_time(moment: datetime) -> int:
    return round((moment - FIT_EPOCH).total_seconds())


def fit_file(
    samples: Sequence[Sample],
    *,
    session: FitSession | None = None,
    lap: FitSession | None = None,
) -> bytes:
    """A FIT running activity: file_id, the records, then a lap and a session if given, and
    always an activity message (what a device writes when it closes a recording)."""
    end = fit_time(max(s.stamp for s in samples))
    w = FitWriter().define(0, 0, _FILE_ID).data(0, 4, 1, 2503, fit_time(samples[0].stamp))
    w.define(1, 20, _RECORD)
    for s in samples:
        if s.distance_m is None:
            w.data(1, fit_time(s.stamp), 0x7FFFFFFF, 0x7FFFFFFF, 0xFFFFFFFF, 0xFFFF, 0xFF)
            continue
        latitude = 47.0 + s.distance_m / METRES_PER_DEGREE
        w.data(
            1,
            fit_time(s.stamp),
            round(latitude * SEMICIRCLES_PER_DEGREE),
            round(8.0 * SEMICIRCLES_PER_DEGREE),
            round(s.distance_m * 100),
            round(s.speed_mps * 1000),
            150,
        )
    for local, number, fields, totals in ((2, 19, _LAP, lap), (3, 18, _SESSION, session)):
        if totals is not None:
            values = [
                end,
                fit_time(totals.start),
                round(totals.elapsed_s * 1000),
                round(totals.timer_s * 1000),
                round(totals.distance_m * 100),
            ]
            w.define(local, number, fields).data(local, *values, *([1] if number == 18 else []))
    return w.define(4, 34, _ACTIVITY).data(4, end, 1).build()


# --- GPX and TCX -------------------------------------------------------------------------


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _position(sample: Sample) -> tuple[float, float]:
    assert sample.distance_m is not None, "GPX/TCX points of these files all have a position"
    return 47.0 + sample.distance_m / METRES_PER_DEGREE, 8.0


def gpx_file(samples: Sequence[Sample]) -> bytes:
    points = "".join(
        f'<trkpt lat="{lat:.9f}" lon="{lon:.9f}"><time>{_iso(s.stamp)}</time></trkpt>'
        for s in samples
        for lat, lon in [_position(s)]
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="clock tests" '
        'xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type>'
        f"<trkseg>{points}</trkseg></trk></gpx>"
    ).encode()


def tcx_file(samples: Sequence[Sample], *, timer_s: float) -> bytes:
    points = "".join(
        f"<Trackpoint><Time>{_iso(s.stamp)}</Time><Position><LatitudeDegrees>{lat:.9f}"
        f"</LatitudeDegrees><LongitudeDegrees>{lon:.9f}</LongitudeDegrees></Position>"
        f"<DistanceMeters>{s.distance_m}</DistanceMeters></Trackpoint>"
        for s in samples
        for lat, lon in [_position(s)]
    )
    distance = max(s.distance_m or 0.0 for s in samples)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<TrainingCenterDatabase '
        'xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities>'
        f'<Activity Sport="Running"><Id>{_iso(samples[0].stamp)}</Id>'
        f'<Lap StartTime="{_iso(samples[0].stamp)}"><TotalTimeSeconds>{timer_s}'
        f"</TotalTimeSeconds><DistanceMeters>{distance}</DistanceMeters>"
        f"<Track>{points}</Track></Lap></Activity></Activities></TrainingCenterDatabase>"
    ).encode()
