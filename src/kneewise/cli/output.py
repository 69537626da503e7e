"""Shared output conventions of the CLI contract."""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2


def emit_json(payload: Any) -> None:
    """Machine-readable result: JSON on stdout, one document, UTF-8."""
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


def emit_error(message: str) -> None:
    """The contract's error document on stdout, plus the same words for a human on stderr."""
    emit_json({"error": message})
    print(f"Error: {message}", file=sys.stderr)


def fail_usage(message: str) -> NoReturn:
    emit_error(message)
    raise SystemExit(EXIT_USAGE)
