"""A run's samples for drawing, read again from the stored original file.

The streams come from decoding the original with the package's own decoder (it is kept by
SHA-256, design.md §2; one file decodes in milliseconds). Everything here is worked out as
the summary works it out (activities/summary.py, elevation.py), with its own functions: the
same sample order, the same distance along the track, the same moving intervals, the same
smoothed elevation and grade. So the stretches found downhill add up to the run's downhill
distance, and pace leaves out what the moving time leaves out.
"""

from __future__ import annotations

import itertools
import logging
import math
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import numpy.typing as npt

from kneewise.activities import elevation
from kneewise.activities.decode import decode_bytes
from kneewise.activities.limits import DEFAULT_LIMITS
from kneewise.activities.model import ActivityStreams, FloatArray
from kneewise.activities.summary import (  # the summary's own steps, not a second version
    MAX_GAP_S,
    Samples,
    samples_of,
)
from kneewise.units import distance_text, metres_per_unit
from kneewise.web.activities.importer import stored_path
from kneewise.web.activities.models import Activity
from kneewise.web.progress import svg

logger = logging.getLogger(__name__)

MAX_POINTS = 300  # per chart: enough for a phone or a printout, small enough for the page
TIME_STEP_S = 5.0  # the finest time grid (files without distance)
SHORT_GAP_BINS = 2  # a missing bin or two between values is joined up; longer gaps show
SAME_START_S = 2.0

IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]


def load_streams(activity: Activity) -> ActivityStreams | None:
    """The activity's streams from its stored original; None when the file is missing or no
    longer decodes (the page then shows the summary alone)."""
    try:
        data = stored_path(activity.file.sha256).read_bytes()
        decoded = decode_bytes(
            data, activity.shown_file_name, activity.source, limits=DEFAULT_LIMITS
        )
    except Exception:  # a missing file, a damaged one or a decoder bug must not break the page
        logger.warning("activity %s: its original file could not be decoded", activity.pk)
        return None
    return matching(decoded, activity.start_time)


def matching(decoded: list[ActivityStreams], start: datetime) -> ActivityStreams | None:
    """The file's activity that starts at `start` (a file can hold several)."""
    timed = [(abs((s.start_time - start).total_seconds()), s) for s in decoded if s.start_time]
    close = [pair for pair in timed if pair[0] <= SAME_START_S]
    if close:
        return min(close, key=lambda pair: pair[0])[1]
    return timed[0][1] if len(timed) == 1 else None


@dataclass(frozen=True)
class Track:
    """The samples as the summary reads them (`summary.samples_of`): corrected time, distance
    along the track (or None) and the moving time reached at each sample (pauses and standing
    still do not count)."""

    streams: ActivityStreams
    samples: Samples
    moving: FloatArray

    @property
    def t(self) -> FloatArray:
        return self.samples.t

    @property
    def along(self) -> FloatArray | None:
        return self.samples.along

    def stream(self, name: str) -> FloatArray | None:
        """One stream in sample order, ±inf read as missing (as the summary reads it)."""
        return self.samples.stream(getattr(self.streams, name))


def track_of(streams: ActivityStreams) -> Track:
    samples = samples_of(streams)
    counted = samples.moving if samples.moving is not None else samples.dt <= MAX_GAP_S
    moving = np.concatenate(([0.0], np.cumsum(np.where(counted, samples.dt, 0.0))))
    return Track(streams, samples, moving)


@dataclass(frozen=True)
class Axis:
    """The charts' shared horizontal axis: distance when the file has it, else time, cut
    into `count` equal bins (a chart's category i is bin i)."""

    values: FloatArray  # each sample's place on the axis
    start: float
    end: float
    count: int
    by_distance: bool
    units: str

    @property
    def span(self) -> float:
        return self.end - self.start

    def centres(self) -> FloatArray:
        centres: FloatArray = self.start + (np.arange(self.count) + 0.5) * self.span / self.count
        return centres

    def position(self, value: float) -> float:
        """`value` in category units (svg.Span): 0 at the start, `count` at the end."""
        return (value - self.start) / self.span * self.count

    def bins(self) -> IntArray:
        raw = np.floor((self.values - self.start) / self.span * self.count)
        bins: IntArray = np.clip(raw, 0, self.count - 1).astype(np.intp)
        return bins

    def labels(self) -> list[str]:
        """A few round values along the axis ("2 km", "20 min"), the rest blank."""
        per = metres_per_unit(self.units) if self.by_distance else 60.0
        unit = self.units if self.by_distance else "min"
        labels = [""] * self.count
        for tick in svg.nice_ticks(0.0, self.span / per * 1.001, most=5):  # 2.999 km is 3
            index = round(tick * per / self.span * self.count - 0.5)
            labels[min(self.count - 1, max(0, index))] = f"{svg.num(tick)} {unit}"
        return labels

    def where(self, value: float) -> str:
        """How far along the run `value` is: "2.53 km", "1.57 mi", "12 min"."""
        if not self.by_distance:
            return f"{(value - self.start) / 60:.0f}\u00a0min"
        return distance_text(value - self.start, self.units)


