"""Walk inputs (files, folders, zips, zips in zips) into items to decode, skip or report.

`iter_inputs` streams: it yields `InputFile`s whose bytes are read only by `read()`, one member
at a time, in a sorted, deterministic order. Reading an item before moving on is fastest (the
zip is open); an item read later reopens its zip from disk.

Folders and zips yield files whose names end in .fit, .gpx, .tcx (optionally .gz), and descend
into .zip; other files are reported as skipped without being read (an export's photos and
wellness JSON would cost time and memory to sniff). A file named on the command line is always
tried: the decoder sniffs its format by content, whatever its name.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import Final, Protocol

from kneewise.activities import garmin, strava
from kneewise.activities.archive import Entry, Reader, ZipArchive, file_reader, open_zip_file
from kneewise.activities.archive import Folder as _Folder
from kneewise.activities.hints import ActivityHint
from kneewise.activities.limits import (
    DEFAULT_LIMITS,
    Limits,
    check_zip_directory,
    unsafe_member_name,
)
from kneewise.activities.limits import file_too_large as _file_too_large
from kneewise.activities.model import DecodeError, FileError

ACTIVITY_SUFFIXES: Final = (".fit", ".gpx", ".tcx", ".fit.gz", ".gpx.gz", ".tcx.gz")


class SkipKind(StrEnum):
    NOT_ACTIVITY_FILE = "not_activity_file"  # by name: photos, other CSV/JSON, ...
    ROUTE = "route"  # a planned course (Strava routes/, a GPX without times)
    MANUAL_ENTRY = "manual_entry"  # an export row without a recording
    SUMMARY = "summary"  # activities.csv / summarizedActivities.json, read for hints
    METADATA = "metadata"  # macOS __MACOSX/, ._* and .DS_Store
    UNSAFE_NAME = "unsafe_name"  # absolute path, '..', drive letter: ignored
    NOT_AN_ACTIVITY = "not_an_activity"  # decoded, but not an activity (settings, monitoring)


@dataclass(frozen=True, slots=True)
class Skipped:
    """Something that is not an activity, with the reason; manual entries carry their hint."""

    source: str
    kind: SkipKind
    reason: str
    hint: ActivityHint | None = None

    def as_json(self) -> dict[str, str]:
        return {"source": self.source, "kind": self.kind.value, "reason": self.reason}


@dataclass(frozen=True, slots=True, eq=False)
class InputFile:
    """One file to decode. `size` is its stored (compressed/on-disk) size, for progress bars.

    `hint` is the export's row for it (Strava); `candidates` are hints to link by start time
    after decoding (Garmin, whose file names carry no activity id), sorted by start time.
    """

    source: str
    name: str
    size: int
    limits: Limits
    _reader: Reader = field(repr=False)
    hint: ActivityHint | None = None
    candidates: tuple[ActivityHint, ...] = ()

    def read(self) -> bytes:
        """The file's bytes, limits enforced while reading; raises DecodeError/LimitExceeded."""
        return self._reader()


InputItem = InputFile | Skipped | FileError


def iter_inputs(paths: Sequence[Path], limits: Limits = DEFAULT_LIMITS) -> Iterator[InputItem]:
    """Every item under `paths`, in the given order of paths and sorted within each."""
    for path in paths:
        yield from _walk_path(Path(path), limits)


def _walk_path(path: Path, limits: Limits) -> Iterator[InputItem]:
    label = str(path)
    if path.is_dir():
        yield from _walk_container(_Folder(path, limits), ())
    elif not path.exists():
        yield FileError(label, "no such file or folder")
    elif path.name.lower().endswith(".zip"):
        try:
            with open_zip_file(path, label, limits) as archive:
                yield from _walk_container(archive, ())
        except DecodeError as exc:
            yield FileError(label, str(exc))
    else:
        try:
            size = path.stat().st_size
        except OSError as exc:
            yield FileError(label, f"cannot read ({exc.strerror})")
            return
        if size > limits.max_file_bytes:
            yield FileError(label, str(_file_too_large(label, limits.max_file_bytes, size)))
            return
        yield InputFile(label, path.name, size, limits, file_reader(path, label, limits))


class _Container(Protocol):
    label: str
    depth: int
    limits: Limits
    entries: list[Entry]
    errors: list[tuple[str, str]]

    def source(self, entry: Entry) -> str: ...
    def check(self, entry: Entry) -> None: ...
    def reader(self, entry: Entry) -> Reader: ...
    def open_nested(self, entry: Entry) -> AbstractContextManager[ZipArchive]: ...


@dataclass(slots=True)
class _Export:
    """What a container's summary files told us."""

    strava_root: str | None = None  # folder holding activities.csv, "" = the container's root
    strava: strava.StravaTable | None = None
    candidates: tuple[ActivityHint, ...] = ()
    summaries: dict[str, str] = field(default_factory=dict)  # entry name -> skip reason
    errors: list[FileError] = field(default_factory=list)


