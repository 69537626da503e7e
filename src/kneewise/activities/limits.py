"""Safety limits for untrusted input (design.md §5): file size, zip bombs, nesting, member names.

Every violation is a `LimitExceeded` whose message names the limit, the value and the file.
Members of archives are only ever read in memory; nothing is extracted to disk by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import IO, Final

from kneewise.activities.model import DecodeError

MB: Final = 1024 * 1024
GB: Final = 1024 * MB


@dataclass(frozen=True, slots=True)
class Limits:
    """Limits applied while walking and reading inputs; the defaults suit a 10-year history."""

    max_file_bytes: int = 64 * MB
    """One activity file after decompression (zip member, gunzipped payload, plain file)."""
    max_zip_total_bytes: int = 4 * GB
    """Uncompressed bytes read from one zip (members we skip, such as photos, do not count)."""
    max_zip_entries: int = 100_000
    """Entries listed in one zip's directory."""
    max_compression_ratio: float = 200.0
    """Uncompressed/compressed size of one zip member (activity files compress 3-20:1)."""
    ratio_check_min_bytes: int = 1 * MB
    """Members smaller than this are not ratio-checked: tiny files compress well, do no harm."""
    max_zip_depth: int = 2
    """Zips inside zips: 1 = a zip, 2 = a zip in a zip (Garmin's UploadedFiles_*.zip)."""
    max_fit_segments: int = 100
    """Chained FIT files (header + data + CRC) in one file; real devices write 1 to 7."""
    max_fit_messages: int = 2_000_000
    """Messages (definitions and data) in one FIT file, all segments together: 7 days of
    1-second records with room to spare (the corpus's largest file has 100,002)."""
    max_fit_definition_fields: int = 100_000
    """Fields declared by the distinct definition messages of one FIT file (corpus: 1,524)."""
    max_xml_nodes: int = 3_000_000
    """Elements and attributes of one GPX/TCX file: a 64 MB GPX of 1-second points has
    about 2.3 million; each costs the parser ~130 bytes, so this bounds its memory."""


DEFAULT_LIMITS: Final = Limits()

_CHUNK: Final = 1 * MB
_DRIVE: Final = re.compile(r"^[A-Za-z]:")


class LimitExceeded(DecodeError):
    """A safety limit was hit; `limit` is the `Limits` field name."""

    def __init__(self, label: str, limit: str, file: str, value: str, maximum: str) -> None:
        super().__init__(f"{label}: {file} {value}; the limit is {maximum} ({limit})")
        self.limit = limit
        self.file = file
        self._parts = (label, limit, file, value, maximum)

    def __reduce__(self) -> tuple[type[LimitExceeded], tuple[str, str, str, str, str]]:
        return (type(self), self._parts)  # picklable across worker processes


def too_many(label: str, limit: str, what: str, maximum: int) -> LimitExceeded:
    """The error for a count limit passed while decoding one file (checked as it is read)."""
    return LimitExceeded(
        label, limit, "the file", f"has more than {maximum:,} {what}", f"{maximum:,}"
    )


def file_too_large(file: str, max_bytes: int, size: int | None = None) -> LimitExceeded:
    """The error for a file bigger than `max_bytes` (size None = "more than", while streaming)."""
    if size is None:
        value = f"has more than {format_bytes(max_bytes)} when decompressed"
    else:
        value = f"has {format_bytes(size)}"
    return LimitExceeded("file too large", "max_file_bytes", file, value, format_bytes(max_bytes))


def check_zip_directory(file: str, entries: int, total_bytes: int, limits: Limits) -> None:
    """Refuse a whole zip whose directory lists too many entries or too many bytes to read."""
    if entries > limits.max_zip_entries:
        raise LimitExceeded(
            "too many entries in zip",
            "max_zip_entries",
            file,
            f"has {entries:,} entries",
            f"{limits.max_zip_entries:,}",
        )
    if total_bytes > limits.max_zip_total_bytes:
        raise LimitExceeded(
            "zip too large when uncompressed",
            "max_zip_total_bytes",
            file,
            f"has {format_bytes(total_bytes)} of activity files and archives to read",
            format_bytes(limits.max_zip_total_bytes),
        )


def check_depth(file: str, depth: int, limits: Limits) -> None:
    """Refuse a zip nested deeper than `max_zip_depth` (depth 1 = a top-level zip)."""
    if depth > limits.max_zip_depth:
        raise LimitExceeded(
            "zip nested too deeply",
            "max_zip_depth",
            file,
            f"is a zip at depth {depth}",
            str(limits.max_zip_depth),
        )


