"""Parsing and checking the exercise catalogue TOML (R27–R29 doses, R28 depth, R34 words)."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Any, TypeVar

from kneewise.core.plan.exercise_model import (
    DEPTH_LIMIT_DEG,
    DEPTH_LIMITED_GROUPS,
    FLEXION,
    GROUP_REGION,
    JOINT_RANGES,
    LEVELS,
    PLYOMETRIC_LEVEL,
    Catalogue,
    CatalogueError,
    Exercise,
    Group,
    Keyframes,
    Orientation,
    Pose,
    Region,
)

# R34 and our tone: what no catalogue text may say (checked on load).
_FORBIDDEN_TEXT: Mapping[str, re.Pattern[str]] = MappingProxyType(
    {
        "stretching (R34)": re.compile(r"\bstretch", re.I),
        "braces (R34)": re.compile(r"\bbrac(e|es|ed|ing)\b", re.I),
        "complete rest (R34)": re.compile(
            r"\b(complete|total|full|strict|bed)\s+rest\b|\bstop all\b", re.I
        ),
        "ice or painkillers (R34)": re.compile(r"\b(ice|nsaids?|ibuprofen|painkillers?)\b", re.I),
        "frightening words": re.compile(
            r"\b(damage\w*|tear|torn|harm\w*|injur\w*|danger\w*|arthritis|grind\w*)\b", re.I
        ),
    }
)

_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_SOURCE = re.compile(r"S[0-4]|L[1-9][0-9]?|E")
_REQUIRED = frozenset(
    {"id", "name", "region", "group", "level", "sets", "per_leg", "knee_flexion", "equipment"}
    | {"steps", "cues", "feel", "easier", "harder", "sources", "figure", "start", "end"}
)
_OPTIONAL = frozenset({"reps", "seconds", "reps_max", "seconds_max"})
_E = TypeVar("_E", bound=StrEnum)


def parse_catalogue(text: str) -> Catalogue:
    """Parse and check catalogue TOML; raise CatalogueError naming the entry on any problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CatalogueError(f"exercise catalogue is not valid TOML: {error}") from None
    if set(data) != {"exercise"} or not isinstance(data["exercise"], list):
        raise CatalogueError("exercise catalogue must hold only a list of [[exercise]] tables")
    exercises: list[Exercise] = []
    for number, entry in enumerate(data["exercise"], start=1):
        where = f"exercise #{number}"
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            where = f"exercise {entry['id']!r} (#{number})"
        exercises.append(_parse_entry(entry, where))
    _check_links(exercises)
    return Catalogue(tuple(exercises))


def _fail(where: str, problem: str) -> CatalogueError:
    return CatalogueError(f"{where}: {problem}")


def _parse_entry(entry: object, where: str) -> Exercise:
    if not isinstance(entry, dict):
        raise _fail(where, "must be a table")
    keys = set(entry)
    if missing := sorted(_REQUIRED - keys):
        raise _fail(where, f"missing {', '.join(missing)}")
    if unknown := sorted(keys - _REQUIRED - _OPTIONAL):
        raise _fail(where, f"unknown key(s) {', '.join(unknown)}")

    exercise_id = _text(entry, "id", where)
    if not _ID.fullmatch(exercise_id):
        raise _fail(where, "id must be kebab-case (a-z, 0-9, single hyphens)")
    region = _enum(Region, entry, "region", where)
    group = _enum(Group, entry, "group", where)
    if GROUP_REGION[group] is not region:
        raise _fail(where, f"group {group.value} belongs to region {GROUP_REGION[group].value}")
    level = _integer(entry, "level", where)
    if level not in LEVELS:
        raise _fail(where, "level must be 1–5")
    if group is Group.PLYOMETRIC and level != PLYOMETRIC_LEVEL:
        raise _fail(where, "plyometrics are only allowed at level 5 (R28)")

    reps = _optional_integer(entry, "reps", where)
    seconds = _optional_integer(entry, "seconds", where)
    if (reps is None) == (seconds is None):
        raise _fail(where, "give exactly one of reps or seconds")
    reps_max = _upper(entry, "reps_max", reps, where)
    seconds_max = _upper(entry, "seconds_max", seconds, where)

    knee_flexion = _text(entry, "knee_flexion", where)
    _check_flexion(knee_flexion, group, level, where)
    exercise_ = Exercise(
        id=exercise_id,
        name=_text(entry, "name", where),
        region=region,
        group=group,
        level=level,
        sets=_integer(entry, "sets", where),
        reps=reps,
        seconds=seconds,
        reps_max=reps_max,
        seconds_max=seconds_max,
        per_leg=_boolean(entry, "per_leg", where),
        knee_flexion=knee_flexion,
        equipment=_texts(entry, "equipment", where, allow_empty=True),
        steps=_texts(entry, "steps", where),
        cues=_texts(entry, "cues", where),
        feel=_text(entry, "feel", where),
        easier=_text(entry, "easier", where, allow_empty=True) or None,
        harder=_text(entry, "harder", where, allow_empty=True) or None,
        sources=_texts(entry, "sources", where),
        figure=_keyframes(entry, where),
    )
    if "2/10" not in exercise_.feel:
        raise _fail(where, "feel must say what to do above 2/10 (§1.6)")
    if bad := [s for s in exercise_.sources if not _SOURCE.fullmatch(s)]:
        raise _fail(where, f"unknown source tag(s) {', '.join(bad)}")
    for text in exercise_.texts:
        for what, pattern in _FORBIDDEN_TEXT.items():
            if found := pattern.search(text):
                raise _fail(where, f"text mentions {what}: {found.group(0)!r} in {text!r}")
    return exercise_


