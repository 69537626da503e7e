"""ActivityStreams → ActivitySummary: time, distance, cadence, heart rate (design.md §3.4)."""

from __future__ import annotations

import dataclasses
import math
from datetime import UTC, datetime

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kneewise.activities.model import (
    ActivityStreams,
    DeviceTotals,
    ElevationSource,
    FileFormat,
    FloatArray,
    NotAnActivity,
    Sport,
)
from kneewise.activities.summary import summarize
from tests.activities.stream_builders import (
    EASY_PACE_S_PER_KM,
    START,
    cadence_step_change,
    flat_run,
    replace_stream,
    run_with_pause,
    uneven_heart_rate_run,
    with_cadence_dropouts,
    without,
)

DESIGN_KEYS = {
    "source",
    "format",
    "sport",
    "start_time",
    "elapsed_s",
    "moving_s",
    "distance_m",
    "ascent_m",
    "descent_m",
    "downhill_m",
    "avg_cadence_spm",
    "avg_hr_bpm",
    "max_hr_bpm",
    "knee_load",
}

# Time


def test_flat_run_reports_its_distance_and_time() -> None:
    summary = summarize(flat_run(5))
    assert summary.distance_m == pytest.approx(5000.0)
    assert summary.elapsed_s == pytest.approx(5 * EASY_PACE_S_PER_KM)
    assert summary.moving_s == pytest.approx(5 * EASY_PACE_S_PER_KM)


def test_elapsed_time_is_last_minus_first_sample() -> None:
    run = flat_run(1)
    shifted = dataclasses.replace(run, time_s=run.time_s + 7.0)
    assert summarize(shifted).elapsed_s == pytest.approx(EASY_PACE_S_PER_KM)


def test_elapsed_time_includes_the_pause() -> None:
    assert summarize(run_with_pause(2, 300, 2)).elapsed_s == pytest.approx(4 * 360 + 300)


def test_device_elapsed_time_wins_when_it_is_longer_than_the_samples() -> None:
    # A FIT session also counts the time before the first record (corpus: 2883.586 s for
    # records spanning 2882 s).
    run = flat_run(1, totals=DeviceTotals(elapsed_s=361.6))
    assert summarize(run).elapsed_s == pytest.approx(361.6)


def test_samples_win_when_the_device_elapsed_time_is_shorter() -> None:
    # A session message written before the last records (truncated session, corpus caveat).
    run = flat_run(1, totals=DeviceTotals(elapsed_s=200.0))
    assert summarize(run).elapsed_s == pytest.approx(360.0)


def test_elapsed_time_is_never_less_than_the_device_timer_time() -> None:
    run = flat_run(1, totals=DeviceTotals(elapsed_s=350.0, timer_s=361.0))
    assert summarize(run).elapsed_s == pytest.approx(361.0)


def test_moving_time_is_never_longer_than_elapsed_time() -> None:
    # The session (359.5 s) agrees with the samples (360 s of running) and wins.
    run = flat_run(1, totals=DeviceTotals(elapsed_s=359.5))
    summary = summarize(run)
    assert (summary.elapsed_s, summary.moving_s) == (359.5, 359.5)


def test_a_clock_step_back_keeps_the_recording_order_of_the_samples() -> None:
    run = flat_run(2)
    time_s = run.time_s.copy()
    time_s[360:] -= 300.0  # sorting by time would interleave two stretches of the run
    summary = summarize(dataclasses.replace(run, time_s=time_s))
    assert (summary.elapsed_s, summary.moving_s) == (720.0, 720.0)
    assert summary.start_time == START


def test_without_samples_times_come_from_the_device() -> None:
    empty = ActivityStreams(
        source="session-only.fit",
        format=FileFormat.FIT,
        sport=Sport.RUNNING,
        start_time=START,
        time_s=np.zeros(0),
        totals=DeviceTotals(elapsed_s=3426.9, timer_s=3400.0, distance_m=10248.7),
    )
    summary = summarize(empty)
    assert summary.elapsed_s == pytest.approx(3426.9)
    assert summary.moving_s == pytest.approx(3400.0)
    assert summary.distance_m == pytest.approx(10248.7)


def test_a_pause_without_samples_is_excluded_from_moving_time() -> None:
    summary = summarize(run_with_pause(2, 300, 2, recorded=False))
    # The 301 s between the samples around the pause hold 1 s of running: not counted either.
    assert summary.moving_s == pytest.approx(4 * EASY_PACE_S_PER_KM - 1)


def test_a_recorded_standstill_is_excluded_from_moving_time() -> None:
    summary = summarize(run_with_pause(2, 300, 2, recorded=True))
    # The speed window blurs the two edges of the stop by a few seconds.
    assert summary.moving_s == pytest.approx(4 * EASY_PACE_S_PER_KM, abs=10)


