"""One run, one activity through the real import path (design.md §3.5, issue #9): every copy
of a run is kept, the most detailed counts, and everything that counts sees it once."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import AbstractBaseUser

from kneewise.activities.sources import iter_inputs
from kneewise.web.activities.importer import import_inputs
from kneewise.web.activities.models import Activity
from kneewise.web.activities.runs_for_plan import runs_for_plan
from kneewise.web.activities.same_runs import regroup_rows
from kneewise.web.runners.portability import export_zip, import_export
from tests.activity_files import same_run_files
from tests.web.daily_helpers import runner_with_plan_started

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("data_dir")]


def test_one_run_in_every_format_is_one_run_with_three_alternates(
    runner: AbstractBaseUser, tmp_path: Path
) -> None:
    files = same_run_files(tmp_path)
    report = import_inputs(runner, iter_inputs(list(files.values())), workers=1)
    assert report.activities_imported == 4  # every recording is kept, with its original
    assert report.as_json()["copies_of_runs"] == 3  # and the report says they are one run
    (run,) = Activity.objects.runs().filter(owner=runner)
    assert run.format == "fit"
    assert sorted(a.format for a in run.alternates.all()) == ["gpx", "tcx", "tcx"]


def test_a_more_detailed_recording_imported_later_becomes_the_run(
    runner: AbstractBaseUser, tmp_path: Path
) -> None:
    files = same_run_files(tmp_path)
    import_inputs(runner, iter_inputs([files["gpx"]]), workers=1)
    later = import_inputs(runner, iter_inputs([files["fit"]]), workers=1)
    assert later.copies_of_runs == 0  # the new file is the run now; the GPX became its copy
    (run,) = Activity.objects.runs().filter(owner=runner)
    assert run.format == "fit"
    assert [a.format for a in run.alternates.all()] == ["gpx"]


def test_the_plan_counts_the_run_once(tmp_path: Path) -> None:
    profile = runner_with_plan_started(days_ago=3)
    files = same_run_files(tmp_path)
    import_inputs(profile.user, iter_inputs(list(files.values())), workers=1)
    (run,) = Activity.objects.filter(owner=profile.user).runs()
    day = run.start_time.astimezone(profile.zone).date()
    runs = runs_for_plan(profile, day - timedelta(days=1), day + timedelta(days=1))
    assert len(runs[day]) == 1


def test_an_older_database_is_grouped_like_a_new_import(
    runner: AbstractBaseUser, tmp_path: Path
) -> None:
    files = same_run_files(tmp_path)
    import_inputs(runner, iter_inputs(list(files.values())), workers=1)
    Activity.objects.filter(owner=runner).update(primary=None)  # as before the migration
    assert Activity.objects.runs().filter(owner=runner).count() == 4
    regroup_rows(Activity.objects.filter(owner=runner))
    assert Activity.objects.runs().filter(owner=runner).count() == 1


def test_a_reimported_export_is_grouped_again(runner: AbstractBaseUser, tmp_path: Path) -> None:
    from django.contrib.auth import get_user_model

    files = same_run_files(tmp_path)
    import_inputs(runner, iter_inputs(list(files.values())), workers=1)
    archive = export_zip(runner)
    newcomer = get_user_model().objects.create_user(username="ben", password="a long passphrase")
    import_export(newcomer, archive)
    assert Activity.objects.filter(owner=newcomer).count() == 4
    (run,) = Activity.objects.runs().filter(owner=newcomer)
    assert run.format == "fit"


def test_the_api_lists_one_run_for_every_copy_uploaded(
    runner: AbstractBaseUser, tmp_path: Path
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.web.test_api_routes import bearer

    client = bearer(runner)
    files = same_run_files(tmp_path)
    uploads = [SimpleUploadedFile(p.name, p.read_bytes()) for p in files.values()]
    done = client.post("/api/v1/activities", {"files": uploads}).json()
    assert done["report"]["copies_of_runs"] == 3
    listed = client.get("/api/v1/activities").json()
    assert listed["count"] == 1
    assert listed["items"][0]["format"] == "fit"
