"""FIT structure: file headers, CRCs, definition messages and the offsets of data messages.

One pass in plain Python walks the record headers of a FIT segment and notes, for every data
message, where it starts and which definition reads it; the field values are read later in
bulk (see `messages.py`). Chained files (several header + data + CRC segments back to back)
give one `Segment` each.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from kneewise.activities.fit.crc import crc16
from kneewise.activities.fit.profile import BASE_TYPES, BYTE_BASE_TYPE
from kneewise.activities.limits import DEFAULT_LIMITS, Limits, too_many
from kneewise.activities.model import DecodeError

MIN_HEADER_SIZE = 12
SIGNATURE = b".FIT"
_HEADER = struct.Struct("<BBHI4s")
_U16 = struct.Struct("<H")

# Record header bits.
_COMPRESSED = 0x80
_DEFINITION = 0x40
_DEVELOPER_DATA = 0x20
_RUN = 256  # messages compared at once when one message type repeats
_SINGLE_BYTES = [bytes([value]) for value in range(256)]


@dataclass(frozen=True, slots=True)
class FieldDef:
    """Where one field sits in a data message's payload and how it is stored."""

    num: int
    offset: int  # bytes after the record header byte
    size: int
    base_type: int  # key of BASE_TYPES (BYTE_BASE_TYPE when the size does not fit the type)


@dataclass(frozen=True, slots=True)
class Definition:
    """One definition message: the layout of the data messages that follow it."""

    global_num: int
    big_endian: bool
    size: int  # payload bytes after the record header, developer fields included
    fields: dict[int, FieldDef]


@dataclass(frozen=True, slots=True)
class Segment:
    """One FIT file of a (possibly chained) file: its definitions and every data message."""

    start: int  # offset of the segment's header in the file
    definitions: tuple[Definition, ...]
    offsets: npt.NDArray[np.int64]  # offset of each data message's record header, file order
    def_ids: npt.NDArray[np.int64]  # index into `definitions` for each data message
    has_compressed_timestamps: bool
    truncated_last_message: bool  # see `_walk`: the writer cut its final message short


@dataclass(slots=True)
class _Budget:
    """What one file may still cost: segments, messages and distinct definition fields are
    counted while the file is walked, so a hostile file stops at the limit, not after."""

    limits: Limits
    messages: int = 0
    definition_fields: int = 0
    seen: set[bytes] = field(default_factory=set)

    def spend_definition(self, raw: bytes, fields: int) -> None:
        if raw in self.seen:
            return
        self.seen.add(raw)
        self.definition_fields += fields
        if self.definition_fields > self.limits.max_fit_definition_fields:
            maximum = self.limits.max_fit_definition_fields
            raise too_many(
                "FIT definitions too large",
                "max_fit_definition_fields",
                "fields in its definition messages",
                maximum,
            )

    def messages_left(self) -> int:
        return self.limits.max_fit_messages - self.messages


def read_segments(data: bytes, limits: Limits = DEFAULT_LIMITS) -> list[Segment]:
    """Check every header and CRC of a FIT file and index its data messages, within the
    FIT limits of `limits` (segments, messages, definition fields)."""
    if len(data) < MIN_HEADER_SIZE or data[8:12] != SIGNATURE:
        raise DecodeError(
            f"not a FIT file: expected '.FIT' at bytes 8–11 of a header of at least "
            f"{MIN_HEADER_SIZE} bytes, found {data[8:12]!r} in {len(data)} bytes"
        )
    segments: list[Segment] = []
    budget = _Budget(limits)
    start = 0
    while start < len(data):
        if len(segments) >= limits.max_fit_segments:
            raise too_many(
                "too many chained FIT segments",
                "max_fit_segments",
                "FIT segments",
                limits.max_fit_segments,
            )
        segment = _read_segment(data, start, budget)
        segments.append(segment)
        if segment.truncated_last_message:
            break
        start = _segment_end(data, start)
    return segments


def _segment_end(data: bytes, start: int) -> int:
    header_size, _, _, data_size, _ = _HEADER.unpack_from(data, start)
    return int(start + header_size + data_size + 2)


