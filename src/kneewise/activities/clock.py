"""Times that survive broken clocks: elapsed time and the time axis from sample timestamps
that may jump, step back or run on after the end (issue #9).

Watches stamp records with their own clock and correct it when GPS time arrives: the
timestamps then jump forward (sometimes by days, or from the device's power-on count to the
calendar), or step back. Some devices also write a last, empty record long after the run.
Counting such a gap would make a one-hour run last days. The rules, all in `fix_clock`:

1. A step back in time is always a clock error: it counts as one sampling interval.
2. A forward gap far beyond the sampling interval during which the distance does not grow
   (slower than `STILL_SPEED_MPS`) is either a pause or a clock jump:
   - with a device session (FIT): a pause when the session's elapsed time holds it; the gaps
     that push the records more than `SESSION_TOLERANCE_S` past the session's elapsed time
     are jumps (longest first, as long as they fit inside the excess);
   - without one: a jump only when longer than any pause (`MAX_PAUSE_S`).
   A jump counts as one sampling interval.
3. Trailing samples that add no distance (within `DRIFT_M`) are left out when a jump comes
   before them, or when they lie more than `SESSION_TOLERANCE_S` past the session's end.
4. The start is on the trusted clock: the device session's start when it lies on the clock of
   the samples, else the first sample on the first clock that shows calendar time (a device
   counting seconds since power-up, FIT's "system time", shows dates before 1998).
5. Elapsed: with a session, its elapsed time unless the records move on past it (a session
   closed early: the records are the better truth), and never less than its timer time;
   without one, the corrected span of the samples.

Pure functions over numpy arrays; `summary.py` and the TCX decoder call them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from kneewise.activities.model import FloatArray

IndexArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]

# Samples and the session agree when the samples span at most this much more than it.
SESSION_TOLERANCE_S = 60.0
# A gap is "far beyond the sampling interval" when longer than both of these.
JUMP_MIN_S = 60.0
JUMP_MIN_INTERVALS = 10.0
# Without a session, a gap without movement up to this long is a pause (a lunch stop on a
# hike); a longer one is a clock jump (or two recordings in one file).
MAX_PAUSE_S = 2 * 3600.0
# Below this average speed over a gap the distance did not grow: nobody walks this slowly.
STILL_SPEED_MPS = 0.2
# Trailing samples that add at most this much distance stand still (GPS drift).
DRIFT_M = 10.0
# Steps back at more than this share of the intervals: the samples are not in recording order
# at all (a decoder that does not sort), so they are sorted instead of read as clock errors.
MAX_STEP_BACK_SHARE = 0.01
# FIT: timestamps below 0x10000000 count seconds since the device powered up ("system time"),
# not calendar time. That is 1998-07-03T21:24:16Z as a date; no activity file is that old, so
# the same limit holds for GPX/TCX times (1970 and 1980 placeholders of a GPS without a fix).
CALENDAR_FROM_UNIX_S = 631_065_600.0 + 0x10000000


class BreakKind(StrEnum):
    STEP_BACK = "step_back"
    JUMP = "jump"
    TRAILING = "trailing"


@dataclass(frozen=True, slots=True)
class ClockBreak:
    """One place where the timestamps were not believed, and why."""

    index: int  # the first sample after the break (input index)
    kind: BreakKind
    seconds: float  # how far the raw clock moved there (negative: a step back)
    reason: str


@dataclass(frozen=True, slots=True)
class Session:
    """What the device reported for the whole recording, on the samples' time axis; None
    when unknown (non-positive values are unknown too)."""

    elapsed_s: float | None = None
    timer_s: float | None = None
    start_s: float | None = None


@dataclass(frozen=True, slots=True)
class ClockFix:
    """The corrected time axis of the kept samples and the elapsed time it gives."""

    time_s: FloatArray  # kept samples on the trusted clock, seconds since `start_s`
    kept: IndexArray  # input indices of the kept samples: 0 … n − 1 less a dropped tail
    segments: tuple[tuple[int, int], ...]  # [first, stop) input index runs on one clock
    start_s: float  # the real start on the input axis (0.0 when nothing had to move)
    elapsed_s: float | None
    breaks: tuple[ClockBreak, ...]
    reason: str  # where the elapsed time comes from


def recording_order(time_s: FloatArray) -> IndexArray:
    """Indices of the samples with a finite time, in file (recording) order, so that a clock
    that stepped back can be seen; sorted by time when they step back at more than
    `MAX_STEP_BACK_SHARE` of the intervals (not a recording order, e.g. a shuffled stream)."""
    finite = np.flatnonzero(np.isfinite(time_s))
    times = time_s[finite]
    if len(times) > 1:
        steps_back = int(np.count_nonzero(times[1:] < times[:-1]))
        if steps_back > max(1.0, MAX_STEP_BACK_SHARE * (len(times) - 1)):
            finite = finite[np.argsort(times, kind="stable")]
    return finite


def along_track_m(values: FloatArray | None) -> FloatArray | None:
    """Distance travelled at every sample from a cumulative distance with holes and glitches:
    NaN → the last known value (the first known one at the start), steps back held at the
    running maximum. None when no value is known."""
    if values is None:
        return None
    known = np.flatnonzero(np.isfinite(values))
    if not len(known):
        return None
    filled = np.fmax.accumulate(np.where(np.isfinite(values), values, -np.inf))
    out: FloatArray = np.where(np.isfinite(filled), filled, values[known[0]])
    return out


def fix_clock(
    time_s: FloatArray,
    along_m: FloatArray | None = None,
    *,
    session: Session | None = None,
    calendar_from_s: float | None = None,
) -> ClockFix:
    """Correct the time axis of samples in recording order (see the module's rules).

    `along_m`: distance travelled at each sample (non-decreasing, see `along_track_m`), None
    when unknown: then no gap can be shown to be still or moving, and no trailing sample is
    dropped. `calendar_from_s`: the input time of `CALENDAR_FROM_UNIX_S` (earlier times are a
    device's own count, not calendar time); None when every time is calendar time.
    """
    t = np.asarray(time_s, dtype=np.float64)
    elapsed_dev, timer_dev, start_dev = _session_values(session)
    if len(t) == 0:
        known = [v for v in (elapsed_dev, timer_dev) if v is not None]
        reason = "no samples: the session's times" if known else "no samples"
        return ClockFix(t.copy(), np.arange(0), (), 0.0, max(known, default=None), (), reason)

    dt = np.diff(t)
    span = float(t[-1] - t[0])
    suspect = len(dt) > 0 and (float(dt.min()) < 0 or float(dt.max()) > JUMP_MIN_S)
    if not suspect and (elapsed_dev is None or span <= elapsed_dev + SESSION_TOLERANCE_S):
        # The common case, and fast: every rule needs a step back, a long gap, or samples
        # running past the session.
        elapsed, reason = _elapsed(span, elapsed_dev, timer_dev, moved_on=False)
        return ClockFix(t, np.arange(len(t)), ((0, len(t)),), 0.0, elapsed, (), reason)
    positive = dt[dt > 0]
    nominal = float(np.median(positive)) if len(positive) else 0.0
    step = dt.copy()  # the interval each sample pair counts for
    back = np.flatnonzero(dt < 0)
    step[back] = nominal  # rule 1
    breaks = [_step_back(i, float(dt[i]), nominal) for i in back.tolist()]

    still, tail_start = _stillness(along_m, dt)
    jumps, why = _jumps(dt, step, still, nominal, elapsed_dev)  # rule 2
    end = len(t)  # samples [0, end) are kept
    trailing = [g for g in jumps if g + 1 >= tail_start]  # rule 3: a jump into the tail
    if trailing:
        end = trailing[0] + 1
        jumps = [g for g in jumps if g < trailing[0]]
        breaks.append(_trailing_after_jump(trailing[0], float(dt[trailing[0]]), len(t), why))
    step[jumps] = nominal
    breaks += [_jump(g, float(dt[g]), nominal, why) for g in jumps]
    corrected = np.concatenate(([0.0], np.cumsum(step[: end - 1])))
    cuts = sorted({i + 1 for i in back.tolist() if i + 1 < end} | {g + 1 for g in jumps})
    segments = list(zip([0, *cuts], [*cuts, end], strict=True))

    first, start_on_session = _anchor(t, corrected, segments, start_dev, calendar_from_s)  # 4
    base = float(t[first] - corrected[first])  # where the first sample is on that clock
    start = start_dev if start_on_session and start_dev is not None else base

    session_end = None
    if elapsed_dev is not None:
        session_end = elapsed_dev + max(0.0, start - base)  # seconds after the first sample
        past = max(tail_start, _first_after(corrected[:end], session_end + SESSION_TOLERANCE_S))
        if first < past < end:  # rule 3: standing still past the session's end
            breaks.append(_past_session(past, end, corrected, session_end))
            end = past
            segments = [(a, min(b, end)) for a, b in segments if a < end]

    if len(segments) == 1:  # one clock: the times stay exactly as written, only a tail goes
        times, start, span = t[:end], 0.0, float(t[end - 1] - t[0])
    else:
        times, span = base + corrected[:end] - start, float(corrected[end - 1])
    moved_on = (
        along_m is not None
        and session_end is not None
        and _moves_after(along_m, corrected[:end], session_end)
    )
    elapsed, reason = _elapsed(span, elapsed_dev, timer_dev, moved_on)  # rule 5
    if breaks and elapsed_dev is None:
        reason += " after the clock fixes"
    ordered = tuple(sorted(breaks, key=lambda b: b.index))
    return ClockFix(times, np.arange(end), tuple(segments), start, elapsed, ordered, reason)


def _stillness(along: FloatArray | None, dt: FloatArray) -> tuple[BoolArray, int]:
    """Which intervals travelled slower than STILL_SPEED_MPS (all of them when the distance
    is unknown), and where the trailing samples that add no distance begin: after the last
    interval that moved, and within DRIFT_M of the end (len(along) when none, or unknown)."""
    if along is None:
        return np.ones(len(dt), dtype=np.bool_), len(dt) + 1
    gain = np.diff(along)
    moved = gain > STILL_SPEED_MPS * np.maximum(dt, 0.0)
    after_last_move = len(dt) + 1 - int(np.argmax(moved[::-1])) if moved.any() else 0
    within_drift = int(np.searchsorted(along, along[-1] - DRIFT_M, side="left"))
    return gain <= STILL_SPEED_MPS * dt, max(after_last_move, within_drift)


def _jumps(
    dt: FloatArray, step: FloatArray, still: BoolArray, nominal: float, elapsed: float | None
) -> tuple[list[int], str]:
    """The intervals that are clock jumps (sorted), and why: gaps without movement far beyond
    the sampling interval that the session's elapsed time does not hold (longest first, while
    they fit in the excess), or without a session those longer than MAX_PAUSE_S."""
    long_gap = dt > max(JUMP_MIN_S, JUMP_MIN_INTERVALS * nominal)
    candidates = np.flatnonzero(long_gap & still)
    if elapsed is None:
        why = f"longer than any pause ({_duration(MAX_PAUSE_S)})"
        return candidates[dt[candidates] > MAX_PAUSE_S].tolist(), why
    why = f"that the session's elapsed time ({_duration(elapsed)}) does not hold"
    jumps: list[int] = []
    excess = float(step.sum()) - elapsed
    if excess > SESSION_TOLERANCE_S:
        for g in candidates[np.argsort(-dt[candidates], kind="stable")].tolist():
            saving = float(dt[g]) - nominal
            if saving <= excess + SESSION_TOLERANCE_S:  # never cut the run below the session
                jumps.append(g)
                excess -= saving
                if excess <= SESSION_TOLERANCE_S:
                    break
    return sorted(jumps), why


def _anchor(
    t: FloatArray,
    corrected: FloatArray,
    segments: list[tuple[int, int]],
    start: float | None,
    calendar_from_s: float | None,
) -> tuple[int, bool]:
    """The first sample of the trusted clock's segment, and whether the session's start is on
    that clock: the calendar clock the session's start lies on (between the first and the last
    sample as that clock tells them), else the first calendar clock (any, if none is)."""
    calendar = [
        first for first, _ in segments if calendar_from_s is None or t[first] >= calendar_from_s
    ]
    trusted = calendar or [first for first, _ in segments]
    start_believed = start is not None and (
        calendar_from_s is None or start >= calendar_from_s or not calendar
    )
    if start is not None and start_believed:
        span = float(corrected[-1])
        for first in trusted:
            base = float(t[first] - corrected[first])
            if base - SESSION_TOLERANCE_S <= start <= base + span + SESSION_TOLERANCE_S:
                return first, True
    return trusted[0], False


def _elapsed(
    span: float, elapsed: float | None, timer: float | None, moved_on: bool
) -> tuple[float, str]:
    """Rule 5, with the reason; `moved_on`: the samples travel on past the session's end."""
    if elapsed is None:
        result, reason = span, "the span of the samples"
    elif span <= elapsed + SESSION_TOLERANCE_S:
        result, reason = elapsed, "the session's elapsed time; the samples agree"
    elif moved_on:
        result = span
        reason = "the samples: they move on past the session's end (a session closed early)"
    else:
        result, reason = elapsed, "the session's elapsed time (the samples run past it)"
    if timer is not None and result < timer:
        return timer, "the session's timer time (never less)"
    return result, reason


