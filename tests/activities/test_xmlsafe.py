"""xmlsafe: untrusted XML is parsed without entities, DTDs or network; odd bytes are tolerated."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from lxml import etree

from kneewise.activities.decode import decode_bytes
from kneewise.activities.limits import LimitExceeded, Limits
from kneewise.activities.model import DecodeError
from kneewise.activities.xmlsafe import (
    EXTERNAL_DTD_REFUSED,
    PointTable,
    datetime_from_microseconds,
    floats,
    microseconds,
    parse_datetime,
    parse_xml,
    safe_parser,
)

SIMPLE = b'<?xml version="1.0" encoding="UTF-8"?>\n<gpx creator="w"><a>1</a></gpx>'


def test_a_plain_document_parses_to_its_root() -> None:
    root = parse_xml(SIMPLE, "a.gpx")
    assert root.tag == "gpx"
    assert root.get("creator") == "w"


def test_a_byte_order_mark_and_whitespace_before_the_declaration_are_ignored() -> None:
    # Strava TCX exports start with blanks before <?xml, which strict parsers reject.
    root = parse_xml(b"\xef\xbb\xbf \r\n\t  " + SIMPLE, "strava.tcx")
    assert root.tag == "gpx"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_parses(encoding: str) -> None:
    bom = b"\xff\xfe" if encoding.endswith("le") else b"\xfe\xff"
    text = '  <?xml version="1.0" encoding="UTF-16"?><gpx creator="Zoë"/>'
    root = parse_xml(bom + text.encode(encoding), "u16.gpx")
    assert root.get("creator") == "Zoë"


def test_latin1_bytes_declared_as_utf8_are_read_as_latin1() -> None:
    data = '<?xml version="1.0" encoding="UTF-8"?><gpx creator="Café Läufer"/>'.encode("latin-1")
    assert parse_xml(data, "latin.gpx").get("creator") == "Café Läufer"


def test_latin1_bytes_without_a_declaration_are_read_as_latin1() -> None:
    data = '<gpx creator="Müller"/>'.encode("latin-1")
    assert parse_xml(data, "latin.gpx").get("creator") == "Müller"


def test_a_declared_iso_8859_1_document_is_decoded_by_its_declaration() -> None:
    data = '<?xml version="1.0" encoding="ISO-8859-1"?><gpx creator="Señor"/>'.encode("latin-1")
    assert parse_xml(data, "iso.gpx").get("creator") == "Señor"


def test_malformed_xml_names_line_and_column() -> None:
    with pytest.raises(DecodeError, match=r"malformed XML at line 3, column \d+: .*mismatch"):
        parse_xml(b"<gpx>\n<trk>\n</gpx>", "bad.gpx")


def test_an_empty_file_is_a_decode_error() -> None:
    with pytest.raises(DecodeError, match="empty file"):
        parse_xml(b"  \n ", "empty.gpx")


def test_an_external_entity_is_refused_before_parsing() -> None:
    data = (
        b'<?xml version="1.0"?>\n<!DOCTYPE gpx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        b"<gpx><name>&xxe;</name></gpx>"
    )
    with pytest.raises(DecodeError, match="XML entities are not allowed") as caught:
        parse_xml(data, "xxe.gpx")
    assert "root:" not in str(caught.value)


def test_the_parser_itself_never_reads_an_entitys_file(tmp_path: Path) -> None:
    # Belt and braces: even a document that got past the up-front refusal would keep the
    # entity unexpanded, so the file's content never reaches the tree.
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    data = (
        f'<!DOCTYPE gpx [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]><gpx><n>&xxe;</n></gpx>'
    ).encode()
    root = etree.fromstring(data, safe_parser())
    assert b"TOP-SECRET" not in etree.tostring(root)
    assert root[0].text is None


def in_a_thread_within(seconds: float, fifo: Path, work: Callable[[], object]) -> object:
    """`work()`'s result or exception, failing the test if it is still running after
    `seconds` (a thread blocked on the FIFO is then released by opening its other end)."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(work())
        except Exception as exc:  # the outcome under test
            outcome.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        with contextlib.suppress(OSError):
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail(f"still blocked after {seconds} s: the parser opened {fifo}")
    return outcome[0]


