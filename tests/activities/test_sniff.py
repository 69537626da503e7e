"""sniff: the content decides FIT/GPX/TCX (names only break ties); gzip is opened with a limit."""

from __future__ import annotations

import gzip
import struct
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest

from kneewise.activities.gpx import decode_gpx
from kneewise.activities.model import DecodeError, FileFormat
from kneewise.activities.sniff import format_from_name, gunzip, is_gzip, open_payload, sniff
from kneewise.activities.tcx import decode_tcx

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
MB = 1_000_000

FIT_HEADER = struct.pack("<BBHI4sH", 14, 0x20, 2132, 0, b".FIT", 0)
GPX = b'<?xml version="1.0"?>\n<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"/>'
TCX = (
    b"<?xml version='1.0'?><TrainingCenterDatabase "
    b'xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"/>'
)


def corpus(relative: str) -> bytes:
    path = CORPUS / relative
    if not path.exists():
        pytest.skip(f"corpus file {relative} not available (shared corpus absent)")
    return path.read_bytes()


# --- sniffing ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (FIT_HEADER + b"\x00" * 20, FileFormat.FIT),
        (struct.pack("<BBHI4s", 12, 0x10, 100, 0, b".FIT") + b"\x00" * 20, FileFormat.FIT),
        (GPX, FileFormat.GPX),
        (TCX, FileFormat.TCX),
        (b"\xef\xbb\xbf  \r\n" + TCX, FileFormat.TCX),  # BOM and Strava's leading blanks
        (b"<!-- exported --><?pi x?>\n<!DOCTYPE gpx [<!ELEMENT gpx ANY>]><gpx/>", FileFormat.GPX),
        (b'<gpx:gpx xmlns:gpx="http://www.topografix.com/GPX/1/1"/>', FileFormat.GPX),
        ("\ufeff<gpx/>".encode("utf-16-le"), FileFormat.GPX),
        (b"<kml/>", None),
        (b'{"json": true}', None),
        (b"", None),
        (b"\x0e\x20\x00\x00\x00\x00\x00\x00.FTT", None),
    ],
)
def test_sniffing_reads_the_content(data: bytes, expected: FileFormat | None) -> None:
    assert sniff(data) is expected


def test_an_xml_root_after_a_long_prolog_is_inconclusive_not_guessed() -> None:
    data = b"<!--" + b"x" * 20_000 + b"--><gpx/>"
    assert sniff(data) is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("123.fit", FileFormat.FIT),
        ("activities/123.GPX.gz", FileFormat.GPX),
        ("a.tcx", FileFormat.TCX),
        ("a.txt", None),
        ("gpx", None),
    ],
)
def test_a_name_suffix_gives_a_format(name: str, expected: FileFormat | None) -> None:
    assert format_from_name(name) is expected


def test_content_wins_over_a_misleading_name() -> None:
    assert open_payload(TCX, "export.gpx", max_bytes=MB) == (FileFormat.TCX, TCX)
    assert open_payload(GPX, "12345.fit", max_bytes=MB)[0] is FileFormat.GPX


def test_the_name_decides_only_when_the_content_is_inconclusive() -> None:
    assert open_payload(b"<Activities/>", "run.tcx", max_bytes=MB)[0] is FileFormat.TCX


def test_neither_content_nor_name_is_a_decode_error() -> None:
    with pytest.raises(DecodeError, match="not a FIT, GPX or TCX file"):
        open_payload(b"hello", "notes.txt", max_bytes=MB)


@pytest.mark.parametrize(
    ("folder", "expected"),
    [("fit", FileFormat.FIT), ("gpx", FileFormat.GPX), ("tcx", FileFormat.TCX)],
)
def test_every_corpus_file_is_recognised_whatever_its_name(
    folder: str, expected: FileFormat
) -> None:
    if not (CORPUS / folder).is_dir():
        pytest.skip("shared corpus absent")
    for path in sorted((CORPUS / folder).iterdir()):
        file_format, _ = open_payload(path.read_bytes(), "upload.bin", max_bytes=50 * MB)
        assert file_format is expected, path.name


# --- gzip -------------------------------------------------------------------------------