def _first_after(corrected: FloatArray, seconds: float) -> int:
    return int(np.searchsorted(corrected, seconds, side="right"))


def _moves_after(along: FloatArray, corrected: FloatArray, seconds: float) -> bool:
    """Whether the samples travel more than DRIFT_M after `seconds` from the first one."""
    last_inside = max(0, _first_after(corrected, seconds) - 1)
    return bool(along[len(corrected) - 1] - along[last_inside] > DRIFT_M)


def _step_back(i: int, seconds: float, nominal: float) -> ClockBreak:
    return ClockBreak(
        i + 1,
        BreakKind.STEP_BACK,
        seconds,
        f"the clock stepped back {_duration(-seconds)} at sample {i + 1}: a clock error, "
        f"counted as one sampling interval ({_duration(nominal)})",
    )


def _jump(g: int, seconds: float, nominal: float, why: str) -> ClockBreak:
    return ClockBreak(
        g + 1,
        BreakKind.JUMP,
        seconds,
        f"a {_duration(seconds)} gap without movement before sample {g + 1}, {why}: "
        f"a clock jump, counted as one sampling interval ({_duration(nominal)})",
    )


def _trailing_after_jump(g: int, seconds: float, n: int, why: str) -> ClockBreak:
    return ClockBreak(
        g + 1,
        BreakKind.TRAILING,
        seconds,
        f"{_samples(g + 1, n)} come {_duration(seconds)} after the one before and add "
        f"no distance, {why}: trailing records, left out",
    )


