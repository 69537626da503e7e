"""One neutral model for every activity file: typed sample streams plus the device's totals.

Decoders (FIT, GPX, TCX) fill `ActivityStreams`; `summary.py` turns it into an
`ActivitySummary` (design.md §3.4). We never convert one format into another.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


class FileFormat(StrEnum):
    FIT = "fit"
    GPX = "gpx"
    TCX = "tcx"


class Sport(StrEnum):
    RUNNING = "running"
    WALKING = "walking"
    HIKING = "hiking"
    CYCLING = "cycling"
    OTHER = "other"


class ElevationSource(StrEnum):
    BAROMETRIC = "barometric"  # FIT enhanced_altitude/altitude from a barometric watch
    GPS = "gps"  # GPX/TCX or a watch without barometer


@dataclass(frozen=True, slots=True)
class Lap:
    start_time: datetime
    elapsed_s: float | None = None
    timer_s: float | None = None
    distance_m: float | None = None


@dataclass(frozen=True, slots=True)
class DeviceTotals:
    """What the device itself reported (FIT session messages, TCX laps); None when absent."""

    elapsed_s: float | None = None
    timer_s: float | None = None
    moving_s: float | None = None
    distance_m: float | None = None
    ascent_m: float | None = None
    descent_m: float | None = None
    avg_cadence_spm: float | None = None
    avg_hr_bpm: float | None = None
    max_hr_bpm: float | None = None


@dataclass(frozen=True, slots=True)
class ActivityStreams:
    """Samples on one time axis; every stream has the length of `time_s` and uses NaN for
    a missing sample. A stream the file does not carry at all is None.

    `time_s` is seconds since `start_time` (UTC, timezone-aware). Cadence is already in steps
    per minute (FIT and Garmin XML store running cadence per leg; decoders double it).
    """

    source: str
    format: FileFormat
    sport: Sport
    start_time: datetime | None
    time_s: FloatArray
    distance_m: FloatArray | None = None
    elevation_m: FloatArray | None = None
    elevation_source: ElevationSource | None = None
    speed_mps: FloatArray | None = None
    cadence_spm: FloatArray | None = None
    heart_rate_bpm: FloatArray | None = None
    latitude: FloatArray | None = None
    longitude: FloatArray | None = None
    laps: tuple[Lap, ...] = ()
    totals: DeviceTotals = field(default_factory=DeviceTotals)
    device: str | None = None

    def __post_init__(self) -> None:
        if self.start_time is not None and self.start_time.utcoffset() is None:
            raise ValueError("start_time must be timezone-aware (UTC)")
        n = len(self.time_s)
        for name in (
            "distance_m",
            "elevation_m",
            "speed_mps",
            "cadence_spm",
            "heart_rate_bpm",
            "latitude",
            "longitude",
        ):
            stream = getattr(self, name)
            if stream is not None and len(stream) != n:
                raise ValueError(f"{name} has {len(stream)} samples, time_s has {n}")

    @property
    def is_route(self) -> bool:
        """A track without timestamps is a planned route, not an activity."""
        return self.start_time is None


@dataclass(frozen=True, slots=True)
class ActivitySummary:
    """Per-activity summary, exactly the fields of design.md §3.4 (None = unknown)."""

    source: str
    format: FileFormat
    sport: Sport
    start_time: datetime
    elapsed_s: float | None
    moving_s: float | None
    distance_m: float | None
    ascent_m: float | None
    descent_m: float | None
    downhill_m: float | None
    avg_cadence_spm: float | None
    avg_hr_bpm: float | None
    max_hr_bpm: float | None
    knee_load: float | None

    def as_json(self) -> dict[str, object]:
        return {
            "source": self.source,
            "format": self.format.value,
            "sport": self.sport.value,
            "start_time": self.start_time.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "elapsed_s": _round(self.elapsed_s, 3),
            "moving_s": _round(self.moving_s, 3),
            "distance_m": _round(self.distance_m, 2),
            "ascent_m": _round(self.ascent_m, 1),
            "descent_m": _round(self.descent_m, 1),
            "downhill_m": _round(self.downhill_m, 1),
            "avg_cadence_spm": _round(self.avg_cadence_spm, 2),
            "avg_hr_bpm": _round(self.avg_hr_bpm, 2),
            "max_hr_bpm": _round(self.max_hr_bpm, 1),
            "knee_load": _round(self.knee_load, 1),
        }


class DecodeError(ValueError):
    """A file could not be decoded; the message says what and where (e.g. a byte offset)."""


class NotAnActivity(DecodeError):
    """A readable file that is not an activity (a route, a settings or monitoring FIT file):
    skipped with this reason, not counted as a failure."""


@dataclass(frozen=True, slots=True)
class FileError:
    """A per-file failure, reported as a value so the rest of an import goes on."""

    source: str
    error: str

    def as_json(self) -> dict[str, str]:
        return {"source": self.source, "error": self.error}


def _round(value: float | None, digits: int) -> float | None:
    if value is None or not np.isfinite(value):
        return None
    return round(float(value), digits)
