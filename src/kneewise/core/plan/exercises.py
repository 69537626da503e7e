"""Exercise catalogue and exercise-day sessions (clinical-evidence.md §5; R26–R29, R34).

The exercises are data in `exercises.toml` (shipped as package data). This module loads and
checks that file and builds the deterministic list of exercises for one exercise day at a
ladder level (§5.5). Pure: no Django, no clock, no randomness.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib.resources import files
from types import MappingProxyType
from typing import Any, TypeVar

from kneewise.core.errors import InvalidInput

LEVELS = (1, 2, 3, 4, 5)
PLYOMETRIC_LEVEL = 5  # R28: plyometrics only at L5, and only after the hop test is passed
BALANCE_DRILL_ID = "around-the-clock"  # R29, added to every exercise day from L2 (§11a.4)
# At L1 (a sensitive knee) the daily balance drill is a plain single-leg stand: §5.5 brings
# around-the-clock in at L2, and the reaches bend the standing knee under load.
L1_BALANCE_DRILL_ID = "single-leg-balance"


class Region(StrEnum):
    """design.md §3.3 `region`; balance and control drills count as trunk."""

    HIP = "hip"
    KNEE = "knee"
    TRUNK = "trunk"
    PLYOMETRIC = "plyometric"


class Group(StrEnum):
    HIP_ABDUCTORS = "hip_abductors"
    HIP_EXTENSORS = "hip_extensors"
    HIP_ADDUCTORS = "hip_adductors"
    HIP_FLEXORS = "hip_flexors"
    QUADRICEPS = "quadriceps"
    SQUAT = "squat"
    STEP_DOWN = "step_down"
    LUNGE = "lunge"
    SINGLE_LEG = "single_leg"
    TRUNK = "trunk"
    BALANCE = "balance"
    PLYOMETRIC = "plyometric"


GROUP_REGION: Mapping[Group, Region] = MappingProxyType(
    {
        Group.HIP_ABDUCTORS: Region.HIP,
        Group.HIP_EXTENSORS: Region.HIP,
        Group.HIP_ADDUCTORS: Region.HIP,
        Group.HIP_FLEXORS: Region.HIP,
        Group.QUADRICEPS: Region.KNEE,
        Group.SQUAT: Region.KNEE,
        Group.STEP_DOWN: Region.KNEE,
        Group.LUNGE: Region.KNEE,
        Group.SINGLE_LEG: Region.KNEE,
        Group.TRUNK: Region.TRUNK,
        Group.BALANCE: Region.TRUNK,
        Group.PLYOMETRIC: Region.PLYOMETRIC,
    }
)

# R28 depth sequence for weight-bearing knee bends: none at L1 (holds only), then
# 0–45°, 0–60°, 0–90° (§5.4: PFJ stress rises with knee flexion under body weight).
DEPTH_LIMIT_DEG: Mapping[int, int] = MappingProxyType({1: 0, 2: 45, 3: 60, 4: 90, 5: 90})
DEPTH_LIMITED_GROUPS = frozenset({Group.SQUAT, Group.STEP_DOWN, Group.LUNGE, Group.SINGLE_LEG})

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
_FLEXION = re.compile(r"(?P<a>\d{1,3})(?:-(?P<b>\d{1,3}))?°(?P<held> held)?")
_REQUIRED = frozenset(
    {"id", "name", "region", "group", "level", "sets", "per_leg", "knee_flexion", "equipment"}
    | {"steps", "cues", "feel", "easier", "harder", "sources"}
)
_OPTIONAL = frozenset({"reps", "seconds", "reps_max", "seconds_max"})
_E = TypeVar("_E", bound=StrEnum)


class CatalogueError(ValueError):
    """The exercise catalogue data is wrong; the message names the entry and the problem."""


@dataclass(frozen=True, slots=True)
class ExercisePrescription:
    """One exercise in a day plan, at its starting dose (design.md §3.3)."""

    id: str
    name: str
    region: Region
    group: Group
    level: int
    sets: int
    reps: int | None
    seconds: int | None
    per_leg: bool
    reps_max: int | None = None
    seconds_max: int | None = None

    @property
    def dose(self) -> str:
        """'3 × 10–12 per leg', '4 × 30 s', '3 × 30 s per side'."""
        if self.reps is not None:
            amount = _range(self.reps, self.reps_max)
        else:
            amount = f"{_range(self.seconds or 0, self.seconds_max)} s"
        text = f"{self.sets} × {amount}"
        if self.per_leg:
            text += " per side" if self.group is Group.TRUNK else " per leg"
        return text

    def as_json(self) -> dict[str, object]:
        """The design.md §3.3 keys, plus `name` and `dose` for display."""
        return {
            "id": self.id,
            "region": self.region.value,
            "level": self.level,
            "sets": self.sets,
            "reps": self.reps,
            "seconds": self.seconds,
            "per_leg": self.per_leg,
            "name": self.name,
            "dose": self.dose,
        }


def _range(low: int, high: int | None) -> str:
    return f"{low}–{high}" if high is not None else str(low)


def dose_text(prescription: ExercisePrescription) -> str:
    """Render a prescription's dose: '3 × 10 per leg', '4 × 30 s'."""
    return prescription.dose


