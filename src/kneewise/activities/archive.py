"""Containers of input files: a folder on disk or a zip (possibly inside another zip).

Members are read in memory with limits enforced while streaming; nothing is extracted by name.
A nested zip is streamed into an anonymous spooled temporary file because `zipfile` needs a
seekable file; it is closed (and gone) once its members have been walked. A member read after
the walk has left its zip is read by reopening the zip from disk (slower, still correct).
"""

from __future__ import annotations

import contextlib
import os
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Final

from kneewise.activities.limits import (
    MB,
    Budget,
    LimitExceeded,
    Limits,
    check_depth,
    check_member,
    file_too_large,
    read_limited,
)
from kneewise.activities.model import DecodeError

_SPOOL_IN_MEMORY: Final = 16 * MB
_EOCD: Final = b"PK\x05\x06"
_ZIP64_LOCATOR: Final = b"PK\x06\x07"

Reader = Callable[[], bytes]


@dataclass(frozen=True, slots=True)
class Entry:
    """A file in a container: `name` is its posix path inside it."""

    name: str
    size: int  # uncompressed bytes (declared, for zip members)
    stored: int  # bytes in the container (compressed size, or size on disk)
    info: zipfile.ZipInfo | None = None
    index: int = -1  # position in the zip's directory (names may repeat)


class Folder:
    """A folder walked recursively; symlinked folders are not followed (no loops)."""

    depth = 0

    def __init__(self, root: Path, limits: Limits) -> None:
        self.root = root
        self.label = str(root)
        self.limits = limits
        self.errors: list[tuple[str, str]] = []
        self.entries = sorted(self._walk(), key=lambda e: e.name)

    def _walk(self) -> Iterator[Entry]:
        def on_error(exc: OSError) -> None:
            self.errors.append((str(exc.filename), f"cannot read folder: {exc.strerror}"))

        for folder, dirs, files in os.walk(self.root, onerror=on_error):
            dirs.sort()
            for file in files:
                path = Path(folder, file)
                try:
                    size = path.stat().st_size
                except OSError as exc:
                    self.errors.append((str(path), f"cannot read: {exc.strerror}"))
                    continue
                yield Entry(path.relative_to(self.root).as_posix(), size, size)

    def source(self, entry: Entry) -> str:
        return str(self.root / entry.name)

    def check(self, entry: Entry) -> None:
        if entry.size > self.limits.max_file_bytes:
            raise file_too_large(self.source(entry), self.limits.max_file_bytes, entry.size)

    def reader(self, entry: Entry) -> Reader:
        return file_reader(self.root / entry.name, self.source(entry), self.limits)

    @contextmanager
    def open_nested(self, entry: Entry) -> Iterator[ZipArchive]:
        with open_zip_file(self.root / entry.name, self.source(entry), self.limits) as zf:
            yield zf


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a zip comes from: a zip on disk, then the directory indexes of nested zips."""

    path: Path
    label: str
    chain: tuple[int, ...] = ()


class ZipArchive:
    """An open zip; `depth` counts the zips in the chain (1 = a zip on disk)."""

    def __init__(self, zf: zipfile.ZipFile, origin: Origin, label: str, limits: Limits) -> None:
        self.zf = zf
        self.origin = origin
        self.label = label
        self.depth = 1 + len(origin.chain)
        self.limits = limits
        self.budget = Budget(label, limits)
        self.errors: list[tuple[str, str]] = []
        infos = [(n, i) for n, i in enumerate(zf.infolist()) if not i.is_dir()]
        self.entries = sorted(
            (Entry(i.filename, i.file_size, i.compress_size, i, n) for n, i in infos),
            key=lambda e: e.name,
        )

    def source(self, entry: Entry) -> str:
        return f"{self.label}!{entry.name}"

    def check(self, entry: Entry, *, nested_zip: bool = False) -> None:
        assert entry.info is not None
        if entry.info.flag_bits & 0x1:
            raise DecodeError(f"{self.source(entry)}: encrypted zip member, cannot be read")
        check_member(
            self.source(entry), entry.size, entry.stored, self.limits, nested_zip=nested_zip
        )

    def reader(self, entry: Entry) -> Reader:
        return _MemberReader(self, entry)

    def _read(self, entry: Entry, sink: IO[bytes] | None) -> bytes:
        assert entry.info is not None
        source = self.source(entry)
        max_bytes = self.limits.max_file_bytes if sink is None else self.limits.max_zip_total_bytes
        try:
            with self.zf.open(entry.info) as stream:
                return read_limited(
                    stream,
                    source,
                    max_bytes=max_bytes,
                    compressed=entry.stored,
                    limits=self.limits,
                    budget=self.budget,
                    sink=sink,
                )
        except DecodeError:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError) as exc:
            # A damaged directory can point before the start of the file (a negative seek).
            raise DecodeError(f"{source}: corrupt zip member ({_reason(exc)})") from exc
        except ValueError as exc:
            raise DecodeError(f"{source}: corrupt zip member ({_reason(exc)})") from exc

    @contextmanager
    def open_nested(self, entry: Entry) -> Iterator[ZipArchive]:
        source = self.source(entry)
        check_depth(source, self.depth + 1, self.limits)
        self.check(entry, nested_zip=True)
        origin = Origin(self.origin.path, self.origin.label, (*self.origin.chain, entry.index))
        with tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY) as spool:
            self._read(entry, spool)
            spool.seek(0)
            with _open_zip(spool, origin, source, self.limits) as nested:
                yield nested

    def entry_at(self, index: int) -> Entry:
        """The entry at `index` in the zip's directory."""
        return next(e for e in self.entries if e.index == index)


