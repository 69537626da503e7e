"""`ActivityStreams` → `ActivitySummary` (design.md §3.4): pure, deterministic, vectorised.

Choices (details and reasons in docs/knee-load.md):
- elapsed: last − first sample, or the device's elapsed time when that is longer (it also
  covers the second before the first record); the device's value alone without samples.
- moving: intervals whose speed is ≥ `MOVING_SPEED_MPS[sport]` and that are at most
  `MAX_GAP_S` long (a longer silence is a pause or a lost signal). Speed is the device's speed
  stream, or distance over a centred `SPEED_WINDOW_S` window, whichever is higher. Without
  any positive speed (no GPS, pool swims, indoor rowing): the device's moving, else timer time.
- distance: the device's total when it is positive (FIT session, TCX laps), else the distance
  stream, else from positions, else integrated speed.
- ascent/descent: the device's totals when present (barometric watches), else smoothed
  elevation (elevation.py). downhill_m always from the smoothed elevation.
- cadence: time-weighted over moving intervals with non-zero cadence (cadence *while
  running*, R24); null for cycling (pedal rpm is not steps) and other sports.
- heart rate: time-weighted over samples (uneven sampling), max of samples; device values
  without samples.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from kneewise.activities import elevation
from kneewise.activities.knee_load import knee_load
from kneewise.activities.model import (
    ActivityStreams,
    ActivitySummary,
    FileFormat,
    FloatArray,
    NotAnActivity,
    Sport,
)

MOVING_SPEED_MPS: dict[Sport, float] = {
    Sport.RUNNING: 0.5,  # 1.8 km/h: slower than any shuffle, faster than standing-still drift
    Sport.WALKING: 0.5,
    Sport.HIKING: 0.28,  # 1 km/h like gpxpy: steep climbs are slow horizontally
    Sport.CYCLING: 1.0,
    Sport.OTHER: 0.28,
}
MAX_GAP_S = 60.0  # a longer interval between samples is a pause (or no signal), never moving
SPEED_WINDOW_S = 10.0  # distance-derived speed over a centred window, to damp GPS jitter
CADENCE_SPORTS = frozenset({Sport.RUNNING, Sport.WALKING, Sport.HIKING})
EARTH_RADIUS_M = 6_371_008.8

IndexArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]


# A FIT session average within this many steps/min of the stepping samples' mean is kept.
DEVICE_CADENCE_AGREEMENT_SPM = 5.0
# Samples running more than this past the device's elapsed time mean a truncated session.
TRUNCATED_SESSION_S = 60.0


def summarize(
    streams: ActivityStreams, *, cadence_baseline_spm: float | None = None
) -> ActivitySummary:
    """Summarise one activity; None for every value that cannot be known, never NaN."""
    if streams.start_time is None:
        raise NotAnActivity(f"{streams.source}: a track without timestamps is a route")
    order = _sample_order(streams.time_s)
    t = streams.time_s[order]
    totals = streams.totals
    dt = np.diff(t)
    in_gap = dt <= MAX_GAP_S
    along = _along_track(streams, order, t)

    speed = _interval_speed(t, along, _pick(streams.speed_mps, order))
    moving = None  # unknown without any positive speed (pool swims, indoor rowing, no GPS)
    if speed is not None and bool(np.any(speed > 0)):
        moving = in_gap & (speed >= MOVING_SPEED_MPS[streams.sport])

    elapsed = _finite(float(t[-1] - t[0])) if len(t) else None
    device_elapsed = _finite(totals.elapsed_s)
    # The device's elapsed time (start to stop button) wins, unless the samples run on well
    # past it: then the session was cut short (a watch that never closed it) and the samples
    # are the better truth (corpus caveat "truncated FIT sessions").
    if device_elapsed is not None and (
        elapsed is None or elapsed <= device_elapsed + TRUNCATED_SESSION_S
    ):
        elapsed = device_elapsed

    if moving is not None:
        moving_s: float | None = float(dt[moving].sum())
    else:
        moving_s = _finite(totals.moving_s)
        if moving_s is None:
            moving_s = _finite(totals.timer_s)

    distance = _positive(totals.distance_m)
    if distance is None and along is not None:
        distance = _finite(max(float(along[-1]), 0.0))
    if distance is None:
        distance = _finite(totals.distance_m)

    ascent = descent = downhill = None
    bin_length = grades = None
    elev = _pick(streams.elevation_m, order)
    if elev is not None:
        smoothing = elevation.smoothing_for(streams.elevation_source)
        by_distance = (
            elevation.profile(along, elev, step=elevation.BIN_M, smoothing=smoothing)
            if along is not None
            else None
        )
        prof = by_distance or elevation.profile(
            t, elev, step=elevation.TIME_BIN_S, smoothing=smoothing
        )
        if prof is not None:
            found = elevation.climbs(prof, smoothing.hysteresis_m)
            ascent, descent = found.ascent_m, found.descent_m
        if by_distance is not None:
            grades = elevation.grade(by_distance)
            bin_length = by_distance.length
            downhill = elevation.downhill_m(by_distance, grades)
    ascent = _finite(totals.ascent_m) if _finite(totals.ascent_m) is not None else ascent
    descent = _finite(totals.descent_m) if _finite(totals.descent_m) is not None else descent

    cadence = _avg_cadence(streams, order, dt, in_gap, moving)
    avg_hr, max_hr = _heart_rate(streams, order, t)

    return ActivitySummary(
        source=streams.source,
        format=streams.format,
        sport=streams.sport,
        start_time=streams.start_time,
        elapsed_s=elapsed,
        moving_s=_finite(moving_s),
        distance_m=_finite(distance),
        ascent_m=_finite(ascent),
        descent_m=_finite(descent),
        downhill_m=_finite(downhill),
        avg_cadence_spm=_finite(cadence),
        avg_hr_bpm=_finite(avg_hr),
        max_hr_bpm=_finite(max_hr),
        knee_load=_finite(
            knee_load(
                sport=streams.sport,
                distance_m=_finite(distance),
                bin_length_m=bin_length,
                grades=grades,
                cadence_spm=_finite(cadence),
                baseline_spm=cadence_baseline_spm,
            )
        ),
    )


def _sample_order(time_s: FloatArray) -> IndexArray:
    """Indices of the samples with a finite time, in time order (decoders usually sort)."""
    finite = np.flatnonzero(np.isfinite(time_s))
    times = time_s[finite]
    if len(times) > 1 and bool(np.any(times[1:] < times[:-1])):
        finite = finite[np.argsort(times, kind="stable")]
    return finite


def _pick(stream: FloatArray | None, order: IndexArray) -> FloatArray | None:
    """The stream in sample order, with ±inf read as missing (NaN) like any invalid value."""
    if stream is None:
        return None
    picked = np.asarray(stream, dtype=np.float64)[order]
    out: FloatArray = np.where(np.isinf(picked), np.nan, picked)
    return out


def _along_track(
    streams: ActivityStreams,
    order: IndexArray,
    t: FloatArray,
) -> FloatArray | None:
    """Distance travelled at every sample (non-decreasing, finite), or None if unknown."""
    dist = _pick(streams.distance_m, order)
    if dist is not None and np.isfinite(dist).any():
        return _fill_forward_non_decreasing(dist)
    lat, lon = _pick(streams.latitude, order), _pick(streams.longitude, order)
    if lat is not None and lon is not None:
        ok = np.flatnonzero(np.isfinite(lat) & np.isfinite(lon))
        if len(ok) >= 2:
            steps = _haversine_m(lat[ok[:-1]], lon[ok[:-1]], lat[ok[1:]], lon[ok[1:]])
            cumulative = np.full(len(t), np.nan)
            cumulative[ok] = np.concatenate(([0.0], np.cumsum(steps)))
            return _fill_forward_non_decreasing(cumulative)
    speed = _pick(streams.speed_mps, order)
    if speed is not None and len(t) >= 2 and np.isfinite(speed[1:]).any():
        dt = np.diff(t)
        step = np.where((dt <= MAX_GAP_S) & np.isfinite(speed[1:]), speed[1:] * dt, 0.0)
        return np.concatenate(([0.0], np.cumsum(np.clip(step, 0.0, None))))
    return None


def _fill_forward_non_decreasing(values: FloatArray) -> FloatArray:
    """NaN → the last known value (the first known one at the start); glitches backwards
    are held at the running maximum."""
    first = values[np.flatnonzero(np.isfinite(values))[0]]
    filled = np.fmax.accumulate(np.where(np.isfinite(values), values, -np.inf))
    out: FloatArray = np.where(np.isfinite(filled), filled, first)
    return out


def _haversine_m(
    lat1: FloatArray, lon1: FloatArray, lat2: FloatArray, lon2: FloatArray
) -> FloatArray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlon = np.radians(lon2 - lon1)
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    out: FloatArray = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return out


def _interval_speed(
    t: FloatArray, along: FloatArray | None, speed: FloatArray | None
) -> FloatArray | None:
    """Speed of every interval between samples: the higher of the device's speed at the
    interval's end and distance over a centred window; None if neither exists."""
    if len(t) < 2:
        return None if along is None and speed is None else np.zeros(0)
    derived: FloatArray | None = None
    if along is not None:
        mid = 0.5 * (t[1:] + t[:-1])
        lo = np.maximum(mid - SPEED_WINDOW_S / 2, t[0])
        hi = np.minimum(mid + SPEED_WINDOW_S / 2, t[-1])
        # Within one interval longer than the window this is that interval's own Δd/Δt.
        span = hi - lo
        rise = np.interp(hi, t, along) - np.interp(lo, t, along)
        derived = np.divide(rise, span, out=np.zeros(len(mid)), where=span > 0)
    device: FloatArray | None = None
    if speed is not None and np.isfinite(speed[1:]).any():
        device = speed[1:]
    if derived is None or device is None:
        return device if derived is None else derived
    both: FloatArray = np.fmax(device, derived)
    return both


