"""Ascent, descent and downhill distance from smoothed elevation (elevation.py, design §3.4)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from kneewise.activities import elevation
from kneewise.activities.model import DeviceTotals, ElevationSource
from kneewise.activities.summary import summarize
from tests.activities.stream_builders import (
    descent_between_flats,
    flat_run,
    noisy_gps_elevation,
    rolling_hills,
    run_with_pause,
    steady_descent,
    steady_grade,
    without,
)

# Flat runs


def test_flat_run_has_no_ascent_descent_or_downhill() -> None:
    summary = summarize(flat_run(5))
    assert summary.ascent_m == 0
    assert summary.descent_m == 0
    assert summary.downhill_m == 0


@pytest.mark.parametrize("seed", range(5))
def test_gps_noise_of_3_m_on_a_flat_run_creates_at_most_1_m_of_ascent_per_km(seed: int) -> None:
    summary = summarize(noisy_gps_elevation(flat_run(10), amplitude_m=3.0, seed=seed))
    assert summary.ascent_m is not None
    assert summary.descent_m is not None
    assert summary.ascent_m <= 10.0
    assert summary.descent_m <= 10.0


@pytest.mark.parametrize("seed", range(5))
def test_gps_noise_of_3_m_on_a_flat_run_creates_no_downhill(seed: int) -> None:
    summary = summarize(noisy_gps_elevation(flat_run(10), amplitude_m=3.0, seed=seed))
    assert summary.downhill_m == 0


def test_noisy_elevation_while_standing_still_adds_no_ascent() -> None:
    standing = summarize(noisy_gps_elevation(run_with_pause(2, 1800, 2, recorded=True)))
    not_recorded = summarize(noisy_gps_elevation(run_with_pause(2, 1800, 2, recorded=False)))
    assert standing.ascent_m is not None
    assert not_recorded.ascent_m is not None
    assert standing.ascent_m <= not_recorded.ascent_m + 1.0
    assert standing.ascent_m <= 4.0


def test_a_single_gps_spike_of_30_m_is_not_a_climb() -> None:
    run = flat_run(3)
    assert run.elevation_m is not None
    spiked = run.elevation_m.copy()
    spiked[900] += 30.0
    summary = summarize(dataclasses.replace(run, elevation_m=spiked))
    assert summary.ascent_m == 0
    assert summary.downhill_m == 0


# Descents and the −5 % boundary


def test_constant_minus_6_percent_descent_counts_its_whole_length_as_downhill() -> None:
    summary = summarize(steady_descent(-0.06, km=2.0))
    assert summary.downhill_m == pytest.approx(2000.0, abs=1.0)


def test_constant_minus_4_percent_descent_counts_no_downhill() -> None:
    assert summarize(steady_descent(-0.04, km=2.0)).downhill_m == 0


def test_just_steeper_than_minus_5_percent_counts_and_just_flatter_does_not() -> None:
    assert summarize(steady_descent(-0.051, km=1.0)).downhill_m == pytest.approx(1000, abs=1)
    assert summarize(steady_descent(-0.049, km=1.0)).downhill_m == 0


def test_uphill_is_never_downhill() -> None:
    assert summarize(steady_grade(0.08, km=2.0)).downhill_m == 0


def test_descent_between_flats_counts_almost_only_the_descent() -> None:
    summary = summarize(descent_between_flats(-0.08, descent_km=1.0, flat_km=1.0))
    assert summary.downhill_m is not None
    # The smoothing and the 50 m grade window blur the two corners by a few tens of metres.
    assert 850.0 <= summary.downhill_m <= 1050.0


@pytest.mark.parametrize("seed", range(3))
def test_noisy_minus_6_percent_descent_still_counts_most_of_its_length(seed: int) -> None:
    summary = summarize(noisy_gps_elevation(steady_descent(-0.06, km=2.0), seed=seed))
    assert summary.downhill_m is not None
    assert summary.downhill_m >= 0.9 * 2000


@pytest.mark.parametrize("seed", range(3))
def test_noisy_minus_4_percent_descent_counts_little_downhill(seed: int) -> None:
    summary = summarize(noisy_gps_elevation(steady_descent(-0.04, km=2.0), seed=seed))
    assert summary.downhill_m is not None
    assert summary.downhill_m <= 0.1 * 2000


# Ascent and descent totals


def test_steady_descent_reports_its_drop_as_descent() -> None:
    summary = summarize(steady_descent(-0.06, km=2.0))
    assert summary.descent_m == pytest.approx(120.0, abs=0.5)
    assert summary.ascent_m == 0


def test_rolling_hills_count_every_climb_nearly_in_full() -> None:
    summary = summarize(rolling_hills(climb_m=10.0, hills=6))
    # Smoothing rounds off a little of each hilltop and valley (≈ 5 % for 500 m hills).
    assert summary.ascent_m == pytest.approx(60.0, rel=0.1)
    assert summary.descent_m == pytest.approx(60.0, rel=0.1)


def test_bumps_below_the_hysteresis_are_ignored() -> None:
    summary = summarize(rolling_hills(climb_m=0.5, hills=10, elevation_source=None))
    assert summary.ascent_m == 0


def test_barometric_elevation_keeps_small_climbs_that_gps_smoothing_drops() -> None:
    hills = rolling_hills(climb_m=2.0, hills=8, hill_km=0.2)
    barometric = summarize(dataclasses.replace(hills, elevation_source=ElevationSource.BAROMETRIC))
    gps = summarize(hills)
    assert barometric.ascent_m is not None
    assert gps.ascent_m is not None
    assert barometric.ascent_m >= 10.0
    assert gps.ascent_m < barometric.ascent_m


def test_device_totals_win_over_the_smoothed_elevation() -> None:
    totals = DeviceTotals(ascent_m=0.0, descent_m=118.0)
    summary = summarize(steady_descent(-0.06, km=2.0, totals=totals))
    assert summary.ascent_m == 0.0
    assert summary.descent_m == 118.0
    # downhill distance is always ours: no device reports it.
    assert summary.downhill_m == pytest.approx(2000.0, abs=1.0)


def test_without_distance_ascent_comes_from_the_time_axis_and_downhill_is_unknown() -> None:
    climb = without(steady_grade(0.05, km=1.0), "distance_m", "speed_mps")
    summary = summarize(climb)
    assert summary.ascent_m == pytest.approx(50.0, abs=1.0)
    assert summary.downhill_m is None


def test_without_elevation_everything_about_elevation_is_unknown() -> None:
    summary = summarize(without(flat_run(3), "elevation_m"))
    assert summary.ascent_m is None
    assert summary.descent_m is None
    assert summary.downhill_m is None


# The pipeline's parts


def test_smoothing_keeps_a_constant_grade_exact_up_to_the_ends() -> None:
    d = np.arange(0.0, 1000.0, 3.0)
    prof = elevation.profile(
        d, 500 - 0.07 * d, step=elevation.BIN_M, smoothing=elevation.smoothing_for(None)
    )
    assert prof is not None
    np.testing.assert_allclose(elevation.grade(prof), -0.07, atol=1e-9)


def test_unknown_elevation_source_is_smoothed_like_gps() -> None:
    assert elevation.smoothing_for(None) == elevation.SMOOTHING[ElevationSource.GPS]


def test_hysteresis_counts_a_swing_once_it_is_confirmed() -> None:
    prof = elevation.ElevationProfile(
        centre=np.arange(10.0),
        length=np.ones(10),
        elevation_m=np.array([0.0, 0.0, 2.0, 10.0, 8.0, 9.0, 0.0, 0.0, 2.0, 2.0]),
    )
    climbs = elevation.climbs(prof, hysteresis_m=3.0)
    # 0 → 10 (the 8 → 9 wiggle is inside the band) → 0; the last +2 is never confirmed.
    assert (climbs.ascent_m, climbs.descent_m) == (10.0, 10.0)


def test_a_corrupt_distance_axis_does_not_allocate_millions_of_bins() -> None:
    d = np.array([0.0, 10.0, 20.0, 4e9])
    prof = elevation.profile(
        d, np.zeros(4), step=elevation.BIN_M, smoothing=elevation.SMOOTHING[ElevationSource.GPS]
    )
    assert prof is not None
    assert len(prof.centre) <= elevation.MAX_BINS + 1
