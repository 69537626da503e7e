"""Mutants of small activity files and exports, and the one rule they are held to: reading
one may give activities or the project's own `DecodeError`, nothing else, and quickly.

Shared by tests/activities/test_fuzz.py (a few thousand mutants) and bench/fuzz_bench.py
(100,000 and more). Every mutant is rebuilt from (format, seed, index), so a failure
printed as `fit#1234 (seed 7)` is replayed with `mutant("fit", 7, 1234)`.
"""

from __future__ import annotations

import io
import random
import re
import struct
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from kneewise.activities.decode import decode_bytes
from kneewise.activities.fit.crc import crc16
from kneewise.activities.limits import Limits
from kneewise.activities.model import DecodeError, NotAnActivity
from kneewise.activities.model import FileError as _FileError
from kneewise.activities.sources import InputFile, iter_inputs
from kneewise.activities.summary import summarize
from tests.activities.clock_files import steady_run, tcx_file
from tests.activities.export_builders import (
    GARMIN_SUMMARY_PATH,
    GARMIN_UPLOADS_PATH,
    STRAVA_HEADER,
    csv_bytes,
    garmin_summary,
    gz,
    strava_row,
    zip_bytes,
)
from tests.activity_files import gpx_run

FORMATS = ("fit", "gpx", "tcx", "strava_zip", "garmin_zip")
# Small limits keep every mutant cheap while still crossing each limit now and then.
LIMITS = Limits(max_fit_messages=20_000, max_xml_nodes=50_000, max_file_bytes=1 << 20)


