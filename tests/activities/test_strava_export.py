"""Strava bulk export: activities.csv by position, localised headers, manual entries, routes."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kneewise.activities.model import DecodeError, FileError, Sport
from kneewise.activities.sources import InputFile, InputItem, SkipKind, Skipped, iter_inputs
from kneewise.activities.strava import (
    file_key,
    parse_activities_csv,
    parse_date,
    parse_number,
)
from tests.activities.export_builders import (
    STRAVA_HEADER,
    csv_bytes,
    fit_stub,
    gz,
    strava_export,
    strava_row,
    write_zip,
)


def by_source(items: list[InputItem]) -> dict[str, InputItem]:
    return {i.source: i for i in items}


def test_the_header_really_repeats_column_names() -> None:
    assert STRAVA_HEADER.count("Distance") == 2
    assert STRAVA_HEADER.count("Elapsed Time") == 2
    assert len(STRAVA_HEADER) == 94


def test_columns_are_read_by_position_the_second_distance_is_metres() -> None:
    row = strava_row(id="1", file="activities/1.gpx", distance_display="18.96",
                     distance="18962.80078125")  # fmt: skip
    table = parse_activities_csv(csv_bytes(STRAVA_HEADER, [row]), "activities.csv")
    assert table.by_file["activities/1.gpx"].distance_m == 18962.80078125


def test_the_second_elapsed_time_and_max_heart_rate_are_used() -> None:
    row = strava_row(id="1", file="activities/1.gpx", elapsed_display="5601",
                     elapsed="5601.5", max_hr_display="180", max_hr="181.0")  # fmt: skip
    hint = parse_activities_csv(csv_bytes(STRAVA_HEADER, [row]), "x").by_file["activities/1.gpx"]
    assert (hint.elapsed_s, hint.max_hr_bpm) == (5601.5, 181.0)


def test_a_row_becomes_a_hint_with_every_field() -> None:
    table = parse_activities_csv(
        csv_bytes(
            STRAVA_HEADER,
            [
                strava_row(id="101", date="Oct 7, 2020, 2:43:11 PM", name="Hill reps",
                           type="Run", file="activities/101.fit.gz", elapsed="3600.0",
                           moving="3500.0", distance="10020.5", gain="42.5", loss="40.0",
                           avg_hr="150.0", gear="Pegasus")
            ],
        ),
        "activities.csv",
    )  # fmt: skip
    hint = table.by_file["activities/101.fit"]
    assert hint.origin == "strava"
    assert hint.activity_id == "101"
    assert hint.name == "Hill reps"
    assert (hint.activity_type, hint.sport) == ("Run", Sport.RUNNING)
    assert hint.start_time == datetime(2020, 10, 7, 14, 43, 11, tzinfo=UTC)
    assert (hint.elapsed_s, hint.moving_s) == (3600.0, 3500.0)
    assert (hint.ascent_m, hint.descent_m) == (42.5, 40.0)
    assert (hint.avg_hr_bpm, hint.gear, hint.file) == (150.0, "Pegasus", "activities/101.fit.gz")
    assert not table.localised


def test_a_csv_that_is_not_strava_is_refused() -> None:
    with pytest.raises(DecodeError, match=r"not a Strava activities\.csv"):
        parse_activities_csv(b"Activity name,Begin timestamp\nRun,2020\n", "activities.csv")


def test_a_german_header_is_read_by_the_known_layout_positions(tmp_path: Path) -> None:
    archive = strava_export(tmp_path, german=True)
    items = by_source(list(iter_inputs([archive])))
    run = items[f"{archive}!activities/101.fit.gz"]
    assert isinstance(run, InputFile)
    assert run.hint is not None
    assert run.hint.name == "Morgenlauf"
    assert run.hint.sport is Sport.RUNNING
    assert run.hint.distance_m == 10020.5  # decimal comma
    assert run.hint.ascent_m == 42.5
    assert run.hint.start_time == datetime(2024, 5, 4, 7, 30, tzinfo=UTC)  # day first


def test_an_unknown_language_falls_back_to_the_known_positions() -> None:
    header = ["ID de l'activité", *(f"Colonne {i}" for i in range(1, 94))]
    row = strava_row(id="7", file="activities/7.gpx", distance="1234.5")
    table = parse_activities_csv(csv_bytes(header, [row]), "activities.csv")
    assert table.localised
    assert table.by_file["activities/7.gpx"].distance_m == 1234.5


def test_a_localised_header_of_another_length_uses_only_the_stable_first_columns() -> None:
    header = ["Aktivitäts-ID", *(f"Spalte {i}" for i in range(1, 40))]
    row = strava_row(id="7", file="activities/7.gpx", name="Lauf", distance="1234.5")[:40]
    hint = parse_activities_csv(csv_bytes(header, [row]), "x").by_file["activities/7.gpx"]
    assert (hint.name, hint.distance_m) == ("Lauf", None)


def test_members_carry_their_row_as_hint(tmp_path: Path) -> None:
    archive = strava_export(tmp_path)
    items = by_source(list(iter_inputs([archive])))
    run = items[f"{archive}!activities/101.fit.gz"]
    walk = items[f"{archive}!activities/102.gpx"]
    assert isinstance(run, InputFile)
    assert isinstance(walk, InputFile)
    assert run.hint is not None
    assert walk.hint is not None
    assert (run.hint.activity_id, run.hint.distance_m) == ("101", 10020.5)
    assert (walk.hint.activity_id, walk.hint.sport) == ("102", Sport.WALKING)
    assert run.read() == gz(fit_stub(b"run-101"))


def test_a_manual_entry_is_listed_as_not_imported(tmp_path: Path) -> None:
    archive = strava_export(tmp_path)
    [manual] = [
        i
        for i in iter_inputs([archive])
        if isinstance(i, Skipped) and i.kind is SkipKind.MANUAL_ENTRY
    ]
    assert manual.source == f"{archive}!activities.csv#103"
    assert manual.reason == "manual entry without a file: not imported"
    assert manual.hint is not None
    assert (manual.hint.name, manual.hint.distance_m) == ("Treadmill, easy", 5000.0)


def test_routes_are_skipped_as_planned_courses(tmp_path: Path) -> None:
    archive = strava_export(tmp_path)
    route = by_source(list(iter_inputs([archive])))[f"{archive}!routes/9001.gpx"]
    assert route == Skipped(
        f"{archive}!routes/9001.gpx",
        SkipKind.ROUTE,
        "Strava route: a planned course, not an activity",
    )


def test_the_whole_export_in_order(tmp_path: Path) -> None:
    archive = strava_export(tmp_path)
    kinds = [
        (i.source.removeprefix(f"{archive}!"), i.kind if isinstance(i, Skipped) else type(i))
        for i in iter_inputs([archive])
    ]
    assert kinds == [
        ("activities.csv", SkipKind.SUMMARY),
        ("activities/101.fit.gz", InputFile),
        ("activities/102.gpx", InputFile),
        ("media/photo.jpg", SkipKind.NOT_ACTIVITY_FILE),
        ("profile.csv", SkipKind.NOT_ACTIVITY_FILE),
        ("routes/9001.gpx", SkipKind.ROUTE),
        ("activities.csv#103", SkipKind.MANUAL_ENTRY),
    ]


def test_an_export_inside_a_top_folder_is_found(tmp_path: Path) -> None:
    archive = strava_export(tmp_path, prefix="export_1/")
    items = by_source(list(iter_inputs([archive])))
    run = items[f"{archive}!export_1/activities/101.fit.gz"]
    assert isinstance(run, InputFile)
    assert run.hint is not None
    assert items[f"{archive}!export_1/routes/9001.gpx"].kind is SkipKind.ROUTE  # type: ignore[union-attr]


def test_an_unzipped_export_folder_works_the_same(tmp_path: Path) -> None:
    archive = strava_export(tmp_path)
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(folder)  # trusted test data
    items = by_source(list(iter_inputs([folder])))
    run = items[str(folder / "activities/101.fit.gz")]
    assert isinstance(run, InputFile)
    assert run.hint is not None
    assert items[str(folder / "routes/9001.gpx")].kind is SkipKind.ROUTE  # type: ignore[union-attr]


def test_a_user_gunzipped_file_still_finds_its_row(tmp_path: Path) -> None:
    rows = [strava_row(id="5", file="activities/5.fit.gz", name="Tempo")]
    archive = write_zip(
        tmp_path / "e.zip",
        {"activities.csv": csv_bytes(STRAVA_HEADER, rows), "activities/5.fit": fit_stub()},
    )
    [_, run] = list(iter_inputs([archive]))
    assert isinstance(run, InputFile)
    assert run.hint is not None
    assert run.hint.name == "Tempo"


def test_a_row_whose_file_is_missing_is_an_error(tmp_path: Path) -> None:
    rows = [strava_row(id="8", file="activities/8.gpx")]
    archive = write_zip(tmp_path / "e.zip", {"activities.csv": csv_bytes(STRAVA_HEADER, rows)})
    items = list(iter_inputs([archive]))
    assert items[-1] == FileError(
        f"{archive}!activities/8.gpx", "listed in activities.csv (activity 8) but not found"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Oct 7, 2020, 2:43:11 PM", datetime(2020, 10, 7, 14, 43, 11, tzinfo=UTC)),
        ("Oct 7, 2020, 12:05:00 AM", datetime(2020, 10, 7, 0, 5, tzinfo=UTC)),
        ("07.10.2020, 14:43:11", datetime(2020, 10, 7, 14, 43, 11, tzinfo=UTC)),
        ("7. Okt. 2020, 14:43:11", datetime(2020, 10, 7, 14, 43, 11, tzinfo=UTC)),
        ("2020-10-07 14:43:11", datetime(2020, 10, 7, 14, 43, 11, tzinfo=UTC)),
        ("yesterday", None),
        ("", None),
    ],
)
def test_activity_dates(text: str, expected: datetime | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("18962.8", 18962.8), ("18962,8", 18962.8), ("1.234,5", 1234.5), ("", None), ("n/a", None)],
)
def test_numbers_with_decimal_points_or_commas(text: str, expected: float | None) -> None:
    assert parse_number(text) == expected


def test_file_keys_ignore_gz_case_and_dot_slash() -> None:
    assert file_key("./Activities/1.FIT.gz") == file_key("activities/1.fit")
