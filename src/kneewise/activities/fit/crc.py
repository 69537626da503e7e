"""The FIT CRC (CRC-16/ARC: reflected polynomial 0xA001, initial value 0), fast in numpy.

A byte-at-a-time loop in Python costs ~0.2 µs per byte (0.5 s for a 2.4 MB file). Instead the
input is cut into 32-byte chunks whose CRCs advance side by side, 16 bits per numpy step, and
are then folded pairwise. The CRC is linear with initial value 0, so leading zero bytes do not
change it (the input is left-padded to whole chunks) and
crc(A + B) = advance(crc(A), len(B)) XOR crc(B), where advance feeds len(B) zero bytes.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import numpy.typing as npt

U16Array = npt.NDArray[np.uint16]

_CHUNK = 32  # bytes per lane; 16 numpy steps, then log2(lanes) folding steps
_SHORT = 1024  # below this, the plain loop beats numpy's per-call overhead


def _byte_table() -> list[int]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
        table.append(crc)
    return table


_TABLE = _byte_table()
_TABLE_NP = np.array(_TABLE, dtype=np.uint16)


def _word_table() -> U16Array:
    """Two bytes at a time: the register is 16 bits wide, so after XOR-ing in a
    little-endian word the new register depends on that XOR alone."""
    x = np.arange(65536, dtype=np.uint32)
    first = _TABLE_NP[x & 0xFF].astype(np.uint32)
    table: U16Array = (first >> 8 ^ _TABLE_NP[((x >> 8) ^ first) & 0xFF]).astype(np.uint16)
    return table


_TABLE16 = _word_table()


def _crc_bytes(data: bytes | memoryview, crc: int = 0) -> int:
    table = _TABLE
    for byte in data:
        crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
    return crc


def _tables_from_basis(basis: list[int]) -> tuple[U16Array, U16Array]:
    """Lookup tables of a linear map on 16-bit registers, given the images of the 16 bits:
    image(r) = low[r & 0xFF] ^ high[r >> 8]."""
    values = np.arange(256)
    out = []
    for half in (basis[:8], basis[8:]):
        table = np.zeros(256, dtype=np.uint16)
        for bit, image in enumerate(half):
            table ^= np.where((values >> bit) & 1, image, 0).astype(np.uint16)
        out.append(table)
    return out[0], out[1]


def _apply(tables: tuple[U16Array, U16Array], register: int) -> int:
    return int(tables[0][register & 0xFF] ^ tables[1][register >> 8])


@cache
def _advance(level: int) -> tuple[U16Array, U16Array]:
    """Tables that advance a register over _CHUNK · 2**level zero bytes (each level applies
    the one below twice; cached, and the same whichever thread computes it first)."""
    if level == 0:
        return _tables_from_basis([_crc_bytes(bytes(_CHUNK), 1 << bit) for bit in range(16)])
    half = _advance(level - 1)
    return _tables_from_basis([_apply(half, _apply(half, 1 << bit)) for bit in range(16)])


def crc16(data: bytes, start: int = 0, end: int | None = None) -> int:
    """The FIT CRC of `data[start:end]`."""
    stop = len(data) if end is None else end
    length = stop - start
    if length < _SHORT:
        return _crc_bytes(memoryview(data)[start:stop])
    raw = np.frombuffer(data, dtype=np.uint8, count=length, offset=start)
    pad = (-length) % _CHUNK
    if pad:
        raw = np.concatenate((np.zeros(pad, dtype=np.uint8), raw))
    # One column per chunk, one row per little-endian 16-bit word of the chunks.
    words = np.ascontiguousarray(raw.view("<u2").reshape(-1, _CHUNK // 2).T)
    regs = np.zeros(words.shape[1], dtype=np.uint16)
    table = _TABLE16
    for row in words:
        regs = table[regs ^ row]
    level = 0
    while len(regs) > 1:
        if len(regs) % 2:
            # A zero lane in front is a block of leading zero bytes: it changes nothing.
            regs = np.concatenate((np.zeros(1, dtype=np.uint16), regs))
        low, high = _advance(level)
        first, second = regs[0::2], regs[1::2]
        regs = low[first & 0xFF] ^ high[first >> 8] ^ second
        level += 1
    return int(regs[0])