def _past_session(past: int, end: int, corrected: FloatArray, session_end: float) -> ClockBreak:
    run_on = float(corrected[end - 1] - corrected[past - 1])
    return ClockBreak(
        past,
        BreakKind.TRAILING,
        run_on,
        f"{_samples(past, end)} run on {_duration(run_on)} past the session's end "
        f"({_duration(session_end)} after the first sample) and add no distance: left out",
    )


def records_elapsed_s(time_s: FloatArray, distance_m: FloatArray | None) -> float | None:
    """Elapsed time of samples without a device session (TCX): the corrected span."""
    order = recording_order(time_s)
    along = along_track_m(None if distance_m is None else distance_m[order])
    return fix_clock(time_s[order], along).elapsed_s


def _session_values(session: Session | None) -> tuple[float | None, float | None, float | None]:
    if session is None:
        return None, None, None

    def positive(value: float | None) -> float | None:
        return float(value) if value is not None and np.isfinite(value) and value > 0 else None

    start = session.start_s
    return (
        positive(session.elapsed_s),
        positive(session.timer_s),
        float(start) if start is not None and np.isfinite(start) else None,
    )


def _samples(first: int, stop: int) -> str:
    return f"sample {first}" if stop - first == 1 else f"samples {first}–{stop - 1}"


def _duration(seconds: float) -> str:
    s = float(seconds)
    if s < 120:
        return f"{s:g} s"
    if s < 2 * 3600:
        return f"{s / 60:.1f} min"
    if s < 2 * 86400:
        return f"{s / 3600:.1f} h"
    return f"{s / 86400:.1f} days"
