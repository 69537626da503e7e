"""The watch workout file (design.md §3.8) read back by Garmin's own FIT SDK: steps, times,
repeats, the R24 step-rate alert, and valid CRCs."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Any

import pytest

from kneewise.activities.fit.crc import crc16
from kneewise.activities.fit.workout_encode import encode_workout, step_count, strides_per_minute
from kneewise.core.plan.workout import workout_for
from tests.core.plan.rule_scenarios import run, scenario
from tests.core.plan.workout_builders import continuous_day, walk_run_day

if os.environ.get("CI"):
    import garmin_fit_sdk as sdk
else:
    sdk = pytest.importorskip("garmin_fit_sdk", reason="garmin-fit-sdk (dev dependency) missing")

CREATED = datetime(2026, 3, 4, 6, 30, tzinfo=UTC)


def decoded(data: bytes) -> dict[str, list[dict[str, Any]]]:
    assert sdk.Decoder(sdk.Stream.from_byte_array(bytearray(data))).check_integrity()
    messages, errors = sdk.Decoder(sdk.Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    return messages


def steps_of(data: bytes) -> list[dict[str, Any]]:
    return decoded(data)["workout_step_mesgs"]


def test_the_file_is_a_running_workout_created_when_asked() -> None:
    messages = decoded(encode_workout(workout_for(walk_run_day()), created=CREATED))
    (file_id,) = messages["file_id_mesgs"]
    assert file_id["type"] == "workout"
    assert file_id["time_created"] == CREATED
    (workout,) = messages["workout_mesgs"]
    assert workout["sport"] == "running"
    assert workout["wkt_name"] == "Kneewise 2026-03-04"
    assert workout["num_valid_steps"] == len(messages["workout_step_mesgs"]) == 5


def test_walk_run_steps_are_warm_up_run_walk_repeat_cool_down_with_their_times() -> None:
    steps = steps_of(encode_workout(workout_for(walk_run_day()), created=CREATED))
    assert [s["message_index"] for s in steps] == [0, 1, 2, 3, 4]
    assert [s.get("intensity") for s in steps] == ["warmup", "active", "rest", None, "cooldown"]
    timed = [s for s in steps if s["duration_type"] == "time"]
    assert [s["duration_time"] for s in timed] == [600.0, 180.0, 120.0, 300.0]
    assert [s["duration_value"] for s in timed] == [600_000, 180_000, 120_000, 300_000]  # ms


def test_the_repeat_step_goes_back_to_the_run_and_repeats_the_block_3_times() -> None:
    repeat = steps_of(encode_workout(workout_for(walk_run_day()), created=CREATED))[3]
    assert repeat["duration_type"] == "repeat_until_steps_cmplt"
    assert repeat["duration_step"] == 1  # the run step's message_index
    assert repeat["repeat_steps"] == 3


def test_run_steps_alert_on_the_r24_range_in_strides_per_minute() -> None:
    steps = steps_of(encode_workout(workout_for(walk_run_day()), created=CREATED))
    run = steps[1]
    assert run["target_type"] == "cadence"
    # 167–173 steps/min, halved and rounded outward: the watch range never narrows.
    assert (run["custom_target_cadence_low"], run["custom_target_cadence_high"]) == (83, 87)
    assert run["wkt_step_name"] == "Run 167-173 steps/min"
    assert all(s["target_type"] == "open" for s in steps if s["message_index"] != 1)


def test_halving_the_step_rate_keeps_the_whole_range() -> None:
    assert strides_per_minute((167, 173)) == (83, 87)
    assert strides_per_minute((168, 174)) == (84, 87)


def test_without_a_target_the_run_step_is_open() -> None:
    steps = steps_of(encode_workout(workout_for(walk_run_day(cadence=None)), created=CREATED))
    assert steps[1]["target_type"] == "open"
    assert "custom_target_cadence_low" not in steps[1]


def test_a_continuous_run_has_no_repeat_step() -> None:
    steps = steps_of(encode_workout(workout_for(continuous_day(minutes=20.5)), created=CREATED))
    assert [s["duration_type"] for s in steps] == ["time", "time", "time"]
    assert [s["duration_time"] for s in steps] == [600.0, 1230.0, 300.0]
    assert steps[1]["intensity"] == "active"


def test_header_and_file_crcs_are_valid() -> None:
    data = encode_workout(workout_for(walk_run_day()), created=CREATED)
    assert data[8:12] == b".FIT"
    assert int.from_bytes(data[12:14], "little") == crc16(data, 0, 12)
    assert int.from_bytes(data[-2:], "little") == crc16(data, 0, len(data) - 2)
    broken = bytearray(data)
    broken[20] ^= 0xFF
    assert not sdk.Decoder(sdk.Stream.from_byte_array(broken)).check_integrity()


def test_the_same_workout_encodes_to_the_same_bytes() -> None:
    workout = workout_for(walk_run_day())
    assert encode_workout(workout, created=CREATED) == encode_workout(workout, created=CREATED)


def decoded_seconds(steps: list[dict[str, Any]]) -> tuple[float, float]:
    """(all, running) seconds the watch will time, repeat steps unrolled as a watch does."""
    total = running = 0.0
    times = {s["duration_step"]: s["repeat_steps"] for s in steps if "repeat_steps" in s}
    block_start = None
    for step in steps:
        if step["message_index"] in times:
            block_start = step["message_index"]
        if "repeat_steps" in step:
            block_start = None
            continue
        count = times[block_start] if block_start is not None else 1
        total += step["duration_time"] * count
        if step["intensity"] == "active":
            running += step["duration_time"] * count
    return total, running


def test_every_run_of_a_simulated_month_reads_back_to_the_plans_minutes() -> None:
    days = run(scenario(days=56, baseline_cadence_spm=162))
    run_days = [day for day in days if day.run is not None]
    assert len(run_days) >= 10
    for day in run_days:
        assert day.run is not None
        workout = workout_for(day)
        total, running = decoded_seconds(steps_of(encode_workout(workout, created=CREATED)))
        assert total == workout.total_seconds
        assert total - 900 == pytest.approx(day.run.total_minutes * 60, abs=1)
        assert running == pytest.approx(day.run.running_minutes * 60, abs=1)


def test_the_step_count_is_what_the_watch_lists() -> None:
    workout = workout_for(walk_run_day())
    assert step_count(workout) == len(steps_of(encode_workout(workout, created=CREATED)))
