"""A runner's own corrections (issue #9 part 1): merge two recordings of one run by hand,
separate them again, delete a run or one copy of it; originals go when nothing uses them."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from kneewise.activities.sources import iter_inputs
from kneewise.web.activities.curation import (
    CannotMerge,
    delete_recordings,
    merge_candidates,
    merge_runs,
    recordings_of,
    separate,
)
from kneewise.web.activities.importer import import_inputs, stored_path
from kneewise.web.activities.models import Activity, ImportedFile, StoredFile
from kneewise.web.activities.same_runs import regroup_rows
from kneewise.web.runners.models import PlanSnapshot
from kneewise.web.runners.plan_service import plan_view
from tests.activity_files import same_run_files
from tests.web.daily_helpers import runner_with_plan_started

Commits = Callable[..., AbstractContextManager[list[Callable[[], None]]]]
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("data_dir")]


def runner_with_a_shifted_copy(runner: AbstractBaseUser, folder: Path) -> tuple[Activity, Activity]:
    """The watch's FIT of a run and a platform's GPX of it two hours off: two runs until the
    runner says they are one."""
    files = same_run_files(folder, gpx_shift=timedelta(hours=2))
    import_inputs(runner, iter_inputs([files["fit"], files["gpx"]]), workers=1)
    fit, gpx = (Activity.objects.runs().get(owner=runner, format=f) for f in ("fit", "gpx"))
    return fit, gpx


def import_every_copy(runner: AbstractBaseUser, folder: Path) -> Activity:
    """One run in FIT, GPX, TCX and .tcx.gz: one run with three copies."""
    files = same_run_files(folder)
    import_inputs(runner, iter_inputs(list(files.values())), workers=1)
    return Activity.objects.runs().get(owner=runner)


def test_a_copy_two_hours_off_is_offered_for_a_merge(
    runner: AbstractBaseUser, tmp_path: Path
) -> None:
    fit, gpx = runner_with_a_shifted_copy(runner, tmp_path)
    assert merge_candidates(runner, fit) == [gpx]
    assert merge_candidates(runner, gpx) == [fit]


def test_merging_by_hand_counts_the_most_detailed_recording_once(
    runner: AbstractBaseUser, tmp_path: Path
) -> None:
    fit, gpx = runner_with_a_shifted_copy(runner, tmp_path)
    run = merge_runs(runner, gpx, fit)  # from the GPX's page: the FIT still wins
    assert run.pk == fit.pk
    assert list(Activity.objects.runs().filter(owner=runner)) == [fit]
    assert [a.format for a in recordings_of(fit)] == ["fit", "gpx"]


def test_a_merge_by_hand_survives_the_next_import_nearby(
    runner: AbstractBaseUser, tmp_path: Path
) -> None:
    fit, gpx = runner_with_a_shifted_copy(runner, tmp_path)
    merge_runs(runner, fit, gpx)
    regroup_rows(Activity.objects.filter(owner=runner))  # what an import nearby does
    assert list(Activity.objects.runs().filter(owner=runner)) == [fit]


def test_a_more_detailed_recording_arriving_later_takes_the_hand_merged_copies_along(
    runner: AbstractBaseUser, tmp_path: Path
) -> None:
    files = same_run_files(tmp_path, gpx_shift=timedelta(hours=2))
    import_inputs(runner, iter_inputs([files["tcx"], files["gpx"]]), workers=1)
    tcx, gpx = (Activity.objects.runs().get(owner=runner, format=f) for f in ("tcx", "gpx"))
    merge_runs(runner, tcx, gpx)
    import_inputs(runner, iter_inputs([files["fit"]]), workers=1)
    (run,) = Activity.objects.runs().filter(owner=runner)
    assert run.format == "fit"
    assert sorted(a.format for a in run.alternates.all()) == ["gpx", "tcx"]


def test_a_hand_merged_copy_can_be_separated_again(
    runner: AbstractBaseUser, tmp_path: Path
) -> None:
    fit, gpx = runner_with_a_shifted_copy(runner, tmp_path)
    merge_runs(runner, fit, gpx)
    gpx.refresh_from_db()
    assert separate(runner, gpx).pk == gpx.pk
    assert Activity.objects.runs().filter(owner=runner).count() == 2


def test_a_copy_grouped_automatically_cannot_be_separated(
    runner: AbstractBaseUser, tmp_path: Path
) -> None:
    run = import_every_copy(runner, tmp_path)
    copy = run.alternates.first()
    assert copy is not None
    with pytest.raises(CannotMerge, match="merged by hand"):
        separate(runner, copy)


def test_runs_of_different_sports_or_days_are_not_merged(
    runner: AbstractBaseUser, tmp_path: Path
) -> None:
    fit, gpx = runner_with_a_shifted_copy(runner, tmp_path)
    Activity.objects.filter(pk=gpx.pk).update(sport="cycling")
    gpx.refresh_from_db()
    with pytest.raises(CannotMerge, match="same sport"):
        merge_runs(runner, fit, gpx)
    Activity.objects.filter(pk=gpx.pk).update(
        sport="running", start_time=fit.start_time + timedelta(days=3)
    )
    gpx.refresh_from_db()
    with pytest.raises(CannotMerge, match="more than a day apart"):
        merge_runs(runner, fit, gpx)
    with pytest.raises(CannotMerge, match="two different runs"):
        merge_runs(runner, fit, fit)


def test_deleting_a_run_deletes_its_copies_and_their_originals(
    runner: AbstractBaseUser, tmp_path: Path, django_capture_on_commit_callbacks: Commits
) -> None:
    run = import_every_copy(runner, tmp_path)
    digests = list(StoredFile.objects.values_list("sha256", flat=True))
    assert len(digests) == 4
    assert all(stored_path(d).exists() for d in digests)
    with django_capture_on_commit_callbacks(execute=True):
        deleted = delete_recordings(runner, run)
    assert (deleted.activities, deleted.originals) == (4, 4)
    assert not Activity.objects.filter(owner=runner).exists()
    assert not ImportedFile.objects.filter(owner=runner).exists()  # uploading it again works
    assert not any(stored_path(d).exists() for d in digests)


def test_deleting_one_copy_keeps_the_run(
    runner: AbstractBaseUser, tmp_path: Path, django_capture_on_commit_callbacks: Commits
) -> None:
    run = import_every_copy(runner, tmp_path)
    copy = run.alternates.select_related("file").get(format="gpx")
    with django_capture_on_commit_callbacks(execute=True):
        deleted = delete_recordings(runner, copy)
    assert (deleted.activities, deleted.originals) == (1, 1)
    assert Activity.objects.runs().get(owner=runner) == run
    assert run.alternates.count() == 2
    assert not stored_path(copy.file.sha256).exists()


def test_an_original_another_runner_also_uploaded_stays(
    runner: AbstractBaseUser, tmp_path: Path, django_capture_on_commit_callbacks: Commits
) -> None:
    files = same_run_files(tmp_path)
    other = get_user_model().objects.create_user(username="ben", password="a long passphrase")
    import_inputs(runner, iter_inputs([files["fit"]]), workers=1)
    import_inputs(other, iter_inputs([files["fit"]]), workers=1)
    (mine,) = Activity.objects.select_related("file").filter(owner=runner)
    with django_capture_on_commit_callbacks(execute=True):
        deleted = delete_recordings(runner, mine)
    assert deleted.originals == 0
    assert stored_path(mine.file.sha256).exists()
    assert Activity.objects.filter(owner=other).count() == 1


def test_a_deleted_run_no_longer_counts_in_the_plan(tmp_path: Path) -> None:
    profile = runner_with_plan_started(days_ago=3)
    files = same_run_files(tmp_path)
    import_inputs(profile.user, iter_inputs([files["fit"]]), workers=1)
    (run,) = Activity.objects.filter(owner=profile.user)
    today = run.start_time.astimezone(profile.zone).date() + timedelta(days=1)
    profile.plan_start = today - timedelta(days=3)
    profile.save()
    plan_view(profile, today)
    assert PlanSnapshot.objects.filter(owner=profile.user).exists()
    delete_recordings(profile.user, run)
    run_day = run.start_time.astimezone(profile.zone).date()
    assert not PlanSnapshot.objects.filter(owner=profile.user, day__gte=run_day).exists()


def test_only_the_recordings_of_the_other_run_are_marked_as_merged_by_hand(
    runner: AbstractBaseUser, tmp_path: Path
) -> None:
    files = same_run_files(tmp_path, gpx_shift=timedelta(hours=2))
    import_inputs(runner, iter_inputs([files["fit"], files["tcx"], files["gpx"]]), workers=1)
    fit = Activity.objects.runs().get(owner=runner, format="fit")  # with its TCX copy
    gpx = Activity.objects.runs().get(owner=runner, format="gpx")
    merge_runs(runner, gpx, fit)
    marked = dict(Activity.objects.filter(owner=runner).values_list("format", "merged_by_hand"))
    assert marked == {"fit": False, "tcx": False, "gpx": True}
    regroup_rows(Activity.objects.filter(owner=runner))
    assert list(Activity.objects.runs().filter(owner=runner)) == [fit]
