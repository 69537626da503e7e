"""Safety limits on untrusted input: each limit has its own test and its own message."""

from __future__ import annotations

import io
import pickle
import zipfile
from pathlib import Path

import pytest

from kneewise.activities.archive import declared_entries
from kneewise.activities.limits import (
    MB,
    Budget,
    LimitExceeded,
    Limits,
    read_limited,
    unsafe_member_name,
)
from kneewise.activities.model import DecodeError, FileError
from kneewise.activities.sources import InputFile, InputItem, SkipKind, Skipped, iter_inputs
from tests.activities.export_builders import gpx_bytes, write_zip, zip_bytes


def errors(items: list[InputItem]) -> list[FileError]:
    return [i for i in items if isinstance(i, FileError)]


def inputs(items: list[InputItem]) -> list[InputFile]:
    return [i for i in items if isinstance(i, InputFile)]


def test_defaults_are_the_documented_ones() -> None:
    limits = Limits()
    assert limits.max_file_bytes == 64 * MB
    assert limits.max_zip_total_bytes == 4 * 1024 * MB
    assert limits.max_zip_entries == 100_000
    assert limits.max_compression_ratio == 200
    assert limits.max_zip_depth == 2


def test_limit_exceeded_is_a_decode_error_naming_limit_value_and_file() -> None:
    exc = LimitExceeded("file too large", "max_file_bytes", "a.zip!b.fit", "has 9 bytes", "8")
    assert isinstance(exc, DecodeError)
    assert str(exc) == "file too large: a.zip!b.fit has 9 bytes; the limit is 8 (max_file_bytes)"
    assert exc.limit == "max_file_bytes"
    assert str(pickle.loads(pickle.dumps(exc))) == str(exc)


# max_file_bytes


def test_an_oversized_file_is_refused_with_its_size_and_the_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.fit"
    big.write_bytes(b"x" * 2000)
    [item] = list(iter_inputs([big], Limits(max_file_bytes=1000)))
    assert isinstance(item, FileError)
    assert item.source == str(big)
    assert item.error == (
        f"file too large: {big} has 2,000 bytes; the limit is 1,000 bytes (max_file_bytes)"
    )


def test_an_oversized_zip_member_is_a_per_member_error(tmp_path: Path) -> None:
    archive = write_zip(
        tmp_path / "a.zip", {"big.gpx": b"<gpx>" + b"y" * 5000, "ok.gpx": b"<gpx/>"}
    )
    items = list(iter_inputs([archive], Limits(max_file_bytes=1000)))
    [error] = errors(items)
    assert error.source == f"{archive}!big.gpx"
    assert "file too large" in error.error
    assert "max_file_bytes" in error.error
    assert [i.name for i in inputs(items)] == ["ok.gpx"]


def test_reading_stops_as_soon_as_the_stream_passes_the_limit() -> None:
    class Endless(io.RawIOBase):
        reads = 0

        def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
            self.reads += 1
            buffer[:] = b"\0" * len(buffer)
            return len(buffer)

    stream = Endless()
    with pytest.raises(LimitExceeded, match=r"has more than 2\.0 MB .* when decompressed"):
        read_limited(stream, "endless.fit", max_bytes=2 * MB, compressed=None, limits=Limits())  # type: ignore[arg-type]
    assert stream.reads <= 4


# max_zip_entries


def test_a_zip_with_too_many_entries_is_refused_as_a_whole(tmp_path: Path) -> None:
    archive = write_zip(tmp_path / "many.zip", {f"{i}.gpx": b"<gpx/>" for i in range(5)})
    items = list(iter_inputs([archive], Limits(max_zip_entries=4)))
    assert items == [
        FileError(
            str(archive),
            f"too many entries in zip: {archive} has 5 entries; the limit is 4 (max_zip_entries)",
        )
    ]


def test_the_entry_count_is_read_before_zipfile_parses_the_directory() -> None:
    data = zip_bytes({f"{i}.gpx": b"" for i in range(7)})
    assert declared_entries(io.BytesIO(data)) == 7


# max_compression_ratio


def test_a_zip_bomb_member_with_a_huge_ratio_is_refused(tmp_path: Path) -> None:
    archive = write_zip(tmp_path / "bomb.zip", {"bomb.gpx": b"\0" * (8 * MB), "ok.gpx": b"<gpx/>"})
    items = list(iter_inputs([archive]))
    [error] = errors(items)
    assert error.source == f"{archive}!bomb.gpx"
    assert error.error.startswith(f"compression ratio too high (zip bomb?): {archive}!bomb.gpx")
    assert error.error.endswith("; the limit is 200:1 (max_compression_ratio)")
    assert [i.name for i in inputs(items)] == ["ok.gpx"]