def axis_of(track: Track, units: str) -> Axis | None:
    """Distance when the file has it, else time; None for a recording with no extent."""
    if track.along is not None and track.along[-1] > track.along[0]:
        values, step, by_distance = track.along, elevation.BIN_M, True
    elif len(track.t) >= 2 and track.t[-1] > track.t[0]:
        values, step, by_distance = track.t, TIME_STEP_S, False
    else:
        return None
    start, end = float(values[0]), float(values[-1])
    count = min(MAX_POINTS, math.ceil((end - start) / step), len(values) // 2)
    return Axis(values, start, end, max(count, 2), by_distance, units)


def binned_mean(axis: Axis, values: FloatArray, ok: BoolArray) -> list[float | None]:
    """The mean of the `ok` samples in each bin; a short run of empty bins is joined up."""
    bins = axis.bins()[ok]
    counts = np.bincount(bins, minlength=axis.count)
    sums = np.bincount(bins, weights=values[ok], minlength=axis.count)
    means = np.divide(sums, counts, out=np.full(axis.count, np.nan), where=counts > 0)
    known = np.flatnonzero(np.isfinite(means))
    for left, right in itertools.pairwise(known):
        if 1 < right - left <= SHORT_GAP_BINS + 1:
            means[left : right + 1] = np.linspace(means[left], means[right], right - left + 1)
    return [float(v) if math.isfinite(v) else None for v in means]


def time_share(t: FloatArray, among: BoolArray, selected: BoolArray) -> float:
    """The share of the `among` samples' time that the `selected` ones take (each sample
    stands for the interval before it; pauses longer than MAX_GAP_S do not count)."""
    dt = np.diff(t, prepend=t[0])
    weight = np.where(dt <= MAX_GAP_S, dt, 0.0)
    total = float(weight[among].sum())
    if total <= 0:
        return float(np.mean(selected[among]))
    return float(weight[among & selected].sum()) / total


def elevation_profile(track: Track, by_distance: bool) -> elevation.ElevationProfile | None:
    """The summary's smoothed elevation: on the distance grid, else on the time grid."""
    raw = track.stream("elevation_m")
    if raw is None or not bool(np.isfinite(raw).any()):
        return None
    smoothing = elevation.smoothing_for(track.streams.elevation_source)
    if by_distance and track.along is not None:
        return elevation.profile(track.along, raw, step=elevation.BIN_M, smoothing=smoothing)
    return elevation.profile(track.t, raw, step=elevation.TIME_BIN_S, smoothing=smoothing)


@dataclass(frozen=True, order=True)
class Stretch:
    """A downhill stretch: from and to (metres along the track), its length and mean grade."""

    start_m: float
    end_m: float
    length_m: float
    grade: float


def downhill_stretches(prof: elevation.ElevationProfile) -> list[Stretch]:
    """Runs of neighbouring bins at −5 % or steeper by `elevation.grade`, as the summary
    finds them: their lengths add up to `elevation.downhill_m` exactly."""
    grades = elevation.grade(prof)
    down = (grades <= elevation.DOWNHILL_GRADE).astype(np.int8)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], down, [0]))))
    stretches = []
    for first, stop in zip(edges[0::2], edges[1::2], strict=True):
        lengths = prof.length[first:stop]
        stretches.append(
            Stretch(
                start_m=float(prof.centre[first] - prof.length[first] / 2),
                end_m=float(prof.centre[stop - 1] + prof.length[stop - 1] / 2),
                length_m=float(lengths.sum()),
                grade=float(np.average(grades[first:stop], weights=lengths)),
            )
        )
    return stretches
