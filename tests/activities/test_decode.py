"""decode.py: bytes to activities through sniffing and the format decoders; failures as values.

Most tests install small fake `sniff`/`fit`/`gpx`/`tcx` modules, so they test the dispatch and
the error handling, not the decoders. The last tests use the real decoders on corpus files.
"""

from __future__ import annotations

import gzip
import re
import sys
import types
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from kneewise.activities.decode import Decoded, decode_bytes, decode_input
from kneewise.activities.limits import Limits, file_too_large
from kneewise.activities.model import (
    ActivityStreams,
    DecodeError,
    FileError,
    FileFormat,
    NotAnActivity,
    Sport,
)
from kneewise.activities.sources import InputFile, InputItem, SkipKind, Skipped, iter_inputs
from tests.activities.export_builders import (
    STRAVA_HEADER,
    corpus_file,
    csv_bytes,
    fit_stub,
    garmin_export,
    garmin_summary,
    gpx_bytes,
    gz,
    strava_row,
    write_zip,
)

START = datetime(2024, 5, 4, 7, 30, tzinfo=UTC)


def fit_at(start: datetime) -> bytes:
    return fit_stub(f"start={start.isoformat()}".encode())


class Calls:
    def __init__(self) -> None:
        self.decoded: list[tuple[FileFormat, bytes, str]] = []
        self.max_bytes: list[int] = []


def fake_open_payload(calls: Calls):  # type: ignore[no-untyped-def]
    def open_payload(data: bytes, name: str, *, max_bytes: int) -> tuple[FileFormat, bytes]:
        calls.max_bytes.append(max_bytes)
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
            if len(data) > max_bytes:
                raise file_too_large(name, max_bytes)
        if data[8:12] == b".FIT":
            return FileFormat.FIT, data
        if b"<gpx" in data[:200]:
            return FileFormat.GPX, data
        if b"<TrainingCenterDatabase" in data[:200]:
            return FileFormat.TCX, data
        raise DecodeError("unknown format: not FIT, GPX or TCX")

    return open_payload


def fake_decoder(calls: Calls, file_format: FileFormat):  # type: ignore[no-untyped-def]
    def decode(data: bytes, source: str, limits: Limits) -> list[ActivityStreams]:
        calls.decoded.append((file_format, data, source))
        if b"BROKEN" in data:
            raise DecodeError("unexpected end of data at byte 14")
        if b"BUG" in data:
            raise ZeroDivisionError("division by zero")
        if b"SETTINGS" in data:
            raise NotAnActivity("a settings file, not an activity")
        found = re.search(rb"(?:start=|<time>)([0-9T:+-]+)", data)
        start = datetime.fromisoformat(found.group(1).decode()) if found else None
        if start is not None and start.tzinfo is None:
            start = start.replace(tzinfo=UTC)
        starts = [start]
        if b"LEGS" in data and start is not None:
            starts.append(start + timedelta(hours=1))
        return [ActivityStreams(source, file_format, Sport.RUNNING, s, np.zeros(3)) for s in starts]

    return decode


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Calls:
    """Fake sniff and decoders, installed in place of the real modules."""
    calls = Calls()
    for module, attribute, value in [
        ("sniff", "open_payload", fake_open_payload(calls)),
        ("fit", "decode_fit", fake_decoder(calls, FileFormat.FIT)),
        ("gpx", "decode_gpx", fake_decoder(calls, FileFormat.GPX)),
        ("tcx", "decode_tcx", fake_decoder(calls, FileFormat.TCX)),
    ]:
        fake = types.ModuleType(f"kneewise.activities.{module}")
        setattr(fake, attribute, value)
        monkeypatch.setitem(sys.modules, fake.__name__, fake)
    return calls


def only_input(path: Path) -> InputFile:
    [item] = [i for i in iter_inputs([path]) if isinstance(i, InputFile)]
    return item


def test_decode_bytes_gunzips_sniffs_and_dispatches(calls: Calls) -> None:
    [activity] = decode_bytes(gz(fit_at(START)), "1.fit.gz", "x.zip!1.fit.gz", limits=Limits())
    assert activity.start_time == START
    assert calls.decoded == [(FileFormat.FIT, fit_at(START), "x.zip!1.fit.gz")]


