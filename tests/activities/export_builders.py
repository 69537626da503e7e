"""Builders for small fake exports written into a test's tmp_path (Strava, Garmin, plain zips)."""

from __future__ import annotations

import csv
import gzip
import io
import json
import shutil
import struct
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

import pytest

CORPUS: Final = Path(__file__).resolve().parents[3] / "shared" / "corpus"

# The English header of 2023-2024 exports (shared/knowledge/exports.md), duplicates included.
_HEADER_TEXT: Final = (
    "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,"
    "Distance,Max Heart Rate,Relative Effort,Commute,Activity Private Note,Activity Gear,Filename,"
    "Athlete Weight,Bike Weight,Elapsed Time,Moving Time,Distance,Max Speed,Average Speed,"
    "Elevation Gain,Elevation Loss,Elevation Low,Elevation High,Max Grade,Average Grade,"
    "Average Positive Grade,Average Negative Grade,Max Cadence,Average Cadence,Max Heart Rate,"
    "Average Heart Rate,Max Watts,Average Watts,Calories,Max Temperature,Average Temperature,"
    "Relative Effort,Total Work,Number of Runs,Uphill Time,Downhill Time,Other Time,"
    "Perceived Exertion,Type,Start Time,Weighted Average Power,Power Count,"
    "Prefer Perceived Exertion,Perceived Relative Effort,Commute,Total Weight Lifted,From Upload,"
    "Grade Adjusted Distance,Weather Observation Time,Weather Condition,Weather Temperature,"
    "Apparent Temperature,Dewpoint,Humidity,Weather Pressure,Wind Speed,Wind Gust,Wind Bearing,"
    "Precipitation Intensity,Sunrise Time,Sunset Time,Moon Phase,Bike,Gear,"
    "Precipitation Probability,Precipitation Type,Cloud Cover,Weather Visibility,UV Index,"
    "Weather Ozone,Jump Count,Total Grit,Average Flow,Flagged,Average Elapsed Speed,Dirt Distance,"
    "Newly Explored Distance,Newly Explored Dirt Distance,Activity Count,Total Steps,Carbon Saved,"
    "Pool Length,Training Load,Intensity,Average Grade Adjusted Pace,Timer Time,Total Cycles,Media"
)
STRAVA_HEADER: Final = _HEADER_TEXT.split(",")

# German names for the columns we read; the others keep a placeholder (same count, 94).
_GERMAN: Final = {
    0: "Aktivitäts-ID",
    1: "Aktivitätsdatum",
    2: "Name der Aktivität",
    3: "Aktivitätsart",
    5: "Verstrichene Zeit",
    6: "Distanz",
    12: "Dateiname",
    15: "Verstrichene Zeit",
    16: "Bewegungszeit",
    17: "Distanz",
    20: "Höhenzuwachs",
    21: "Höhenverlust",
}
GERMAN_HEADER: Final = [_GERMAN.get(i, f"Spalte {i + 1}") for i in range(len(STRAVA_HEADER))]

# Positions in the layout above.
_POS: Final = {
    "id": 0,
    "date": 1,
    "name": 2,
    "type": 3,
    "elapsed_display": 5,
    "distance_display": 6,
    "max_hr_display": 7,
    "gear": 11,
    "file": 12,
    "elapsed": 15,
    "moving": 16,
    "distance": 17,
    "gain": 20,
    "loss": 21,
    "max_hr": 30,
    "avg_hr": 31,
}


def strava_row(**values: str) -> list[str]:
    """A 94-column row; keyword names are the keys of `_POS` (e.g. distance= is the metres one)."""
    row = [""] * len(STRAVA_HEADER)
    for key, value in values.items():
        row[_POS[key]] = value
    return row


def csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def gpx_bytes(start: datetime | None = None, points: int = 3) -> bytes:
    """A tiny GPX track; without `start` it has no times (a route)."""
    pts = []
    for i in range(points):
        time = "" if start is None else f"<time>{_iso(start, i)}</time>"
        pts.append(f'<trkpt lat="46.0{i}" lon="14.0{i}"><ele>{300 + i}</ele>{time}</trkpt>')
    body = "".join(pts)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="test">'
        f"<trk><trkseg>{body}</trkseg></trk></gpx>\n"
    ).encode()


