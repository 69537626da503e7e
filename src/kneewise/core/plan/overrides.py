"""A clinician's overrides (design.md §3.3 `overrides`, issue #11; rule `CLIN`).

An override can only make the plan more conservative, or end a pause the clinician has
assessed (§11b.2). This module is the data, its JSON form, the exercise swap, and the static
refusals; the engine applies them each morning (clinician.py). Pure: no Django, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from typing import Any

from kneewise.core.errors import InvalidInput
from kneewise.core.plan.exercise_model import Exercise, ExercisePrescription, Group, Region
from kneewise.core.plan.exercises import exercise_session, load_catalogue
from kneewise.core.plan.ladder import ST3_FIRST, ST3_LAST, ST4, ST5, WALK_RUN_PHASES, Stage

__all__ = [
    "ClinicianOverride",
    "OverrideKind",
    "cap_rung",
    "override_from_json",
    "override_to_json",
    "refusal",
    "swap_excluded",
]

NOTE_MAX_CHARS = 2000
CLIN = "CLIN"
_KEYS = {"kind", "from", "until", "stage", "walk_run_phase", "exercises", "weekdays", "note"}
_STAGE_RUNG = {Stage.ST0: 0, Stage.ST1: 1, Stage.ST2: 2, Stage.ST4: ST4, Stage.ST5: ST5}
# R26: every session keeps a hip abductor/extensor item and a knee item; R29: the balance drill.
_HIP_GROUPS = frozenset({Group.HIP_ABDUCTORS, Group.HIP_EXTENSORS})


class OverrideKind(StrEnum):
    HOLD = "hold"
    CAP = "cap"
    EXCLUDE_EXERCISES = "exclude_exercises"
    CLEAR_PAUSE = "clear_pause"
    RUN_DAYS = "run_days"  # our extension: run only on these weekdays (0 = Monday)


@dataclass(frozen=True, slots=True)
class ClinicianOverride:
    """One override, active from `start` to `until` (both included; None: until removed)."""

    kind: OverrideKind
    start: date
    until: date | None = None
    stage: str | None = None
    walk_run_phase: int | None = None
    exercises: tuple[str, ...] = ()
    weekdays: tuple[int, ...] = ()
    note: str = ""

    def active_on(self, day: date) -> bool:
        return self.start <= day and (self.until is None or day <= self.until)


def cap_rung(override: ClinicianOverride) -> int:
    """The highest ladder rung a cap allows (ST3 without a phase: up to phase 6)."""
    if override.walk_run_phase is not None:
        return ST3_FIRST + override.walk_run_phase - 1
    stage = Stage(override.stage or Stage.ST5)
    return ST3_LAST if stage is Stage.ST3 else _STAGE_RUNG[stage]


def override_from_json(obj: object) -> ClinicianOverride:
    """Validate one override object; every problem names its field (InvalidInput)."""
    if not isinstance(obj, Mapping):
        raise InvalidInput("an override must be a JSON object")
    unknown = sorted(set(obj) - _KEYS)
    if unknown:
        raise InvalidInput(f"unknown override field(s): {', '.join(unknown)}")
    kinds = {k.value for k in OverrideKind}
    if obj.get("kind") not in kinds:
        allowed = ", ".join(f'"{k}"' for k in OverrideKind)
        raise InvalidInput(f"kind must be one of {allowed}, got {obj.get('kind')!r}")
    kind = OverrideKind(obj["kind"])
    start = _date(obj.get("from"), "from")
    until = None if obj.get("until") is None else _date(obj["until"], "until")
    if until is not None and until < start:
        raise InvalidInput(f"until ({until.isoformat()}) is before from ({start.isoformat()})")
    note = obj.get("note", "")
    if note is None:
        note = ""
    if not isinstance(note, str):
        raise InvalidInput(f"note must be text, got {note!r}")
    if len(note) > NOTE_MAX_CHARS:
        raise InvalidInput(f"note is longer than {NOTE_MAX_CHARS} characters ({len(note)})")
    stage, phase = _cap_fields(obj, kind)
    exercises = _exercises(obj, kind)
    weekdays = _weekdays(obj, kind)
    return ClinicianOverride(kind, start, until, stage, phase, exercises, weekdays, note.strip())


def override_to_json(override: ClinicianOverride) -> dict[str, Any]:
    """The JSON form `override_from_json` reads back to an equal override."""
    return {
        "kind": override.kind.value,
        "from": override.start.isoformat(),
        "until": None if override.until is None else override.until.isoformat(),
        "stage": override.stage,
        "walk_run_phase": override.walk_run_phase,
        "exercises": list(override.exercises),
        "weekdays": list(override.weekdays),
        "note": override.note,
    }


def refusal(override: ClinicianOverride) -> str | None:
    """Why an override is refused whatever the plan's state (None: it can apply). Only an
    exclusion can be less safe on its own: exercise therapy is the core treatment (R26, R29)."""
    if override.kind is not OverrideKind.EXCLUDE_EXERCISES:
        return None
    return _exclusion_refusal(frozenset(override.exercises))


def swap_excluded(
    exercises: tuple[ExercisePrescription, ...], excluded: Iterable[str]
) -> tuple[tuple[ExercisePrescription, ...], tuple[tuple[str, str | None], ...]]:
    """The session without the excluded exercises, each replaced where the catalogue has one
    (same group and level, then the same group one level easier or more, then the same region
    and level); also the (left out, instead) pairs, instead None when none fits."""
    banned = frozenset(excluded)
    chosen = [item.id for item in exercises]
    result: list[ExercisePrescription] = []
    swaps: list[tuple[str, str | None]] = []
    catalogue = load_catalogue()
    for item in exercises:
        if item.id not in banned:
            result.append(item)
            continue
        instead = _replacement(catalogue.get(item.id), banned, set(chosen))
        swaps.append((item.id, None if instead is None else instead.id))
        if instead is not None:
            chosen.append(instead.id)
            result.append(instead.prescribe())
    return tuple(result), tuple(swaps)


def _replacement(old: Exercise, banned: frozenset[str], taken: set[str]) -> Exercise | None:
    def fits(e: Exercise) -> bool:
        return e.id not in banned and e.id not in taken

    catalogue = load_catalogue().exercises
    same_group = [e for e in catalogue if e.group is old.group and fits(e)]
    for e in same_group:
        if e.level == old.level:
            return e
    # An easier one of the same group first (never harder than the session's level).
    easier = sorted((e for e in same_group if e.level < old.level), key=lambda e: -e.level)
    if easier:
        return easier[0]
    for e in catalogue:
        if e.region is old.region and e.level == old.level and fits(e):
            return e
    return None


@cache
def _exclusion_refusal(banned: frozenset[str]) -> str | None:
    """Try every session the ladder can prescribe (levels 1–5, each rotation, hops or not)."""
    for level in range(1, 6):
        for hops in (False, True):
            for day_index in range(6):
                session = exercise_session(level, plyometrics_allowed=hops, day_index=day_index)
                kept, _ = swap_excluded(session, banned)
                groups = {e.group for e in kept}
                regions = {e.region for e in kept}
                if not groups & _HIP_GROUPS or Region.KNEE not in regions:
                    return (
                        "Refused (R26): this would leave an exercise day at level "
                        f"{level} without a hip and a knee exercise, and exercise therapy is "
                        "the core treatment. Exclude fewer exercises."
                    )
                if Group.BALANCE not in groups:
                    return (
                        "Refused (R29): this would leave no daily balance drill. Keep at least "
                        "one of the balance exercises."
                    )
    return None


def _cap_fields(obj: Mapping[str, Any], kind: OverrideKind) -> tuple[str | None, int | None]:
    stage = obj.get("stage")
    phase = obj.get("walk_run_phase")
    if kind is not OverrideKind.CAP:
        if stage is not None or phase is not None:
            raise InvalidInput(f"stage and walk_run_phase are only for a cap, not {kind.value}")
        return None, None
    if stage is None and phase is None:
        raise InvalidInput("a cap needs stage (ST0–ST5) or walk_run_phase (1–6)")
    if stage is not None and stage not in {s.value for s in Stage}:
        raise InvalidInput(f'stage must be "ST0" to "ST5", got {stage!r}')
    if phase is not None:
        count = len(WALK_RUN_PHASES)
        if isinstance(phase, bool) or not isinstance(phase, int) or not 1 <= phase <= count:
            raise InvalidInput(
                f"walk_run_phase must be an integer from 1 to {count}, got {phase!r}"
            )
        if stage not in (None, Stage.ST3.value):
            raise InvalidInput(f"walk_run_phase goes with stage ST3, not {stage}")
        stage = Stage.ST3.value
    return stage, phase


def _exercises(obj: Mapping[str, Any], kind: OverrideKind) -> tuple[str, ...]:
    items = obj.get("exercises") or []
    if kind is not OverrideKind.EXCLUDE_EXERCISES:
        if items:
            raise InvalidInput(f"exercises are only for exclude_exercises, not {kind.value}")
        return ()
    if not isinstance(items, list) or not items:
        raise InvalidInput("exercises must be a non-empty list of exercise ids")
    catalogue = load_catalogue()
    for index, item in enumerate(items):
        if not isinstance(item, str) or item not in catalogue:
            raise InvalidInput(f"exercises[{index}]: unknown exercise id {item!r}")
    return tuple(dict.fromkeys(items))


def _weekdays(obj: Mapping[str, Any], kind: OverrideKind) -> tuple[int, ...]:
    items = obj.get("weekdays") or []
    if kind is not OverrideKind.RUN_DAYS:
        if items:
            raise InvalidInput(f"weekdays are only for run_days, not {kind.value}")
        return ()
    if not isinstance(items, list) or not items:
        raise InvalidInput("weekdays must be a non-empty list of 0–6 (0 = Monday)")
    for index, item in enumerate(items):
        if isinstance(item, bool) or not isinstance(item, int) or not 0 <= item <= 6:
            raise InvalidInput(f"weekdays[{index}] must be 0–6 (0 = Monday), got {item!r}")
    return tuple(sorted(set(items)))


def _date(value: object, field: str) -> date:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidInput(f'{field} must be a date like "2026-03-13", got {value!r}')
