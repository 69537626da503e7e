"""Helpers for the FIT decoder tests: a tiny FIT encoder (written here, independent of the
decoder) and access to the shared corpus with its MANIFEST reference values."""

from __future__ import annotations

import csv
import struct
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Final

import pytest

CORPUS: Final = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
FIT_EPOCH_UNIX: Final = 631_065_600

# base type byte → struct code; multi-byte types carry the 0x80 endian-ability bit
ENUM, SINT8, UINT8, UINT8Z, BYTE = 0x00, 0x01, 0x02, 0x0A, 0x0D
SINT16, UINT16, SINT32, UINT32, UINT16Z, UINT32Z = 0x83, 0x84, 0x85, 0x86, 0x8B, 0x8C
FLOAT64 = 0x89  # written from its raw bits (an int), like the integer types
_CODES: Final = {
    ENUM: "B",
    SINT8: "b",
    UINT8: "B",
    UINT8Z: "B",
    BYTE: "B",
    SINT16: "h",
    UINT16: "H",
    SINT32: "i",
    UINT32: "I",
    UINT16Z: "H",
    UINT32Z: "I",
    FLOAT64: "Q",
}


def fit_crc(data: bytes) -> int:
    """CRC-16 as the FIT protocol document describes it (nibble table), for test files."""
    table = (0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
             0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400)  # fmt: skip
    crc = 0
    for byte in data:
        for nibble in (byte & 0xF, byte >> 4):
            tmp = table[crc & 0xF]
            crc = (crc >> 4) & 0x0FFF
            crc ^= tmp ^ table[nibble]
    return crc


@dataclass
class FitWriter:
    """Builds one FIT segment message by message: `define`, then `data` (or `compressed`)."""

    records: bytearray = field(default_factory=bytearray)
    _layouts: dict[int, tuple[str, int]] = field(default_factory=dict)

    def define(
        self,
        local: int,
        global_num: int,
        fields: list[tuple[int, int]],
        *,
        big_endian: bool = False,
        developer: list[tuple[int, int, int]] | None = None,
        sizes: dict[int, int] | None = None,
    ) -> FitWriter:
        """A definition: `fields` are (field number, base type); `developer` are (number,
        size, developer data index); `sizes` overrides a field's declared size."""
        header = 0x40 | local | (0x20 if developer is not None else 0)
        order = ">" if big_endian else "<"
        out = bytearray([header, 0, int(big_endian)])
        out += struct.pack(order + "H", global_num) + bytes([len(fields)])
        fmt = order
        for num, base in fields:
            size = struct.calcsize(_CODES[base])
            declared = (sizes or {}).get(num, size)
            out += bytes([num, declared, base])
            fmt += _CODES[base] if declared == size else f"{declared}s"
        dev_size = 0
        if developer is not None:
            out.append(len(developer))
            for num, size, index in developer:
                out += bytes([num, size, index])
                dev_size += size
        self._layouts[local] = (fmt, dev_size)
        self.records += out
        return self

    def data(self, local: int, *values: int | bytes, developer: bytes = b"") -> FitWriter:
        """A data message with a normal header; values in definition order."""
        self.records.append(local)
        self._payload(local, values, developer)
        return self

    def compressed(self, local: int, time_offset: int, *values: int | bytes) -> FitWriter:
        """A data message with a compressed-timestamp header (local type 0–3)."""
        self.records.append(0x80 | local << 5 | (time_offset & 0x1F))
        self._payload(local, values, b"")
        return self

    def raw(self, chunk: bytes) -> FitWriter:
        self.records += chunk
        return self

    def _payload(self, local: int, values: tuple[int | bytes, ...], developer: bytes) -> None:
        fmt, dev_size = self._layouts[local]
        assert len(developer) == dev_size
        self.records += struct.pack(fmt, *values) + developer

    def build(
        self, *, header_size: int = 14, protocol: int = 0x20, header_crc: int | None = None
    ) -> bytes:
        """Header + records + CRC; `header_crc` forces the header's CRC field."""
        header = struct.pack("<BBHI4s", header_size, protocol, 2132, len(self.records), b".FIT")
        if header_size >= 14:
            crc = fit_crc(header) if header_crc is None else header_crc
            header += struct.pack("<H", crc) + bytes(header_size - 14)
        body = header + bytes(self.records)
        return body + struct.pack("<H", fit_crc(body))


def fit_seconds(unix: int) -> int:
    return unix - FIT_EPOCH_UNIX


def corpus_path(relative: str) -> Path:
    """A corpus file, or a skip when the shared corpus is not beside the checkout."""
    path = CORPUS / relative
    if not path.exists():
        pytest.skip(f"corpus file {relative} not available (../shared/corpus is absent)")
    return path


@cache
def manifest_rows() -> tuple[dict[str, str], ...]:
    """MANIFEST.tsv rows (empty when the corpus is absent)."""
    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.exists():
        return ()
    with manifest.open(newline="", encoding="utf-8") as handle:
        return tuple(csv.DictReader(handle, delimiter="\t"))


def corpus_fit_files(folder: str) -> list[str]:
    """Plain .fit files of a corpus folder ('fit' or 'bad'), relative to the corpus."""
    if not (CORPUS / folder).is_dir():
        return []
    return sorted(f"{folder}/{p.name}" for p in (CORPUS / folder).glob("*.fit"))
