"""Elevation maths: resample on a distance grid, smooth, count climbs, measure grade.

GPS elevation is noisy (metres from sample to sample, slow drifts); a barometric altimeter is
precise to about a metre. Summing raw altitude steps therefore inflates ascent several-fold on
GPS files (tcxreader's unsmoothed totals in the corpus). The pipeline here, documented in
docs/knee-load.md:

1. Bin the samples on a regular grid of `BIN_M` metres of distance travelled (mean elevation
   per bin, empty bins interpolated). Standing still adds samples to one bin instead of
   adding noise steps, and sparse recording is filled in linearly.
2. Smooth with a centred running median (spikes) then a centred moving average, wider for GPS
   than for barometric data. Both use an odd reflection at the ends, so a constant grade
   stays exactly that grade up to the first and last metre.
3. Ascent/descent: count a climb only once the smoothed elevation has moved more than a
   hysteresis threshold away from the last turning point (then count the whole swing).
4. Grade: elevation difference over a centred window of `GRADE_WINDOW_M` of horizontal
   distance, from the smoothed elevation.

Without a distance axis the same steps run on a time grid (`TIME_BIN_S`); grade then is unknown.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from kneewise.activities.model import ElevationSource, FloatArray

BIN_M = 10.0  # distance grid
TIME_BIN_S = 3.0  # time grid when there is no distance (≈ 10 m at an easy running pace)
MAX_BINS = 200_000  # a corrupt axis must not allocate millions of bins: widen them instead
GRADE_WINDOW_M = 50.0  # grade = elevation change over this much horizontal distance
DOWNHILL_GRADE = -0.05  # design.md §3.4: downhill_m = distance on grade ≤ −5 %


@dataclass(frozen=True, slots=True)
class Smoothing:
    """How much to smooth one kind of elevation data (bins are odd counts on the grid)."""

    median_bins: int
    mean_bins: int
    hysteresis_m: float


SMOOTHING: dict[ElevationSource, Smoothing] = {
    # Barometric altimeters: ±1 m quantisation, no spikes to speak of.
    ElevationSource.BAROMETRIC: Smoothing(median_bins=3, mean_bins=3, hysteresis_m=1.0),
    # GPS: spikes of tens of metres and ±3–10 m noise; 50 m median then 90 m average.
    ElevationSource.GPS: Smoothing(median_bins=5, mean_bins=9, hysteresis_m=3.0),
}


@dataclass(frozen=True, slots=True)
class ElevationProfile:
    """Smoothed elevation on a regular grid. `length` is each bin's extent along the axis
    (all equal, at most the requested step, together exactly the axis' span); `centre` is
    where the bin's elevation applies."""

    centre: FloatArray
    length: FloatArray
    elevation_m: FloatArray


@dataclass(frozen=True, slots=True)
class Climbs:
    ascent_m: float
    descent_m: float


def smoothing_for(source: ElevationSource | None) -> Smoothing:
    """Unknown sources are treated as GPS: more smoothing is the safer error."""
    return SMOOTHING[source or ElevationSource.GPS]


def profile(
    axis: FloatArray, elevation_m: FloatArray, *, step: float, smoothing: Smoothing
) -> ElevationProfile | None:
    """Resample `elevation_m` on a grid of `step` along a non-decreasing `axis` (metres of
    distance, or seconds), then smooth. Samples with a non-finite axis or elevation are
    dropped. None when fewer than two usable samples or the axis does not advance."""
    ok = np.isfinite(axis) & np.isfinite(elevation_m)
    x = np.maximum.accumulate(axis[ok]) if ok.any() else axis[ok]
    y = elevation_m[ok]
    if len(x) < 2 or x[-1] <= x[0]:
        return None
    span = float(x[-1] - x[0])
    n = min(max(1, math.ceil(span / step)), MAX_BINS)
    step = span / n  # equal bins that end exactly at the last sample
    idx = np.minimum(((x - x[0]) / step).astype(np.int64), n - 1)
    counts = np.bincount(idx, minlength=n)
    filled = counts > 0
    knots_x = np.bincount(idx, weights=x, minlength=n)[filled] / counts[filled]
    knots_y = np.bincount(idx, weights=y, minlength=n)[filled] / counts[filled]
    centre = x[0] + step * (np.arange(n, dtype=np.float64) + 0.5)
    elevation = _interp_linear_ends(centre, knots_x, knots_y)
    elevation = _running_mean(
        _running_median(elevation, smoothing.median_bins), smoothing.mean_bins
    )
    return ElevationProfile(centre=centre, length=np.full(n, step), elevation_m=elevation)


def climbs(prof: ElevationProfile, hysteresis_m: float) -> Climbs:
    """Total ascent and descent, counting a swing only once it exceeds `hysteresis_m`."""
    e = prof.elevation_m
    if len(e) < 2:
        return Climbs(0.0, 0.0)
    # Bin centres stop half a bin short of the ends: continue the end slopes to the ends.
    v = np.concatenate(([1.5 * e[0] - 0.5 * e[1]], e, [1.5 * e[-1] - 0.5 * e[-2]]))
    d = np.diff(v)
    keep = np.ones(len(v), dtype=bool)
    keep[1:-1] = d[:-1] * d[1:] <= 0  # turning points (and plateaus); the rest is monotone
    ascent, descent = _zigzag(v[keep].tolist(), hysteresis_m)
    return Climbs(ascent, descent)


def grade(prof: ElevationProfile, window_m: float = GRADE_WINDOW_M) -> FloatArray:
    """Grade (rise over run, −0.05 = −5 %) at every bin centre, over a centred window of
    `window_m`; near the ends the window is cut to what exists."""
    c = prof.centre
    if len(c) < 2:
        return np.zeros(len(c))
    lo = np.maximum(c - window_m / 2, c[0])
    hi = np.minimum(c + window_m / 2, c[-1])
    rise = np.interp(hi, c, prof.elevation_m) - np.interp(lo, c, prof.elevation_m)
    run = hi - lo
    out: FloatArray = np.divide(rise, run, out=np.zeros(len(c)), where=run > 0)
    return out


def downhill_m(prof: ElevationProfile, grades: FloatArray) -> float:
    """Distance covered on grade ≤ −5 % (design.md §3.4)."""
    return float(prof.length[grades <= DOWNHILL_GRADE].sum())


def _interp_linear_ends(x: FloatArray, xp: FloatArray, fp: FloatArray) -> FloatArray:
    """np.interp, but continuing the first and last knot's slope beyond the knots (bin
    centres can lie up to half a bin outside the first and last bin's mean position)."""
    out: FloatArray = np.interp(x, xp, fp)
    if len(xp) >= 2:
        if xp[1] > xp[0]:
            head = x < xp[0]
            out[head] = fp[0] + (x[head] - xp[0]) * (fp[1] - fp[0]) / (xp[1] - xp[0])
        if xp[-1] > xp[-2]:
            tail = x > xp[-1]
            out[tail] = fp[-1] + (x[tail] - xp[-1]) * (fp[-1] - fp[-2]) / (xp[-1] - xp[-2])
    return out


def _odd_pad(v: FloatArray, h: int) -> FloatArray:
    """Extend by point reflection about each end, so linear data stays linear."""
    h = min(h, len(v) - 1)
    if h <= 0:
        return v
    head = 2 * v[0] - v[h:0:-1]
    tail = 2 * v[-1] - v[-2 : -h - 2 : -1]
    return np.concatenate((head, v, tail))


def _running_median(v: FloatArray, bins: int) -> FloatArray:
    h = min(bins // 2, len(v) - 1)
    if h <= 0:
        return v
    return np.median(sliding_window_view(_odd_pad(v, h), 2 * h + 1), axis=1)


def _running_mean(v: FloatArray, bins: int) -> FloatArray:
    h = min(bins // 2, len(v) - 1)
    if h <= 0:
        return v
    c = np.concatenate(([0.0], np.cumsum(_odd_pad(v, h))))
    w = 2 * h + 1
    out: FloatArray = (c[w:] - c[:-w]) / w
    return out


def _zigzag(points: list[float], threshold: float) -> tuple[float, float]:
    """Sum the swings between confirmed turning points (a swing is confirmed once the value
    has moved back by at least `threshold`; the last swing counts if it reached it)."""
    ascent = descent = 0.0
    lo = hi = pivot = extreme = points[0]
    trend = 0
    for x in points[1:]:
        if trend == 0:
            lo, hi = min(lo, x), max(hi, x)
            if x - lo >= threshold:
                trend, pivot, extreme = 1, lo, x
            elif hi - x >= threshold:
                trend, pivot, extreme = -1, hi, x
        elif trend > 0:
            if x > extreme:
                extreme = x
            elif extreme - x >= threshold:
                ascent += extreme - pivot
                trend, pivot, extreme = -1, extreme, x
        elif x < extreme:
            extreme = x
        elif x - extreme >= threshold:
            descent += pivot - extreme
            trend, pivot, extreme = 1, extreme, x
    if trend > 0:
        ascent += extreme - pivot
    elif trend < 0:
        descent += pivot - extreme
    return ascent, descent
