"""A runner's drop folder (issue #13): each complete file imported once, then filed under
done/ or failed/ with a note saying why."""

from __future__ import annotations

import os
import threading
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import override_settings

from kneewise.web.activities.models import Activity
from kneewise.web.activities.worker import sync_tick
from kneewise.web.runners.plan_service import plan_view
from kneewise.web.sync.drops import scan_drops
from kneewise.web.sync.folder import Looks
from kneewise.web.sync.ids import replace_sync_id, sync_id_of
from kneewise.web.sync.models import SyncedFile
from tests.activity_files import SHARED_CORPUS, gpx_run
from tests.web.daily_helpers import runner_with_plan_started, today
from tests.web.plan_helpers import snapshot_rows
from tests.web.run_files import fit, gpx
from tests.web.sync.sync_helpers import (
    GADGETBRIDGE_GPX,
    GARMIN_FIT,
    OPENTRACKS_GPX,
    drop,
    names_in,
    run_bytes,
    scan,
    sync_runner,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana(data_dir: Path) -> User:
    return sync_runner()


def test_a_file_in_the_folder_is_imported_once_and_filed_under_done(
    ana: User, tmp_path: Path
) -> None:
    folder = tmp_path / "drop"
    drop(folder, GADGETBRIDGE_GPX, run_bytes())
    outcomes = scan(folder, ana)
    assert [o.result for o in outcomes] == ["imported"]
    assert Activity.objects.filter(owner=ana).count() == 1
    assert outcomes[0].activity_id == Activity.objects.get(owner=ana).pk
    assert names_in(folder / "done") == {GADGETBRIDGE_GPX}
    assert GADGETBRIDGE_GPX not in names_in(folder)
    assert scan(folder, ana) == []
    assert Activity.objects.filter(owner=ana).count() == 1


def test_a_file_copied_in_slowly_is_read_only_once_it_is_complete(
    ana: User, tmp_path: Path
) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    data = run_bytes(km=8)
    path = folder / OPENTRACKS_GPX

    def copy_slowly() -> None:
        with path.open("wb") as out:
            for start in range(0, len(data), len(data) // 8):
                out.write(data[start : start + len(data) // 8])
                out.flush()
                time.sleep(0.15)

    writer = threading.Thread(target=copy_slowly)
    writer.start()
    looks = Looks()
    outcomes = []
    deadline = time.monotonic() + 20
    while (writer.is_alive() or not outcomes) and time.monotonic() < deadline:
        outcomes += scan(folder, ana, looks, settle_s=0.4)
    writer.join()
    assert [o.result for o in outcomes] == ["imported"]
    assert outcomes[0].size == len(data)
    assert Activity.objects.get(owner=ana).distance_m == pytest.approx(8000, rel=0.02)


def test_temporary_names_wait_and_a_file_renamed_into_place_is_imported(
    ana: User, tmp_path: Path
) -> None:
    folder = tmp_path / "drop"
    temporary = [
        f".syncthing.{GARMIN_FIT}.tmp",  # Syncthing, while it copies
        f"{GADGETBRIDGE_GPX}.part",
        "~lock.run.gpx",
        "run.gpx.tmp",
    ]
    for name in temporary:
        drop(folder, name, run_bytes())
    assert scan(folder, ana) == []
    assert names_in(folder) == set(temporary)
    os.rename(folder / f"{GADGETBRIDGE_GPX}.part", folder / GADGETBRIDGE_GPX)
    assert [o.result for o in scan(folder, ana)] == ["imported"]
    assert Activity.objects.filter(owner=ana).count() == 1


def test_the_same_file_under_two_names_makes_one_run(ana: User, tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    drop(folder, GADGETBRIDGE_GPX, run_bytes())
    drop(folder, "copy of the same run.gpx", run_bytes())
    outcomes = scan(folder, ana)
    assert sorted(o.result for o in outcomes) == ["duplicate", "imported"]
    assert Activity.objects.filter(owner=ana).count() == 1
    duplicate = next(o for o in outcomes if o.result == "duplicate")
    assert duplicate.activity_id == Activity.objects.get(owner=ana).pk
    assert names_in(folder / "done") == {GADGETBRIDGE_GPX, "copy of the same run.gpx"}


def test_a_file_dropped_again_later_is_a_duplicate_kept_beside_the_first(
    ana: User, tmp_path: Path
) -> None:
    folder = tmp_path / "drop"
    drop(folder, OPENTRACKS_GPX, run_bytes())
    scan(folder, ana)
    drop(folder, OPENTRACKS_GPX, run_bytes())  # OpenTracks exports a track again
    assert [o.result for o in scan(folder, ana)] == ["duplicate"]
    assert names_in(folder / "done") == {OPENTRACKS_GPX, "2026-03-04_07_15_00_Morning run (2).gpx"}


def test_a_broken_file_goes_to_failed_with_its_reason_and_the_next_still_imports(
    ana: User, tmp_path: Path
) -> None:
    folder = tmp_path / "drop"
    drop(folder, "2026-03-02-07-00-00.fit", b"not a FIT file at all")
    drop(folder, GARMIN_FIT.replace(".fit", ".gpx"), run_bytes(day=2))
    outcomes = scan(folder, ana)
    assert [o.result for o in outcomes] == ["failed", "imported"]
    assert names_in(folder / "failed") == {"2026-03-02-07-00-00.fit", "2026-03-02-07-00-00.fit.txt"}
    note = (folder / "failed" / "2026-03-02-07-00-00.fit.txt").read_text()
    assert note.strip() == outcomes[0].reason
    assert note.strip()
    assert str(folder) not in note  # the server's paths never show
    assert Activity.objects.filter(owner=ana).count() == 1
    logged = SyncedFile.objects.get(owner=ana, result="failed")
    assert logged.reason == outcomes[0].reason


def test_links_and_special_files_are_refused_never_followed(ana: User, tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    outside = drop(tmp_path / "elsewhere", "secret.gpx", run_bytes())
    folder.mkdir()
    (folder / "run.gpx").symlink_to(outside)
    os.mkfifo(folder / "pipe.gpx")
    assert scan(folder, ana) == []
    assert Activity.objects.count() == 0
    assert outside.read_bytes() == run_bytes()  # the target is untouched, not moved
    failed = folder / "failed"
    assert (failed / "run.gpx").is_symlink()
    assert "links" in (failed / "run.gpx.txt").read_text()
    assert names_in(folder) == {"failed"}


def test_folders_in_the_drop_are_never_walked_into(ana: User, tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    drop(folder / "nested", GADGETBRIDGE_GPX, run_bytes())
    assert scan(folder, ana) == []
    assert names_in(folder / "nested") == {GADGETBRIDGE_GPX}


def test_the_worker_scans_every_live_sync_folder(data_dir: Path, tmp_path: Path) -> None:
    with override_settings(KNEEWISE_SYNC_DIR=str(tmp_path / "sync")):
        ana, ben = sync_runner("ana"), sync_runner("ben")
        drop(tmp_path / "sync" / sync_id_of(ana).value, GADGETBRIDGE_GPX, run_bytes(day=0))
        drop(tmp_path / "sync" / sync_id_of(ben).value, OPENTRACKS_GPX, run_bytes(day=1))
        drop(tmp_path / "sync" / "not-a-sync-id", GARMIN_FIT, run_bytes(day=2))
        assert sync_tick() == 2
    assert Activity.objects.filter(owner=ana).count() == 1
    assert Activity.objects.filter(owner=ben).count() == 1
    assert names_in(tmp_path / "sync" / "not-a-sync-id") == {GARMIN_FIT}


def test_a_replaced_sync_id_stops_its_folder_and_leaves_its_files_alone(
    data_dir: Path, tmp_path: Path
) -> None:
    root = tmp_path / "sync"
    with override_settings(KNEEWISE_SYNC_DIR=str(root)):
        ana = sync_runner()
        old = sync_id_of(ana).value
        new = replace_sync_id(ana).value
        drop(root / old, GADGETBRIDGE_GPX, run_bytes(day=0))
        drop(root / new, OPENTRACKS_GPX, run_bytes(day=1))
        outcomes = scan_drops(Looks(), settle_s=0.05)
    assert [o.file_name for o in outcomes] == [OPENTRACKS_GPX]
    assert names_in(root / old) == {GADGETBRIDGE_GPX}
    assert (root / new).is_dir()
    assert old != new


def test_without_a_sync_dir_the_worker_does_nothing(data_dir: Path) -> None:
    with override_settings(KNEEWISE_SYNC_DIR=None):
        assert sync_tick() == 0


GARMIN_FR110 = SHARED_CORPUS / "fit" / "pfp__2013-02-06-12-11-14.fit"  # python-fitparse's


@pytest.mark.skipif(not GARMIN_FR110.is_file(), reason="the shared corpus is not on this machine")
def test_a_real_garmin_file_under_its_own_name_is_imported(ana: User, tmp_path: Path) -> None:
    """A Forerunner 110's recording, named as the watch names it (its start time)."""
    drop(tmp_path / "drop", "2013-02-06-12-11-14.fit", GARMIN_FR110.read_bytes())
    outcome = scan(tmp_path / "drop", ana)[0]
    assert outcome.result == "imported", outcome.reason
    assert Activity.objects.get(owner=ana).distance_m == pytest.approx(4835, rel=0.03)


def test_a_watch_fit_and_the_apps_gpx_of_one_run_count_once(ana: User, tmp_path: Path) -> None:
    """Gadgetbridge writes a FIT and a GPX of the same workout: the run is counted once."""
    folder = tmp_path / "drop"
    drop(folder, "2026-03-03-07-15-00.fit", fit())
    drop(folder, GADGETBRIDGE_GPX, gpx().encode())
    outcomes = scan(folder, ana)
    assert sorted(o.result for o in outcomes) == ["duplicate", "imported"]
    assert Activity.objects.runs().filter(owner=ana).count() == 1
    assert len({o.activity_id for o in outcomes}) == 1


def test_a_synced_run_makes_the_plan_recompute_from_its_day(data_dir: Path, tmp_path: Path) -> None:
    """The plan counts what was run (§11b.9): a synced run forgets the stored plan from its
    local day on, as any import does, so the next page shows the plan with it."""
    profile = runner_with_plan_started(days_ago=6)
    plan_view(profile, today(), ahead=1)
    stored = snapshot_rows(profile)
    run_day = today() - timedelta(days=2)
    assert min(stored) < run_day <= max(stored)
    start = datetime.combine(run_day, clock(7, 0), tzinfo=UTC)
    drop(tmp_path / "drop", GADGETBRIDGE_GPX, gpx_run(start).encode())
    assert scan(tmp_path / "drop", profile.user)[0].result == "imported"
    assert max(snapshot_rows(profile)) < run_day


@pytest.mark.django_db(transaction=True)
def test_the_worker_keeps_scanning_every_interval(data_dir: Path, tmp_path: Path) -> None:
    """KNEEWISE_SYNC_INTERVAL: a file that arrives after the worker started is picked up."""
    from kneewise.web.activities import worker as worker_module

    class Running:
        running = True

    with override_settings(KNEEWISE_SYNC_DIR=str(tmp_path / "sync"), KNEEWISE_SYNC_INTERVAL=0.2):
        ana = sync_runner()
        fake = Running()
        worker_module._keep_syncing(fake)  # type: ignore[arg-type]
        time.sleep(0.5)
        drop(tmp_path / "sync" / sync_id_of(ana).value, GADGETBRIDGE_GPX, run_bytes())
        deadline = time.monotonic() + 20
        while not Activity.objects.filter(owner=ana).exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        fake.running = False
        for thread in threading.enumerate():
            if thread.name == "kneewise-sync":
                thread.join(timeout=20)  # ends at its next wake-up: nothing runs past the test
    assert Activity.objects.filter(owner=ana).count() == 1