def _avg_cadence(
    streams: ActivityStreams,
    order: IndexArray,
    dt: FloatArray,
    in_gap: BoolArray,
    moving: BoolArray | None,
) -> float | None:
    """Cadence while stepping: the mean of the non-zero samples (what the session averages of
    most watches report). A FIT file's own session average wins when it agrees with that mean
    within DEVICE_CADENCE_AGREEMENT_SPM; when it does not, it counted the standing-still
    seconds (corpus caveat) and the mean of the stepping samples is the truer number (R24)."""
    if streams.sport not in CADENCE_SPORTS:
        return None
    device = _positive(streams.totals.avg_cadence_spm)
    cadence = _pick(streams.cadence_spm, order)
    stepping = None if cadence is None else cadence[np.isfinite(cadence) & (cadence > 0)]
    if stepping is None or not len(stepping):
        return device
    mean = float(stepping.mean())
    if (
        streams.format is FileFormat.FIT
        and device is not None
        and abs(device - mean) <= DEVICE_CADENCE_AGREEMENT_SPM
    ):
        return device
    return mean


def _heart_rate(
    streams: ActivityStreams,
    order: IndexArray,
    t: FloatArray,
) -> tuple[float | None, float | None]:
    totals = streams.totals
    device = _positive(totals.avg_hr_bpm), _positive(totals.max_hr_bpm)
    hr = _pick(streams.heart_rate_bpm, order)
    if hr is None:
        return device
    if streams.format is FileFormat.FIT and device[0] is not None and device[1] is not None:
        # A FIT session's own averages come from every beat the strap sent, not only the
        # recorded samples (smart recording keeps one in a few): the device is the truth here.
        return device
    ok = np.isfinite(hr) & (hr > 0)
    if not ok.any():
        return device
    th, hh = t[ok], hr[ok]
    peak = float(hh.max())
    if len(hh) >= 2:
        dt = np.diff(th)
        weight = np.where((dt > 0) & (dt <= MAX_GAP_S), dt, 0.0)
        total = float(weight.sum())
        if total > 0:
            return float(np.dot(weight, 0.5 * (hh[1:] + hh[:-1]))) / total, peak
    return float(hh.mean()), peak


def _finite(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return float(value)


def _positive(value: float | None) -> float | None:
    value = _finite(value)
    return value if value is not None and value > 0 else None
