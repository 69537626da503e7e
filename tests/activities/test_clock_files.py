"""Generated FIT, GPX and TCX files with broken device clocks (issue #9), decoded and
summarised: elapsed, moving and start as `kneewise summarize` reports them.

Every run is 1 Hz at 3 m/s (clock_files.py), so a 3,600-sample run spans 3,599 s and 10,797 m;
a FIT session adds the second before the first record (3,600 s). Without the fixes these
files gave e.g. 1,731,599 s for a one-hour run with a 20-day jump.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from kneewise.activities.fit import decode_fit
from kneewise.activities.gpx import decode_gpx
from kneewise.activities.model import ActivitySummary
from kneewise.activities.summary import summarize
from kneewise.activities.tcx import decode_tcx
from tests.activities.clock_files import (
    FIT_EPOCH,
    START,
    FitSession,
    Sample,
    clock_jump,
    device_clock_start,
    fit_file,
    gpx_file,
    run_with_pause,
    steady_run,
    tcx_file,
    with_trailing_record,
)

Summariser = Callable[[list[Sample]], ActivitySummary]
DAY = 86_400
HOUR = 3_600
ONE_HOUR_M = 3.0 * 3599


def session(
    elapsed_s: float,
    timer_s: float | None = None,
    *,
    start: datetime = START,
    distance_m: float = ONE_HOUR_M,
) -> FitSession:
    return FitSession(start, elapsed_s, elapsed_s if timer_s is None else timer_s, distance_m)


def fit_summary(samples: list[Sample], **messages: FitSession | None) -> ActivitySummary:
    [activity] = decode_fit(fit_file(samples, **messages), "clock.fit")
    return summarize(activity)


def times(summary: ActivitySummary) -> tuple[datetime, float | None, float | None]:
    return summary.start_time, summary.elapsed_s, summary.moving_s


# FIT: jumps forward


def test_a_clock_jump_mid_run_does_not_count_as_elapsed_time() -> None:
    summary = fit_summary(clock_jump(3600, at=1800, by=20 * DAY), session=session(3600.0))
    assert times(summary) == (START, 3600.0, 3599.0)
    assert summary.distance_m == ONE_HOUR_M


def test_a_clock_jump_without_a_session_message_falls_back_to_the_corrected_records() -> None:
    summary = fit_summary(clock_jump(3600, at=1800, by=20 * DAY))
    assert times(summary) == (START, 3599.0, 3599.0)


def test_a_clock_jump_is_corrected_with_the_lap_totals_when_the_session_is_missing() -> None:
    summary = fit_summary(clock_jump(3600, at=1800, by=20 * DAY), lap=session(3600.0))
    assert times(summary) == (START, 3600.0, 3599.0)


def test_a_jump_of_minutes_that_the_session_does_not_hold_is_left_out_too() -> None:
    # Ten minutes is a plausible pause, but the session says the run lasted one hour.
    summary = fit_summary(clock_jump(3600, at=1800, by=600), session=session(3600.0))
    assert times(summary) == (START, 3600.0, 3599.0)


# FIT: steps back


def test_a_clock_step_back_does_not_shorten_the_run() -> None:
    summary = fit_summary(clock_jump(3600, at=1800, by=-600), session=session(3600.0))
    assert times(summary) == (START, 3600.0, 3599.0)


def test_a_clock_step_back_without_a_session_message_counts_one_sampling_interval() -> None:
    summary = fit_summary(clock_jump(3600, at=1800, by=-600))
    assert times(summary) == (START, 3599.0, 3599.0)


# FIT: trailing records


def test_a_trailing_record_hours_later_without_distance_is_not_elapsed_time() -> None:
    run = with_trailing_record(steady_run(1800), after_s=5 * HOUR)
    summary = fit_summary(run, session=session(1800.0, distance_m=5397.0))
    assert times(summary) == (START, 1800.0, 1799.0)
    assert summary.distance_m == 5397.0


def test_a_trailing_record_hours_later_is_dropped_without_a_session_message_too() -> None:
    summary = fit_summary(with_trailing_record(steady_run(1800), after_s=5 * HOUR))
    assert times(summary) == (START, 1799.0, 1799.0)


def test_the_real_file_that_lasted_1749944_seconds_lasts_its_session_time() -> None:
    # Issue #9: a 3,389-s run whose last, empty record is stamped 1,749,944 s after the first.
    run = with_trailing_record(steady_run(3389), after_s=1_749_944 - 3388)
    assert (run[-1].stamp - run[0].stamp).total_seconds() == 1_749_944
    summary = fit_summary(run, session=session(3389.0, distance_m=3.0 * 3388))
    assert times(summary) == (START, 3389.0, 3388.0)


# FIT: the device's own clock before GPS time


@pytest.mark.parametrize("before_gps", [1, 30])
def test_records_stamped_with_device_time_before_gps_time_start_at_the_real_start(
    before_gps: int,
) -> None:
    run = device_clock_start(3600, before_gps)
    assert run[0].stamp == datetime(1989, 12, 31, 0, 16, 40, tzinfo=UTC)
    # The session's start was stamped by the same device clock.
    bogus_start = session(3600.0, start=FIT_EPOCH + timedelta(seconds=1000))
    assert times(fit_summary(run, session=bogus_start)) == (START, 3600.0, 3599.0)
    assert times(fit_summary(run, session=session(3600.0))) == (START, 3600.0, 3599.0)
    assert times(fit_summary(run)) == (START, 3599.0, 3599.0)


def test_a_file_whose_clock_never_got_gps_time_keeps_its_device_dates() -> None:
    # The corpus Forerunner 70 file starts in 1990: nothing better is known.
    run = device_clock_start(600, before_gps=600)
    summary = fit_summary(run, session=session(600.0, start=run[0].stamp))
    assert times(summary) == (run[0].stamp, 600.0, 599.0)


# FIT: a pause is not a clock error


def test_a_pause_without_records_is_elapsed_time_but_not_moving_time() -> None:
    run = run_with_pause(1200, 600, standing_samples=False)
    summary = fit_summary(run, session=session(3000.0, timer_s=2400.0))
    # Moving: 1,199 + 1,199 one-second intervals; the 601-s gap is not moving.
    assert times(summary) == (START, 3000.0, 2398.0)


def test_a_pause_recorded_standing_still_is_elapsed_time_but_not_moving_time() -> None:
    run = run_with_pause(1200, 600, standing_samples=True)
    summary = fit_summary(run, session=session(3000.0))
    # Moving: 1,200 + 1,199 s of running, plus 3 s blurred into each edge of the stop by the
    # 10-s speed window (summary.SPEED_WINDOW_S).
    assert times(summary) == (START, 3000.0, 2405.0)


def test_a_pause_without_a_session_message_is_still_elapsed_time() -> None:
    summary = fit_summary(run_with_pause(1200, 600, standing_samples=False))
    assert times(summary) == (START, 2999.0, 2398.0)


def test_an_honest_file_without_a_session_message_lasts_from_first_to_last_record() -> None:
    assert times(fit_summary(steady_run(3600))) == (START, 3599.0, 3599.0)


# GPX and TCX: the same rules on their timestamps


def gpx_summary(samples: list[Sample]) -> ActivitySummary:
    [activity] = decode_gpx(gpx_file(samples), "clock.gpx")
    return summarize(activity)


def tcx_summary(samples: list[Sample]) -> ActivitySummary:
    [activity] = decode_tcx(tcx_file(samples, timer_s=3599.0), "clock.tcx")
    assert activity.totals.elapsed_s == summarize(activity).elapsed_s
    return summarize(activity)


@pytest.mark.parametrize("summary_of", [gpx_summary, tcx_summary], ids=["gpx", "tcx"])
@pytest.mark.parametrize("by", [20 * DAY, -600], ids=["jump", "step back"])
def test_a_jump_or_step_back_in_gpx_and_tcx_times_is_not_counted(
    summary_of: Summariser, by: int
) -> None:
    summary = summary_of(clock_jump(3600, at=1800, by=by))
    assert times(summary) == (START, 3599.0, 3599.0)


@pytest.mark.parametrize("summary_of", [gpx_summary, tcx_summary], ids=["gpx", "tcx"])
def test_a_gpx_or_tcx_point_hours_after_the_run_at_the_same_place_is_dropped(
    summary_of: Summariser,
) -> None:
    run = steady_run(1800)
    trailing = Sample(run[-1].stamp + timedelta(hours=5), run[-1].distance_m, 0.0)
    assert times(summary_of([*run, trailing])) == (START, 1799.0, 1799.0)


@pytest.mark.parametrize("summary_of", [gpx_summary, tcx_summary], ids=["gpx", "tcx"])
def test_a_gpx_or_tcx_first_point_stamped_before_gps_time_starts_at_the_real_start(
    summary_of: Summariser,
) -> None:
    run = steady_run(600)
    gps_epoch = datetime(1980, 1, 6, tzinfo=UTC)  # a GPS without a fix yet
    summary = summary_of([Sample(gps_epoch, 0.0), *run[1:]])
    assert times(summary) == (START, 599.0, 599.0)


@pytest.mark.parametrize("summary_of", [gpx_summary, tcx_summary], ids=["gpx", "tcx"])
def test_a_gpx_or_tcx_pause_is_elapsed_time_but_not_moving_time(summary_of: Summariser) -> None:
    summary = summary_of(run_with_pause(1200, 600, standing_samples=False))
    assert times(summary) == (START, 2999.0, 2398.0)