describe_dose = dose_text  # the name the calendar export uses


@dataclass(frozen=True, slots=True)
class Exercise:
    id: str
    name: str
    region: Region
    group: Group
    level: int
    sets: int
    reps: int | None
    seconds: int | None
    reps_max: int | None
    seconds_max: int | None
    per_leg: bool
    knee_flexion: str  # "none", "0-45°", "90-45°", "60° held", "60-90° held"
    equipment: tuple[str, ...]
    steps: tuple[str, ...]
    cues: tuple[str, ...]
    feel: str
    easier: str | None
    harder: str | None
    sources: tuple[str, ...]

    @property
    def max_knee_flexion_deg(self) -> int:
        """Deepest loaded knee bend in degrees (0 when the knee is not loaded through a bend)."""
        match = _FLEXION.fullmatch(self.knee_flexion)
        if match is None:
            return 0
        return max(int(match["a"]), int(match["b"] or 0))

    @property
    def is_hold(self) -> bool:
        """An isometric hold at a fixed knee angle rather than a moving knee bend."""
        return self.knee_flexion.endswith(" held")

    @property
    def texts(self) -> tuple[str, ...]:
        """Every piece of user-facing text of this exercise."""
        return (self.name, *self.steps, *self.cues, self.feel)

    def prescribe(self) -> ExercisePrescription:
        """The starting dose: the lower end of any range (R27, R29)."""
        return ExercisePrescription(
            id=self.id,
            name=self.name,
            region=self.region,
            group=self.group,
            level=self.level,
            sets=self.sets,
            reps=self.reps,
            seconds=self.seconds,
            per_leg=self.per_leg,
            reps_max=self.reps_max,
            seconds_max=self.seconds_max,
        )


@dataclass(frozen=True)
class Catalogue:
    exercises: tuple[Exercise, ...]
    _by_id: Mapping[str, Exercise] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = MappingProxyType({exercise.id: exercise for exercise in self.exercises})
        object.__setattr__(self, "_by_id", index)

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self._by_id

    def get(self, exercise_id: str) -> Exercise:
        try:
            return self._by_id[exercise_id]
        except KeyError:
            raise InvalidInput(f"unknown exercise id {exercise_id!r}") from None

    def at_level(self, level: int) -> tuple[Exercise, ...]:
        return tuple(e for e in self.exercises if e.level == level)

    def in_group(self, group: Group) -> tuple[Exercise, ...]:
        return tuple(e for e in self.exercises if e.group is group)

    def neighbours(self, exercise_id: str) -> tuple[Exercise | None, Exercise | None]:
        """(easier, harder) neighbours of an exercise, each None at the end of its chain."""
        exercise = self.get(exercise_id)
        return (
            self.get(exercise.easier) if exercise.easier else None,
            self.get(exercise.harder) if exercise.harder else None,
        )


# Loading and checking -----------------------------------------------------------------------


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


@cache
def load_catalogue() -> Catalogue:
    """The shipped catalogue (package data), parsed and checked once."""
    text = files("kneewise.core.plan").joinpath("exercises.toml").read_text(encoding="utf-8")
    return parse_catalogue(text)


def exercise(exercise_id: str) -> Exercise:
    """One exercise of the shipped catalogue by id (InvalidInput if unknown)."""
    return load_catalogue().get(exercise_id)


def neighbours(exercise_id: str) -> tuple[Exercise | None, Exercise | None]:
    """(easier, harder) neighbours in the shipped catalogue, for stepping one exercise down/up."""
    return load_catalogue().neighbours(exercise_id)


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
    elif match := _FLEXION.fullmatch(value):
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


# Sessions -------------------------------------------------------------------------------------

