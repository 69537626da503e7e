"""Importing activities for a runner: stored once, originals kept, a second import adds nothing."""

from __future__ import annotations

import gzip
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.test import override_settings

from kneewise.activities.sources import iter_inputs
from kneewise.web.activities.importer import import_inputs, stored_path
from kneewise.web.activities.models import Activity, ImportedFile
from tests.activity_files import gpx_run, write_runs

pytestmark = pytest.mark.django_db


@pytest.fixture
def runner() -> AbstractBaseUser:
    return get_user_model().objects.create(username="ana")


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path) -> Iterator[Path]:
    with override_settings(DATA_DIR=tmp_path / "data"):
        yield tmp_path / "data"


def test_runs_are_stored_with_their_summaries_and_original_files(
    runner: AbstractBaseUser, tmp_path: Path
) -> None:
    paths = write_runs(tmp_path / "runs", [5.0, 8.0])
    report = import_inputs(runner, iter_inputs(paths), workers=1)
    assert report.activities_imported == 2
    assert report.files_imported == 2
    activities = list(Activity.objects.filter(owner=runner))
    assert [round((a.distance_m or 0) / 1000) for a in activities] == [5, 8]
    for activity in activities:
        original = stored_path(activity.file.sha256)
        assert original.read_bytes().startswith(b"<?xml")


def test_importing_the_same_files_twice_adds_nothing(
    runner: AbstractBaseUser, tmp_path: Path
) -> None:
    paths = write_runs(tmp_path / "runs", [5.0, 8.0])
    import_inputs(runner, iter_inputs(paths), workers=1)
    again = import_inputs(runner, iter_inputs(paths), workers=1)
    assert again.duplicates == 2
    assert again.activities_imported == 0
    assert Activity.objects.filter(owner=runner).count() == 2


def test_the_same_file_in_another_container_is_a_duplicate(
    runner: AbstractBaseUser, tmp_path: Path
) -> None:
    text = gpx_run(km=4.0).encode()
    (tmp_path / "run.gpx").write_bytes(text)
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("activities/1.gpx", text)
    import_inputs(runner, iter_inputs([tmp_path / "run.gpx"]), workers=1)
    report = import_inputs(runner, iter_inputs([archive]), workers=1)
    assert report.duplicates == 1
    assert Activity.objects.count() == 1


def test_a_broken_file_fails_alone_and_is_retried_next_time(
    runner: AbstractBaseUser, tmp_path: Path
) -> None:
    write_runs(tmp_path / "runs", [5.0])
    (tmp_path / "runs" / "broken.gpx.gz").write_bytes(gzip.compress(b"<gpx><trk>"))
    report = import_inputs(runner, iter_inputs([tmp_path / "runs"]), workers=1)
    assert report.activities_imported == 1
    assert len(report.failed) == 1
    assert report.failed[0].source.endswith("broken.gpx.gz")
    again = import_inputs(runner, iter_inputs([tmp_path / "runs"]), workers=1)
    assert len(again.failed) == 1  # not remembered as done: a better parser may read it later


def test_each_runner_has_their_own_activities(runner: AbstractBaseUser, tmp_path: Path) -> None:
    paths = write_runs(tmp_path / "runs", [5.0])
    other = get_user_model().objects.create(username="ben")
    import_inputs(runner, iter_inputs(paths), workers=1)
    report = import_inputs(other, iter_inputs(paths), workers=1)
    assert report.activities_imported == 1
    assert Activity.objects.filter(owner=other).count() == 1
    assert ImportedFile.objects.filter(owner=runner).count() == 1


def test_a_route_is_remembered_as_not_an_activity(runner: AbstractBaseUser, tmp_path: Path) -> None:
    route = tmp_path / "route.gpx"
    route.write_text(
        '<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">'
        '<rte><rtept lat="47.0" lon="8.0"/><rtept lat="47.01" lon="8.0"/></rte></gpx>'
    )
    report = import_inputs(runner, iter_inputs([route]), workers=1)
    assert report.activities_imported == 0
    assert len(report.not_activities) == 1
    assert Activity.objects.count() == 0
