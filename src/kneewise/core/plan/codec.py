"""Plain-JSON encoding of the engine's frozen dataclasses, so the web app can store a state."""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from datetime import date
from enum import Enum
from typing import Any, TypeVar

from kneewise.core.errors import InvalidInput

T = TypeVar("T")


def to_json(value: object) -> Any:
    """Dataclasses become objects, dates ISO strings, enums their values, tuples lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [to_json(item) for item in value]
    return value


def from_json(kind: type[T], data: Any) -> T:
    """The inverse of `to_json` for a dataclass type; refuses data of the wrong shape."""
    return typing.cast(T, _decode(kind, data, kind.__name__))


@functools.cache
def _fields(kind: type) -> tuple[tuple[str, Any], ...]:
    """A dataclass's field names and resolved types, worked out once per class (a state
    holds hundreds of small dataclasses; resolving hints each time dominated decoding)."""
    hints = typing.get_type_hints(kind)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(kind))


def _decode(kind: Any, data: Any, where: str) -> Any:
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(kind)
        if data is None and type(None) in options:
            return None
        for option in options:
            if option is type(None):
                continue
            try:
                return _decode(option, data, where)
            except (InvalidInput, TypeError, ValueError):
                continue
        raise InvalidInput(f"{where}: {data!r} does not fit {kind}")
    if origin is tuple:
        (item_kind, _ellipsis) = typing.get_args(kind)
        if not isinstance(data, list):
            raise InvalidInput(f"{where}: expected a list")
        return tuple(_decode(item_kind, item, f"{where}[{i}]") for i, item in enumerate(data))
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        if not isinstance(data, dict):
            raise InvalidInput(f"{where}: expected an object")
        values = {
            name: _decode(hint, data[name], f"{where}.{name}")
            for name, hint in _fields(kind)
            if name in data
        }
        constructor: Any = kind
        return constructor(**values)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(data)
    if kind is date:
        if not isinstance(data, str):
            raise InvalidInput(f"{where}: expected a date string")
        return date.fromisoformat(data)
    if kind is float:
        if isinstance(data, bool) or not isinstance(data, int | float):
            raise InvalidInput(f"{where}: expected a number")
        return float(data)
    if kind in (int, str, bool):
        if type(data) is not kind:
            raise InvalidInput(f"{where}: expected {kind.__name__}")
        return data
    raise InvalidInput(f"{where}: cannot decode {kind}")
