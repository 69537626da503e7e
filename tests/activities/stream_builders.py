"""Small generated activities for summary, elevation and knee-load tests.

A run is a list of `Leg`s (constant speed, grade and cadence); the builder samples it at the
leg's interval and integrates distance and elevation exactly, so the expected values of a
test follow from its arguments.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np

from kneewise.activities.model import (
    ActivityStreams,
    DeviceTotals,
    ElevationSource,
    FileFormat,
    FloatArray,
    Sport,
)

START = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
METRES_PER_DEGREE = 6_371_008.8 * np.pi / 180  # along a meridian, on the summary's sphere
EASY_PACE_S_PER_KM = 360.0  # 6:00 min/km


@dataclass(frozen=True)
class Leg:
    seconds: float
    speed_mps: float
    grade: float = 0.0
    cadence_spm: float = 170.0
    hr_bpm: float = 150.0
    interval_s: float = 1.0
    recorded: bool = True  # False: the watch was paused, no samples at all


def pace_to_speed(pace_s_per_km: float) -> float:
    return 1000.0 / pace_s_per_km


def run_from_legs(
    legs: Sequence[Leg],
    *,
    start_elevation_m: float = 100.0,
    elevation_source: ElevationSource | None = ElevationSource.GPS,
    sport: Sport = Sport.RUNNING,
    fmt: FileFormat = FileFormat.FIT,
    totals: DeviceTotals | None = None,
    with_positions: bool = False,
) -> ActivityStreams:
    times, dists, elevs = [0.0], [0.0], [start_elevation_m]
    cads, hrs, speeds = [0.0], [np.nan], [0.0]
    t = d = 0.0
    e = start_elevation_m
    for leg in legs:
        n = max(1, round(leg.seconds / leg.interval_s))
        for _ in range(n):
            t += leg.interval_s
            step = leg.speed_mps * leg.interval_s
            d += step
            e += leg.grade * step
            if leg.recorded:
                times.append(t)
                dists.append(d)
                elevs.append(e)
                cads.append(leg.cadence_spm)
                hrs.append(leg.hr_bpm)
                speeds.append(leg.speed_mps)
    distance = np.array(dists)
    return ActivityStreams(
        source="generated.fit",
        format=fmt,
        sport=sport,
        start_time=START,
        time_s=np.array(times),
        distance_m=distance,
        elevation_m=np.array(elevs),
        elevation_source=elevation_source,
        speed_mps=np.array(speeds),
        cadence_spm=np.array(cads),
        heart_rate_bpm=np.array(hrs),
        latitude=47.0 + distance / METRES_PER_DEGREE if with_positions else None,
        longitude=np.full(len(distance), 8.0) if with_positions else None,
        totals=totals or DeviceTotals(),
    )


def _seconds(km: float, pace_s_per_km: float) -> float:
    return km * pace_s_per_km


def flat_run(
    km: float = 5.0,
    pace_s_per_km: float = EASY_PACE_S_PER_KM,
    *,
    cadence_spm: float = 170.0,
    **options: Any,
) -> ActivityStreams:
    leg = Leg(_seconds(km, pace_s_per_km), pace_to_speed(pace_s_per_km), cadence_spm=cadence_spm)
    return run_from_legs([leg], **options)


def steady_grade(
    grade: float, km: float = 2.0, pace_s_per_km: float = EASY_PACE_S_PER_KM, **options: Any
) -> ActivityStreams:
    """A run on one constant grade the whole way (−0.06 = a 6 % descent)."""
    leg = Leg(_seconds(km, pace_s_per_km), pace_to_speed(pace_s_per_km), grade=grade)
    return run_from_legs([leg], start_elevation_m=1000.0, **options)


def steady_descent(grade: float, km: float = 2.0, **options: Any) -> ActivityStreams:
    assert grade <= 0, "a descent has a negative grade"
    return steady_grade(grade, km, **options)


def descent_between_flats(
    grade: float, descent_km: float, flat_km: float = 1.0, **options: Any
) -> ActivityStreams:
    speed = pace_to_speed(EASY_PACE_S_PER_KM)
    flat = Leg(_seconds(flat_km, EASY_PACE_S_PER_KM), speed)
    descent = Leg(_seconds(descent_km, EASY_PACE_S_PER_KM), speed, grade=grade)
    return run_from_legs([flat, descent, flat], start_elevation_m=1000.0, **options)


def rolling_hills(
    climb_m: float, hills: int, hill_km: float = 0.5, **options: Any
) -> ActivityStreams:
    """`hills` rounded (sine-shaped) hills, each `climb_m` high and `hill_km` long, starting
    and ending in a valley."""
    speed = pace_to_speed(EASY_PACE_S_PER_KM)
    piece_s = 5.0
    pieces = round(hill_km * EASY_PACE_S_PER_KM / piece_s)
    hill_m = hill_km * 1000
    legs = []
    for _ in range(hills):
        for k in range(pieces):
            x = (k + 0.5) / pieces * hill_m
            grade = climb_m / 2 * (2 * np.pi / hill_m) * np.sin(2 * np.pi * x / hill_m)
            legs.append(Leg(piece_s, speed, grade=float(grade)))
    return run_from_legs(legs, **options)


def run_with_pause(
    km_before: float = 2.0,
    pause_s: float = 300.0,
    km_after: float = 2.0,
    *,
    recorded: bool = False,
    **options: Any,
) -> ActivityStreams:
    """A pause mid-run: without samples (auto-pause, FIT) or recorded standing still."""
    speed = pace_to_speed(EASY_PACE_S_PER_KM)
    return run_from_legs(
        [
            Leg(_seconds(km_before, EASY_PACE_S_PER_KM), speed),
            Leg(pause_s, 0.0, cadence_spm=0.0, hr_bpm=110.0, recorded=recorded),
            Leg(_seconds(km_after, EASY_PACE_S_PER_KM), speed),
        ],
        **options,
    )


def cadence_step_change(
    km_each: float = 2.5, first_spm: float = 160.0, second_spm: float = 176.0, **options: Any
) -> ActivityStreams:
    speed = pace_to_speed(EASY_PACE_S_PER_KM)
    seconds = _seconds(km_each, EASY_PACE_S_PER_KM)
    return run_from_legs(
        [Leg(seconds, speed, cadence_spm=first_spm), Leg(seconds, speed, cadence_spm=second_spm)],
        **options,
    )


def uneven_heart_rate_run() -> ActivityStreams:
    """10 min sampled every second at 170 bpm, then 50 min sampled every 10 s at 130 bpm:
    time-weighted ≈ 136.7 bpm, the plain mean of the samples ≈ 156.7 bpm."""
    speed = pace_to_speed(EASY_PACE_S_PER_KM)
    return run_from_legs(
        [Leg(600, speed, hr_bpm=170.0), Leg(3000, speed, hr_bpm=130.0, interval_s=10.0)]
    )


def noisy_gps_elevation(
    streams: ActivityStreams, amplitude_m: float = 3.0, seed: int = 0
) -> ActivityStreams:
    """The same activity with independent uniform ±`amplitude_m` noise on every elevation
    sample, marked as GPS elevation."""
    assert streams.elevation_m is not None
    rng = np.random.default_rng(seed)
    noise = rng.uniform(-amplitude_m, amplitude_m, len(streams.elevation_m))
    return dataclasses.replace(
        streams,
        elevation_m=streams.elevation_m + noise,
        elevation_source=ElevationSource.GPS,
    )


def with_cadence_dropouts(streams: ActivityStreams, every: int = 5) -> ActivityStreams:
    """Every `every`-th sample reads cadence 0 while running (a sensor dropout)."""
    assert streams.cadence_spm is not None
    cadence = streams.cadence_spm.copy()
    cadence[::every] = 0.0
    return dataclasses.replace(streams, cadence_spm=cadence)


def without(streams: ActivityStreams, *names: str) -> ActivityStreams:
    """The same activity without the named streams (e.g. "distance_m", "speed_mps")."""
    missing: dict[str, Any] = dict.fromkeys(names)
    return dataclasses.replace(streams, **missing)


def replace_stream(streams: ActivityStreams, name: str, values: FloatArray) -> ActivityStreams:
    changed: dict[str, Any] = {name: values}
    return dataclasses.replace(streams, **changed)
