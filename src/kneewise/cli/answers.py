"""Reading a JSON answers document from a file or standard input, strictly."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kneewise.core.errors import InvalidInput

MAX_ANSWERS_BYTES = 1_000_000


def _refuse_constant(name: str) -> object:
    raise InvalidInput(f"invalid JSON: {name} is not a number JSON allows")


def read_json_document(source: str) -> object:
    """Parse the JSON at `source` (a path, or "-" for standard input); errors are InvalidInput."""
    try:
        if source == "-":
            text = sys.stdin.read(MAX_ANSWERS_BYTES + 1)
        else:
            path = Path(source)
            if not path.is_file():
                raise InvalidInput(f"no such file: {source}")
            with path.open("r", encoding="utf-8-sig") as handle:
                text = handle.read(MAX_ANSWERS_BYTES + 1)
    except UnicodeDecodeError as error:
        raise InvalidInput(f"the answers are not UTF-8 text ({error.reason})") from None
    except OSError as error:
        raise InvalidInput(f"cannot read {source}: {error.strerror}") from None
    if len(text) > MAX_ANSWERS_BYTES:
        raise InvalidInput("the answers document is larger than 1 MB")
    if not text.strip():
        raise InvalidInput("the answers document is empty")
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise InvalidInput(
            f"invalid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