def doctype_file(kind: str, identifier: str) -> bytes:
    root = "gpx" if kind == "gpx" else "TrainingCenterDatabase"
    return f'<?xml version="1.0"?>\n<!DOCTYPE {root} {identifier}>\n<{root}/>'.encode()


@pytest.mark.parametrize("kind", ["gpx", "tcx"])
def test_a_doctype_naming_a_fifo_is_refused_without_opening_it(kind: str, tmp_path: Path) -> None:
    fifo = tmp_path / "dtd.fifo"
    os.mkfifo(fifo)
    data = doctype_file(kind, f'SYSTEM "{fifo}"')
    result = in_a_thread_within(
        5.0, fifo, lambda: decode_bytes(data, f"a.{kind}", "a", limits=Limits())
    )
    assert isinstance(result, DecodeError)
    assert str(result) == EXTERNAL_DTD_REFUSED


def test_the_safe_parser_itself_opens_no_dtd_even_when_handed_one(tmp_path: Path) -> None:
    # Belt and braces below the up-front refusal: the resolver answers every request.
    fifo = tmp_path / "dtd.fifo"
    os.mkfifo(fifo)
    data = doctype_file("gpx", f'SYSTEM "{fifo}"')
    root = in_a_thread_within(5.0, fifo, lambda: etree.fromstring(data, safe_parser()))
    assert isinstance(root, etree._Element)


@pytest.mark.parametrize("kind", ["gpx", "tcx"])
@pytest.mark.parametrize(
    "identifier",
    [
        'SYSTEM "{path}"',
        "SYSTEM '{path}'",
        'PUBLIC "-//Evil//DTD//EN" "{path}"',
        'SYSTEM "file://{path}" [<!ELEMENT gpx ANY>]',
        'SYSTEM"{path}"',
    ],
)
def test_an_existing_and_a_missing_dtd_path_give_the_same_refusal(
    kind: str, identifier: str, tmp_path: Path
) -> None:
    existing = tmp_path / "real.dtd"
    existing.write_text("<!ELEMENT gpx ANY> junk that is not a DTD")
    answers = set()
    for path in (existing, tmp_path / "missing.dtd", Path("/proc/self/fd/0"), Path("/etc/passwd")):
        with pytest.raises(DecodeError) as caught:
            parse_xml(doctype_file(kind, identifier.format(path=path)), f"a.{kind}")
        answers.add(str(caught.value))
    assert answers == {EXTERNAL_DTD_REFUSED}


@pytest.mark.parametrize("encoding", ["utf-7", "utf-16-le", "utf-16-be", "cp037"])
def test_a_dtd_hidden_by_another_encoding_is_refused_without_opening_it(
    encoding: str, tmp_path: Path
) -> None:
    # libxml2 on its own would read UTF-16 and EBCDIC without a byte-order mark, and UTF-7
    # as declared: the parser is always told an ASCII-compatible encoding instead.
    fifo = tmp_path / "dtd.fifo"
    os.mkfifo(fifo)
    text = f'<?xml version="1.0" encoding="{encoding}"?><!DOCTYPE gpx SYSTEM "{fifo}"><gpx/>'
    result = in_a_thread_within(5.0, fifo, lambda: parse_xml(text.encode(encoding), "x.gpx"))
    assert isinstance(result, DecodeError)


def test_billion_laughs_is_refused_without_expanding() -> None:
    lines = ['<!ENTITY lol0 "lol">']
    lines += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    data = f"<?xml version='1.0'?><!DOCTYPE gpx [{''.join(lines)}]><gpx>&lol9;</gpx>".encode()
    started = time.perf_counter()
    with pytest.raises(DecodeError, match="XML entities are not allowed"):
        parse_xml(data, "lol.gpx")
    assert time.perf_counter() - started < 0.5  # 10**9 "lol"s were never built


def test_a_doctype_without_entities_is_accepted() -> None:
    assert parse_xml(b"<!DOCTYPE gpx><gpx/>", "doctype.gpx").tag == "gpx"