@cache
def seed_files() -> dict[str, bytes]:
    """One small, valid file per reader: a FIT run with a session, a GPX with heart rate and
    cadence, a TCX with laps, and the two export zips holding such files."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from fitgen import fit_run

    fit = fit_run(0, seconds=40)
    gpx = gpx_run(km=0.1).encode()
    tcx = tcx_file(steady_run(30), timer_s=30.0)
    rows = [
        strava_row(id="1", date="May 4, 2024, 7:30:00 AM", type="Run", file="activities/1.fit.gz"),
        strava_row(id="2", date="May 5, 2024, 7:30:00 AM", type="Run", file="activities/2.gpx"),
    ]
    strava = zip_bytes(
        {
            "activities.csv": csv_bytes(STRAVA_HEADER, rows),
            "activities/1.fit.gz": gz(fit),
            "activities/2.gpx": gpx,
        }
    )
    summary = garmin_summary(5, datetime(2021, 1, 1, 7, tzinfo=UTC))
    garmin = zip_bytes(
        {
            GARMIN_SUMMARY_PATH: f'[{{"summarizedActivitiesExport": [{_json(summary)}]}}]'.encode(),
            GARMIN_UPLOADS_PATH: zip_bytes({"5_ACTIVITY.fit": fit, "6.tcx": tcx}),
        }
    )
    return {"fit": fit, "gpx": gpx, "tcx": tcx, "strava_zip": strava, "garmin_zip": garmin}


def _json(value: object) -> str:
    import json

    return json.dumps(value)


def mutant(kind: str, seed: int, index: int) -> bytes:
    """Mutant `index` of the `kind` seed file: deterministic for (kind, seed, index)."""
    rng = random.Random(f"{kind}/{seed}/{index}")
    data = seed_files()[kind]
    if kind.endswith("_zip") and rng.random() < 0.7:
        return _mutate_members(data, rng)
    data = _mutate(data, rng, kind)
    if kind == "fit" and rng.random() < 0.8:
        data = _fix_fit_crcs(data)  # most mutants must get past the CRC check to test more
    return data


def _mutate(data: bytes, rng: random.Random, kind: str) -> bytes:
    if kind in ("gpx", "tcx") and rng.random() < 0.5:
        return _replace_values(data, rng)
    out = bytearray(data)
    for _ in range(rng.choice((1, 1, 2, 3, 5, 8))):
        if not out:
            break
        action = rng.random()
        at = rng.randrange(len(out))
        if action < 0.35:  # byte flips
            out[at] = (
                rng.randrange(256) if rng.random() < 0.5 else out[at] ^ (1 << rng.randrange(8))
            )
        elif action < 0.45:  # truncation
            del out[at:]
        elif action < 0.6:  # insertion of random or interesting bytes
            repeat = rng.choice((1, 1, 2, 50))
            out[at:at] = rng.choice(_INSERTS.get(kind, [b"\x00"])) * repeat
        elif action < 0.75:  # a duplicated chunk
            end = min(len(out), at + rng.choice((1, 4, 16, 64, 512)))
            out[at:at] = out[at:end] * rng.choice((1, 2, 10))
        elif action < 0.85:  # a deleted chunk
            del out[at : at + rng.choice((1, 4, 16, 64))]
        else:  # header fields: sizes, counts and numbers at the start of the file
            at = rng.randrange(min(len(out), 64))
            out[at : at + 4] = struct.pack("<I", rng.choice(_NUMBERS))[: len(out) - at]
    return bytes(out)


_VALUE = re.compile(rb'>([^<>]{1,40})<|="([^"]{0,40})"')
_VALUES = (b"1e308", b"-1e308", b"nan", b"inf", b"-0", b"", b"260.5", b"19", b"1e-320",
           b"99999999999999999999-01-01T00:00:00Z", b"2101-01-01T00:00:00Z",
           b"1900-01-01T00:00:00Z", b"0001-01-01T00:00:00+14:00", b"2024-05-04T07:30:00+01:00Z",
           b"1" * 400, b"&#0;", b"\xc3", b"Running", b"Biking")  # fmt: skip


def _replace_values(data: bytes, rng: random.Random) -> bytes:
    """Text and attribute values swapped for hostile ones, the markup left well-formed."""
    matches = list(_VALUE.finditer(data))
    out = bytearray(data)
    for match in sorted(rng.sample(matches, min(len(matches), rng.choice((1, 2, 5, 30)))),
                        key=lambda m: -m.start()):  # fmt: skip
        group = 1 if match.group(1) is not None else 2
        out[match.start(group) : match.end(group)] = rng.choice(_VALUES)
    return bytes(out)


_NUMBERS = (0, 1, 2, 12, 14, 16, 255, 256, 0x7FFF, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF, 0x80000000)
_INSERTS = {
    "gpx": [
        b"<trkpt lat='1e308' lon='-1e308'>"
        b"<time>99999999999999999999-01-01T00:00:00Z</time></trkpt>",
        b"<time>0001-01-01T00:00:00+14:00</time>",
        b"<hr>1e308</hr>",
        b"<ele>nan</ele>",
        b"<!DOCTYPE gpx SYSTEM '/nonexistent'>",
        b"<!ENTITY a 'b'>",
        b"<extensions>",
        b"</trkseg><trkseg>",
        b"\xff\xfe",
        b"&amp;",
    ],
    "tcx": [
        b"<Time>99999-01-01T00:00:00Z</Time>",
        b"<Value>1e308</Value>",
        b"<TotalTimeSeconds>1e308</TotalTimeSeconds>",
        b"<DistanceMeters>-1e308</DistanceMeters>",
        b"<Lap StartTime='9999-12-31T23:59:59-14:00'>",
        b"<Activity Sport='Running'>",
        b"</Track><Track>",
        b"<RunCadence>1e400</RunCadence>",
    ],
    "fit": [b"\x40\x00\x00\x14\x00\xff", b"\xff", b"\x00", b"\x0e\x20\x54\x08", b".FIT"],
}


def _fix_fit_crcs(data: bytes) -> bytes:
    """Recompute the header CRC and the file CRC of the first segment."""
    if len(data) < 14 or data[0] < 14:
        return data
    out = bytearray(data)
    out[12:14] = struct.pack("<H", crc16(bytes(out[:12])))
    end = data[0] + struct.unpack_from("<I", data, 4)[0]
    if end + 2 <= len(out):
        out[end : end + 2] = struct.pack("<H", crc16(bytes(out), 0, end))
    return bytes(out)


def _mutate_members(data: bytes, rng: random.Random) -> bytes:
    """A well-formed zip whose members (or names, or nested zip) are mutated."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = {info.filename: zf.read(info) for info in zf.infolist()}
    name = rng.choice(sorted(members))
    kind = _kind_of(name)
    if kind == "nested":
        members[name] = _mutate_members(members[name], rng)
    elif rng.random() < 0.1:
        members[rng.choice(("../evil.gpx", "/abs.fit", "x/" * 40 + "deep.tcx"))] = members[name]
    else:
        payload = members[name]
        if name.endswith(".gz") and rng.random() < 0.7:
            payload = gz(_mutate(__import__("gzip").decompress(payload), rng, kind))
        else:
            payload = _mutate(payload, rng, kind)
            if kind == "fit" and rng.random() < 0.8:
                payload = _fix_fit_crcs(payload)
        members[name] = payload
    return zip_bytes(members)