def test_a_standstill_counts_as_stopped_even_without_a_speed_stream() -> None:
    summary = summarize(without(run_with_pause(2, 300, 2, recorded=True), "speed_mps"))
    assert summary.moving_s == pytest.approx(4 * EASY_PACE_S_PER_KM, abs=10)


def test_a_gap_longer_than_a_minute_is_never_moving() -> None:
    # Lost signal or a pause without samples, even if the distance advanced meanwhile.
    run = flat_run(2)
    time_s = run.time_s.copy()
    time_s[360:] += 120.0
    summary = summarize(dataclasses.replace(run, time_s=time_s, speed_mps=None))
    assert summary.moving_s == pytest.approx(720.0 - 1.0)


def test_moving_time_falls_back_to_the_device_without_any_speed() -> None:
    indoor = without(flat_run(1, totals=DeviceTotals(timer_s=340.0)), "distance_m", "speed_mps")
    assert summarize(indoor).moving_s == pytest.approx(340.0)


def test_moving_time_prefers_the_device_moving_total_over_its_timer() -> None:
    totals = DeviceTotals(timer_s=340.0, moving_s=330.0)
    indoor = without(flat_run(1, totals=totals), "distance_m", "speed_mps")
    assert summarize(indoor).moving_s == pytest.approx(330.0)


# Distance


def test_device_distance_wins_over_the_distance_stream() -> None:
    run = flat_run(5, totals=DeviceTotals(distance_m=4990.0))
    assert summarize(run).distance_m == pytest.approx(4990.0)


def test_a_zero_device_distance_does_not_hide_a_real_distance_stream() -> None:
    run = flat_run(5, totals=DeviceTotals(distance_m=0.0))
    assert summarize(run).distance_m == pytest.approx(5000.0)


def test_distance_comes_from_positions_without_a_distance_stream() -> None:
    run = without(flat_run(3, with_positions=True), "distance_m")
    assert summarize(run).distance_m == pytest.approx(3000.0, rel=1e-6)


def test_distance_comes_from_speed_without_distance_or_positions() -> None:
    run = without(flat_run(3), "distance_m")
    assert summarize(run).distance_m == pytest.approx(3000.0, rel=1e-6)


def test_missing_distance_samples_are_filled_forward() -> None:
    run = flat_run(2)
    assert run.distance_m is not None
    holes = run.distance_m.copy()
    holes[100:200] = np.nan
    holes[-1] = np.nan
    summary = summarize(replace_stream(run, "distance_m", holes))
    assert summary.distance_m == pytest.approx(run.distance_m[-2])


# Cadence


def test_cadence_average_ignores_zero_cadence_seconds() -> None:
    summary = summarize(with_cadence_dropouts(flat_run(5, cadence_spm=168.0), every=4))
    assert summary.avg_cadence_spm == pytest.approx(168.0)


def test_cadence_average_ignores_standing_still() -> None:
    summary = summarize(run_with_pause(2, 600, 2, recorded=True))
    assert summary.avg_cadence_spm == pytest.approx(170.0)


def test_cadence_average_is_time_weighted_over_both_halves() -> None:
    summary = summarize(cadence_step_change(2.5, 160.0, 176.0))
    assert summary.avg_cadence_spm == pytest.approx(168.0, abs=0.1)


def test_cadence_falls_back_to_the_device_average_without_a_stream() -> None:
    run = without(flat_run(2, totals=DeviceTotals(avg_cadence_spm=166.0)), "cadence_spm")
    assert summarize(run).avg_cadence_spm == pytest.approx(166.0)


def test_cycling_has_no_step_cadence() -> None:
    # Pedal rpm is not steps per minute; the field stays null instead of mixing units.
    ride = flat_run(10, pace_s_per_km=120, sport=Sport.CYCLING)
    assert summarize(ride).avg_cadence_spm is None


def test_walking_cadence_is_reported() -> None:
    walk = flat_run(2, pace_s_per_km=720, cadence_spm=120.0, sport=Sport.WALKING)
    assert summarize(walk).avg_cadence_spm == pytest.approx(120.0)


# Heart rate


def test_heart_rate_average_is_time_weighted_with_uneven_sampling() -> None:
    summary = summarize(uneven_heart_rate_run())
    time_weighted = (600 * 170 + 3000 * 130) / 3600
    assert summary.avg_hr_bpm == pytest.approx(time_weighted, abs=0.5)


def test_max_heart_rate_is_the_highest_sample() -> None:
    assert summarize(uneven_heart_rate_run()).max_hr_bpm == 170.0


def test_heart_rate_ignores_missing_and_zero_samples() -> None:
    run = flat_run(1)
    assert run.heart_rate_bpm is not None
    hr = run.heart_rate_bpm.copy()
    hr[::3] = np.nan
    hr[1::3] = 0.0
    summary = summarize(replace_stream(run, "heart_rate_bpm", hr))
    assert summary.avg_hr_bpm == pytest.approx(150.0)


