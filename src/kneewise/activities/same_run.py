"""One run, one activity (design.md §3.5): recordings of one sport whose time spans overlap by
most of their length are the same run, whatever the files (the watch's FIT, a platform's GPX
or TCX of it, the same file twice). The most detailed recording is the run; the others are
kept as its alternates.

Pure and Django-free: `kneewise load` groups decoded summaries with it, the web importer
groups stored activities with it, and a migration regroups existing databases.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Generic, Protocol, TypeVar

from kneewise.activities.model import ActivitySummary, FileFormat

# "Most of their length": the shared time is more than half of the longer recording. A short
# partial recording inside a long run is not called the same run (it would undercount the
# longer one's detail for nothing); two copies of one run overlap almost entirely.
MOST = 0.5
# A recording with no time at all (a manual entry) matches another that starts within this.
INSTANT_TOLERANCE = timedelta(minutes=2)
FORMAT_RANK = {FileFormat.FIT.value: 3, FileFormat.TCX.value: 2, FileFormat.GPX.value: 1}

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Recording(Generic[T]):
    """What grouping needs of a recording, and the caller's own item (a summary, a row)."""

    item: T
    sport: str
    start: datetime
    elapsed_s: float
    detail: tuple[int, ...]  # higher is more detailed; compared as a tuple

    @property
    def end(self) -> datetime:
        return self.start + timedelta(seconds=max(self.elapsed_s, 0.0))


@dataclass(frozen=True, slots=True)
class SameRun(Generic[T]):
    """A run and the other recordings of it (best first is `primary`)."""

    primary: T
    alternates: tuple[T, ...]

    @property
    def all(self) -> tuple[T, ...]:
        return (self.primary, *self.alternates)


def detail_of(
    format_name: str, *fields: float | None, elapsed_s: float | None = None
) -> tuple[int, ...]:
    """How detailed a recording is: FIT over TCX over GPX, then more streams (the summary
    fields a stream fills: heart rate, cadence, elevation, distance), then the longer."""
    rank = FORMAT_RANK.get(format_name, 0)
    streams = sum(1 for value in fields if value is not None)
    return (rank, streams, round(elapsed_s or 0))


def same_run(a: Recording[T], b: Recording[T]) -> bool:
    if a.sport != b.sport:
        return False
    if a.elapsed_s <= 0 or b.elapsed_s <= 0:
        return abs(a.start - b.start) <= INSTANT_TOLERANCE
    shared = (min(a.end, b.end) - max(a.start, b.start)).total_seconds()
    return shared > MOST * max(a.elapsed_s, b.elapsed_s)


def group(recordings: Iterable[Recording[T]]) -> list[SameRun[T]]:
    """Group recordings into runs, oldest first; within a run the most detailed is primary.

    A sweep over start times: only recordings whose spans can touch are compared, so a long
    history groups in O(n log n)."""
    ordered = sorted(recordings, key=lambda r: (r.start, r.elapsed_s))
    groups: list[list[Recording[T]]] = []
    open_groups: list[tuple[datetime, list[Recording[T]]]] = []  # (latest end, members)
    for recording in ordered:
        open_groups = [
            (end, g) for end, g in open_groups if end + INSTANT_TOLERANCE >= recording.start
        ]
        home = next(
            (g for _, g in open_groups if any(same_run(recording, other) for other in g)), None
        )
        if home is None:
            home = [recording]
            groups.append(home)
            open_groups.append((recording.end, home))
        else:
            home.append(recording)
            open_groups = [
                (max(end, recording.end) if g is home else end, g) for end, g in open_groups
            ]
    return [ranked(g) for g in groups]


def ranked(members: Sequence[Recording[T]]) -> SameRun[T]:
    """Recordings known to be one run, the most detailed as its primary."""
    best = sorted(members, key=lambda r: (r.detail, -r.start.timestamp()), reverse=True)
    return SameRun(best[0].item, tuple(r.item for r in best[1:]))


class Recordable(Protocol):
    """What grouping reads of a summary or a stored activity (the same field names)."""

    @property
    def sport(self) -> str: ...
    @property
    def format(self) -> str: ...
    @property
    def start_time(self) -> datetime: ...
    @property
    def elapsed_s(self) -> float | None: ...
    @property
    def avg_hr_bpm(self) -> float | None: ...
    @property
    def avg_cadence_spm(self) -> float | None: ...
    @property
    def ascent_m(self) -> float | None: ...
    @property
    def distance_m(self) -> float | None: ...


R = TypeVar("R", bound=Recordable)


def recording(item: R) -> Recording[R]:
    """A summary or a stored activity as a recording to group (a summary's sport and format
    are string enums, so both compare alike)."""
    return Recording(
        item=item,
        sport=item.sport,
        start=item.start_time,
        elapsed_s=item.elapsed_s or 0.0,
        detail=detail_of(
            item.format,
            item.avg_hr_bpm,
            item.avg_cadence_spm,
            item.ascent_m,
            item.distance_m,
            elapsed_s=item.elapsed_s,
        ),
    )


def one_per_run(summaries: Iterable[ActivitySummary]) -> list[ActivitySummary]:
    """The primary recording of each run (what `kneewise load` counts)."""
    return [run.primary for run in group(recording(s) for s in summaries)]