def test_the_file_size_limit_is_passed_to_the_gunzip(calls: Calls) -> None:
    decode_bytes(gpx_bytes(START), "a.gpx", "a.gpx", limits=Limits(max_file_bytes=12345))
    assert calls.max_bytes == [12345]


def test_a_file_is_decoded_into_activities(calls: Calls, tmp_path: Path) -> None:
    run = tmp_path / "run.gpx"
    run.write_bytes(gpx_bytes(START))
    result = decode_input(only_input(run))
    assert isinstance(result, Decoded)
    assert result.source == str(run)
    assert [a.start_time for a in result.activities] == [START]
    assert result.hints == (None,)


def test_a_decode_error_is_a_file_error_value(calls: Calls, tmp_path: Path) -> None:
    bad = tmp_path / "bad.fit"
    bad.write_bytes(fit_stub(b"BROKEN"))
    assert decode_input(only_input(bad)) == FileError(str(bad), "unexpected end of data at byte 14")


def test_an_unknown_format_is_a_file_error(calls: Calls, tmp_path: Path) -> None:
    odd = tmp_path / "odd.gpx"
    odd.write_bytes(b"PK\x03\x04 something else")
    assert decode_input(only_input(odd)) == FileError(
        str(odd), "unknown format: not FIT, GPX or TCX"
    )


def test_a_bug_inside_a_decoder_is_an_internal_error_not_a_crash(
    calls: Calls, tmp_path: Path
) -> None:
    bug = tmp_path / "bug.fit"
    bug.write_bytes(fit_stub(b"BUG"))
    assert decode_input(only_input(bug)) == FileError(
        str(bug), "internal error: ZeroDivisionError: division by zero"
    )


def test_a_file_that_is_not_an_activity_is_skipped_not_failed(calls: Calls, tmp_path: Path) -> None:
    settings = tmp_path / "settings.fit"
    settings.write_bytes(fit_stub(b"SETTINGS"))
    assert decode_input(only_input(settings)) == Skipped(
        str(settings), SkipKind.NOT_AN_ACTIVITY, "a settings file, not an activity"
    )


def test_a_track_without_times_is_skipped_as_a_route(calls: Calls, tmp_path: Path) -> None:
    route = tmp_path / "route.gpx"
    route.write_bytes(gpx_bytes(None))
    assert decode_input(only_input(route)) == Skipped(
        str(route), SkipKind.ROUTE, "a route (track without times), not an activity"
    )


def test_a_limit_hit_while_reading_is_a_file_error(calls: Calls, tmp_path: Path) -> None:
    run = tmp_path / "run.gpx"
    run.write_bytes(gpx_bytes(START))
    [item] = list(iter_inputs([run], Limits(max_file_bytes=1000)))
    run.write_bytes(gpx_bytes(START, points=100))  # the file grew after it was listed
    assert isinstance(item, InputFile)
    result = decode_input(item)
    assert isinstance(result, FileError)
    assert result.error.startswith(f"file too large: {run} has more than 1,000 bytes")
    assert result.error.endswith("(max_file_bytes)")


