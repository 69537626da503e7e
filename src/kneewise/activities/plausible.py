"""Plausibility bounds on decoded activities (numbers in limits.py, policy in
docs/activity-limits.md): impossible samples become missing, impossible activities are refused.

A sensor glitch (a heart rate of 1e308, an altitude of 40 km) must not lose a run, so such
samples are read as missing. A whole activity lasting thousands of years, running 1e308 m or
starting before GPS watches existed is not a run: the file is refused, naming the field.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import numpy as np

from kneewise.activities.limits import (
    DEVICE_AVERAGE_RANGES,
    EARLIEST_START,
    LATEST_START,
    MAX_CLIMB_M,
    MAX_DISTANCE_M_ON_FOOT,
    MAX_DISTANCE_M_OTHER,
    MAX_ELAPSED_S,
    SAMPLE_RANGES,
)
from kneewise.activities.model import ActivityStreams, DecodeError, FloatArray, Sport

_ON_FOOT = frozenset({Sport.RUNNING, Sport.WALKING, Sport.HIKING})
_EARLIEST = datetime.fromisoformat(EARLIEST_START).replace(tzinfo=UTC)
_LATEST = datetime.fromisoformat(LATEST_START).replace(tzinfo=UTC)


class Implausible(DecodeError):
    """A whole-activity value outside its accepted range; `field` names it."""

    def __init__(self, field: str, value: str, accepted: str) -> None:
        super().__init__(f"implausible {field}: {value}; the accepted range is {accepted}")
        self.field = field

    def __reduce__(self) -> tuple[type[DecodeError], tuple[str]]:
        return (DecodeError, (str(self),))  # picklable across worker processes


def plausible(streams: ActivityStreams) -> ActivityStreams:
    """`streams` with impossible samples read as missing; Implausible if the activity itself
    is impossible (elapsed time, distance, climb, start time)."""
    streams = _clean_samples(streams)
    if streams.start_time is None:
        return streams  # a route: skipped later, nothing of it is stored
    _check_activity(streams)
    return streams


def _clean_samples(streams: ActivityStreams) -> ActivityStreams:
    time_s = streams.time_s
    keep = np.isfinite(time_s)
    changes: dict[str, object] = {}
    for name, (low, high) in SAMPLE_RANGES.items():
        values: FloatArray | None = getattr(streams, name)
        if values is None:
            continue
        values = np.asarray(values, dtype=np.float64)
        bad = ~((values >= low) & (values <= high)) & ~np.isnan(values)
        if bad.any():
            values = np.where(bad, np.nan, values)
            changes[name] = values
    totals = streams.totals
    averages = {
        name: None
        for name, (low, high) in DEVICE_AVERAGE_RANGES.items()
        if (value := getattr(totals, name)) is not None and not low <= value <= high
    }
    if averages:
        changes["totals"] = replace(totals, **averages)
    if not keep.all():  # a sample without a readable time has no place on the time axis
        changes["time_s"] = time_s[keep]
        for name in SAMPLE_RANGES:
            column = changes.get(name, getattr(streams, name))
            if column is not None:
                changes[name] = np.asarray(column)[keep]
    return replace(streams, **changes) if changes else streams  # type: ignore[arg-type]


def _check_activity(streams: ActivityStreams) -> None:
    from kneewise.activities.summary import samples_of

    totals = streams.totals
    limit_m = MAX_DISTANCE_M_ON_FOOT if streams.sport in _ON_FOOT else MAX_DISTANCE_M_OTHER
    for field, value in (
        ("elapsed time", totals.elapsed_s),
        ("timer time", totals.timer_s),
        ("moving time", totals.moving_s),
    ):
        _within(field, value, MAX_ELAPSED_S, _duration)
    _within("distance", totals.distance_m, limit_m, _kilometres)
    _within("ascent", totals.ascent_m, MAX_CLIMB_M, _metres)
    _within("descent", totals.descent_m, MAX_CLIMB_M, _metres)
    if len(streams.time_s) == 0:
        return
    samples = samples_of(streams)  # the summary's own time axis, clock errors left out
    _within("elapsed time", samples.fix.elapsed_s, MAX_ELAPSED_S, _duration)
    if samples.along is not None and len(samples.along):
        _within("distance", float(np.nanmax(samples.along)), limit_m, _kilometres)
    assert streams.start_time is not None
    start = streams.start_time + timedelta(seconds=samples.fix.start_s)
    if not _EARLIEST <= start < _LATEST:
        raise Implausible(
            "start time",
            f"the activity starts on {start:%Y-%m-%d}",
            f"{EARLIEST_START} to {LATEST_START}",
        )


def _within(field: str, value: float | None, maximum: float, unit: object) -> None:
    if value is None or not np.isfinite(value):
        return  # unknown, or not a number: read as missing
    if not 0 <= value <= maximum:
        show = unit  # a formatter of the value in plain units
        assert callable(show)
        raise Implausible(field, show(value), f"0 to {show(maximum)}")


def _duration(seconds: float) -> str:
    if abs(seconds) >= 86_400:
        return f"{_number(seconds / 86_400)} days"
    return f"{_number(seconds / 3600)} hours"


def _kilometres(metres: float) -> str:
    return f"{_number(metres / 1000)} km"


def _metres(metres: float) -> str:
    return f"{_number(metres)} m"


def _number(value: float) -> str:
    """1,234.5 in plain figures; a huge value as 1.2e+300 rather than 300 digits."""
    return f"{value:,.1f}" if abs(value) < 1e9 else f"{value:.2g}"
