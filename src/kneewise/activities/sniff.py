"""Tell FIT, GPX and TCX apart by their bytes, and unwrap gzip with a size limit.

Export archives name files by activity id and often gzip them, so the content decides the
format; the file name is only a fallback when the content is inconclusive.
"""

from __future__ import annotations

import re
import zlib

from kneewise.activities.model import DecodeError, FileFormat

GZIP_MAGIC = b"\x1f\x8b"
# How far into an XML file the root element is looked for (declaration, comments, DOCTYPE).
SNIFF_XML_BYTES = 8192

_FIT_HEADER_SIZES = (12, 14)
_SUFFIXES = {".fit": FileFormat.FIT, ".gpx": FileFormat.GPX, ".tcx": FileFormat.TCX}
_XML_ROOTS = {"gpx": FileFormat.GPX, "TrainingCenterDatabase": FileFormat.TCX}
_UTF16_BOMS = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}
_NAME = re.compile(r"[A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?")
# Output is produced in slices of this size, so a bomb never gets far past the limit.
_CHUNK = 1 << 20


def is_gzip(data: bytes) -> bool:
    """True when the bytes start with the gzip magic number."""
    return data.startswith(GZIP_MAGIC)


def sniff(data: bytes) -> FileFormat | None:
    """FIT, GPX or TCX from the content alone; None when it is none of them (or unclear)."""
    if len(data) >= 12 and data[0] in _FIT_HEADER_SIZES and data[8:12] == b".FIT":
        return FileFormat.FIT
    root = _xml_root_name(data[:SNIFF_XML_BYTES])
    if root is None:
        return None
    return _XML_ROOTS.get(root.rpartition(":")[2])


def format_from_name(name: str) -> FileFormat | None:
    """FIT, GPX or TCX from a file name such as `123.gpx.gz`; None when the suffix is unknown."""
    lowered = name.lower()
    if lowered.endswith(".gz"):
        lowered = lowered[:-3]
    for suffix, file_format in _SUFFIXES.items():
        if lowered.endswith(suffix):
            return file_format
    return None


def open_payload(data: bytes, name: str, *, max_bytes: int) -> tuple[FileFormat, bytes]:
    """Gunzip if needed (one level), refuse more than `max_bytes` of content, and decide the
    format: by content, else by the name's suffix. Raises `DecodeError` otherwise."""
    if is_gzip(data):
        data = gunzip(data, max_bytes=max_bytes)
        if is_gzip(data):
            raise DecodeError("gzip inside gzip: only one level of compression is read")
    elif len(data) > max_bytes:
        raise DecodeError(f"file is larger than {_megabytes(max_bytes)} MB")
    file_format = sniff(data) or format_from_name(name)
    if file_format is None:
        raise DecodeError("not a FIT, GPX or TCX file")
    return file_format, data


def gunzip(data: bytes, *, max_bytes: int) -> bytes:
    """Decompress gzip data (all members), stopping as soon as it exceeds `max_bytes`."""
    parts: list[bytes] = []
    size = 0
    decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    pending = data
    try:
        while True:
            chunk = decompressor.decompress(pending, _CHUNK)
            size += len(chunk)
            if size > max_bytes:
                raise DecodeError(f"larger than {_megabytes(max_bytes)} MB once decompressed")
            parts.append(chunk)
            if decompressor.eof:
                rest = decompressor.unused_data
                if not rest.startswith(GZIP_MAGIC):
                    break  # padding after the last member (seen as trailing zeros) is ignored
                # Concatenated gzip members are one file (RFC 1952).
                decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
                pending = rest
                continue
            pending = decompressor.unconsumed_tail
            if not pending and not chunk:
                raise DecodeError(f"gzip data is truncated after {size} decompressed bytes")
    except zlib.error as error:
        raise DecodeError(f"corrupt gzip data: {error}") from None
    return b"".join(parts)


def _xml_root_name(head: bytes) -> str | None:
    """Name of the first element of an XML document's start, skipping the XML declaration,
    comments, processing instructions and a DOCTYPE; None when it is not found there."""
    encoding = _UTF16_BOMS.get(head[:2])
    if encoding is not None:
        head = head[2 : len(head) - len(head) % 2].decode(encoding, "ignore").encode("utf-8")
    elif head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    text = head.decode("utf-8", "replace")
    position = len(text) - len(text.lstrip())
    while position < len(text):
        if text.startswith("<?", position):
            end = text.find("?>", position)
            position = -1 if end < 0 else end + 2
        elif text.startswith("<!--", position):
            end = text.find("-->", position)
            position = -1 if end < 0 else end + 3
        elif text.startswith("<!", position):
            position = _doctype_end(text, position)
        elif text.startswith("<", position):
            match = _NAME.match(text, position + 1)
            return match.group(0) if match else None
        else:
            return None  # text before the root element: not XML
        if position < 0:
            return None
        while position < len(text) and text[position].isspace():
            position += 1
    return None


def _doctype_end(text: str, start: int) -> int:
    """Index just after a `<!DOCTYPE …>`, including an internal subset in brackets; -1 if
    it does not end within the text."""
    bracket = text.find("[", start)
    close = text.find(">", start)
    if close < 0:
        return -1
    if 0 <= bracket < close:
        end = text.find("]", bracket)
        close = -1 if end < 0 else text.find(">", end)
    return -1 if close < 0 else close + 1


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:g}"
