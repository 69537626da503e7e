"""clock.py on plain arrays: each rule for broken device clocks, with the reason it gives."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kneewise.activities.clock import (
    MAX_PAUSE_S,
    BreakKind,
    Session,
    along_track_m,
    fix_clock,
    recording_order,
    records_elapsed_s,
)
from kneewise.activities.model import FloatArray

DAY = 86_400.0


def run(seconds: int, speed: float = 3.0) -> tuple[FloatArray, FloatArray]:
    """Times 0 … seconds − 1 (1 Hz) and the distance at 3 m/s."""
    t = np.arange(seconds, dtype=np.float64)
    return t, speed * t


def jumped(t: FloatArray, at: int, by: float) -> FloatArray:
    out = t.copy()
    out[at:] += by
    return out


# Nothing wrong


def test_an_honest_clock_is_left_exactly_as_it_is() -> None:
    t, d = run(600)
    fix = fix_clock(t, d)
    assert np.shares_memory(fix.time_s, t)
    assert fix.time_s.tolist() == t.tolist()
    assert (fix.start_s, fix.elapsed_s, fix.breaks, fix.segments) == (0.0, 599.0, (), ((0, 600),))
    assert fix.kept.tolist() == list(range(600))
    assert fix.reason == "the span of the samples"


def test_with_a_session_that_agrees_its_elapsed_time_is_the_elapsed_time() -> None:
    t, d = run(600)
    fix = fix_clock(t, d, session=Session(elapsed_s=600.4, timer_s=600.4, start_s=0.0))
    assert fix.elapsed_s == 600.4
    assert fix.reason == "the session's elapsed time; the samples agree"


# Jumps forward


def test_a_clock_jump_mid_run_does_not_count_as_elapsed_time() -> None:
    t, d = run(3600)
    fix = fix_clock(jumped(t, 1800, 20 * DAY), d, session=Session(3600.0, 3600.0, 0.0))
    assert fix.elapsed_s == 3600.0
    assert fix.time_s.tolist() == t.tolist()  # the jump counts as one 1-s interval
    assert fix.segments == ((0, 1800), (1800, 3600))
    [jump] = fix.breaks
    assert (jump.index, jump.kind, jump.seconds) == (1800, BreakKind.JUMP, 20 * DAY + 1)
    assert jump.reason == (
        "a 20.0 days gap without movement before sample 1800, that the session's elapsed time "
        "(60.0 min) does not hold: a clock jump, counted as one sampling interval (1 s)"
    )


def test_without_a_session_a_jump_is_a_gap_without_movement_longer_than_any_pause() -> None:
    t, d = run(3600)
    fix = fix_clock(jumped(t, 1800, MAX_PAUSE_S), d)  # a gap of MAX_PAUSE_S + 1 s
    assert fix.elapsed_s == 3599.0
    assert [b.kind for b in fix.breaks] == [BreakKind.JUMP]
    assert "longer than any pause (2.0 h)" in fix.breaks[0].reason


def test_without_a_session_a_shorter_gap_without_movement_is_a_pause() -> None:
    t, d = run(3600)
    fix = fix_clock(jumped(t, 1800, MAX_PAUSE_S - 1), d)  # a gap of exactly MAX_PAUSE_S
    assert fix.elapsed_s == 3598.0 + MAX_PAUSE_S
    assert fix.breaks == ()


def test_a_pause_the_session_holds_is_elapsed_time_not_a_clock_error() -> None:
    t, d = run(3600)
    d[1800:] = d[1799]  # stood still …
    d[2400:] += 3.0 * np.arange(1200)  # … then ran on
    fix = fix_clock(jumped(t, 2400, 600), d, session=Session(4200.0, 3600.0, 0.0))
    assert (fix.elapsed_s, fix.breaks) == (4200.0, ())


def test_a_gap_with_movement_is_lost_signal_not_a_jump() -> None:
    t, d = run(3600)
    t, d = jumped(t, 1800, 3 * 3600), jumped(d, 1800, 3.0 * 3 * 3600)  # 3 h, 32 km later
    fix = fix_clock(t, d)
    assert (fix.breaks, fix.elapsed_s) == ((), 3599.0 + 3 * 3600)


def test_records_that_move_on_past_a_session_closed_early_win() -> None:
    t, d = run(3600)
    fix = fix_clock(t, d, session=Session(1800.0, 1800.0, 0.0))
    assert (fix.breaks, fix.elapsed_s) == ((), 3599.0)
    assert fix.reason == (
        "the samples: they move on past the session's end (a session closed early)"
    )


def test_the_gap_that_matches_the_excess_over_the_session_is_the_jump_not_a_longer_pause() -> None:
    t, d = run(3600)
    d[1000:] = d[999]  # a 10-minute stop between samples 999 and 1000 …
    d[1000:] += 3.0 * np.arange(2600)
    t = jumped(jumped(t, 1000, 600), 2000, 300)  # … and a 5-minute clock jump later on
    fix = fix_clock(t, d, session=Session(4200.0, 3600.0, 0.0))
    assert [(b.index, b.kind) for b in fix.breaks] == [(2000, BreakKind.JUMP)]
    assert fix.elapsed_s == 4200.0


# Steps back


def test_a_step_back_is_a_clock_error_counted_as_one_sampling_interval() -> None:
    t, d = run(3600)
    fix = fix_clock(jumped(t, 1800, -600), d)
    assert fix.time_s.tolist() == t.tolist()
    assert fix.elapsed_s == 3599.0
    [back] = fix.breaks
    assert (back.index, back.kind, back.seconds) == (1800, BreakKind.STEP_BACK, -599.0)
    assert back.reason == (
        "the clock stepped back 10.0 min at sample 1800: a clock error, counted as one "
        "sampling interval (1 s)"
    )


def test_a_few_steps_back_keep_the_recording_order_and_a_shuffle_is_sorted() -> None:
    t, _ = run(600)
    stepped = jumped(t, 300, -3)
    assert recording_order(stepped).tolist() == list(range(600))
    shuffled = t[np.random.default_rng(1).permutation(600)]
    assert shuffled[recording_order(shuffled)].tolist() == t.tolist()
    assert recording_order(np.array([2.0, np.nan, 1.0])).tolist() == [0, 2]


# Trailing samples


def test_a_trailing_record_hours_later_without_distance_is_dropped() -> None:
    t, d = run(1800)
    t, d = np.append(t, 1799 + 5 * 3600), np.append(d, d[-1])
    for session in (Session(1800.0, 1800.0, 0.0), None):
        fix = fix_clock(t, d, session=session)
        assert fix.kept.tolist() == list(range(1800))
        assert fix.elapsed_s == (1800.0 if session else 1799.0)
        [trailing] = fix.breaks
        assert (trailing.index, trailing.kind) == (1800, BreakKind.TRAILING)
        assert trailing.reason.startswith("sample 1800 come 5.0 h after the one before and add ")


def test_samples_standing_still_past_the_session_end_are_dropped() -> None:
    t, d = run(3600)
    d[1800:] = d[1799]  # the watch went on recording a parked bike for half an hour
    fix = fix_clock(t, d, session=Session(1800.0, 1800.0, 0.0))
    assert fix.kept.tolist() == list(range(1861))  # up to the session's end + 60 s
    assert fix.elapsed_s == 1800.0
    assert [b.kind for b in fix.breaks] == [BreakKind.TRAILING]


def test_the_last_metres_of_a_run_past_a_short_session_are_kept() -> None:
    t, d = run(360)
    fix = fix_clock(t, d, session=Session(elapsed_s=200.0))
    assert (len(fix.kept), fix.elapsed_s) == (360, 359.0)


def test_without_any_distance_nothing_is_dropped_and_the_session_bounds_the_time() -> None:
    t, _ = run(3600)
    fix = fix_clock(t, None, session=Session(1800.0, 1800.0, 0.0))
    assert (len(fix.kept), fix.elapsed_s) == (3600, 1800.0)
    assert fix.reason == "the session's elapsed time (the samples run past it)"


# The start


def test_device_clock_times_before_gps_time_are_moved_onto_the_calendar_clock() -> None:
    t, d = run(3600)
    calendar = 1_000_000_000.0
    t[30:] += calendar  # the first 30 samples count seconds since power-up
    fix = fix_clock(t, d, calendar_from_s=calendar - 1)
    assert fix.start_s == calendar
    assert fix.time_s.tolist() == list(range(3600))
    assert fix.elapsed_s == 3599.0
    assert fix.segments == ((0, 30), (30, 3600))


def test_the_session_start_is_kept_when_it_is_on_the_trusted_clock() -> None:
    t, d = run(3600)
    t[30:] += 1_000_000_000.0
    session = Session(3600.0, 3600.0, start_s=1_000_000_000.0 - 0.5)
    fix = fix_clock(t, d, session=session, calendar_from_s=999_999_999.0)
    assert fix.start_s == 1_000_000_000.0 - 0.5
    assert fix.time_s[0] == 0.5
    # A session start on the device's own clock is not believed.
    fix = fix_clock(t, d, session=Session(3600.0, 3600.0, start_s=0.0), calendar_from_s=1e9 - 1)
    assert fix.start_s == 1_000_000_000.0


def test_when_no_time_is_calendar_time_the_file_keeps_its_own_clock() -> None:
    t, d = run(600)
    fix = fix_clock(t + 1000.0, d, calendar_from_s=1e9)
    assert (fix.start_s, fix.elapsed_s, fix.breaks) == (0.0, 599.0, ())


# Session bounds


def test_elapsed_is_never_less_than_the_timer_time() -> None:
    t, d = run(600)
    fix = fix_clock(t, d, session=Session(elapsed_s=590.0, timer_s=601.0))
    assert fix.elapsed_s == 601.0
    assert fix.reason == "the session's timer time (never less)"


@pytest.mark.parametrize("bad", [0.0, -5.0, float("nan"), float("inf")])
def test_session_values_that_are_not_positive_and_finite_are_unknown(bad: float) -> None:
    t, d = run(600)
    assert fix_clock(t, d, session=Session(bad, bad, bad)).elapsed_s == 599.0


def test_without_samples_the_session_gives_the_time() -> None:
    fix = fix_clock(np.zeros(0), None, session=Session(3426.9, 3400.0))
    assert (fix.elapsed_s, len(fix.kept)) == (3426.9, 0)
    assert fix_clock(np.zeros(0)).elapsed_s is None


# Helpers


def test_along_track_fills_holes_forward_and_holds_glitches_back() -> None:
    out = along_track_m(np.array([np.nan, 5.0, np.nan, 4.0, 7.0, np.nan]))
    assert out is not None
    assert out.tolist() == [5.0, 5.0, 5.0, 5.0, 7.0, 7.0]
    assert along_track_m(np.array([np.nan])) is None
    assert along_track_m(None) is None


def test_the_elapsed_time_of_bare_records_leaves_the_clock_errors_out() -> None:
    t, d = run(3600)
    assert records_elapsed_s(jumped(t, 1800, 20 * DAY), d) == 3599.0
    assert records_elapsed_s(jumped(t, 1800, -600), None) == 3599.0


# Properties over arbitrary clocks


@st.composite
def broken_clocks(draw: st.DrawFn) -> tuple[FloatArray, FloatArray | None, Session | None]:
    n = draw(st.integers(min_value=1, max_value=60))
    steps = draw(
        st.lists(
            st.one_of(st.floats(0, 10), st.floats(-1e6, 1e8), st.sampled_from([MAX_PAUSE_S])),
            min_size=n - 1,
            max_size=n - 1,
        )
    )
    t = np.concatenate(([0.0], np.cumsum(steps))) + draw(st.floats(-1e9, 2e9))
    gains = draw(st.lists(st.floats(0, 50), min_size=n - 1, max_size=n - 1))
    along = np.concatenate(([0.0], np.cumsum(gains))) if draw(st.booleans()) else None
    values = st.one_of(st.none(), st.floats(0, 1e6), st.floats(allow_nan=True))
    session = Session(draw(values), draw(values), draw(values)) if draw(st.booleans()) else None
    return t, along, session


@settings(max_examples=400, deadline=None)
@given(case=broken_clocks(), calendar=st.one_of(st.none(), st.floats(-1e9, 2e9)))
def test_any_clock_gives_a_non_decreasing_axis_and_a_finite_elapsed_time(
    case: tuple[FloatArray, FloatArray | None, Session | None], calendar: float | None
) -> None:
    t, along, session = case
    fix = fix_clock(t, along, session=session, calendar_from_s=calendar)
    assert fix.kept.tolist() == list(range(len(fix.kept)))
    assert len(fix.kept) >= 1
    assert len(fix.time_s) == len(fix.kept)
    assert fix.segments[0][0] == 0
    assert fix.segments[-1][1] == len(fix.kept)
    assert np.all(np.diff(fix.time_s) >= 0)
    assert fix.elapsed_s is not None
    assert np.isfinite(fix.elapsed_s)
    assert fix.elapsed_s >= 0
    timer = session.timer_s if session is not None else None
    if timer is not None and np.isfinite(timer) and timer > 0:
        assert fix.elapsed_s >= timer
    if session is None:
        assert fix.elapsed_s == pytest.approx(fix.time_s[-1] - fix.time_s[0])
