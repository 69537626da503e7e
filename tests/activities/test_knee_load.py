"""The relative knee-load estimate (knee_load.py, docs/knee-load.md): flat-km equivalents."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from kneewise.activities.knee_load import (
    ANCHOR_FACTOR,
    ANCHOR_GRADE,
    STEP_RATE_FACTOR_MAX,
    STEP_RATE_FACTOR_MIN,
    UI_NOTICE,
    grade_factor,
    knee_load,
    step_rate_factor,
)
from kneewise.activities.model import Sport
from kneewise.activities.summary import summarize
from tests.activities.stream_builders import (
    cadence_step_change,
    descent_between_flats,
    flat_run,
    noisy_gps_elevation,
    steady_descent,
    steady_grade,
    without,
)

DOC = (Path(__file__).resolve().parents[2] / "docs" / "knee-load.md").read_text(encoding="utf-8")

# Flat runs are the unit


def test_flat_run_at_baseline_cadence_scores_its_distance_in_km() -> None:
    summary = summarize(flat_run(5, cadence_spm=170.0), cadence_baseline_spm=170.0)
    assert summary.knee_load == pytest.approx(5.0)


def test_flat_run_without_a_baseline_scores_its_distance_in_km() -> None:
    assert summarize(flat_run(8)).knee_load == pytest.approx(8.0)


def test_gps_noise_on_a_flat_run_hardly_changes_its_knee_load() -> None:
    noisy = summarize(noisy_gps_elevation(flat_run(10), amplitude_m=3.0))
    assert noisy.knee_load == pytest.approx(10.0, abs=0.05)


def test_a_run_without_elevation_counts_as_flat() -> None:
    assert summarize(without(steady_descent(-0.08), "elevation_m")).knee_load == pytest.approx(2.0)


# Grade


def test_downhill_run_loads_more_than_the_same_distance_flat() -> None:
    downhill = summarize(steady_descent(-0.06, km=2.0)).knee_load
    flat = summarize(flat_run(2.0)).knee_load
    assert downhill is not None
    assert flat is not None
    assert downhill > flat * 1.1


def test_a_steeper_descent_loads_more() -> None:
    loads = [summarize(steady_descent(g, km=1.0)).knee_load or 0.0 for g in (-0.04, -0.08, -0.12)]
    assert loads[0] < loads[1] < loads[2]


def test_a_6_percent_descent_weighs_about_1_16() -> None:
    # 1 + 3.9 × (0.06 − 0.02); see docs/knee-load.md §2.
    assert summarize(steady_descent(-0.06, km=1.0)).knee_load == pytest.approx(1.156, abs=0.005)


def test_uphill_counts_like_the_flat() -> None:
    assert summarize(steady_grade(0.08, km=2.0)).knee_load == pytest.approx(2.0)


def test_grade_factor_is_1_on_the_flat_uphill_and_within_the_dead_band() -> None:
    np.testing.assert_allclose(grade_factor(np.array([0.0, 0.05, 0.3, -0.01, -0.02])), 1.0)


def test_grade_factor_at_minus_9_degrees_matches_gottschall_and_kram() -> None:
    # Gottschall & Kram 2005 [L22]: impact force peaks +54 % at −9° (C).
    assert pytest.approx(-math.tan(math.radians(9))) == ANCHOR_GRADE
    assert grade_factor(np.array([ANCHOR_GRADE]))[0] == pytest.approx(ANCHOR_FACTOR)
    assert ANCHOR_FACTOR == 1.54


def test_grade_factor_at_minus_5_percent_is_well_below_the_unconfirmed_40_percent() -> None:
    # The seed's "+40 % at a 5 % decline" is unconfirmed (clinical-evidence.md §12.1).
    assert grade_factor(np.array([-0.05]))[0] == pytest.approx(1.117, abs=0.001)


def test_grade_factor_stops_rising_beyond_minus_20_percent() -> None:
    steep = grade_factor(np.array([-0.20, -0.35, -1.0]))
    assert steep[0] == pytest.approx(steep[1]) == pytest.approx(steep[2])
    assert steep[0] == pytest.approx(1.70, abs=0.01)


def test_descent_between_flats_weighs_only_the_descent() -> None:
    load = summarize(descent_between_flats(-0.06, descent_km=1.0, flat_km=1.0)).knee_load
    assert load == pytest.approx(2.0 + 1.156, abs=0.03)


# Step rate


def test_ten_percent_higher_cadence_lowers_the_load_by_7_5_percent() -> None:
    faster = summarize(flat_run(5, cadence_spm=187.0), cadence_baseline_spm=170.0)
    assert faster.knee_load == pytest.approx(5.0 * 0.925)


def test_lower_cadence_raises_the_load() -> None:
    slower = summarize(flat_run(5, cadence_spm=162.0), cadence_baseline_spm=170.0)
    assert slower.knee_load is not None
    assert slower.knee_load > 5.0


def test_step_rate_factor_is_bounded() -> None:
    assert step_rate_factor(300.0, 150.0) == STEP_RATE_FACTOR_MIN == 0.85
    assert step_rate_factor(100.0, 180.0) == STEP_RATE_FACTOR_MAX == 1.15


@pytest.mark.parametrize(
    ("cadence", "baseline"),
    [(170.0, None), (None, 170.0), (None, None), (170.0, 0.0), (170.0, math.nan), (0.0, 170.0)],
)
def test_step_rate_factor_is_1_when_cadence_or_baseline_is_unknown(
    cadence: float | None, baseline: float | None
) -> None:
    assert step_rate_factor(cadence, baseline) == 1.0


def test_a_run_without_cadence_gets_no_step_rate_factor() -> None:
    run = without(flat_run(5, cadence_spm=150.0), "cadence_spm")
    assert summarize(run, cadence_baseline_spm=170.0).knee_load == pytest.approx(5.0)


def test_step_rate_factor_uses_the_run_average_cadence() -> None:
    # Half at 160, half at 176: average 168 against a 160 baseline is +5 % → −3.75 %.
    run = cadence_step_change(2.5, 160.0, 176.0)
    load = summarize(run, cadence_baseline_spm=160.0).knee_load
    assert load == pytest.approx(5.0 * (1 - 0.75 * 0.05), abs=0.01)


# Sports


@pytest.mark.parametrize("sport", [Sport.WALKING, Sport.HIKING, Sport.CYCLING, Sport.OTHER])
def test_only_runs_have_a_knee_load(sport: Sport) -> None:
    assert summarize(flat_run(3, sport=sport)).knee_load is None


def test_no_distance_means_no_knee_load() -> None:
    assert (
        knee_load(
            sport=Sport.RUNNING,
            distance_m=None,
            bin_length_m=None,
            grades=None,
            cadence_spm=170.0,
            baseline_spm=170.0,
        )
        is None
    )


# What the UI shows


def test_ui_notice_says_it_is_an_estimate_not_a_measurement() -> None:
    assert "estimate" in UI_NOTICE
    assert "not a measurement of joint force" in UI_NOTICE


def test_the_doc_carries_the_ui_notice_verbatim() -> None:
    assert UI_NOTICE in DOC


@pytest.mark.parametrize(
    "number", ["1.54", "3.9", "−2 %", "−20 %", "0.75", "1.5", "0.85", "1.15", "50 m", "0.5 m/s"]
)
def test_the_doc_names_every_coefficient(number: str) -> None:
    assert number in DOC
