"""`decode_fit`: FIT bytes → one `ActivityStreams` per activity in the file."""

from __future__ import annotations

import numpy as np

from kneewise.activities.fit import profile as p
from kneewise.activities.fit.messages import SegmentMessages
from kneewise.activities.fit.reader import read_segments
from kneewise.activities.fit.streams import build_activity
from kneewise.activities.limits import DEFAULT_LIMITS, Limits
from kneewise.activities.model import ActivityStreams, DecodeError, FloatArray, NotAnActivity


def decode_fit(data: bytes, source: str, limits: Limits = DEFAULT_LIMITS) -> list[ActivityStreams]:
    """Decode a FIT file (chained files included) into its activities, in file order.

    Raises `DecodeError` (with the byte offset) for a damaged file — bad header, CRC
    mismatch, unexpected end of data, a message of an undefined local type — and
    `NotAnActivity` for a readable FIT file that holds no activity (settings, monitoring…).
    A file beyond the FIT limits of `limits` (segments, messages) is refused as it is read.
    """
    data = bytes(data)  # a bytearray or memoryview would not hash (definition cache)
    groups: list[tuple[list[SegmentMessages], str | None]] = []
    other_types: list[str] = []
    current: list[SegmentMessages] | None = None
    for segment in read_segments(data, limits):
        messages = SegmentMessages(data, segment)
        file_id = messages.fields(
            p.FILE_ID, (p.FILE_ID_TYPE, p.FILE_ID_MANUFACTURER, p.FILE_ID_PRODUCT)
        )
        if len(file_id[p.FILE_ID_TYPE]) == 0:
            # A chained segment without its own file_id continues the previous file (Garmin
            # appends the heart-rate data a chest strap stored during a swim this way).
            if segment.start == 0:
                raise DecodeError("FIT file without a file_id message at the start")
            if current is not None:
                current.append(messages)
            continue
        file_type = file_id[p.FILE_ID_TYPE][0]
        if np.isnan(file_type) or int(file_type) == p.FILE_TYPE_ACTIVITY:
            current = [messages]
            groups.append((current, _device(file_id)))
        else:
            current = None
            code = int(file_type)
            other_types.append(f"{p.FILE_TYPES.get(code, 'unknown')} (file_id.type {code})")
    if not groups:
        raise NotAnActivity(f"FIT {', '.join(other_types)} file, not an activity")
    return [build_activity(parts, source, device) for parts, device in groups]


def _device(file_id: dict[int, FloatArray]) -> str | None:
    """'garmin 2431'-style creator name: manufacturer name (or number) and product number."""
    manufacturer = file_id[p.FILE_ID_MANUFACTURER][0]
    product = file_id[p.FILE_ID_PRODUCT][0]
    if np.isnan(manufacturer):
        return None
    code = int(manufacturer)
    name = p.MANUFACTURERS.get(code, f"manufacturer {code}")
    return name if np.isnan(product) else f"{name} {int(product)}"
