"""One entry point from bytes to activities: gunzip and sniff, then the format's decoder.

`decode_input` never raises for a bad file: failures, routes and non-activity files come back
as values (`FileError`, `Skipped`), so one file never aborts an import.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kneewise.activities.garmin import match_hint
from kneewise.activities.hints import ActivityHint
from kneewise.activities.limits import Limits
from kneewise.activities.model import (
    ActivityStreams,
    DecodeError,
    FileError,
    FileFormat,
    NotAnActivity,
)
from kneewise.activities.sources import InputFile, SkipKind, Skipped

Decoder = Callable[[bytes, str, Limits], list[ActivityStreams]]


@dataclass(frozen=True, slots=True)
class Decoded:
    """The activities in one file, each with the export's hint for it (or None)."""

    source: str
    activities: tuple[ActivityStreams, ...]
    hints: tuple[ActivityHint | None, ...]


DecodeResult = Decoded | Skipped | FileError


def decode_bytes(data: bytes, name: str, source: str, *, limits: Limits) -> list[ActivityStreams]:
    """Gunzip and sniff `data`, then decode it and apply the plausibility bounds
    (plausible.py); raises DecodeError / NotAnActivity."""
    from kneewise.activities.plausible import plausible
    from kneewise.activities.sniff import open_payload

    file_format, payload = open_payload(data, name, max_bytes=limits.max_file_bytes)
    return [plausible(s) for s in _decoder(file_format)(payload, source, limits)]


def decode_input(item: InputFile) -> DecodeResult:
    """Read and decode one input; every failure becomes a value naming the file."""
    try:
        streams = decode_bytes(item.read(), item.name, item.source, limits=item.limits)
    except NotAnActivity as exc:
        return Skipped(item.source, SkipKind.NOT_AN_ACTIVITY, str(exc), item.hint)
    except DecodeError as exc:
        return FileError(item.source, str(exc))
    except MemoryError:
        return FileError(item.source, "out of memory while decoding")
    except Exception as exc:  # a decoder bug must not abort the whole import
        return FileError(item.source, f"internal error: {type(exc).__name__}: {exc}")
    activities = tuple(s for s in streams if not s.is_route)
    if not activities:
        if streams:
            reason = "a route (track without times), not an activity"
            return Skipped(item.source, SkipKind.ROUTE, reason, item.hint)
        return Skipped(item.source, SkipKind.NOT_AN_ACTIVITY, "no activity in the file", item.hint)
    return Decoded(item.source, activities, _link(activities, item))


def _link(
    activities: tuple[ActivityStreams, ...], item: InputFile
) -> tuple[ActivityHint | None, ...]:
    """A Strava row belongs to its file (to the matching leg when a file has several);
    Garmin summaries are linked by start time."""
    if item.hint is not None:
        if len(activities) == 1:
            return (item.hint,)
        return tuple(match_hint(a.start_time, (item.hint,)) for a in activities)
    return tuple(match_hint(a.start_time, item.candidates) for a in activities)


def _decoder(file_format: FileFormat) -> Decoder:
    """The format's decoder, imported on first use (a FIT-only import never loads lxml)."""
    if file_format is FileFormat.FIT:
        from kneewise.activities.fit import decode_fit

        return decode_fit
    if file_format is FileFormat.GPX:
        from kneewise.activities.gpx import decode_gpx

        return decode_gpx
    from kneewise.activities.tcx import decode_tcx

    return decode_tcx