def test_a_gzip_bomb_is_a_file_error(calls: Calls, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.gpx.gz"
    bomb.write_bytes(gz(b"<gpx>" + b" " * 5000))
    [item] = list(iter_inputs([bomb], Limits(max_file_bytes=1000)))
    result = decode_input(item)  # type: ignore[arg-type]
    assert isinstance(result, FileError)
    assert "max_file_bytes" in result.error


def test_a_strava_row_is_linked_to_its_activity(calls: Calls, tmp_path: Path) -> None:
    rows = [strava_row(id="9", file="activities/9.fit.gz", name="Long run")]
    archive = write_zip(
        tmp_path / "s.zip",
        {
            "activities.csv": csv_bytes(STRAVA_HEADER, rows),
            "activities/9.fit.gz": gz(fit_at(START)),
        },
    )
    result = decode_input(only_input(archive))
    assert isinstance(result, Decoded)
    [hint] = result.hints
    assert hint is not None
    assert hint.name == "Long run"


def test_a_strava_row_goes_to_the_leg_that_starts_with_it(calls: Calls, tmp_path: Path) -> None:
    rows = [strava_row(id="9", date="May 4, 2024, 7:30:00 AM", file="activities/9.fit")]
    archive = write_zip(
        tmp_path / "s.zip",
        {
            "activities.csv": csv_bytes(STRAVA_HEADER, rows),
            "activities/9.fit": fit_at(START) + b"LEGS",
        },
    )
    result = decode_input(only_input(archive))
    assert isinstance(result, Decoded)
    assert [h.activity_id if h else None for h in result.hints] == ["9", None]


def test_garmin_summaries_are_linked_by_start_time(calls: Calls, tmp_path: Path) -> None:
    summaries = [garmin_summary(41, START - timedelta(days=1)), garmin_summary(42, START)]
    uploads = {"555_ACTIVITY.fit": fit_at(START + timedelta(seconds=2))}
    result = decode_input(only_input(garmin_export(tmp_path, summaries, uploads)))
    assert isinstance(result, Decoded)
    [hint] = result.hints
    assert hint is not None
    assert hint.activity_id == "42"
    assert hint.distance_m == 5123.45


def test_one_broken_file_does_not_stop_an_import(calls: Calls, tmp_path: Path) -> None:
    archive = write_zip(
        tmp_path / "mixed.zip",
        {
            "1.fit": fit_at(START),
            "2.fit": fit_stub(b"BROKEN"),
            "3.fit": fit_stub(b"BUG"),
            "4.gpx": gpx_bytes(START + timedelta(days=1)),
            "5.fit": fit_stub(b"SETTINGS"),
        },
    )
    results = [decode_input(i) if isinstance(i, InputFile) else i for i in iter_inputs([archive])]
    assert [type(r).__name__ for r in results] == [
        "Decoded",
        "FileError",
        "FileError",
        "Decoded",
        "Skipped",
    ]


# Real decoders (skipped until `sniff`, `fit` and `gpx` exist, or without the corpus)


def real_decoders() -> None:
    for module in ("sniff", "fit", "gpx"):
        pytest.importorskip(f"kneewise.activities.{module}", reason=f"{module} not written yet")


def test_a_strava_style_fit_gz_decodes_with_the_real_decoders(tmp_path: Path) -> None:
    real_decoders()
    fit = corpus_file(tmp_path, "fit/hs__running_4390094641.fit.gz")
    rows = [strava_row(id="4390094641", file="activities/4390094641.fit.gz", name="Run")]
    archive = write_zip(
        tmp_path / "export.zip",
        {
            "activities.csv": csv_bytes(STRAVA_HEADER, rows),
            "activities/4390094641.fit.gz": fit.read_bytes(),
        },
    )
    result = decode_input(only_input(archive))
    assert isinstance(result, Decoded), result
    assert result.activities[0].format is FileFormat.FIT
    assert result.activities[0].start_time is not None
    assert result.hints[0] is not None


def test_corpus_bad_files_give_clean_file_errors_with_the_real_decoders(tmp_path: Path) -> None:
    real_decoders()
    bad = corpus_file(tmp_path, "bad/hs__runningmo_4386919092.truncated.fit.gz")
    items: list[InputItem] = list(iter_inputs([bad]))
    [result] = [decode_input(i) for i in items if isinstance(i, InputFile)]
    assert isinstance(result, FileError)
    assert not result.error.startswith("internal error")


def test_a_garmin_export_fit_is_linked_to_its_summary_with_the_real_decoders(
    tmp_path: Path,
) -> None:
    real_decoders()
    fit = corpus_file(tmp_path, "fit/pfp__garmin-fenix-5-run.fit")  # starts 14:34:09 UTC
    start = datetime(2017, 6, 11, 14, 34, 9, tzinfo=UTC)
    summaries = [garmin_summary(7, start - timedelta(hours=3)), garmin_summary(8, start)]
    uploads = {"9876_ACTIVITY.fit": fit.read_bytes(), "9876_settings.json": b"{}"}
    result = decode_input(only_input(garmin_export(tmp_path, summaries, uploads)))
    assert isinstance(result, Decoded), result
    assert result.activities[0].start_time == start
    [hint] = result.hints
    assert hint is not None
    assert hint.activity_id == "8"
