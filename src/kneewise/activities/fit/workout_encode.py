"""A FIT workout file (file type 5) from a day's step list, for a watch (design.md §3.8).

Field numbers and enums follow Garmin's FIT profile (21.x): file_id 0, workout 26,
workout_step 27. Cadence targets: the profile's unit is "rpm", which for running is strides
per minute (one foot, as in a FIT record's cadence), so a step-rate range in steps/min is
written halved, rounded outward so the range never narrows; the step name keeps steps/min.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from datetime import datetime

from kneewise.activities.fit.crc import crc16
from kneewise.activities.fit.profile import FIT_EPOCH
from kneewise.core.plan.workout import RepeatBlock, StepKind, Workout, WorkoutStep

PROTOCOL_VERSION = 0x20  # 2.0
PROFILE_VERSION = 2132  # 21.32
FIT_SIGNATURE = b".FIT"

FILE_ID, WORKOUT, WORKOUT_STEP = 0, 26, 27
FILE_TYPE_WORKOUT = 5
MANUFACTURER_DEVELOPMENT = 255
SPORT_RUNNING = 1
SUB_SPORT_GENERIC = 0

DURATION_TIME = 0
DURATION_REPEAT_UNTIL_STEPS_CMPLT = 6
TARGET_OPEN = 2
TARGET_CADENCE = 3
INTENSITY = {
    StepKind.RUN: 0,  # active
    StepKind.WALK: 1,  # rest
    StepKind.WARM_UP: 2,  # warmup
    StepKind.COOL_DOWN: 3,  # cooldown
}

NAME_BYTES = 32  # fixed string fields: UTF-8, NUL-padded, at least one NUL
ENUM, UINT16, UINT32, UINT32Z, STRING = 0x00, 0x84, 0x86, 0x8C, 0x07
INVALID_ENUM, INVALID_UINT32 = 0xFF, 0xFFFF_FFFF


@dataclass(frozen=True, slots=True)
class _Field:
    number: int
    size: int
    base_type: int
    pack: str  # struct code ("" for strings)


_FILE_ID_FIELDS = (
    _Field(0, 1, ENUM, "B"),  # type
    _Field(1, 2, UINT16, "H"),  # manufacturer
    _Field(2, 2, UINT16, "H"),  # product
    _Field(3, 4, UINT32Z, "I"),  # serial_number
    _Field(4, 4, UINT32, "I"),  # time_created
)
_WORKOUT_FIELDS = (
    _Field(4, 1, ENUM, "B"),  # sport
    _Field(6, 2, UINT16, "H"),  # num_valid_steps
    _Field(8, NAME_BYTES, STRING, ""),  # wkt_name
    _Field(11, 1, ENUM, "B"),  # sub_sport
)
_STEP_FIELDS = (
    _Field(254, 2, UINT16, "H"),  # message_index
    _Field(0, NAME_BYTES, STRING, ""),  # wkt_step_name
    _Field(1, 1, ENUM, "B"),  # duration_type
    _Field(2, 4, UINT32, "I"),  # duration_value
    _Field(3, 1, ENUM, "B"),  # target_type
    _Field(4, 4, UINT32, "I"),  # target_value
    _Field(5, 4, UINT32, "I"),  # custom_target_value_low
    _Field(6, 4, UINT32, "I"),  # custom_target_value_high
    _Field(7, 1, ENUM, "B"),  # intensity
)
_LOCAL = {FILE_ID: 0, WORKOUT: 1, WORKOUT_STEP: 2}


def strides_per_minute(cadence_spm: tuple[int, int]) -> tuple[int, int]:
    """A steps/min range as FIT's running cadence (strides/min), rounded outward."""
    low, high = cadence_spm
    return low // 2, -(-high // 2)


def step_count(workout: Workout) -> int:
    """How many workout_step messages the file holds (a walk-run block's repeat step included):
    the watch's step list, and the `steps` of `kneewise plan workout --json` (design.md §3.8)."""
    return len(_step_records(workout))


def encode_workout(workout: Workout, *, created: datetime, serial_number: int = 1) -> bytes:
    """The workout as FIT bytes: header, file_id, workout, workout_steps, CRCs."""
    steps = _step_records(workout)
    time_created = int((created - FIT_EPOCH).total_seconds())
    body = bytearray()
    body += _definition(FILE_ID, _FILE_ID_FIELDS)
    body += _data(
        FILE_ID,
        _FILE_ID_FIELDS,
        (FILE_TYPE_WORKOUT, MANUFACTURER_DEVELOPMENT, 0, serial_number, time_created),
    )
    body += _definition(WORKOUT, _WORKOUT_FIELDS)
    body += _data(WORKOUT, _WORKOUT_FIELDS, (SPORT_RUNNING, len(steps), workout.name, 0))
    body += _definition(WORKOUT_STEP, _STEP_FIELDS)
    for values in steps:
        body += _data(WORKOUT_STEP, _STEP_FIELDS, values)
    header = struct.pack("<BBHI4s", 14, PROTOCOL_VERSION, PROFILE_VERSION, len(body), FIT_SIGNATURE)
    header += struct.pack("<H", crc16(header))
    data = header + bytes(body)
    return data + struct.pack("<H", crc16(data))


def _step_records(workout: Workout) -> list[tuple[int | str, ...]]:
    """workout_step values in file order; a repeat step points back at its block's first step."""
    records: list[tuple[int | str, ...]] = []
    for part in workout.parts:
        if isinstance(part, RepeatBlock):
            first = len(records)
            for step in part.steps:
                records.append(_timed(len(records), step))
            if part.times > 1:
                records.append(_repeat(len(records), first, part.times))
        else:
            records.append(_timed(len(records), part))
    return records


def _timed(index: int, step: WorkoutStep) -> tuple[int | str, ...]:
    target, low, high = TARGET_OPEN, INVALID_UINT32, INVALID_UINT32
    if step.cadence_spm is not None:
        target = TARGET_CADENCE
        low, high = strides_per_minute(step.cadence_spm)
    return (
        index,
        step.name,
        DURATION_TIME,
        step.seconds * 1000,  # duration_time is in ms
        target,
        0,  # target_value 0: the custom low/high range, not a zone
        low,
        high,
        INTENSITY[step.kind],
    )


def _repeat(index: int, first: int, times: int) -> tuple[int | str, ...]:
    return (
        index,
        f"Repeat {times} times",
        DURATION_REPEAT_UNTIL_STEPS_CMPLT,
        first,  # duration_step: the message_index to go back to
        TARGET_OPEN,
        times,  # repeat_steps: how many times the block runs in all
        INVALID_UINT32,
        INVALID_UINT32,
        INVALID_ENUM,
    )


def _definition(global_number: int, fields: tuple[_Field, ...]) -> bytes:
    out = struct.pack("<BBBHB", 0x40 | _LOCAL[global_number], 0, 0, global_number, len(fields))
    return out + b"".join(struct.pack("<BBB", f.number, f.size, f.base_type) for f in fields)


def _data(global_number: int, fields: tuple[_Field, ...], values: tuple[int | str, ...]) -> bytes:
    out = bytearray([_LOCAL[global_number]])
    for field, value in zip(fields, values, strict=True):
        if isinstance(value, str):
            out += _fixed_string(value, field.size)
        else:
            out += struct.pack("<" + field.pack, value)
    return bytes(out)


def _fixed_string(text: str, size: int) -> bytes:
    """UTF-8 cut at a character boundary to leave room for the terminating NUL."""
    raw = text.encode("utf-8")[: size - 1].decode("utf-8", "ignore").encode("utf-8")
    return raw + bytes(size - len(raw))
