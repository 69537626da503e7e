"""A relative knee-load estimate for one run, in flat-km equivalents.

    knee_load = step_rate_factor × Σ_bins distance_km × grade_factor(grade)

A flat run at the runner's usual cadence scores its distance in km. The number is meant for
comparing a runner's own runs with each other; it is NOT a measurement of joint force. Every
coefficient, its source and its uncertainty is in docs/knee-load.md; the UI must show
`UI_NOTICE` next to it.
"""

from __future__ import annotations

import math

import numpy as np

from kneewise.activities.model import FloatArray, Sport

UI_NOTICE = (
    "Knee load is an estimate for comparing your own runs, not a measurement of joint force."
)

# Grade factor (docs/knee-load.md §2). 1 on the flat and uphill; on descents it rises linearly
# from the edge of the dead band to the one confirmed anchor: Gottschall & Kram 2005 [L22],
# −9° (grade tan 9° = −15.8 %): normal impact force peaks +54 % vs level (C).
GRADE_DEAD_BAND = -0.02  # (E) within the grade noise of smoothed GPS elevation over 50 m
ANCHOR_GRADE = -math.tan(math.radians(9.0))  # −0.158
ANCHOR_FACTOR = 1.54
GRADE_SLOPE = (ANCHOR_FACTOR - 1.0) / (GRADE_DEAD_BAND - ANCHOR_GRADE)  # ≈ 3.90 per unit grade
STEEPEST_GRADE = -0.20  # (E) no data beyond −9°; cap the extrapolation a little past it

# Step-rate factor (docs/knee-load.md §3), per distance, relative to the runner's baseline.
# Faster than baseline: Bonacci 2018 [L16] +10 % → PFJ stress per step −16 %, i.e. per
# distance 0.84 × 1.10 ≈ 0.924; Willson 2014 [L15] shorter steps −7.5 % per mile (C).
STEP_RATE_SLOPE_UP = 0.75  # −7.5 % per distance for +10 % step rate
# Slower than baseline: Willson 2014 [L15] +10 % step length (≈ −9 % step rate at the same
# speed) → +14 % PFJ stress per mile (C); 0.14 / 0.091 ≈ 1.5.
STEP_RATE_SLOPE_DOWN = 1.5
STEP_RATE_FACTOR_MIN = 0.85  # (E) bounds: the studies tested ±10 % only
STEP_RATE_FACTOR_MAX = 1.15

# Running only: the evidence above is running biomechanics. Walks, hikes, rides and other
# sports get no knee load (null); their distance and descent are still summarised.
KNEE_LOAD_SPORTS = frozenset({Sport.RUNNING})


def grade_factor(grades: FloatArray) -> FloatArray:
    """Per-bin multiplier of distance: 1 for grade ≥ −2 %, then +3.9 % per 1 % of descent,
    capped at −20 % grade (factor ≈ 1.70)."""
    g = np.clip(grades, STEEPEST_GRADE, None)
    steepness = np.clip(GRADE_DEAD_BAND - g, 0.0, None)
    out: FloatArray = 1.0 + GRADE_SLOPE * steepness
    return out


def step_rate_factor(cadence_spm: float | None, baseline_spm: float | None) -> float:
    """Per-distance multiplier for running at `cadence_spm` instead of the runner's usual
    `baseline_spm`; 1 when either is unknown."""
    if cadence_spm is None or baseline_spm is None:
        return 1.0
    if not (math.isfinite(cadence_spm) and math.isfinite(baseline_spm)):
        return 1.0
    if cadence_spm <= 0 or baseline_spm <= 0:
        return 1.0
    change = cadence_spm / baseline_spm - 1.0
    slope = STEP_RATE_SLOPE_UP if change >= 0 else STEP_RATE_SLOPE_DOWN
    factor = 1.0 - slope * change
    return min(max(factor, STEP_RATE_FACTOR_MIN), STEP_RATE_FACTOR_MAX)


def knee_load(
    *,
    sport: Sport,
    distance_m: float | None,
    bin_length_m: FloatArray | None,
    grades: FloatArray | None,
    cadence_spm: float | None,
    baseline_spm: float | None,
) -> float | None:
    """The estimate for one activity, or None (not a run, or distance unknown).

    `bin_length_m`/`grades` describe the course (elevation.py); without them the course
    counts as flat. The grade weighting is the length-weighted mean grade factor of the
    course, applied to the run's reported `distance_m`, so a flat run scores exactly its km.
    """
    if sport not in KNEE_LOAD_SPORTS or distance_m is None or not math.isfinite(distance_m):
        return None
    course = 1.0
    if bin_length_m is not None and grades is not None:
        total = float(bin_length_m.sum())
        if total > 0:
            course = float(np.dot(bin_length_m, grade_factor(grades))) / total
    load = max(distance_m, 0.0) / 1000.0 * course * step_rate_factor(cadence_spm, baseline_spm)
    return load if math.isfinite(load) else None