def check_member(
    file: str, size: int, compressed: int, limits: Limits, *, nested_zip: bool = False
) -> None:
    """Check a zip member's declared sizes before reading it (a nested zip may be larger than
    one file: its bytes count towards the outer zip's total instead)."""
    if size > limits.max_file_bytes and not nested_zip:
        raise file_too_large(file, limits.max_file_bytes, size)
    _check_ratio(file, size, compressed, limits)


def _check_ratio(file: str, size: int, compressed: int, limits: Limits) -> None:
    if size < limits.ratio_check_min_bytes:
        return
    ratio = size / max(compressed, 1)
    if ratio > limits.max_compression_ratio:
        raise LimitExceeded(
            "compression ratio too high (zip bomb?)",
            "max_compression_ratio",
            file,
            f"expands {ratio:,.0f}:1",
            f"{limits.max_compression_ratio:,.0f}:1",
        )


class Budget:
    """Uncompressed bytes still allowed from one zip (`max_zip_total_bytes`), counted as read."""

    def __init__(self, file: str, limits: Limits) -> None:
        self.file = file
        self.limits = limits
        self.used = 0

    def spend(self, n: int) -> None:
        self.used += n
        if self.used > self.limits.max_zip_total_bytes:
            raise LimitExceeded(
                "zip too large when uncompressed",
                "max_zip_total_bytes",
                self.file,
                f"gave more than {format_bytes(self.limits.max_zip_total_bytes)}",
                format_bytes(self.limits.max_zip_total_bytes),
            )


def read_limited(
    stream: IO[bytes],
    file: str,
    *,
    max_bytes: int,
    compressed: int | None,
    limits: Limits,
    budget: Budget | None = None,
    sink: IO[bytes] | None = None,
) -> bytes:
    """Read `stream` in chunks, stopping as soon as a limit is passed (size, ratio, budget).

    With `sink`, chunks are written there and b"" is returned (for nested zips).
    """
    parts: list[bytes] = []
    total = 0
    while chunk := stream.read(_CHUNK):
        total += len(chunk)
        if total > max_bytes:
            raise file_too_large(file, max_bytes)
        if compressed is not None:
            _check_ratio(file, total, compressed, limits)
        if budget is not None:
            budget.spend(len(chunk))
        if sink is not None:
            sink.write(chunk)
        else:
            parts.append(chunk)
    return b"".join(parts)


def unsafe_member_name(name: str) -> str | None:
    """Why an archive member name is unsafe (absolute, drive letter, `..`), or None if safe."""
    path = name.replace("\\", "/")
    if path.startswith("/"):
        return "absolute path"
    if _DRIVE.match(path):
        return "drive letter"
    if ".." in path.split("/"):
        return "'..' component"
    if "\x00" in path:
        return "NUL character"
    return None


def format_bytes(n: int) -> str:
    """Human size with the exact byte count, e.g. "64.0 MB (67,108,864 bytes)"."""
    if n >= GB:
        human = f"{n / GB:.1f} GB"
    elif n >= MB:
        human = f"{n / MB:.1f} MB"
    else:
        return f"{n:,} bytes"
    return f"{human} ({n:,} bytes)"


# Plausibility (docs/activity-limits.md): a sample outside its range is a sensor glitch and
# becomes missing (NaN); a whole-activity value outside its range refuses the file.
SAMPLE_RANGES: Final = {
    "heart_rate_bpm": (20.0, 260.0),
    "cadence_spm": (0.0, 260.0),  # steps/min on foot, rpm on a bike
    "speed_mps": (0.0, 100.0),  # 360 km/h
    "elevation_m": (-500.0, 9_000.0),  # the Dead Sea shore to above Everest
    "latitude": (-90.0, 90.0),
    "longitude": (-180.0, 180.0),
    "distance_m": (0.0, 20_000_000.0),  # cumulative; past the whole-activity bound anyway
}
DEVICE_AVERAGE_RANGES: Final = {
    "avg_hr_bpm": SAMPLE_RANGES["heart_rate_bpm"],
    "max_hr_bpm": SAMPLE_RANGES["heart_rate_bpm"],
    "avg_cadence_spm": SAMPLE_RANGES["cadence_spm"],
}
MAX_ELAPSED_S: Final = 7 * 86_400.0
MAX_DISTANCE_M_ON_FOOT: Final = 1_000_000.0  # running, walking, hiking
MAX_DISTANCE_M_OTHER: Final = 10_000_000.0  # cycling and everything else
MAX_CLIMB_M: Final = 100_000.0  # device ascent or descent
EARLIEST_START: Final = "1989-12-31"  # the FIT epoch: no GPS watch recorded earlier
LATEST_START: Final = "2100-01-01"