def test_heart_rate_falls_back_to_the_device_without_samples() -> None:
    totals = DeviceTotals(avg_hr_bpm=162.0, max_hr_bpm=195.0)
    summary = summarize(without(flat_run(1, totals=totals), "heart_rate_bpm"))
    assert (summary.avg_hr_bpm, summary.max_hr_bpm) == (162.0, 195.0)


def test_a_pause_does_not_weigh_on_the_heart_rate_average() -> None:
    # The two samples around a 10-minute gap must not stand for those 10 minutes.
    summary = summarize(run_with_pause(2, 600, 2, recorded=False))
    assert summary.avg_hr_bpm == pytest.approx(150.0)


# Shape of the result


def test_summary_json_has_exactly_the_design_keys() -> None:
    assert set(summarize(flat_run(1)).as_json()) == DESIGN_KEYS


def test_summary_keeps_source_format_sport_and_start() -> None:
    summary = summarize(flat_run(1, fmt=FileFormat.TCX, sport=Sport.RUNNING))
    assert (summary.source, summary.format, summary.sport) == (
        "generated.fit",
        FileFormat.TCX,
        Sport.RUNNING,
    )
    assert summary.as_json()["start_time"] == "2026-03-02T07:00:00Z"


def test_a_route_without_timestamps_is_not_an_activity() -> None:
    route = dataclasses.replace(flat_run(1), start_time=None)
    with pytest.raises(NotAnActivity):
        summarize(route)


def test_samples_out_of_order_give_the_same_summary() -> None:
    run = flat_run(2)
    order = np.random.default_rng(1).permutation(len(run.time_s))
    shuffled = dataclasses.replace(
        run,
        **{
            name: getattr(run, name)[order]
            for name in (
                "time_s",
                "distance_m",
                "elevation_m",
                "speed_mps",
                "cadence_spm",
                "heart_rate_bpm",
            )
        },
    )
    assert summarize(shuffled) == summarize(run)


def test_summary_is_deterministic() -> None:
    run = cadence_step_change()
    assert summarize(run, cadence_baseline_spm=165) == summarize(run, cadence_baseline_spm=165)


# No NaN, ever

maybe_bad = st.one_of(
    st.floats(min_value=-1e5, max_value=1e5, allow_nan=False),
    st.just(math.nan),
    st.just(math.inf),
    st.just(-math.inf),
)


@st.composite
def random_streams(draw: st.DrawFn) -> ActivityStreams:
    n = draw(st.integers(min_value=0, max_value=40))
    steps = draw(st.lists(st.floats(0, 120), min_size=n, max_size=n))
    time_s = np.cumsum(np.array(steps, dtype=np.float64))
    if n and draw(st.booleans()):
        time_s[draw(st.integers(0, n - 1))] = math.nan
    if draw(st.booleans()):  # out of order, duplicates
        time_s = np.array(draw(st.permutations(list(time_s))), dtype=np.float64)

    def stream(low: float, high: float) -> FloatArray | None:
        if not draw(st.booleans()):
            return None
        values = st.one_of(st.floats(low, high), st.just(math.nan), st.just(math.inf))
        return np.array(draw(st.lists(values, min_size=n, max_size=n)), dtype=np.float64)

    distance = stream(-10, 1e5)
    if distance is not None and draw(st.booleans()):
        distance = np.sort(distance)
    totals = DeviceTotals(
        **{
            name: draw(st.one_of(st.none(), maybe_bad))
            for name in (
                "elapsed_s",
                "timer_s",
                "moving_s",
                "distance_m",
                "ascent_m",
                "descent_m",
                "avg_cadence_spm",
                "avg_hr_bpm",
                "max_hr_bpm",
            )
        }
    )
    return ActivityStreams(
        source="random",
        format=draw(st.sampled_from(FileFormat)),
        sport=draw(st.sampled_from(Sport)),
        start_time=datetime(2026, 1, 1, tzinfo=UTC),
        time_s=time_s,
        distance_m=distance,
        elevation_m=stream(-500, 9000),
        elevation_source=draw(st.sampled_from([None, *ElevationSource])),
        speed_mps=stream(-5, 50),
        cadence_spm=stream(-10, 300),
        heart_rate_bpm=stream(-10, 250),
        latitude=stream(-90, 90),
        longitude=stream(-180, 180),
        totals=totals,
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(streams=random_streams(), baseline=st.one_of(st.none(), maybe_bad))
def test_summary_never_contains_nan_or_infinity(
    streams: ActivityStreams, baseline: float | None
) -> None:
    summary = summarize(streams, cadence_baseline_spm=baseline)
    for name, value in summary.as_json().items():
        if isinstance(value, float):
            assert math.isfinite(value), name
    for field in dataclasses.fields(summary):
        value = getattr(summary, field.name)
        if isinstance(value, float):
            assert math.isfinite(value), field.name