def _kind_of(name: str) -> str:
    lower = name.lower().removesuffix(".gz")
    if lower.endswith(".zip"):
        return "nested"
    for kind in ("fit", "gpx", "tcx"):
        if lower.endswith(kind):
            return kind
    return "other"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What reading one mutant gave: 'decoded', 'refused: <reason class>' or 'escape'."""

    label: str
    seconds: float
    escape: str | None = None


def read_mutant(kind: str, data: bytes, folder: Path) -> Outcome:
    """Decode and summarise a mutant the way `kneewise summarize` does, letting any
    exception other than `DecodeError` out as an escape."""
    started = time.perf_counter()
    try:
        label = _read(kind, data, folder)
    except DecodeError as exc:
        label = "refused: " + reason_class(exc)
    except Exception as exc:  # the escape this harness exists to find
        seconds = time.perf_counter() - started
        return Outcome("escape", seconds, f"{type(exc).__name__}: {exc}"[:300])
    return Outcome(label, time.perf_counter() - started)


def _read(kind: str, data: bytes, folder: Path) -> str:
    if not kind.endswith("_zip"):
        _decode_and_summarise(data, f"mutant.{kind}")
        return "decoded"
    path = folder / "mutant.zip"
    path.write_bytes(data)
    outcomes = []
    for item in iter_inputs([path], LIMITS):
        if isinstance(item, InputFile):
            try:
                _decode_and_summarise(item.read(), item.name)
                outcomes.append("decoded")
            except DecodeError as exc:
                outcomes.append("refused: " + reason_class(exc))
        elif isinstance(item, _FileError):
            outcomes.append("refused: " + reason_class(DecodeError(item.error)))
    return "decoded" if "decoded" in outcomes else (outcomes[0] if outcomes else "refused: empty")


def _decode_and_summarise(data: bytes, name: str) -> None:
    for streams in decode_bytes(data, name, name, limits=LIMITS):
        if not streams.is_route:
            summarize(streams)


def reason_class(exc: DecodeError) -> str:
    """A short class of refusal for counting (the first words of the message)."""
    if isinstance(exc, NotAnActivity):
        return "not an activity"
    text = str(exc)
    for key in ("limit is", "CRC", "truncated", "malformed XML", "outside document type",
                "not a", "corrupt", "plausible", "outside"):  # fmt: skip
        if key in text:
            return key
    return " ".join(text.split()[:3])


def run_mutants(
    kind: str, seed: int, count: int, on_outcome: Callable[[int, Outcome], None]
) -> None:
    """Read mutants 0…count−1 of `kind`, reporting each outcome with its index."""
    with tempfile.TemporaryDirectory() as folder:
        for index in range(count):
            on_outcome(index, read_mutant(kind, mutant(kind, seed, index), Path(folder)))