def _walk_container(box: _Container, inherited: tuple[ActivityHint, ...]) -> Iterator[InputItem]:
    for source, error in box.errors:
        yield FileError(source, error)
    export = _read_summaries(box)
    yield from export.errors
    candidates = export.candidates or inherited
    plan = [(entry, _classify(entry.name, export)) for entry in box.entries]
    if isinstance(box, ZipArchive):
        to_read = sum(e.size for e, skip in plan if skip is None)
        try:
            check_zip_directory(box.label, len(box.entries), to_read, box.limits)
        except DecodeError as exc:
            yield FileError(box.label, str(exc))
            return
    linked: set[str] = set()
    for entry, skip in plan:
        source = box.source(entry)
        if skip is not None:
            yield Skipped(source, *skip)
        elif entry.name.lower().endswith(".zip"):
            yield from _walk_nested(box, entry, candidates)
        else:
            yield from _input_file(box, entry, export, candidates, linked)
    yield from _unlinked_rows(box, export, linked)


def _walk_nested(
    box: _Container, entry: Entry, candidates: tuple[ActivityHint, ...]
) -> Iterator[InputItem]:
    source = box.source(entry)
    try:
        with box.open_nested(entry) as nested:
            yield from _walk_container(nested, candidates)
    except DecodeError as exc:
        yield FileError(source, str(exc))


def _input_file(
    box: _Container,
    entry: Entry,
    export: _Export,
    candidates: tuple[ActivityHint, ...],
    linked: set[str],
) -> Iterator[InputItem]:
    source = box.source(entry)
    try:
        box.check(entry)
    except DecodeError as exc:
        yield FileError(source, str(exc))
        return
    hint = None
    if export.strava is not None and export.strava_root is not None:
        key = strava.file_key(entry.name.removeprefix(export.strava_root))
        hint = export.strava.by_file.get(key)
        if hint is not None:
            linked.add(key)
    name = PurePosixPath(entry.name).name
    yield InputFile(
        source,
        name,
        entry.stored,
        box.limits,
        box.reader(entry),
        hint=hint,
        candidates=() if hint is not None else candidates,
    )


def _unlinked_rows(box: _Container, export: _Export, linked: set[str]) -> Iterator[InputItem]:
    """Manual entries (no file), then rows whose file is missing from the export."""
    table, root = export.strava, export.strava_root
    if table is None or root is None:
        return
    csv_source = box.source(Entry(root + strava.CSV_NAME, 0, 0))
    for hint in table.manual:
        reason = "manual entry without a file: not imported"
        yield Skipped(f"{csv_source}#{hint.activity_id}", SkipKind.MANUAL_ENTRY, reason, hint)
    for key, hint in sorted(table.by_file.items()):
        if key not in linked:
            error = f"listed in {strava.CSV_NAME} (activity {hint.activity_id}) but not found"
            yield FileError(box.source(Entry(root + (hint.file or key), 0, 0)), error)


def _read_summaries(box: _Container) -> _Export:
    """Find a Strava activities.csv (the shallowest that parses) and Garmin summaries."""
    export = _Export()
    csvs = [e for e in box.entries if PurePosixPath(e.name).name.lower() == strava.CSV_NAME]
    for entry in sorted(csvs, key=lambda e: (e.name.count("/"), e.name)):
        if unsafe_member_name(entry.name) is not None:
            continue
        try:
            box.check(entry)
            table = strava.parse_activities_csv(box.reader(entry)(), box.source(entry))
        except DecodeError:
            continue  # another program's activities.csv: just not an activity file
        export.strava, export.strava_root = table, entry.name[: -len(strava.CSV_NAME)]
        export.summaries[entry.name] = "Strava activity list: read for names, types and gear"
        break
    hints: list[ActivityHint] = []
    for entry in box.entries:
        if not garmin.is_summary_file(entry.name) or unsafe_member_name(entry.name):
            continue
        try:
            box.check(entry)
            summaries = garmin.parse_summaries(box.reader(entry)(), box.source(entry))
        except DecodeError as exc:
            export.errors.append(FileError(box.source(entry), str(exc)))
            continue
        hints.extend(summaries.hints)
        parents = len(summaries.parents)
        export.summaries[entry.name] = (
            f"Garmin activity summaries: read for names and types ({parents} multisport "
            "parents left out: their legs are counted)"
        )
    export.candidates = tuple(sorted(hints, key=garmin.start_key))
    return export


def _classify(name: str, export: _Export) -> tuple[SkipKind, str] | None:
    """Why an entry is skipped by its name, or None to read it (activity file or zip)."""
    if why := unsafe_member_name(name):
        return SkipKind.UNSAFE_NAME, f"unsafe name in archive ({why}): ignored, never extracted"
    parts = name.split("/")
    if "__MACOSX" in parts or parts[-1].startswith("._") or parts[-1] == ".DS_Store":
        return SkipKind.METADATA, "macOS metadata"
    if name in export.summaries:
        return SkipKind.SUMMARY, export.summaries[name]
    root = export.strava_root
    if root is not None and name.startswith(root) and strava.is_route(name[len(root) :]):
        return SkipKind.ROUTE, "Strava route: a planned course, not an activity"
    lower = name.lower()
    if lower.endswith(".zip") or lower.endswith(ACTIVITY_SUFFIXES):
        return None
    suffix = "".join(PurePosixPath(lower).suffixes[-2:]) or "no suffix"
    return SkipKind.NOT_ACTIVITY_FILE, f"not an activity file ({suffix})"