def fit_stub(tag: bytes = b"") -> bytes:
    """Bytes with a FIT file header (".FIT" at offset 8) and no messages; enough for sniffing."""
    header = struct.pack("<BBHI4sH", 14, 0x20, 2000, len(tag), b".FIT", 0)
    return header + tag + b"\x00\x00"


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def zip_bytes(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def write_zip(
    path: Path, members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED
) -> Path:
    path.write_bytes(zip_bytes(members, compression))
    return path


RUN_START: Final = datetime(2024, 5, 4, 7, 30, 0, tzinfo=UTC)


def strava_export(tmp_path: Path, *, german: bool = False, prefix: str = "") -> Path:
    """export_1.zip: activities.csv (one run as .fit.gz, one walk as .gpx, one manual entry),
    a route, a photo and a profile.csv."""
    if german:
        header = GERMAN_HEADER
        rows = [
            strava_row(id="101", date="04.05.2024, 07:30:00", name="Morgenlauf", type="Lauf",
                       file="activities/101.fit.gz", distance_display="10,02",
                       distance="10020,5", elapsed="3600,0", moving="3500,0", gain="42,5"),
            strava_row(id="103", date="06.05.2024, 18:00:00", name="Laufband", type="Lauf",
                       distance="5000,0", elapsed="1800,0"),
        ]  # fmt: skip
    else:
        header = STRAVA_HEADER
        rows = [
            strava_row(id="101", date="May 4, 2024, 7:30:00 AM", name="Morning Run", type="Run",
                       file="activities/101.fit.gz", distance_display="10.02",
                       distance="10020.5", elapsed_display="3600", elapsed="3600.0",
                       moving="3500.0", gain="42.5", loss="40.0", max_hr_display="181",
                       max_hr="181.0", avg_hr="150.0", gear="Pegasus"),
            strava_row(id="102", date="May 5, 2024, 5:15:00 PM", name="Evening Walk",
                       type="Walk", file="activities/102.gpx", distance_display="3.10",
                       distance="3100.0", elapsed="2400.0"),
            strava_row(id="103", date="May 6, 2024, 6:00:00 PM", name="Treadmill, easy",
                       type="Run", distance_display="5.00", distance="5000.0",
                       elapsed="1800.0"),
        ]  # fmt: skip
    members = {
        f"{prefix}activities.csv": csv_bytes(header, rows),
        f"{prefix}activities/101.fit.gz": gz(fit_stub(b"run-101")),
        f"{prefix}profile.csv": b"Athlete ID,Email\n1,a@example.org\n",
        f"{prefix}routes/9001.gpx": gpx_bytes(None),
        f"{prefix}media/photo.jpg": b"\xff\xd8\xff\xe0 not really a jpeg",
    }
    if not german:
        members[f"{prefix}activities/102.gpx"] = gpx_bytes(datetime(2024, 5, 5, 17, 15, tzinfo=UTC))
    return write_zip(tmp_path / "export_1.zip", members)


GARMIN_SUMMARY_PATH: Final = "DI_CONNECT/DI-Connect-Fitness/runner_0_summarizedActivities.json"
GARMIN_UPLOADS_PATH: Final = "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip"


def garmin_summary(activity_id: int, start: datetime, **extra: object) -> dict[str, object]:
    """One summarizedActivitiesExport item in Garmin's units (epoch ms, ms, cm)."""
    item: dict[str, object] = {
        "activityId": activity_id,
        "name": f"Run {activity_id}",
        "activityType": "running",
        "startTimeGmt": start.timestamp() * 1000,
        "duration": 1800_000.0,
        "elapsedDuration": 1830_500.0,
        "movingDuration": 1750_000.0,
        "distance": 512_345.0,
        "elevationGain": 4_250.0,
        "elevationLoss": 3_900.0,
        "avgHr": 148.0,
        "maxHr": 172.0,
        "avgRunCadence": 84.5,
    }
    item.update(extra)
    return item


def garmin_export(
    tmp_path: Path,
    summaries: list[dict[str, object]],
    uploads: dict[str, bytes] | None = None,
) -> Path:
    """garmin.zip: DI_CONNECT with summaries, a nested UploadedFiles zip, wellness JSON."""
    if uploads is None:
        uploads = {"123_ACTIVITY.fit": fit_stub(b"garmin-run"), "notes.txt": b"not an activity"}
    members = {
        "DI_CONNECT/DI-Connect-User/user_profile.json": b'{"userName": "runner"}',
        GARMIN_SUMMARY_PATH: json.dumps([{"summarizedActivitiesExport": summaries}]).encode(),
        GARMIN_UPLOADS_PATH: zip_bytes(uploads),
        "DI_CONNECT/DI-Connect-Wellness/runner_sleepData.json": b"[]",
    }
    return write_zip(tmp_path / "garmin.zip", members)


def corpus_file(tmp_path: Path, relative: str) -> Path:
    """Copy one corpus file into tmp_path; skip the test when the corpus is absent."""
    source = CORPUS / relative
    if not source.is_file():
        pytest.skip(f"corpus file {relative} not available (shared/corpus is absent)")
    target = tmp_path / source.name
    shutil.copyfile(source, target)
    return target


def _iso(start: datetime, seconds: int) -> str:
    return datetime.fromtimestamp(start.timestamp() + seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