def _read_segment(data: bytes, start: int, budget: _Budget) -> Segment:
    if len(data) - start < MIN_HEADER_SIZE:
        raise DecodeError(
            f"bad FIT header at byte {start}: {len(data) - start} trailing bytes, "
            f"expected a {MIN_HEADER_SIZE}-byte header or the end of the file"
        )
    header_size, protocol, _profile, data_size, signature = _HEADER.unpack_from(data, start)
    if signature != SIGNATURE:
        raise DecodeError(
            f"bad FIT header at byte {start}: expected '.FIT' at byte {start + 8}, "
            f"found {signature!r}"
        )
    if header_size < MIN_HEADER_SIZE:
        raise DecodeError(f"bad FIT header at byte {start}: header size {header_size} < 12")
    if protocol >> 4 > 2:
        raise DecodeError(
            f"bad FIT header at byte {start}: protocol version {protocol >> 4}.{protocol & 15} "
            f"(this decoder reads versions 1 and 2)"
        )
    data_start = start + header_size
    if data_start > len(data):
        raise DecodeError(
            f"truncated FIT file (unexpected end of data): the header at byte {start} "
            f"({header_size} bytes) ends after the file"
        )
    if header_size >= 14:
        (stored,) = _U16.unpack_from(data, start + 12)
        # 0 means "not computed" (e.g. Forerunner 110, Edge 810), allowed by the protocol.
        if stored != 0 and stored != crc16(data, start, start + 12):
            raise DecodeError(f"bad FIT header at byte {start}: header CRC mismatch")
    data_end = data_start + data_size
    return _walk(data, start, data_start, data_end, budget)


def _walk(data: bytes, start: int, data_start: int, data_end: int, budget: _Budget) -> Segment:
    """Index the messages of one segment; check its CRC and length."""
    limit = min(data_end, len(data))
    sizes = [-1] * 16  # payload size of each local message type; -1: not defined yet
    ids = [0] * 16
    definitions: list[Definition] = []
    # One int per data message, offset << 24 | definition index: a single append per
    # message keeps this loop, the only per-message Python, short (a list: appending to an
    # array("q") made it ~1.5x slower; max_fit_messages bounds the list's memory instead).
    tags: list[int] = []
    allowed = budget.messages_left()
    add = tags.append
    extend = tags.extend
    previous = -1
    compressed = False
    pos = data_start
    while pos < limit:
        header = data[pos]
        if header < _DEFINITION:
            local = header & 15
        elif header >= _COMPRESSED:
            local = (header >> 5) & 3
            compressed = True
        else:
            local = header & 15
            end = _definition_end(data, pos, limit, header)
            if end > limit:
                raise _past_end(data, start, data_end, f"definition message at byte {pos}")
            definition = _read_definition(data, pos, end, header, budget)
            pos = end
            if len(definitions) + len(tags) >= allowed:
                raise _too_many_messages(budget.limits)
            ids[local] = len(definitions)
            sizes[local] = definition.size
            definitions.append(definition)
            continue
        size = sizes[local]
        if size < 0:
            raise DecodeError(
                f"data message at byte {pos} uses local message type {local}, "
                f"which no definition message has defined"
            )
        if header == previous:
            # A run of one message type (records, mostly): if byte pos + k·(size + 1) holds
            # the same header for k = 0…r−1, those r bytes are exactly the next r headers.
            # One strided slice and lstrip (both in C) find r: long runs cost no per-message
            # Python.
            stride = size + 1
            window = data[pos : min(limit, pos + _RUN * stride) : stride]
            run = len(window) - len(window.lstrip(_SINGLE_BYTES[header]))
            tag = pos << 24 | ids[local]
            extend(range(tag, tag + run * (stride << 24), stride << 24))
            pos += run * stride
            if len(definitions) + len(tags) > allowed:
                raise _too_many_messages(budget.limits)
            continue
        previous = header
        add(pos << 24 | ids[local])
        pos += size + 1
        if len(tags) >= allowed:
            raise _too_many_messages(budget.limits)

    truncated_last = False
    if pos > limit:
        if data_end + 2 != len(data):
            raise _past_end(data, start, data_end, f"message at byte {tags[-1] >> 24}")
        # The file is exactly as long as its header says, but its final message runs past
        # the declared data into the CRC slot: the writer cut its last message (seen on a
        # Sigma device, corpus pfp__nick.fit). Every earlier message is complete, so keep
        # them, drop the cut one, and skip the CRC, which covers nothing coherent.
        tags.pop()
        truncated_last = True
    elif data_end + 2 > len(data):
        raise _past_end(data, start, data_end, None)
    else:
        (stored,) = _U16.unpack_from(data, data_end)
        computed = crc16(data, start, data_end)
        if stored != computed:
            raise DecodeError(
                f"file CRC mismatch in the FIT segment at byte {start}: "
                f"stored 0x{stored:04X} at byte {data_end}, computed 0x{computed:04X}"
            )
    budget.messages += len(definitions) + len(tags)
    packed = np.array(tags, dtype=np.int64)
    return Segment(
        start=start,
        definitions=tuple(definitions),
        offsets=packed >> 24,
        def_ids=packed & 0xFFFFFF,
        has_compressed_timestamps=compressed,
        truncated_last_message=truncated_last,
    )


