"""Strava bulk export: `activities.csv` (read by position) links rows to `activities/` files.

The header repeats names (`Elapsed Time`, `Distance`, ...), so columns are located by
(name, occurrence) in English exports, and by the known layout's positions in localised ones.
Layout and gotchas: shared/knowledge/exports.md.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

from kneewise.activities.hints import ActivityHint, sport_of
from kneewise.activities.model import DecodeError

CSV_NAME: Final = "activities.csv"
ROUTES_DIR: Final = "routes/"

# field -> ((English name, occurrence), ...) tried in order, and its position in the known layout
_FIELDS: Final[dict[str, tuple[tuple[tuple[str, int], ...], int]]] = {
    "id": ((("Activity ID", 1),), 0),
    "date": ((("Activity Date", 1),), 1),
    "name": ((("Activity Name", 1),), 2),
    "type": ((("Activity Type", 1),), 3),
    "gear": ((("Activity Gear", 1),), 11),
    "file": ((("Filename", 1),), 12),
    "elapsed": ((("Elapsed Time", 2), ("Elapsed Time", 1)), 15),
    "moving": ((("Moving Time", 1),), 16),
    "distance": ((("Distance", 2),), 17),  # the first Distance is in display units (km or mi)
    "gain": ((("Elevation Gain", 1),), 20),
    "loss": ((("Elevation Loss", 1),), 21),
    "max_hr": ((("Max Heart Rate", 2), ("Max Heart Rate", 1)), 30),
    "avg_hr": ((("Average Heart Rate", 1),), 31),
}
_LAYOUT_COLUMNS: Final = 94  # columns of the 2023-2024 layout the positions above come from
_STABLE_PREFIX: Final = 13  # columns 0-12 have kept their place across export versions
_ID_HEADERS: Final = frozenset({"activity id", "aktivitäts-id"})

# English and German month abbreviations
_MONTHS: Final = {
    "jan": 1, "feb": 2, "mar": 3, "mär": 3, "mrz": 3, "apr": 4, "may": 5, "mai": 5,
    "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "okt": 10, "nov": 11, "dec": 12, "dez": 12,
}  # fmt: skip
_EN_DATE: Final = re.compile(
    r"^([A-Za-zä]{3})\w*\.? (\d{1,2}), (\d{4}),? (\d{1,2}):(\d{2}):(\d{2}) ?([AaPp][Mm])?$"
)
_DAY_FIRST: Final = re.compile(
    r"^(\d{1,2})\.? ?([A-Za-zä]+|\d{1,2})\.? (\d{4}),? (\d{1,2}):(\d{2}):(\d{2})$"
)
_NUMERIC_DAY_FIRST: Final = re.compile(
    r"^(\d{1,2})\.(\d{1,2})\.(\d{4}),? (\d{1,2}):(\d{2}):(\d{2})$"
)
_ISO: Final = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})")


@dataclass(frozen=True, slots=True)
class StravaTable:
    """activities.csv: hints keyed by `file_key(Filename)`, and manual entries (no file)."""

    by_file: dict[str, ActivityHint]
    manual: tuple[ActivityHint, ...]
    localised: bool  # header not English: columns taken from the known layout's positions


def parse_activities_csv(data: bytes, source: str) -> StravaTable:
    """Parse activities.csv; DecodeError if its header is not a Strava one."""
    text = data.decode("utf-8-sig", errors="replace")
    rows = csv.reader(io.StringIO(text, newline=""))
    header = next(rows, None)
    if header is None or not is_strava_header(header):
        raise DecodeError(f"{source}: not a Strava activities.csv (first column is not an ID)")
    columns = _locate(header)
    by_file: dict[str, ActivityHint] = {}
    manual: list[ActivityHint] = []
    for row in rows:
        if not any(cell.strip() for cell in row):
            continue
        hint = _hint(row, columns)
        if hint.file is None:
            manual.append(hint)
        else:
            by_file[file_key(hint.file)] = hint
    english = header[0].strip().lstrip("\ufeff") == "Activity ID"
    return StravaTable(by_file=by_file, manual=tuple(manual), localised=not english)


def is_strava_header(header: list[str]) -> bool:
    """English or German ID first column, or any "...ID..." first column with the long layout."""
    first = header[0].strip().lstrip("\ufeff").lower() if header else ""
    if first in _ID_HEADERS:
        return True
    return len(header) > _STABLE_PREFIX and re.search(r"\bid\b", first) is not None


def file_key(path: str) -> str:
    """Key linking a Filename to a member: relative posix path without `.gz`, any case."""
    key = path.strip().replace("\\", "/").removeprefix("./").lower()
    return key.removesuffix(".gz")


def is_route(relative_path: str) -> bool:
    """Strava `routes/` hold planned courses (tracks without times), not activities."""
    return relative_path.replace("\\", "/").lower().startswith(ROUTES_DIR)


def _locate(header: list[str]) -> dict[str, int | None]:
    names = [cell.strip().lstrip("\ufeff") for cell in header]
    if names[0] == "Activity ID":
        seen: dict[str, int] = {}
        position: dict[tuple[str, int], int] = {}
        for index, name in enumerate(names):
            seen[name] = seen.get(name, 0) + 1
            position[(name, seen[name])] = index
        return {
            field: next((position[k] for k in keys if k in position), None)
            for field, (keys, _) in _FIELDS.items()
        }
    full_layout = len(names) == _LAYOUT_COLUMNS
    return {
        field: index if index < _STABLE_PREFIX or full_layout else None
        for field, (_, index) in _FIELDS.items()
    }


def _hint(row: list[str], columns: dict[str, int | None]) -> ActivityHint:
    def cell(field: str) -> str:
        index = columns[field]
        return row[index].strip() if index is not None and index < len(row) else ""

    activity_type = cell("type") or None
    return ActivityHint(
        origin="strava",
        activity_id=cell("id"),
        name=cell("name") or None,
        activity_type=activity_type,
        sport=sport_of(activity_type),
        start_time=parse_date(cell("date")),
        elapsed_s=parse_number(cell("elapsed")),
        moving_s=parse_number(cell("moving")),
        distance_m=parse_number(cell("distance")),
        ascent_m=parse_number(cell("gain")),
        descent_m=parse_number(cell("loss")),
        avg_hr_bpm=parse_number(cell("avg_hr")),
        max_hr_bpm=parse_number(cell("max_hr")),
        gear=cell("gear") or None,
        file=cell("file") or None,
    )


def parse_number(text: str) -> float | None:
    """A float from "18962.8", "18962,8" (decimal comma) or "1.234,5"; None if empty or bad."""
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        text = text.replace(thousands, "").replace(decimal, ".")
    else:
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def parse_date(text: str) -> datetime | None:
    """Activity Date as UTC ("Oct 7, 2020, 2:43:11 PM", "07.10.2020, 14:43:11", ISO); else None."""
    text = " ".join(text.split())
    try:
        if m := _EN_DATE.match(text):
            month, day, year, hour, minute, second, ampm = m.groups()
            h = int(hour)
            if ampm:
                h = h % 12 + (12 if ampm.lower() == "pm" else 0)
            return _utc(int(year), _month(month), int(day), h, int(minute), int(second))
        if m := _NUMERIC_DAY_FIRST.match(text) or _DAY_FIRST.match(text):
            day, month, year, hour, minute, second = m.groups()
            return _utc(int(year), _month(month), int(day), int(hour), int(minute), int(second))
        if m := _ISO.match(text):
            return _utc(*(int(g) for g in m.groups()))
    except (ValueError, KeyError):
        return None
    return None


def _month(text: str) -> int:
    return int(text) if text.isdigit() else _MONTHS[text[:3].lower()]


def _utc(year: int, month: int, day: int, hour: int, minute: int, second: int) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
