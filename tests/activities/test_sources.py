"""Walking inputs: files, folders, zips and zips in zips; sorted, streaming, per-file errors."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from kneewise.activities.model import DecodeError, FileError
from kneewise.activities.sources import InputFile, InputItem, SkipKind, Skipped, iter_inputs
from tests.activities.export_builders import fit_stub, gpx_bytes, gz, write_zip, zip_bytes


def sources(items: list[InputItem]) -> list[str]:
    return [i.source for i in items]


def test_a_single_file_is_one_input_with_its_name_and_size(tmp_path: Path) -> None:
    run = tmp_path / "run.gpx"
    run.write_bytes(gpx_bytes())
    [item] = list(iter_inputs([run]))
    assert isinstance(item, InputFile)
    assert (item.source, item.name, item.size) == (str(run), "run.gpx", run.stat().st_size)
    assert item.read() == gpx_bytes()


def test_a_named_file_with_an_unknown_suffix_is_still_tried(tmp_path: Path) -> None:
    odd = tmp_path / "download.bin"
    odd.write_bytes(fit_stub())
    [item] = list(iter_inputs([odd]))
    assert isinstance(item, InputFile)


def test_a_missing_path_is_a_file_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.fit"
    assert list(iter_inputs([missing])) == [FileError(str(missing), "no such file or folder")]


def test_paths_are_walked_in_the_given_order(tmp_path: Path) -> None:
    (tmp_path / "b.gpx").write_bytes(gpx_bytes())
    (tmp_path / "a.gpx").write_bytes(gpx_bytes())
    items = list(iter_inputs([tmp_path / "b.gpx", tmp_path / "a.gpx"]))
    assert sources(items) == [str(tmp_path / "b.gpx"), str(tmp_path / "a.gpx")]


def test_a_folder_is_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    for name in ["z/2.tcx.gz", "a/1.FIT", "a/b/3.gpx", "0.fit.gz", "m.zip"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "m.zip").write_bytes(zip_bytes({"in.gpx": gpx_bytes()}))
    items = list(iter_inputs([tmp_path]))
    assert all(isinstance(i, InputFile) for i in items)
    assert sources(items) == [
        str(tmp_path / "0.fit.gz"),
        str(tmp_path / "a/1.FIT"),
        str(tmp_path / "a/b/3.gpx"),
        f"{tmp_path / 'm.zip'}!in.gpx",
        str(tmp_path / "z/2.tcx.gz"),
    ]


def test_files_that_are_not_activities_are_skipped_unread_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8")
    (tmp_path / "._run.fit").write_bytes(b"resource fork")
    items = list(iter_inputs([tmp_path]))
    other = SkipKind.NOT_ACTIVITY_FILE
    assert items == [
        Skipped(str(tmp_path / "._run.fit"), SkipKind.METADATA, "macOS metadata"),
        Skipped(str(tmp_path / "notes.txt"), other, "not an activity file (.txt)"),
        Skipped(str(tmp_path / "photo.jpg"), other, "not an activity file (.jpg)"),
    ]


def test_a_folder_file_is_read_only_when_read_is_called(tmp_path: Path) -> None:
    run = tmp_path / "run.gpx"
    run.write_bytes(b"before")
    [item] = list(iter_inputs([tmp_path]))
    run.write_bytes(b"after")
    assert isinstance(item, InputFile)
    assert item.read() == b"after"


def test_zip_members_are_not_decompressed_until_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = write_zip(tmp_path / "a.zip", {"2.gpx": gpx_bytes(), "1.fit": fit_stub()})
    opened: list[str] = []
    real_open = zipfile.ZipFile.open

    def spy(self: zipfile.ZipFile, name: str | zipfile.ZipInfo, *args: object, **kw: object):  # type: ignore[no-untyped-def]
        opened.append(name if isinstance(name, str) else name.filename)
        return real_open(self, name, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    walk = iter_inputs([archive])
    first = next(walk)
    assert opened == []
    assert isinstance(first, InputFile)
    assert first.name == "1.fit"
    assert first.read() == fit_stub()
    assert opened == ["1.fit"]
    second = next(walk)
    assert isinstance(second, InputFile)
    assert second.name == "2.gpx"
    assert opened == ["1.fit"]


def test_zip_members_stay_readable_after_the_walk(tmp_path: Path) -> None:
    inner = zip_bytes({"123_ACTIVITY.fit": fit_stub(b"inner")})
    archive = write_zip(tmp_path / "a.zip", {"Part1.zip": inner, "x.gpx": gpx_bytes()})
    items = list(iter_inputs([archive]))
    assert sources(items) == [f"{archive}!Part1.zip!123_ACTIVITY.fit", f"{archive}!x.gpx"]
    assert [i.read() for i in items if isinstance(i, InputFile)] == [
        fit_stub(b"inner"),
        gpx_bytes(),
    ]


def test_a_member_size_is_its_compressed_size_for_progress_bars(tmp_path: Path) -> None:
    archive = write_zip(tmp_path / "a.zip", {"run.gpx": gpx_bytes(points=500)})
    [item] = list(iter_inputs([archive]))
    with zipfile.ZipFile(archive) as zf:
        assert isinstance(item, InputFile)
        assert item.size == zf.getinfo("run.gpx").compress_size < len(gpx_bytes(points=500))


def test_gzipped_members_are_yielded_as_they_are(tmp_path: Path) -> None:
    archive = write_zip(tmp_path / "a.zip", {"activities/1.fit.gz": gz(fit_stub())})
    [item] = list(iter_inputs([archive]))
    assert isinstance(item, InputFile)
    assert item.name == "1.fit.gz"
    assert item.read() == gz(fit_stub())


def test_a_corrupt_top_level_zip_is_one_file_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 this is not really a zip")
    [item] = list(iter_inputs([broken]))
    assert isinstance(item, FileError)
    assert item.source == str(broken)
    assert "not a readable zip" in item.error


def test_a_corrupt_nested_zip_is_an_error_for_it_alone(tmp_path: Path) -> None:
    archive = write_zip(tmp_path / "a.zip", {"bad.zip": b"garbage", "ok.gpx": gpx_bytes()})
    items = list(iter_inputs([archive]))
    assert [type(i) for i in items] == [FileError, InputFile]
    assert items[0].source == f"{archive}!bad.zip"


def test_one_broken_member_does_not_stop_the_others(tmp_path: Path) -> None:
    text = b"".join(b"<trkpt>%d</trkpt>" % i for i in range(2000))
    archive = write_zip(tmp_path / "a.zip", {"a.gpx": text, "b.gpx": text})
    raw = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as zf:
        info = zf.getinfo("a.gpx")
    data_start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    middle = data_start + info.compress_size // 2
    raw[middle : middle + 8] = b"\xff" * 8
    archive.write_bytes(bytes(raw))
    items = [i for i in iter_inputs([archive]) if isinstance(i, InputFile)]
    assert [i.name for i in items] == ["a.gpx", "b.gpx"]
    with pytest.raises(DecodeError, match=r"a\.zip!a\.gpx: corrupt zip member"):
        items[0].read()
    assert items[1].read() == text
