"""Safe XML parsing for untrusted GPX/TCX files, and helpers that turn XML text into arrays.

Activity files come from exports of other people's services, so the parser never expands
entities, never loads a DTD and never touches the network.
"""

from __future__ import annotations

import codecs
import logging
import re
import warnings
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from itertools import repeat
from typing import cast

import numpy as np
import numpy.typing as npt
from lxml import etree

from kneewise.activities.limits import DEFAULT_LIMITS, Limits, too_many
from kneewise.activities.model import DecodeError, FloatArray

_log = logging.getLogger(__name__)

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}
_XML_DECLARATION = re.compile(r"\A<\?xml[^>]*\?>")
_DECLARED_ENCODING = re.compile(rb"\A<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)")
_DOCTYPE_HEAD = re.compile(rb"<!DOCTYPE([^\[>]*)")
_PASS_THROUGH = frozenset({"utf-8", "ascii", "latin-1"})
_POSITION_SUFFIX = re.compile(r", line \d+, column \d+$")
_PREFIX = re.compile(r"\bx:")
# libxml2's XML_ERR_INVALID_ENCODING: bytes that do not fit the document's encoding.
_INVALID_ENCODING = 81
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_US = timedelta(microseconds=1)
# Instants a datetime can hold, in microseconds since 1970 (years 1 to 9999, UTC).
_FIRST_US = float((datetime(1, 1, 2, tzinfo=UTC) - _EPOCH) // _ONE_US)
_LAST_US = float((datetime(9999, 12, 30, tzinfo=UTC) - _EPOCH) // _ONE_US)


def parse_xml(data: bytes, source: str, limits: Limits = DEFAULT_LIMITS) -> etree._Element:
    """Parse untrusted XML and return its root element; any problem raises `DecodeError`.

    `source` only names the file in the log line written when the bytes are re-read as
    Latin-1 (declared UTF-8 but not UTF-8, which some GPX writers produce).
    """
    payload, encoding = _ascii_compatible(_strip_prolog_noise(data))
    if not payload:
        raise DecodeError("empty file: no XML")
    # The parser is told the encoding, so it reads exactly these bytes as ASCII-compatible
    # text: what is checked here is what it would see (no UTF-7 or UTF-16 hiding a DOCTYPE).
    _refuse_doctypes(payload)
    _check_nodes(payload, limits)
    try:
        parser = safe_parser(encoding)
    except LookupError:
        raise DecodeError(f"unknown character encoding {encoding[:40]!r}") from None
    try:
        return etree.fromstring(payload, parser)
    except etree.XMLSyntaxError as error:
        if not _looks_like_latin1(payload, error):
            raise _syntax_error(error) from None
    try:
        root = etree.fromstring(payload, safe_parser("iso-8859-1"))
    except etree.XMLSyntaxError as error:
        raise _syntax_error(error) from None
    _log.warning("%s: declared as UTF-8 but is not; read as Latin-1", source)
    return root


EXTERNAL_DTD_REFUSED = (
    "the file refers to an outside document type (a DOCTYPE with SYSTEM or PUBLIC): "
    "GPX and TCX files never need one, so the file is refused without reading it"
)


def _refuse_doctypes(payload: bytes) -> None:
    """Refuse a DOCTYPE naming an external DTD, and any entity declaration, before parsing.

    An external identifier (SYSTEM or PUBLIC) must come before the internal subset's `[`
    and before the closing `>`, so that stretch of every `<!DOCTYPE` is searched; the answer
    is the same whatever it names, so it tells nothing about the server's files.
    """
    for match in _DOCTYPE_HEAD.finditer(payload):
        head = match.group(1)
        if b"SYSTEM" in head or b"PUBLIC" in head:
            raise DecodeError(EXTERNAL_DTD_REFUSED)
    # With the parser options below, entities would stay unexpanded anyway; refusing them up
    # front gives a clear message and keeps billion-laughs input from being parsed at all.
    if b"<!DOCTYPE" in payload and b"<!ENTITY" in payload:
        raise DecodeError(
            "the document declares a DOCTYPE with entities: XML entities are not allowed"
        )


def _check_nodes(payload: bytes, limits: Limits) -> None:
    """Refuse more elements and attributes than `max_xml_nodes` before building the tree.

    Start tags are counted as `<` minus end tags (`</`), attributes as `=`: both counts can
    only be too high (text may hold these characters), never too low.
    """
    nodes = payload.count(b"<") - payload.count(b"</") + payload.count(b"=")
    if nodes > limits.max_xml_nodes:
        raise too_many(
            "too many XML elements",
            "max_xml_nodes",
            "elements and attributes",
            limits.max_xml_nodes,
        )


def _ascii_compatible(payload: bytes) -> tuple[bytes, str]:
    """The payload in an ASCII-compatible encoding and that encoding's name for the parser.

    UTF-8 (the XML default) and single-byte encodings are passed through; any other declared
    encoding (UTF-16 without a byte-order mark, UTF-7, EBCDIC…) is decoded here and
    re-encoded as UTF-8, so the parser never switches encodings on its own.
    """
    declared = _DECLARED_ENCODING.match(payload[:200])
    if declared is None:
        return payload, "utf-8"
    name = declared.group(1).decode("ascii")
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        raise DecodeError(f"unknown character encoding {name[:40]!r}") from None
    if codec in _PASS_THROUGH or codec.startswith(("iso8859-", "cp125")):
        return payload, codec  # Python's name for it, which libxml2 knows too
    try:
        text = payload.decode(codec)
    except (UnicodeDecodeError, ValueError) as error:
        raise DecodeError(f"the file is not valid {name[:40]} text") from error
    return _XML_DECLARATION.sub("", text.lstrip(), count=1).encode("utf-8"), "utf-8"


def local_name(tag: object) -> str:
    """`{namespace}name` or `name` → `name`; comments and processing instructions give ''."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def namespace_of(element: etree._Element) -> str:
    """The namespace URI of an element ('' when it has none)."""
    tag = element.tag
    return tag[1 : tag.index("}")] if tag.startswith("{") else ""


def qualified(namespace: str, name: str) -> str:
    """The lxml tag of `name` in `namespace` (`{uri}name`, or `name` without a namespace)."""
    return f"{{{namespace}}}{name}" if namespace else name


def xpath(expression: str, namespace: str) -> etree.XPath:
    """A compiled XPath in which the prefix `x:` means `namespace` (cached; files share few)."""
    return _compiled_xpath(expression, namespace)


class PointTable:
    """The points of one track (GPX `trkpt`, TCX `Trackpoint`), and the text of elements
    below them lined up one row per point.

    `groups` hold the points as children (GPX `trkseg`, TCX `Track`); tags are written as
    lxml's `iter()` takes them: `{uri}name`, or `{*}name` for any namespace.
    """

    def __init__(self, groups: Sequence[etree._Element], point: str) -> None:
        self._groups = groups
        self.points: list[etree._Element] = []
        sizes: list[int] = []
        for group in groups:
            before = len(self.points)
            self.points.extend(group.iterchildren(point))
            sizes.append(len(self.points) - before)
        self.group: npt.NDArray[np.intp] = np.repeat(np.arange(len(sizes)), sizes)
        self._index: dict[etree._Element, int] | None = None

    def __len__(self) -> int:
        return len(self.points)

    def attribute(self, name: str) -> list[str | None]:
        """The attribute's value on every point (None where absent)."""
        return [point.get(name) for point in self.points]

    def texts(self, tag: str) -> list[str | None] | None:
        """Text of the element `tag` below every point (None where absent); None when no
        point has one."""
        # lxml filters tags in C, so a pass costs ~0.15 µs per element found: several times
        # less than an XPath query, or than reading every element's tag in Python.
        texts = [element.text for group in self._groups for element in group.iter(tag)]
        if len(texts) == len(self.points):
            # Each of these elements occurs at most once per point (GPX/TCX schemas), so as
            # many as there are points means one each, in the same order.
            return texts
        if not texts:
            return None
        index = self._point_index()
        lined_up: list[str | None] = [None] * len(self.points)
        for group in self._groups:
            for element in group.iter(tag):
                ancestor = element.getparent()
                while ancestor is not None and ancestor not in index:
                    ancestor = ancestor.getparent()
                if ancestor is not None:
                    lined_up[index[ancestor]] = element.text
        return lined_up

    def _point_index(self) -> dict[etree._Element, int]:
        # lxml returns the same proxy object for a node while one is alive, and `points`
        # keeps them alive, so the element itself can key the dictionary.
        if self._index is None:
            self._index = {point: i for i, point in enumerate(self.points)}
        return self._index


def floats(texts: Sequence[str | None]) -> FloatArray:
    """Numbers from XML texts; missing, unreadable or infinite values become NaN."""
    try:
        values = np.array(texts, dtype=np.float64)
    except (TypeError, ValueError):
        values = np.array([_float_or_nan(text) for text in texts], dtype=np.float64)
    values[~np.isfinite(values)] = np.nan
    return values


def optional_floats(texts: Sequence[str | None] | None) -> FloatArray | None:
    """`floats`, passing None (an element no point has) through."""
    return None if texts is None else floats(texts)


def microseconds(texts: Sequence[str | None] | None, n: int) -> FloatArray:
    """XML dateTime texts → microseconds since 1970 UTC, NaN where missing or unreadable.

    Times without an offset are taken as UTC (what GPX and TCX prescribe). float64 holds
    these integers exactly (below 2**53), so start times stay exact to the microsecond.
    """
    if texts is None:
        return np.full(n, np.nan)
    if None not in texts:
        present = cast(Sequence[str], texts)
        if all(map(str.endswith, present, repeat("Z"))):
            try:
                # numpy parses naive ISO times in C, ~4x faster than datetime.fromisoformat.
                with warnings.catch_warnings():
                    # A time with an offset before its Z is odd: numpy warns, then reads it.
                    warnings.simplefilter("ignore", UserWarning)
                    stamps = np.array([text[:-1] for text in present], dtype="datetime64[us]")
                return _within_datetime_range(stamps.astype(np.int64).astype(np.float64))
            except (ValueError, OverflowError):
                pass  # an odd value somewhere: the per-value path below copes with it
    values = np.array([_microseconds_or_nan(text) for text in texts], dtype=np.float64)
    return _within_datetime_range(values)


def datetime_from_microseconds(value: float) -> datetime:
    """Inverse of `microseconds` for one value: an aware UTC datetime (DecodeError for an
    instant no datetime can hold)."""
    if not _FIRST_US <= value <= _LAST_US:
        raise DecodeError(f"a time outside the years 1 to 9999 ({value / 1e6:.0f} s from 1970)")
    return _EPOCH + timedelta(microseconds=int(value))


def _within_datetime_range(values: FloatArray) -> FloatArray:
    """Times no datetime can hold (a 20-digit year, year 0) become NaN: unreadable, like
    any other malformed time, so the point is left out rather than the decoder failing."""
    values[(values < _FIRST_US) | (values > _LAST_US)] = np.nan
    return values


def parse_datetime(text: str | None) -> datetime | None:
    """One XML dateTime → aware UTC datetime, None when missing or unreadable."""
    value = _microseconds_or_nan(text)
    if np.isnan(value) or not _FIRST_US <= value <= _LAST_US:
        return None
    return datetime_from_microseconds(value)


class _RefuseEverything(etree.Resolver):  # type: ignore[misc]  # lxml-stubs lack Resolver
    """Answers every request for an outside file (DTD, entity) with nothing, so the parser
    opens no file and no URL even if a document got past `_refuse_doctypes`."""

    def resolve(self, system_url: str, public_id: str, context: object) -> object:
        return self.resolve_empty(context)


def safe_parser(encoding: str | None = None) -> etree.XMLParser:
    """A new lxml parser that expands no entities, loads no DTD and uses no network (one per
    document: lxml parser objects must not be shared between threads)."""
    parser = etree.XMLParser(
        encoding=encoding,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        # Not collect_ids=False: with libxml2 2.14, lxml sets XML_SKIP_IDS in the context's
        # `loadsubset`, which makes libxml2 load the external DTD despite load_dtd=False
        # (a FIFO named there blocked a thread for ever).
        # Whitespace between elements carries nothing in GPX/TCX; dropping it halves the
        # nodes every later tree walk visits (decoding ~1.5x faster).
        remove_blank_text=True,
    )
    parser.resolvers.add(_RefuseEverything())
    return parser


@lru_cache(maxsize=256)
def _compiled_xpath(expression: str, namespace: str) -> etree.XPath:
    namespaces = {"x": namespace} if namespace else None
    if not namespace:
        # Documents without a namespace: the same expressions, minus the prefix.
        expression = _PREFIX.sub("", expression)
    return etree.XPath(expression, namespaces=namespaces, smart_strings=False)


def _strip_prolog_noise(data: bytes) -> bytes:
    """Remove a byte-order mark and whitespace before the first `<` (Strava TCX has both);
    UTF-16 is re-encoded as UTF-8 so the rest of the pipeline sees one encoding."""
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    encoding = _UTF16_BOMS.get(data[:2])
    if encoding is not None:
        try:
            text = data[2:].decode(encoding)
        except UnicodeDecodeError as error:
            raise DecodeError(f"invalid {encoding.upper()} at byte {error.start + 2}") from None
        # The declaration names UTF-16, which would be wrong once re-encoded.
        return _XML_DECLARATION.sub("", text.lstrip(), count=1).encode("utf-8")
    return data.lstrip()


def _looks_like_latin1(payload: bytes, error: etree.XMLSyntaxError) -> bool:
    if error.code != _INVALID_ENCODING:
        return False
    declared = _DECLARED_ENCODING.match(payload[:200])
    if declared is not None and declared.group(1).lower() not in (b"utf-8", b"utf8", b"utf_8"):
        return False  # an explicit other encoding that still fails is a real error
    try:
        payload.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _syntax_error(error: etree.XMLSyntaxError) -> DecodeError:
    line, column = error.position
    reason = _POSITION_SUFFIX.sub("", str(error.msg)).strip()
    return DecodeError(f"malformed XML at line {line}, column {column}: {reason}")


def _float_or_nan(text: str | None) -> float:
    if text is None:
        return float("nan")
    try:
        return float(text)
    except ValueError:
        return float("nan")


def _microseconds_or_nan(text: str | None) -> float:
    if not text:
        return float("nan")
    text = text.strip()
    if text[-1:] == "z":
        text = text[:-1] + "Z"
    try:
        moment = datetime.fromisoformat(text)
    except (ValueError, OverflowError):
        return float("nan")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return float((moment - _EPOCH) // _ONE_US)