def test_floats_turn_missing_and_unreadable_values_into_nan() -> None:
    values = floats(["1.5", None, "abc", " 2 ", "inf"])
    assert values[0] == 1.5
    assert values[3] == 2.0
    assert np.isnan(values[[1, 2, 4]]).all()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-01-11T19:45:27.000Z", datetime(2020, 1, 11, 19, 45, 27, tzinfo=UTC)),
        ("2019-04-25T11:05:05-06:00", datetime(2019, 4, 25, 17, 5, 5, tzinfo=UTC)),
        ("2015-12-11T15:43:13.994+01:00", datetime(2015, 12, 11, 14, 43, 13, 994000, tzinfo=UTC)),
        ("2021-03-21T09:11:21", datetime(2021, 3, 21, 9, 11, 21, tzinfo=UTC)),  # naive = UTC
        ("1901-12-13T20:45:52.2073437Z", datetime(1901, 12, 13, 20, 45, 52, 207343, tzinfo=UTC)),
    ],
)
def test_xml_datetimes_become_exact_utc_instants(text: str, expected: datetime) -> None:
    assert parse_datetime(text) == expected
    [value] = microseconds([text], 1)
    assert datetime_from_microseconds(value) == expected


def test_all_z_times_take_the_vectorised_path_and_agree_with_the_slow_one() -> None:
    texts = ["2020-09-04T09:25:50.116000Z", "2020-09-04T09:25:51.116000Z"]
    fast = microseconds(texts, 2)
    slow = microseconds([*texts, "2020-09-04T11:25:52.116+02:00"], 3)
    assert fast.tolist() == slow[:2].tolist()
    assert slow[2] - slow[1] == 1_000_000


def test_unreadable_or_missing_times_are_nan() -> None:
    values = microseconds(["yesterday", None, "", "2020-01-01T00:00:00Z"], 4)
    assert np.isnan(values[:3]).all()
    assert np.isfinite(values[3])
    assert np.isnan(microseconds(None, 2)).all()


def test_point_values_line_up_with_their_points_when_some_points_lack_them() -> None:
    root = etree.fromstring(
        b"<g><s><p><v>1</v></p><p/><p><x><v>3</v></x></p></s><s><p><v>4</v></p></s></g>"
    )
    table = PointTable(root.findall("s"), "p")
    assert len(table) == 4
    assert table.group.tolist() == [0, 0, 0, 1]
    assert table.texts("v") == ["1", None, "3", "4"]
    assert table.texts("missing") is None


def test_point_values_in_any_namespace_are_found_by_local_name() -> None:
    root = etree.fromstring(
        b'<g xmlns:a="urn:a" xmlns:b="urn:b"><s><p><a:hr>1</a:hr></p><p><b:hr>2</b:hr></p></s></g>'
    )
    assert PointTable(root.findall("s"), "p").texts("{*}hr") == ["1", "2"]


def test_a_flood_of_tiny_elements_is_refused_before_the_tree_is_built() -> None:
    # 3,000,001 × "<a/>" would take the parser ~400 MB; 12 MB of input is enough to refuse.
    data = b"<gpx>" + b"<a/>" * 3_000_001 + b"</gpx>"
    with pytest.raises(LimitExceeded, match=r"more than 3,000,000 elements.*max_xml_nodes"):
        parse_xml(data, "flood.gpx")


def test_attributes_count_towards_the_node_limit() -> None:
    data = b"<gpx " + b" ".join(b'a%d="1"' % i for i in range(200)) + b"/>"
    with pytest.raises(LimitExceeded, match="max_xml_nodes"):
        parse_xml(data, "attributes.gpx", Limits(max_xml_nodes=100))
    assert parse_xml(data, "attributes.gpx", Limits(max_xml_nodes=300)).tag == "gpx"


def test_nesting_deeper_than_the_parsers_limit_is_malformed_xml() -> None:
    data = b"<gpx>" + b"<a>" * 100_000 + b"</a>" * 100_000 + b"</gpx>"
    with pytest.raises(DecodeError, match=r"malformed XML.*[Dd]epth"):
        parse_xml(data, "deep.gpx")
