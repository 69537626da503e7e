"""The exercise catalogue's types: regions, groups, an exercise and its prescription."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

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


# "0-45°", "90-45°" or "60-90° held"; the parser checks the form, the model reads the depth.
FLEXION = re.compile(r"(?P<a>\d{1,3})(?:-(?P<b>\d{1,3}))?°(?P<held> held)?")


class Orientation(StrEnum):
    """How the body lies in an exercise figure; the renderer turns the whole skeleton by it."""

    STANDING = "standing"
    LYING_BACK = "lying_back"
    SIDE_LYING = "side_lying"
    SITTING = "sitting"
    KNEELING = "kneeling"
    PLANK = "plank"


# Joint angles of a figure keyframe, in degrees, with the human ranges they must stay in.
# hip: flexion of the thigh from the trunk line (negative = extension; in side-lying figures the
# drawing plane is the frontal one, so it reads as abduction); knee and elbow: flexion from
# straight; ankle: dorsiflexion from a foot square to the shin (negative = pointing the toes);
# trunk: lean from the orientation's upright line (negative = leaning back); arm: shoulder
# flexion from hanging down. "other_" joints are the far leg's (they default to the near leg's).
JOINT_RANGES: Mapping[str, tuple[int, int]] = MappingProxyType(
    {
        "trunk": (-30, 90),
        "hip": (-30, 130),
        "knee": (0, 150),
        "ankle": (-50, 30),
        "other_hip": (-30, 130),
        "other_knee": (0, 150),
        "other_ankle": (-50, 30),
        "arm": (-60, 180),
        "elbow": (0, 150),
    }
)


@dataclass(frozen=True, slots=True)
class Pose:
    """One keyframe: the near (working) leg, the far leg, trunk and arms; degrees."""

    trunk: int = 0
    hip: int = 0
    knee: int = 0
    ankle: int = 0
    other_hip: int = 0
    other_knee: int = 0
    other_ankle: int = 0
    arm: int = 0
    elbow: int = 0


@dataclass(frozen=True, slots=True)
class Keyframes:
    """An exercise's figure: the body's orientation and its start and end poses."""

    orientation: Orientation
    start: Pose
    end: Pose


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
    figure: Keyframes | None = None  # start and end poses for the drawing (issue #12)

    @property
    def max_knee_flexion_deg(self) -> int:
        """Deepest loaded knee bend in degrees (0 when the knee is not loaded through a bend)."""
        match = FLEXION.fullmatch(self.knee_flexion)
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