def test_gzip_is_recognised_by_its_magic_number() -> None:
    assert is_gzip(gzip.compress(b"x"))
    assert not is_gzip(GPX)


def test_a_gzipped_file_is_opened_and_sniffed() -> None:
    assert open_payload(gzip.compress(GPX), "1234", max_bytes=MB) == (FileFormat.GPX, GPX)


def test_concatenated_gzip_members_are_one_file() -> None:
    data = gzip.compress(GPX[:30]) + gzip.compress(GPX[30:])
    assert gunzip(data, max_bytes=MB) == GPX


def test_a_gzip_bomb_is_stopped_at_max_bytes_without_inflating_the_rest() -> None:
    # 100 MB of zeros compress to ~100 kB; the limit is 1 MB.
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(MB)
    bomb = b"".join(compressor.compress(zeros) for _ in range(100)) + compressor.flush()
    assert len(bomb) < 200_000
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(DecodeError, match="larger than 1 MB once decompressed"):
            open_payload(bomb, "bomb.fit.gz", max_bytes=MB)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10 * MB
    assert time.perf_counter() - started < 1.0


def test_a_plain_file_over_the_limit_is_refused() -> None:
    with pytest.raises(DecodeError, match=r"larger than 0\.001 MB"):
        open_payload(GPX + b" " * 2000, "big.gpx", max_bytes=1000)


def test_gzip_inside_gzip_is_refused() -> None:
    with pytest.raises(DecodeError, match="gzip inside gzip"):
        open_payload(gzip.compress(gzip.compress(GPX)), "double.gpx.gz", max_bytes=MB)


def test_truncated_gzip_is_a_decode_error() -> None:
    data = gzip.compress(GPX * 50)
    with pytest.raises(DecodeError, match="truncated"):
        open_payload(data[: len(data) // 2], "cut.gpx.gz", max_bytes=MB)


def test_corrupt_gzip_is_a_decode_error() -> None:
    data = bytearray(gzip.compress(GPX * 50))
    data[20:40] = b"\xff" * 20
    with pytest.raises(DecodeError, match="corrupt gzip data"):
        open_payload(bytes(data), "bad.gpx.gz", max_bytes=MB)


@pytest.mark.parametrize(
    "relative",
    [
        "gpx/hs__activity_4426508309.gpx.gz",
        "tcx/hs__activity_4426508309.tcx.gz",
        "fit/hs__running_4390094641.fit.gz",
    ],
)
def test_the_corpus_gz_copies_open_to_the_plain_files_bytes(relative: str) -> None:
    file_format, payload = open_payload(corpus(relative), Path(relative).name, max_bytes=50 * MB)
    assert payload == corpus(relative.removesuffix(".gz"))
    assert file_format.value == relative.split("/")[0]


@pytest.mark.parametrize(
    "relative", ["gpx/hs__activity_4426508309.gpx.gz", "tcx/hs__activity_4426508309.tcx.gz"]
)
def test_the_corpus_gz_copies_decode_the_same(relative: str) -> None:
    file_format, payload = open_payload(corpus(relative), "no-suffix", max_bytes=50 * MB)
    decode = decode_gpx if file_format is FileFormat.GPX else decode_tcx
    [from_gz] = decode(payload, relative)
    [plain] = decode(corpus(relative.removesuffix(".gz")), relative)
    assert from_gz.start_time == plain.start_time
    assert from_gz.time_s.tolist() == plain.time_s.tolist()
    assert from_gz.distance_m is not None
    assert plain.distance_m is not None
    assert from_gz.distance_m.tolist() == plain.distance_m.tolist()
    assert from_gz.totals == plain.totals


def test_the_corpus_malformed_tcx_opens_by_name_and_fails_cleanly_in_the_decoder() -> None:
    # Its root element is missing, so only the name says TCX; decoding then names the line.
    data = corpus("bad/rp__malformed.tcx")
    assert sniff(data) is None
    file_format, payload = open_payload(data, "rp__malformed.tcx", max_bytes=50 * MB)
    assert file_format is FileFormat.TCX
    with pytest.raises(DecodeError, match="line 4653"):
        decode_tcx(payload, "rp__malformed.tcx")
