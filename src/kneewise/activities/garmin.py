"""Garmin Connect export: `DI_CONNECT/` tree, summaries in `*summarizedActivities.json`.

Summaries use epoch milliseconds, milliseconds and centimetres. Files in the nested
`UploadedFiles_*.zip` are named by upload id, so hints are linked after decoding, by start time.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

from kneewise.activities.hints import ActivityHint, sport_of
from kneewise.activities.model import DecodeError

EXPORT_DIR: Final = "DI_CONNECT/"
SUMMARY_SUFFIX: Final = "summarizedactivities.json"
MATCH_TOLERANCE_S: Final = 5.0


@dataclass(frozen=True, slots=True)
class GarminSummaries:
    """Hints sorted by start time (for `match_hint`), and the multisport parents left out."""

    hints: tuple[ActivityHint, ...]
    parents: tuple[ActivityHint, ...]


def is_export(names: Iterable[str]) -> bool:
    """A Garmin export has a DI_CONNECT/ tree or a summarizedActivities.json."""
    return any(f"/{EXPORT_DIR}" in f"/{name}" or is_summary_file(name) for name in names)


def is_summary_file(name: str) -> bool:
    """`<user>_0_summarizedActivities.json` and the like."""
    return name.lower().endswith(SUMMARY_SUFFIX)


def parse_summaries(data: bytes, source: str) -> GarminSummaries:
    """Read `[{"summarizedActivitiesExport": [...]}]`; DecodeError if it is not that shape."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DecodeError(f"{source}: not valid JSON ({exc})") from exc
    blocks = document if isinstance(document, list) else [document]
    hints: list[ActivityHint] = []
    parents: list[ActivityHint] = []
    found = False
    for block in blocks:
        if not isinstance(block, dict) or "summarizedActivitiesExport" not in block:
            continue
        found = True
        for item in block["summarizedActivitiesExport"] or ():
            if isinstance(item, dict):
                hint = _hint(item)
                (parents if _is_multisport_parent(item) else hints).append(hint)
    if not found:
        raise DecodeError(f"{source}: no summarizedActivitiesExport list")
    dated = sorted((h for h in hints if h.start_time is not None), key=start_key)
    return GarminSummaries(hints=tuple(dated), parents=tuple(parents))


def match_hint(
    start_time: datetime | None,
    hints: Sequence[ActivityHint],
    *,
    tolerance_s: float = MATCH_TOLERANCE_S,
) -> ActivityHint | None:
    """The hint starting nearest `start_time`, within `tolerance_s`; `hints` sorted by start."""
    if start_time is None or not hints:
        return None
    t = start_time.timestamp()
    i = bisect_left(hints, t, key=start_key)
    best: ActivityHint | None = None
    best_gap = tolerance_s
    for candidate in hints[max(i - 1, 0) : i + 1]:
        gap = abs(start_key(candidate) - t)
        if gap <= best_gap and (best is None or gap < best_gap):
            best, best_gap = candidate, gap
    return best


def start_key(hint: ActivityHint) -> float:
    """Sort key: the start as epoch seconds (hints without a start sort first)."""
    return hint.start_time.timestamp() if hint.start_time is not None else float("-inf")


def _is_multisport_parent(item: dict[str, object]) -> bool:
    if item.get("parent") is True or item.get("childIds"):
        return True
    return _type_key(item) in {"multi_sport", "multisport"}


def _type_key(item: dict[str, object]) -> str | None:
    value = item.get("activityType")
    if isinstance(value, dict):
        value = value.get("typeKey")
    return value if isinstance(value, str) else None


def _hint(item: dict[str, object]) -> ActivityHint:
    activity_type = _type_key(item)
    start_ms = _number(item, "startTimeGmt", "beginTimestamp")
    elapsed_ms = _number(item, "elapsedDuration", "duration")
    name = item.get("name")
    return ActivityHint(
        origin="garmin",
        activity_id=str(item.get("activityId", "")),
        name=name if isinstance(name, str) and name else None,
        activity_type=activity_type,
        sport=sport_of(activity_type),
        start_time=_start(start_ms),
        elapsed_s=_scaled(elapsed_ms, 1000),
        moving_s=_scaled(_number(item, "movingDuration"), 1000),
        distance_m=_scaled(_number(item, "distance"), 100),
        ascent_m=_scaled(_number(item, "elevationGain"), 100),
        descent_m=_scaled(_number(item, "elevationLoss"), 100),
        avg_hr_bpm=_number(item, "avgHr"),
        max_hr_bpm=_number(item, "maxHr"),
        avg_cadence_spm=_cadence(item),
        file=None,
    )


def _start(start_ms: float | None) -> datetime | None:
    """The start from epoch milliseconds; None when no datetime can hold it (a crafted file)."""
    if start_ms is None:
        return None
    try:
        return datetime.fromtimestamp(start_ms / 1000, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _cadence(item: dict[str, object]) -> float | None:
    """Steps/min: `avgDoubleCadence` when present, else 2 x `avgRunCadence` (one foot)."""
    double = _number(item, "avgDoubleCadence")
    if double is not None:
        return double
    single = _number(item, "avgRunCadence")
    return None if single is None else 2 * single


def _number(item: dict[str, object], *keys: str) -> float | None:
    for key in keys:
        value = item.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value)
            return number if math.isfinite(number) else None
    return None


def _scaled(value: float | None, divisor: float) -> float | None:
    return None if value is None else value / divisor
