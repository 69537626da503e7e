"""Garmin Connect export: summaries in ms/cm, nested UploadedFiles zips, hints by start time."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kneewise.activities.garmin import is_export, match_hint, parse_summaries
from kneewise.activities.hints import ActivityHint
from kneewise.activities.model import DecodeError, FileError, Sport
from kneewise.activities.sources import InputFile, SkipKind, Skipped, iter_inputs
from tests.activities.export_builders import (
    GARMIN_SUMMARY_PATH,
    GARMIN_UPLOADS_PATH,
    fit_stub,
    garmin_export,
    garmin_summary,
    write_zip,
    zip_bytes,
)

START = datetime(2024, 5, 4, 7, 30, tzinfo=UTC)


def summaries_json(*items: dict[str, object]) -> bytes:
    return json.dumps([{"summarizedActivitiesExport": list(items)}]).encode()


def test_summaries_are_converted_from_ms_and_cm_to_seconds_and_metres() -> None:
    [hint] = parse_summaries(summaries_json(garmin_summary(42, START)), "s.json").hints
    assert hint.origin == "garmin"
    assert hint.activity_id == "42"
    assert hint.start_time == START
    assert hint.elapsed_s == 1830.5
    assert hint.moving_s == 1750.0
    assert hint.distance_m == 5123.45
    assert (hint.ascent_m, hint.descent_m) == (42.5, 39.0)
    assert (hint.avg_hr_bpm, hint.max_hr_bpm) == (148.0, 172.0)


def test_duration_stands_in_when_elapsed_duration_is_absent() -> None:
    item = garmin_summary(42, START)
    del item["elapsedDuration"]
    [hint] = parse_summaries(summaries_json(item), "s.json").hints
    assert hint.elapsed_s == 1800.0


def test_run_cadence_is_per_foot_so_steps_are_twice_it() -> None:
    [hint] = parse_summaries(summaries_json(garmin_summary(42, START)), "s.json").hints
    assert hint.avg_cadence_spm == 169.0


def test_double_cadence_is_already_steps_per_minute() -> None:
    item = garmin_summary(42, START, avgDoubleCadence=171.0)
    [hint] = parse_summaries(summaries_json(item), "s.json").hints
    assert hint.avg_cadence_spm == 171.0


@pytest.mark.parametrize("activity_type", ["trail_running", {"typeKey": "trail_running"}])
def test_activity_type_is_a_string_or_a_type_key(activity_type: object) -> None:
    item = garmin_summary(42, START, activityType=activity_type)
    [hint] = parse_summaries(summaries_json(item), "s.json").hints
    assert (hint.activity_type, hint.sport) == ("trail_running", Sport.RUNNING)


def test_multisport_parents_are_left_out_to_avoid_double_counting() -> None:
    parent = garmin_summary(1, START, activityType="multi_sport", parent=True, childIds=[2, 3])
    swim = garmin_summary(2, START, activityType="open_water_swimming", parentId=1)
    run = garmin_summary(3, START + timedelta(hours=1), parentId=1)
    result = parse_summaries(summaries_json(parent, swim, run), "s.json")
    assert [h.activity_id for h in result.hints] == ["2", "3"]
    assert [h.activity_id for h in result.parents] == ["1"]


def test_hints_are_sorted_by_start_time() -> None:
    late = garmin_summary(2, START + timedelta(days=1))
    early = garmin_summary(1, START)
    result = parse_summaries(summaries_json(late, early), "s.json")
    assert [h.activity_id for h in result.hints] == ["1", "2"]


def test_a_file_that_is_not_a_summary_export_is_refused() -> None:
    with pytest.raises(DecodeError, match="no summarizedActivitiesExport"):
        parse_summaries(b'[{"something": []}]', "s.json")
    with pytest.raises(DecodeError, match="not valid JSON"):
        parse_summaries(b"{", "s.json")


def hints_at(*seconds: float) -> list[ActivityHint]:
    return [
        ActivityHint("garmin", str(i), start_time=START + timedelta(seconds=s))
        for i, s in enumerate(seconds)
    ]


def test_a_hint_matches_a_start_time_within_a_few_seconds() -> None:
    hints = hints_at(-3600, 3, 7200)
    match = match_hint(START, hints)
    assert match is not None
    assert match.activity_id == "1"


def test_the_nearest_hint_wins() -> None:
    hints = hints_at(-4, 1, 4)
    match = match_hint(START, hints)
    assert match is not None
    assert match.activity_id == "1"


def test_no_hint_matches_beyond_the_tolerance() -> None:
    assert match_hint(START, hints_at(-60, 6, 600)) is None
    assert match_hint(START, hints_at(6), tolerance_s=10) is not None


def test_no_start_time_or_no_hints_match_nothing() -> None:
    assert match_hint(None, hints_at(0)) is None
    assert match_hint(START, []) is None


def test_an_export_is_recognised_by_its_tree_or_its_summaries() -> None:
    assert is_export(["DI_CONNECT/DI-Connect-User/user_profile.json"])
    assert is_export(["x/runner_0_summarizedActivities.json"])
    assert not is_export(["activities.csv", "activities/1.fit.gz"])


def test_nested_uploaded_files_are_walked_with_the_summaries_as_candidates(
    tmp_path: Path,
) -> None:
    archive = garmin_export(tmp_path, [garmin_summary(42, START)])
    items = list(iter_inputs([archive]))
    uploads = f"{archive}!{GARMIN_UPLOADS_PATH}"
    [fit] = [i for i in items if isinstance(i, InputFile)]
    assert fit.source == f"{uploads}!123_ACTIVITY.fit"
    assert fit.name == "123_ACTIVITY.fit"
    assert fit.hint is None
    assert [h.activity_id for h in fit.candidates] == ["42"]
    assert fit.read() == fit_stub(b"garmin-run")
    skipped = {i.source: i.kind for i in items if isinstance(i, Skipped)}
    assert skipped == {
        f"{archive}!DI_CONNECT/DI-Connect-User/user_profile.json": SkipKind.NOT_ACTIVITY_FILE,
        f"{archive}!DI_CONNECT/DI-Connect-Wellness/runner_sleepData.json": (
            SkipKind.NOT_ACTIVITY_FILE
        ),
        f"{archive}!{GARMIN_SUMMARY_PATH}": SkipKind.SUMMARY,
        f"{uploads}!notes.txt": SkipKind.NOT_ACTIVITY_FILE,
    }


def test_a_broken_summary_file_is_an_error_and_the_files_still_come(tmp_path: Path) -> None:
    archive = write_zip(
        tmp_path / "g.zip",
        {
            GARMIN_SUMMARY_PATH: b"{ not json",
            GARMIN_UPLOADS_PATH: zip_bytes({"1_ACTIVITY.fit": fit_stub()}),
        },
    )
    items = list(iter_inputs([archive]))
    errors = [i for i in items if isinstance(i, FileError)]
    assert [e.source for e in errors] == [f"{archive}!{GARMIN_SUMMARY_PATH}"]
    assert "not valid JSON" in errors[0].error
    assert [i.name for i in items if isinstance(i, InputFile)] == ["1_ACTIVITY.fit"]


def test_a_summary_start_no_date_can_hold_is_unknown_not_an_internal_error() -> None:
    # Found by bench/fuzz_bench.py (garmin_zip#7098, seed 1): datetime.fromtimestamp overflowed.
    far = garmin_summary(9, datetime(2024, 5, 4, tzinfo=UTC), startTimeGmt=1e20, distance=1e999)
    payload = json.dumps([{"summarizedActivitiesExport": [far]}]).encode()
    summaries = parse_summaries(payload, "summaries.json")  # no OverflowError, no OSError
    assert all(h.start_time is None and h.distance_m is None for h in summaries.hints)