def test_small_members_are_not_ratio_checked(tmp_path: Path) -> None:
    archive = write_zip(tmp_path / "small.zip", {"blank.gpx": b" " * 100_000})
    [item] = list(iter_inputs([archive]))
    assert isinstance(item, InputFile)
    assert len(item.read()) == 100_000


def test_the_ratio_is_also_checked_while_streaming() -> None:
    with pytest.raises(LimitExceeded, match="max_compression_ratio"):
        read_limited(
            io.BytesIO(b"\0" * (3 * MB)),
            "x.fit",
            max_bytes=64 * MB,
            compressed=100,
            limits=Limits(),
        )


# max_zip_depth


def test_a_zip_nested_deeper_than_the_limit_is_refused(tmp_path: Path) -> None:
    level3 = zip_bytes({"deep.gpx": gpx_bytes()})
    level2 = zip_bytes({"level3.zip": level3, "two.gpx": gpx_bytes()})
    archive = write_zip(tmp_path / "level1.zip", {"level2.zip": level2})
    items = list(iter_inputs([archive]))
    [error] = errors(items)
    assert error.source == f"{archive}!level2.zip!level3.zip"
    assert error.error == (
        f"zip nested too deeply: {archive}!level2.zip!level3.zip is a zip at depth 3; "
        "the limit is 2 (max_zip_depth)"
    )
    assert [i.source for i in inputs(items)] == [f"{archive}!level2.zip!two.gpx"]


def test_a_nested_zip_may_be_larger_than_one_file(tmp_path: Path) -> None:
    inner = zip_bytes({f"{i}.gpx": gpx_bytes(points=20) for i in range(20)}, zipfile.ZIP_STORED)
    archive = write_zip(tmp_path / "outer.zip", {"UploadedFiles_0-_Part1.zip": inner})
    items = list(iter_inputs([archive], Limits(max_file_bytes=len(inner) // 2)))
    assert len(inputs(items)) == 20
    assert errors(items) == []


# member names


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("../evil.gpx", "'..' component"),
        ("activities/../../evil.gpx", "'..' component"),
        ("/abs/path.gpx", "absolute path"),
        ("\\abs\\path.gpx", "absolute path"),
        ("C:/win.gpx", "drive letter"),
        ("c:win.gpx", "drive letter"),
        ("activities/101.fit.gz", None),
        ("a..b.gpx", None),
    ],
)
def test_unsafe_member_names(name: str, reason: str | None) -> None:
    assert unsafe_member_name(name) == reason


def test_dotdot_absolute_and_drive_letter_names_are_ignored_with_a_reason(tmp_path: Path) -> None:
    archive = write_zip(
        tmp_path / "evil.zip",
        {"../evil.gpx": b"<gpx/>", "/abs/path.gpx": b"<gpx/>", "C:/win.gpx": b"<gpx/>"},
    )
    items = list(iter_inputs([archive]))
    assert items == [
        Skipped(
            f"{archive}!../evil.gpx",
            SkipKind.UNSAFE_NAME,
            "unsafe name in archive ('..' component): ignored, never extracted",
        ),
        Skipped(
            f"{archive}!/abs/path.gpx",
            SkipKind.UNSAFE_NAME,
            "unsafe name in archive (absolute path): ignored, never extracted",
        ),
        Skipped(
            f"{archive}!C:/win.gpx",
            SkipKind.UNSAFE_NAME,
            "unsafe name in archive (drive letter): ignored, never extracted",
        ),
    ]


# max_zip_total_bytes


def test_a_zip_whose_activity_files_exceed_the_total_is_refused(tmp_path: Path) -> None:
    members = {f"{i}.gpx": gpx_bytes() for i in range(4)}
    archive = write_zip(tmp_path / "total.zip", members)
    total = sum(len(m) for m in members.values())
    [item] = list(iter_inputs([archive], Limits(max_zip_total_bytes=total - 1)))
    assert isinstance(item, FileError)
    assert item.source == str(archive)
    assert item.error == (
        f"zip too large when uncompressed: {archive} has {total:,} bytes of activity files "
        f"and archives to read; the limit is {total - 1:,} bytes (max_zip_total_bytes)"
    )


def test_members_that_are_skipped_do_not_count_towards_the_total(tmp_path: Path) -> None:
    archive = write_zip(
        tmp_path / "photos.zip",
        {"media/big.jpg": bytes(range(256)) * 400, "run.gpx": gpx_bytes()},
        zipfile.ZIP_STORED,
    )
    items = list(iter_inputs([archive], Limits(max_zip_total_bytes=10_000)))
    assert [type(i) for i in items] == [Skipped, InputFile]


def test_the_total_is_also_counted_while_reading() -> None:
    budget = Budget("x.zip", Limits(max_zip_total_bytes=10))
    budget.spend(10)
    with pytest.raises(LimitExceeded, match=r"x\.zip gave more than 10 bytes.*max_zip_total"):
        budget.spend(1)