def _check_flexion(value: str, group: Group, level: int, where: str) -> None:
    if value == "none":
        deepest = 0
    elif match := FLEXION.fullmatch(value):
        if match["b"] is None and not match["held"]:
            raise _fail(where, f"knee_flexion {value!r}: a moving bend needs a range like 0-45°")
        deepest = max(int(match["a"]), int(match["b"] or 0))
        if deepest > 135:
            raise _fail(where, f"knee_flexion {value!r} is beyond 135°")
    else:
        raise _fail(where, f"knee_flexion {value!r} must be 'none', '0-45°' or '60° held'")
    if group in DEPTH_LIMITED_GROUPS:
        limit = DEPTH_LIMIT_DEG[level]
        if deepest == 0 or deepest > limit:
            raise _fail(
                where, f"knee_flexion {value!r} breaks the L{level} depth limit of {limit}° (R28)"
            )


def _keyframes(entry: dict[str, Any], where: str) -> Keyframes:
    """The figure's orientation and start/end poses; every angle within JOINT_RANGES."""
    orientation = _enum(Orientation, entry, "figure", where)
    return Keyframes(orientation, _pose(entry, "start", where), _pose(entry, "end", where))


def _pose(entry: dict[str, Any], key: str, where: str) -> Pose:
    table = entry[key]
    if not isinstance(table, dict):
        raise _fail(where, f"{key} must be a table of joint angles")
    if unknown := sorted(set(table) - set(JOINT_RANGES)):
        raise _fail(where, f"{key} has unknown joint(s) {', '.join(unknown)}")
    angles: dict[str, int] = {}
    for joint, (low, high) in JOINT_RANGES.items():
        value = table.get(joint, table.get(joint.removeprefix("other_"), 0))
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise _fail(where, f"{key}.{joint} must be whole degrees from {low} to {high}")
        angles[joint] = value
    return Pose(**angles)


def _check_links(exercises: list[Exercise]) -> None:
    by_id: dict[str, Exercise] = {}
    for item in exercises:
        if item.id in by_id:
            raise CatalogueError(f"exercise {item.id!r}: duplicate id")
        by_id[item.id] = item
    for item in exercises:
        where = f"exercise {item.id!r}"
        for kind, other_id in (("easier", item.easier), ("harder", item.harder)):
            if other_id is None:
                continue
            other = by_id.get(other_id)
            if other is None:
                raise _fail(where, f"{kind} neighbour {other_id!r} does not exist")
            if other.id == item.id:
                raise _fail(where, f"{kind} neighbour is the exercise itself")
            if other.region is not item.region:
                raise _fail(where, f"{kind} neighbour {other_id!r} is in another region")
            if (kind == "easier" and other.level > item.level) or (
                kind == "harder" and other.level < item.level
            ):
                raise _fail(where, f"{kind} neighbour {other_id!r} is at level {other.level}")
        seen = {item.id}
        step = item
        while step.harder is not None and step.harder in by_id:
            step = by_id[step.harder]
            if step.id in seen:
                raise _fail(where, "the chain of harder neighbours loops")
            seen.add(step.id)


def _text(entry: dict[str, Any], key: str, where: str, *, allow_empty: bool = False) -> str:
    value = entry[key]
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        raise _fail(where, f"{key} must be a {'' if allow_empty else 'non-empty '}string")
    return value


def _texts(
    entry: dict[str, Any], key: str, where: str, *, allow_empty: bool = False
) -> tuple[str, ...]:
    value = entry[key]
    if (
        not isinstance(value, list)
        or not all(isinstance(item, str) and item.strip() for item in value)
        or (not value and not allow_empty)
    ):
        raise _fail(where, f"{key} must be a {'' if allow_empty else 'non-empty '}list of text")
    return tuple(value)


def _integer(entry: dict[str, Any], key: str, where: str) -> int:
    value = entry[key]
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise _fail(where, f"{key} must be a whole number of at least 1")
    return value


def _optional_integer(entry: dict[str, Any], key: str, where: str) -> int | None:
    return _integer(entry, key, where) if key in entry else None


def _upper(entry: dict[str, Any], key: str, low: int | None, where: str) -> int | None:
    high = _optional_integer(entry, key, where)
    if high is not None and (low is None or high <= low):
        raise _fail(where, f"{key} needs {key.removesuffix('_max')} and must be above it")
    return high


def _boolean(entry: dict[str, Any], key: str, where: str) -> bool:
    value = entry[key]
    if not isinstance(value, bool):
        raise _fail(where, f"{key} must be true or false")
    return value


def _enum(kind: type[_E], entry: dict[str, Any], key: str, where: str) -> _E:
    value = entry[key]
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise _fail(where, f"{key} {value!r} is not one of {allowed}") from None