class _MemberReader:
    """Reads a member from the open zip while the walk is inside it; afterwards it reopens
    the zip (and the zips around it) from disk, so items stay readable after the walk."""

    def __init__(self, archive: ZipArchive, entry: Entry) -> None:
        self.archive = archive
        self.entry = entry

    def __call__(self) -> bytes:
        if self.archive.zf.fp is not None:
            return self.archive._read(self.entry, None)
        origin = self.archive.origin
        with contextlib.ExitStack() as stack:
            archive = stack.enter_context(
                open_zip_file(origin.path, origin.label, self.archive.limits)
            )
            for index in origin.chain:
                archive = stack.enter_context(archive.open_nested(archive.entry_at(index)))
            return archive._read(archive.entry_at(self.entry.index), None)


@contextmanager
def open_zip_file(path: Path, label: str, limits: Limits) -> Iterator[ZipArchive]:
    """Open a zip on disk; DecodeError/LimitExceeded if it is unreadable or over the limits."""
    check_depth(label, 1, limits)
    try:
        fp = path.open("rb")
    except OSError as exc:
        raise DecodeError(f"{label}: cannot read ({exc.strerror})") from exc
    with fp, _open_zip(fp, Origin(path, label), label, limits) as archive:
        yield archive


@contextmanager
def _open_zip(fp: IO[bytes], origin: Origin, label: str, limits: Limits) -> Iterator[ZipArchive]:
    entries = declared_entries(fp)
    if entries is not None and entries > limits.max_zip_entries:
        raise LimitExceeded(
            "too many entries in zip",
            "max_zip_entries",
            label,
            f"has {entries:,} entries",
            f"{limits.max_zip_entries:,}",
        )
    try:
        zf = zipfile.ZipFile(fp)
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        NotImplementedError,
        ValueError,
    ) as exc:
        raise DecodeError(f"{label}: not a readable zip ({_reason(exc)})") from exc
    with zf:
        yield ZipArchive(zf, origin, label, limits)


def _reason(exc: Exception) -> str:
    """The reason of a zip error in plain words (an OSError's text, not its errno)."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc) or type(exc).__name__


def declared_entries(fp: IO[bytes]) -> int | None:
    """Entry count from the end-of-central-directory record, read before `zipfile` parses
    the whole directory (a zip with millions of entries would otherwise fill memory)."""
    fp.seek(0, os.SEEK_END)
    end = fp.tell()
    start = max(0, end - (65535 + 22 + 20))
    fp.seek(start)
    tail = fp.read()
    fp.seek(0)
    at = tail.rfind(_EOCD)
    if at < 0 or at + 22 > len(tail):
        return None
    (count,) = struct.unpack_from("<H", tail, at + 10)
    locator = at - 20
    if locator >= 0 and tail[locator : locator + 4] == _ZIP64_LOCATOR:
        (offset,) = struct.unpack_from("<Q", tail, locator + 8)
        fp.seek(offset)
        record = fp.read(56)
        fp.seek(0)
        if len(record) == 56 and record[:4] == b"PK\x06\x06":
            (count64,) = struct.unpack_from("<Q", record, 32)
            return int(count64)
    return int(count)


def file_reader(path: Path, source: str, limits: Limits) -> Reader:
    """Read a file on disk, at most `max_file_bytes` (it may have grown since it was listed)."""

    def read() -> bytes:
        try:
            with path.open("rb") as stream:
                return read_limited(
                    stream, source, max_bytes=limits.max_file_bytes, compressed=None, limits=limits
                )
        except OSError as exc:
            raise DecodeError(f"{source}: cannot read ({exc.strerror})") from exc

    return read