def _too_many_messages(limits: Limits) -> DecodeError:
    return too_many(
        "too many FIT messages", "max_fit_messages", "messages", limits.max_fit_messages
    )


def _past_end(data: bytes, start: int, data_end: int, what: str | None) -> DecodeError:
    """The error for a message (or the CRC) that does not fit: a truncated file when the
    file is shorter than its header says, a corrupt segment otherwise."""
    if data_end + 2 > len(data):
        inside = f", inside the {what}" if what else ""
        return DecodeError(
            f"truncated FIT file (unexpected end of data): the file ends at byte {len(data)}"
            f"{inside}; the segment at byte {start} declares data up to byte {data_end} "
            f"plus a 2-byte CRC"
        )
    return DecodeError(
        f"corrupt FIT segment at byte {start}: the {what} runs past the end of its data "
        f"at byte {data_end}"
    )


def _definition_end(data: bytes, pos: int, limit: int, header: int) -> int:
    """Where the definition message at `pos` ends (beyond `limit` if it is cut)."""
    end = pos + 6
    if end <= limit:
        end += 3 * data[pos + 5]
        if header & _DEVELOPER_DATA:
            end = end + 1 + 3 * data[end] if end < limit else end + 1
    return end


def _read_definition(data: bytes, pos: int, end: int, header: int, budget: _Budget) -> Definition:
    """Parse the complete definition message data[pos:end]."""
    if data[pos + 2] > 1:
        raise DecodeError(
            f"definition message at byte {pos}: architecture byte {data[pos + 2]}, "
            f"expected 0 (little endian) or 1 (big endian)"
        )
    raw = data[pos + 2 : end]
    budget.spend_definition(raw, (end - pos - 6) // 3)
    return _parse_definition(raw, bool(header & _DEVELOPER_DATA))


@lru_cache(maxsize=4096)
def _parse_definition(raw: bytes, developer: bool) -> Definition:
    """A definition from its bytes after the reserved byte (cached: devices repeat the same
    definitions many times, within a file and across a runner's history)."""
    big_endian = raw[0] == 1
    global_num = int.from_bytes(raw[1:3], "big" if big_endian else "little")
    end_fields = 4 + 3 * raw[3]
    fields: dict[int, FieldDef] = {}
    offset = 0
    for i in range(4, end_fields, 3):
        num, size, base_byte = raw[i], raw[i + 1], raw[i + 2] & 0x1F
        base = BASE_TYPES.get(base_byte)
        if base is None or size % base.size or not size:
            # The protocol reads such a field as bytes; none of the fields we use looks so.
            base_byte = BYTE_BASE_TYPE
        # A field number listed twice: the first one is the field, as in Garmin's decoder.
        fields.setdefault(num, FieldDef(num, offset, size, base_byte))
        offset += size
    if developer:
        # Developer fields: only their sizes matter here, so they are skipped correctly.
        offset += sum(raw[end_fields + 2 :: 3])
    return Definition(global_num, big_endian, offset, fields)
