"""A run's page lets the runner merge, separate, delete and download (issue #9 part 1), as a
runner would click through it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kneewise.activities.sources import iter_inputs
from kneewise.web.activities.importer import import_inputs
from kneewise.web.activities.models import Activity
from tests.activity_files import same_run_files

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("data_dir")]


def html(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def imported(runner: AbstractBaseUser, folder: Path, *kinds: str, shift: int = 0) -> None:
    files = same_run_files(folder, gpx_shift=timedelta(hours=shift))
    import_inputs(runner, iter_inputs([files[k] for k in kinds]), workers=1)


def test_a_run_in_three_files_lists_each_with_its_original(
    runner: AbstractBaseUser, logged_in: Client, tmp_path: Path
) -> None:
    imported(runner, tmp_path, "fit", "gpx", "tcx")
    run = Activity.objects.runs().get(owner=runner)
    page = html(logged_in.get(f"/activities/{run.pk}/"))
    assert "This run in 3 files" in page
    assert page.count("Download the original") == 3
    assert page.count("Delete this copy") == 2
    assert "watch-0.fit" in page
    assert "strava-0.gpx" in page


def test_a_copys_page_points_at_the_run_that_counts(
    runner: AbstractBaseUser, logged_in: Client, tmp_path: Path
) -> None:
    imported(runner, tmp_path, "fit", "gpx")
    copy = Activity.objects.get(owner=runner, format="gpx")
    page = html(logged_in.get(f"/activities/{copy.pk}/"))
    assert "This is a copy of a run" in page
    assert f'href="/activities/{copy.primary_id}/"' in page


def test_the_original_downloads_under_its_own_name(
    runner: AbstractBaseUser, logged_in: Client, tmp_path: Path
) -> None:
    imported(runner, tmp_path, "gpx")
    run = Activity.objects.get(owner=runner)
    response = logged_in.get(f"/activities/{run.pk}/original/")
    assert response.status_code == 200
    assert 'filename="strava-0.gpx"' in response["Content-Disposition"]
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert body == (tmp_path / "strava-0.gpx").read_bytes()


def test_merging_on_the_page_makes_one_run(
    runner: AbstractBaseUser, logged_in: Client, tmp_path: Path
) -> None:
    imported(runner, tmp_path, "fit", "gpx", shift=2)
    fit, gpx = (Activity.objects.get(owner=runner, format=f) for f in ("fit", "gpx"))
    page = html(logged_in.get(f"/activities/{gpx.pk}/merge/"))
    assert "strava-0.gpx" in page
    assert "watch-0.fit" in page
    response = logged_in.post(f"/activities/{gpx.pk}/merge/", {"other": str(fit.pk)})
    assert response.status_code == 302
    assert response["Location"] == f"/activities/{fit.pk}/"
    assert list(Activity.objects.runs().filter(owner=runner)) == [fit]
    page = html(logged_in.get(response["Location"]))
    assert "Merged: they count as one run now" in page
    assert "merged by you" in page


def test_a_merge_without_a_choice_is_shown_next_to_the_field(
    runner: AbstractBaseUser, logged_in: Client, tmp_path: Path
) -> None:
    imported(runner, tmp_path, "fit", "gpx", shift=2)
    fit = Activity.objects.get(owner=runner, format="fit")
    response = logged_in.post(f"/activities/{fit.pk}/merge/", {})
    assert response.status_code == 200
    assert "Please choose the run it is the same as." in html(response)
    response = logged_in.post(f"/activities/{fit.pk}/merge/", {"other": "999999"})
    assert "Select a valid choice" in html(response)
    assert Activity.objects.runs().filter(owner=runner).count() == 2


def test_a_run_alone_has_nothing_to_merge_with(
    runner: AbstractBaseUser, logged_in: Client, tmp_path: Path
) -> None:
    imported(runner, tmp_path, "fit")
    run = Activity.objects.get(owner=runner)
    assert "There is no other running activity within a day" in html(
        logged_in.get(f"/activities/{run.pk}/merge/")
    )


def test_separating_a_hand_merged_copy_on_the_page(
    runner: AbstractBaseUser, logged_in: Client, tmp_path: Path
) -> None:
    imported(runner, tmp_path, "fit", "gpx", shift=2)
    fit, gpx = (Activity.objects.get(owner=runner, format=f) for f in ("fit", "gpx"))
    logged_in.post(f"/activities/{gpx.pk}/merge/", {"other": str(fit.pk)})
    assert "Not the same run: separate" in html(logged_in.get(f"/activities/{fit.pk}/"))
    response = logged_in.post(f"/activities/{gpx.pk}/separate/")
    assert response["Location"] == f"/activities/{gpx.pk}/"
    assert Activity.objects.runs().filter(owner=runner).count() == 2


def test_deleting_asks_first_then_removes_the_run_and_its_copies(
    runner: AbstractBaseUser, logged_in: Client, tmp_path: Path
) -> None:
    imported(runner, tmp_path, "fit", "gpx", "tcx")
    run = Activity.objects.runs().get(owner=runner)
    page = html(logged_in.get(f"/activities/{run.pk}/delete/"))
    assert "Delete all 3 recordings" in page
    assert Activity.objects.filter(owner=runner).count() == 3  # asking deletes nothing
    response = logged_in.post(f"/activities/{run.pk}/delete/")
    assert response["Location"] == "/activities/"
    assert not Activity.objects.filter(owner=runner).exists()
    assert "Deleted the run of" in html(logged_in.get("/activities/"))


def test_deleting_a_copy_returns_to_its_run(
    runner: AbstractBaseUser, logged_in: Client, tmp_path: Path
) -> None:
    imported(runner, tmp_path, "fit", "gpx")
    copy = Activity.objects.get(owner=runner, format="gpx")
    assert "Delete this copy?" in html(logged_in.get(f"/activities/{copy.pk}/delete/"))
    response = logged_in.post(f"/activities/{copy.pk}/delete/")
    assert response["Location"] == f"/activities/{copy.primary_id}/"
    assert list(Activity.objects.filter(owner=runner).values_list("format", flat=True)) == ["fit"]


def test_the_import_page_says_copies_of_a_run_count_once(
    runner: AbstractBaseUser, logged_in: Client, tmp_path: Path
) -> None:
    files = same_run_files(tmp_path)
    uploads = [SimpleUploadedFile(p.name, p.read_bytes()) for p in files.values()]
    response = logged_in.post("/activities/upload/", {"files": uploads})
    page = html(logged_in.get(response["Location"]))
    assert "Import finished" in page
    assert "3</strong> of them are copies of a run recorded in another file too" in page