# Each slot rotates through its exercises with day_index; None leaves the slot empty that day.
# Knee slots first (the main lifts), then hip (R26: always one abductor or extensor item and
# one knee item), inner hip on two days of three [S1], one trunk item. The balance drill and,
# at L5, the hops are added by exercise_session. About 6–7 exercises, about 30 minutes.
_Slot = tuple[str | None, ...]
_INNER_HIP_L1_L2: _Slot = ("adductor-ball-squeeze", "seated-march", None)
_SESSIONS: Mapping[int, tuple[_Slot, ...]] = MappingProxyType(
    {
        1: (
            ("quad-isometric-seated",),
            ("straight-leg-raise", None),  # the long quad holds fill the time on other days
            ("standing-hip-abduction-isometric", "side-lying-hip-abduction"),
            ("glute-bridge",),
            _INNER_HIP_L1_L2,
            ("dead-bug",),
        ),
        2: (
            ("squat-0-45", "knee-extension-mid-range"),
            ("step-down-10cm",),
            ("banded-side-steps", "banded-clamshell"),
            ("bridge-march",),
            _INNER_HIP_L1_L2,
            ("front-plank", "side-plank-knees"),
        ),
        3: (
            ("wall-squat-0-60", "wall-sit-60"),
            ("step-down-20cm", "short-lunge-0-45", "single-leg-sit-to-stand"),
            ("pelvic-drop", "banded-side-steps-strong"),
            ("single-leg-bridge",),
            ("side-lying-adduction", "standing-banded-hip-flexion", None),
            ("side-plank", "front-plank"),
        ),
        4: (
            ("squat-0-90", "spanish-squat", "goblet-squat"),
            ("weighted-step-down", "split-squat", "single-leg-squat"),
            ("side-plank-leg-lift", "banded-side-steps-strong"),
            ("single-leg-rdl", "weighted-hip-thrust"),
            ("copenhagen-short-lever", "single-leg-knee-drive", None),
            ("pallof-press", "side-plank"),
        ),
        # L5 with the hop test passed: one heavy knee item instead of two and no inner-hip
        # item, to make room for the hops and keep the session about 30 minutes.
        5: (
            ("rear-foot-elevated-split-squat", "weighted-step-down", "single-leg-squat"),
            ("side-plank-leg-lift", "banded-side-steps-strong"),
            ("single-leg-rdl", "weighted-hip-thrust"),
            ("pallof-press", "side-plank"),
        ),
    }
)
# Cannon routine (§4.2d): two-leg hops first, then single-leg hops; directions rotate by day.
_HOPS: tuple[_Slot, ...] = (
    ("two-leg-hops-in-place", "two-leg-hops-forward-back", "two-leg-hops-side-to-side"),
    (
        "single-leg-hops-in-place",
        "single-leg-hops-forward-back",
        "single-leg-hops-side-to-side",
        "single-leg-broad-hop",
    ),
)


def exercise_session(
    level: int, *, plyometrics_allowed: bool, day_index: int = 0
) -> tuple[ExercisePrescription, ...]:
    """The exercises of one exercise day at ladder level 1–5 (§5.5), in the order to do them.

    Every session has a hip abductor/extensor item and a knee item (R26) and the daily balance
    drill (R29, §11a.4). Hops only at L5 with `plyometrics_allowed` (hop test passed, R28);
    L5 without it is the L4 session. `day_index` (the n-th exercise day, from 0) rotates the
    choices. Same input, same output.
    """
    if isinstance(level, bool) or level not in LEVELS:
        raise InvalidInput(f"exercise level must be 1–5, got {level!r}")
    if isinstance(day_index, bool) or not isinstance(day_index, int) or day_index < 0:
        raise InvalidInput(f"day_index must be a whole number ≥ 0, got {day_index!r}")
    catalogue = load_catalogue()
    hops = level == PLYOMETRIC_LEVEL and plyometrics_allowed
    table_level = level if hops or level < PLYOMETRIC_LEVEL else PLYOMETRIC_LEVEL - 1
    slots = (*(_HOPS if hops else ()), *_SESSIONS[table_level])
    balance = BALANCE_DRILL_ID if level >= 2 else L1_BALANCE_DRILL_ID
    chosen = [balance, *(slot[day_index % len(slot)] for slot in slots)]
    return tuple(catalogue.get(item).prescribe() for item in chosen if item is not None)


def estimated_minutes(exercises: Iterable[ExercisePrescription]) -> int:
    """Rough session length: 3 s a repetition (1 s a hop), 30 s rest between sets (60 s
    for hops), 1 minute to set up each exercise. For display, never for decisions."""
    total = 0
    for item in exercises:
        hop = item.region is Region.PLYOMETRIC
        per_set = item.seconds if item.seconds is not None else (item.reps or 0) * (1 if hop else 3)
        per_set *= 2 if item.per_leg else 1
        total += item.sets * per_set + (item.sets - 1) * (60 if hop else 30) + 60
    return -(-total // 60)
