"""`ActivityStreams` → `ActivitySummary` (design.md §3.4): pure, deterministic, vectorised.

Choices (details and reasons in docs/knee-load.md):
- time axis, start and elapsed: clock.py, on the samples in recording order: clock jumps and
  steps back are not counted, trailing samples without distance are dropped, the start is on
  the trusted clock. Elapsed is the FIT session's (or its laps') elapsed time where the samples
  agree, never less than its timer time; otherwise the corrected span of the samples.
- moving: intervals of the corrected axis whose speed is ≥ `MOVING_SPEED_MPS[sport]` and that
  are at most `MAX_GAP_S` long (a longer silence is a pause or a lost signal), never more than
  elapsed. Speed is the device's speed stream, or distance over a centred `SPEED_WINDOW_S`
  window, whichever is higher. Without any positive speed (no GPS, pool swims, indoor rowing):
  the device's moving, else timer time.
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
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
import numpy.typing as npt

from kneewise.activities import clock, elevation
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


def summarize(
    streams: ActivityStreams, *, cadence_baseline_spm: float | None = None
) -> ActivitySummary:
    """Summarise one activity; None for every value that cannot be known, never NaN."""
    samples = samples_of(streams)
    fix, order, t, dt = samples.fix, samples.order, samples.t, samples.dt
    along, moving = samples.along, samples.moving
    totals = streams.totals

    elapsed = fix.elapsed_s
    if elapsed is None:  # no samples and no FIT session: what the device says, if anything
        elapsed = _finite(totals.elapsed_s)

    if moving is not None:
        moving_s: float | None = float(dt[moving].sum())
    else:
        moving_s = _finite(totals.moving_s)
        if moving_s is None:
            moving_s = _finite(totals.timer_s)
    if moving_s is not None and elapsed is not None:
        moving_s = min(moving_s, elapsed)  # a run never moves longer than it lasts

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

    cadence = _avg_cadence(streams, order)
    avg_hr, max_hr = _heart_rate(streams, order, t)

    assert streams.start_time is not None  # samples_of refused a route
    return ActivitySummary(
        source=streams.source,
        format=streams.format,
        sport=streams.sport,
        start_time=streams.start_time + timedelta(seconds=fix.start_s),
        elapsed_s=_finite(elapsed),
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


@dataclass(frozen=True, slots=True)
class Samples:
    """The samples as the summary reads them (and a run's charts draw them): recording order
    without trailing samples, the corrected time axis, distance along the track, and which
    intervals count as moving (None when no speed is known)."""

    order: IndexArray
    fix: clock.ClockFix
    t: FloatArray
    dt: FloatArray
    along: FloatArray | None
    moving: BoolArray | None

    def stream(self, values: FloatArray | None) -> FloatArray | None:
        """A stream of the activity in this order, ±inf read as missing."""
        return _pick(values, self.order)


def samples_of(streams: ActivityStreams) -> Samples:
    """The corrected samples of one activity (clock.py's rules); a route is refused."""
    if streams.start_time is None:
        raise NotAnActivity(f"{streams.source}: a track without timestamps is a route")
    order = clock.recording_order(streams.time_s)
    progress = _progress(streams, order)
    fix = clock.fix_clock(
        streams.time_s[order],
        progress,
        session=_session(streams),
        calendar_from_s=clock.CALENDAR_FROM_UNIX_S - streams.start_time.timestamp(),
    )
    kept = len(fix.kept)  # only trailing samples are ever dropped: the kept ones are a prefix
    order = order[:kept]
    t = fix.time_s
    dt = np.diff(t)
    along = progress[:kept] if progress is not None else _along_speed(streams, order, t)
    speed = _interval_speed(t, along, _pick(streams.speed_mps, order))
    moving = None  # unknown without any positive speed (pool swims, indoor rowing, no GPS)
    if speed is not None and bool(np.any(speed > 0)):
        moving = (dt <= MAX_GAP_S) & (speed >= MOVING_SPEED_MPS[streams.sport])
    return Samples(order, fix, t, dt, along, moving)


def _session(streams: ActivityStreams) -> clock.Session | None:
    """A FIT file's own account of the recording: its sessions' totals (the decoder's time axis
    starts at the first session's start), else its laps' when every lap has an elapsed time;
    None for GPX/TCX, whose only times are the samples' own."""
    if streams.format is not FileFormat.FIT:
        return None
    totals = streams.totals
    if _positive(totals.elapsed_s) is not None or _positive(totals.timer_s) is not None:
        return clock.Session(totals.elapsed_s, totals.timer_s, start_s=0.0)
    laps = streams.laps
    if not laps or any(lap.elapsed_s is None for lap in laps) or streams.start_time is None:
        return None
    timers = [lap.timer_s for lap in laps]
    return clock.Session(
        elapsed_s=sum(lap.elapsed_s or 0.0 for lap in laps),
        timer_s=None if None in timers else sum(t or 0.0 for t in timers),
        start_s=(laps[0].start_time - streams.start_time).total_seconds(),
    )


def _pick(stream: FloatArray | None, order: IndexArray) -> FloatArray | None:
    """The stream in sample order, with ±inf read as missing (NaN) like any invalid value."""
    if stream is None:
        return None
    picked = np.asarray(stream, dtype=np.float64)[order]
    out: FloatArray = np.where(np.isinf(picked), np.nan, picked)
    return out


def _progress(streams: ActivityStreams, order: IndexArray) -> FloatArray | None:
    """Distance travelled at every sample (non-decreasing, finite) from the distance stream,
    else from positions; None if neither is known. Needs no time axis."""
    dist = clock.along_track_m(_pick(streams.distance_m, order))
    if dist is not None:
        return dist
    lat, lon = _pick(streams.latitude, order), _pick(streams.longitude, order)
    if lat is not None and lon is not None:
        ok = np.flatnonzero(np.isfinite(lat) & np.isfinite(lon))
        if len(ok) >= 2:
            steps = _haversine_m(lat[ok[:-1]], lon[ok[:-1]], lat[ok[1:]], lon[ok[1:]])
            cumulative = np.full(len(order), np.nan)
            cumulative[ok] = np.concatenate(([0.0], np.cumsum(steps)))
            return clock.along_track_m(cumulative)
    return None


def _along_speed(streams: ActivityStreams, order: IndexArray, t: FloatArray) -> FloatArray | None:
    """Distance travelled from integrated speed (intervals up to MAX_GAP_S), on the corrected
    time axis; None without speed."""
    speed = _pick(streams.speed_mps, order)
    if speed is not None and len(t) >= 2 and np.isfinite(speed[1:]).any():
        dt = np.diff(t)
        step = np.where((dt <= MAX_GAP_S) & np.isfinite(speed[1:]), speed[1:] * dt, 0.0)
        return np.concatenate(([0.0], np.cumsum(np.clip(step, 0.0, None))))
    return None


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


def _avg_cadence(streams: ActivityStreams, order: IndexArray) -> float | None:
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
