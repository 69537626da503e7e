"""Bulk field extraction: every message of one global number, one numpy pass per definition.

The data messages of a definition are interleaved with other messages, so their payloads are
gathered with one fancy index over a sliding-window view of the file (no per-message Python),
then each wanted field is read with a single `view` of its bytes.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

from kneewise.activities.fit.profile import BASE_TYPES, BYTE_BASE_TYPE, TIMESTAMP, numpy_dtype
from kneewise.activities.fit.reader import Definition, FieldDef, Segment
from kneewise.activities.model import FloatArray

IntArray = npt.NDArray[np.int64]
ByteArray = npt.NDArray[np.uint8]


class SegmentMessages:
    """Typed access to the data messages of one FIT segment."""

    def __init__(self, data: bytes, segment: Segment) -> None:
        self._bytes: ByteArray = np.frombuffer(data, dtype=np.uint8)
        self._segment = segment
        self._globals: IntArray = np.array(
            [d.global_num for d in segment.definitions], dtype=np.int64
        )
        self._msg_globals: IntArray = (
            self._globals[segment.def_ids] if len(self._globals) else segment.def_ids
        )
        self._timestamps: FloatArray | None = None
        if segment.has_compressed_timestamps:
            self._timestamps = self._resolve_timestamps()

    def positions(self, global_num: int) -> IntArray:
        """Indexes (in file order) of the data messages with this global message number."""
        return np.flatnonzero(self._msg_globals == global_num)

    def count(self, global_num: int) -> int:
        """How many data messages of this global number the segment holds."""
        return int(np.count_nonzero(self._msg_globals == global_num))

    def fields(self, global_num: int, nums: Iterable[int]) -> dict[int, FloatArray]:
        """Raw values (before scale/offset) of the given fields for every message of
        `global_num`, in file order; NaN where a message lacks the field or holds the
        invalid sentinel. The timestamp (253) includes compressed-timestamp headers."""
        wanted = tuple(nums)
        where = self.positions(global_num)
        out = {num: np.full(len(where), np.nan) for num in wanted}
        # With compressed-timestamp headers the timestamps were resolved up front.
        from_payload = [n for n in wanted if n != TIMESTAMP or self._timestamps is None]
        for def_id, rows, offsets in self._groups(where):
            definition = self._segment.definitions[def_id]
            present = [n for n in from_payload if n in definition.fields]
            if present:
                payload = self._payloads(offsets, definition.size)
                for num, values in _read_fields(payload, definition, present).items():
                    out[num][rows] = values
        if TIMESTAMP in wanted and self._timestamps is not None:
            out[TIMESTAMP] = self._timestamps[where]
        return out

    def byte_columns(self, global_num: int, num: int, width: int) -> ByteArray | None:
        """The raw bytes of a `width`-byte field, one row per message of `global_num` (0xFF
        where a message lacks it or declares another size), or None when no definition of
        `global_num` has the field."""
        definitions = self._segment.definitions
        if not any(d.global_num == global_num and num in d.fields for d in definitions):
            return None
        where = self.positions(global_num)
        out = np.full((len(where), width), 0xFF, dtype=np.uint8)
        for def_id, rows, offsets in self._groups(where):
            definition = definitions[def_id]
            field = definition.fields.get(num)
            if field is not None and field.size == width:
                payload = self._payloads(offsets, definition.size)
                out[rows] = payload[:, field.offset : field.offset + width]
        return out

    def _groups(self, where: IntArray) -> Iterable[tuple[int, IntArray, IntArray]]:
        """(definition index, rows within `where`, message offsets) per definition used."""
        def_ids = self._segment.def_ids[where]
        for def_id in np.unique(def_ids).tolist():
            rows = np.flatnonzero(def_ids == def_id)
            yield int(def_id), rows, self._segment.offsets[where[rows]]

    def _payloads(self, offsets: IntArray, size: int) -> ByteArray:
        """The payloads (record header excluded) of messages at `offsets`, one row each."""
        if size == 0:
            return np.zeros((len(offsets), 0), dtype=np.uint8)
        windows = sliding_window_view(self._bytes, size)
        return windows[offsets + 1]

    def _resolve_timestamps(self) -> FloatArray:
        """Each message's timestamp, compressed-timestamp headers included (NaN: none).

        A compressed header carries the low 5 bits of its time; the rest comes from the last
        timestamp seen, rolling over when the 5-bit value wraps. Every message with a
        timestamp field resets the reference. Along the messages that carry either kind, each
        compressed header adds (offset − previous low bits) mod 32 seconds, so each run after a
        full timestamp is that timestamp plus a cumulative sum.
        """
        segment = self._segment
        n = len(segment.offsets)
        headers = self._bytes[segment.offsets].astype(np.int64)
        is_compressed = (headers & 0x80) != 0
        full = np.full(n, np.nan)
        for def_id, definition in enumerate(segment.definitions):
            field = definition.fields.get(TIMESTAMP)
            if field is None:
                continue
            where = np.flatnonzero((segment.def_ids == def_id) & ~is_compressed)
            if len(where):
                payload = self._payloads(segment.offsets[where], definition.size)
                full[where] = _read_fields(payload, definition, [TIMESTAMP])[TIMESTAMP]
        has_full = ~np.isnan(full)
        timed = np.flatnonzero(has_full | is_compressed)
        result = np.full(n, np.nan)
        if len(timed) == 0:
            return result
        t_full = has_full[timed]
        low5 = np.where(
            t_full, np.nan_to_num(full[timed]).astype(np.int64) & 31, headers[timed] & 31
        )
        previous_low5 = np.concatenate(([0], low5[:-1]))
        step = np.where(t_full, 0, (low5 - previous_low5) & 31)
        total = np.cumsum(step)
        # Index (into `timed`) of the full timestamp each message counts from; -1: none yet.
        anchor = np.maximum.accumulate(np.where(t_full, np.arange(len(timed)), -1))
        known = anchor >= 0
        anchor_at = anchor[known]
        base = full[timed][anchor_at]
        result[timed[known]] = base + (total[known] - total[anchor_at])
        return result


def _read_fields(
    payload: ByteArray, definition: Definition, nums: list[int]
) -> dict[int, FloatArray]:
    """Fields of every message in `payload` as float64, invalid sentinels as NaN, through one
    structured view of the payload bytes. An array field gives its first element (none of the
    fields Kneewise reads is an array); a field of a size its type cannot have gives NaN."""
    out: dict[int, FloatArray] = {}
    readable: list[FieldDef] = []
    for num in nums:
        field = definition.fields[num]
        if field.base_type == BYTE_BASE_TYPE and field.size != 1:
            out[num] = np.full(len(payload), np.nan)
        else:
            readable.append(field)
    if not readable:
        return out
    layout = np.dtype(
        {
            "names": [f"f{f.num}" for f in readable],
            "formats": [
                numpy_dtype(BASE_TYPES[f.base_type], definition.big_endian) for f in readable
            ],
            "offsets": [f.offset for f in readable],
            "itemsize": definition.size,
        }
    )
    table = payload.view(layout)[:, 0]
    for field in readable:
        raw = table[f"f{field.num}"]
        values = raw.astype(np.float64)
        invalid = BASE_TYPES[field.base_type].invalid
        if invalid is not None:
            values[raw == invalid] = np.nan
        out[field.num] = values
    return out
