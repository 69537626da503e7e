"""The HTTP drop for phones (issue #13): `PUT /api/v1/sync/{sync_id}/{file_name}`, the sync id
as the credential, bounded in size and rate, answering with the import result."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client, override_settings

from kneewise.web.activities.models import Activity
from kneewise.web.sync.ids import replace_sync_id, sync_id_of
from kneewise.web.sync.models import SyncedFile
from tests.web.sync.sync_helpers import GADGETBRIDGE_GPX, OPENTRACKS_GPX, run_bytes, sync_runner

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    cache.clear()  # the per-id rate limit counts in the shared cache
    yield
    cache.clear()


@pytest.fixture
def ana(data_dir: Path) -> User:
    return sync_runner()


def put(sync_id: str, name: str, body: bytes, client: Client | None = None) -> object:
    """A PUT as a phone's upload shortcut sends it: no cookie, no CSRF token."""
    client = client or Client(enforce_csrf_checks=True)
    return client.put(
        f"/api/v1/sync/{sync_id}/{name}", body, content_type="application/octet-stream"
    )


def test_a_file_put_is_imported_and_answered_with_the_result(ana: User) -> None:
    response = put(sync_id_of(ana).value, GADGETBRIDGE_GPX, run_bytes())
    assert response.status_code == 200  # type: ignore[attr-defined]
    answer = response.json()  # type: ignore[attr-defined]
    activity = Activity.objects.get(owner=ana)
    assert answer["result"] == "imported"
    assert answer["activity_id"] == activity.pk
    assert activity.file_name == GADGETBRIDGE_GPX
    assert SyncedFile.objects.get(owner=ana).channel == "http"


def test_the_same_file_put_again_is_a_duplicate_with_the_same_run(ana: User) -> None:
    first = put(sync_id_of(ana).value, OPENTRACKS_GPX, run_bytes()).json()  # type: ignore[attr-defined]
    again = put(sync_id_of(ana).value, "other name.gpx", run_bytes()).json()  # type: ignore[attr-defined]
    assert again["result"] == "duplicate"
    assert again["activity_id"] == first["activity_id"]
    assert Activity.objects.filter(owner=ana).count() == 1


def test_a_broken_file_is_answered_with_its_reason(ana: User) -> None:
    answer = put(sync_id_of(ana).value, "2026-03-05-07-15-00.fit", b"garbage").json()  # type: ignore[attr-defined]
    assert answer["result"] == "failed"
    assert answer["reason"]
    assert answer["activity_id"] is None


def test_an_unknown_and_a_replaced_id_get_the_same_404(ana: User) -> None:
    old = sync_id_of(ana).value
    replace_sync_id(ana)
    replaced = put(old, GADGETBRIDGE_GPX, run_bytes())
    unknown = put("a" * 32, GADGETBRIDGE_GPX, run_bytes())
    assert replaced.status_code == unknown.status_code == 404  # type: ignore[attr-defined]
    assert replaced.content == unknown.content  # type: ignore[attr-defined]
    assert Activity.objects.count() == 0


def test_the_new_id_works_after_a_replacement(ana: User) -> None:
    new = replace_sync_id(ana).value
    assert put(new, GADGETBRIDGE_GPX, run_bytes()).json()["result"] == "imported"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "name",
    ["..", "..%2F..%2Fkneewise.sqlite3", "a..b.gpx", "run%5C..%5Cx.gpx", "C:run.gpx", "run%00.gpx"],
)
def test_names_with_dots_folders_or_drives_are_refused(ana: User, name: str) -> None:
    response = put(sync_id_of(ana).value, name, run_bytes())
    assert response.status_code in (400, 404)  # type: ignore[attr-defined]
    assert Activity.objects.count() == 0


def test_an_absolute_path_never_reaches_the_route(ana: User) -> None:
    response = put(sync_id_of(ana).value, "/etc/passwd", run_bytes())
    assert response.status_code == 404  # type: ignore[attr-defined]


def test_a_body_over_the_upload_limit_is_refused_with_413(ana: User) -> None:
    with override_settings(KNEEWISE_MAX_UPLOAD_BYTES=1000):
        response = put(sync_id_of(ana).value, GADGETBRIDGE_GPX, run_bytes())
    assert response.status_code == 413  # type: ignore[attr-defined]
    assert Activity.objects.count() == 0


def test_a_body_larger_than_djangos_in_memory_limit_still_imports(ana: User) -> None:
    """Django refuses request.body past 2.5 MB; the drop reads the stream, bounded by the
    upload limit instead."""
    padded = run_bytes().replace(b"<trk>", b"<!--" + b" " * 3_000_000 + b"--><trk>", 1)
    response = put(sync_id_of(ana).value, GADGETBRIDGE_GPX, padded)
    assert response.json()["result"] == "imported"  # type: ignore[attr-defined]


def test_too_many_files_in_an_hour_get_429_with_retry_after(ana: User) -> None:
    sync_id = sync_id_of(ana).value
    with override_settings(KNEEWISE_SYNC_FILES_PER_HOUR=2):
        answers = [put(sync_id, f"run-{day}.gpx", run_bytes(day=day)) for day in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]  # type: ignore[attr-defined]
    assert 0 < int(answers[2]["Retry-After"]) <= 3600  # type: ignore[index]
    assert Activity.objects.filter(owner=ana).count() == 2


def test_one_runners_limit_is_not_anothers(ana: User) -> None:
    ben = sync_runner("ben")
    with override_settings(KNEEWISE_SYNC_FILES_PER_HOUR=1):
        put(sync_id_of(ana).value, "a.gpx", run_bytes(day=0))
        assert put(sync_id_of(ben).value, "b.gpx", run_bytes(day=1)).status_code == 200  # type: ignore[attr-defined]


def test_another_runners_sync_id_never_reaches_this_runners_data(ana: User) -> None:
    ben = sync_runner("ben")
    logged_in_as_ana = Client()
    logged_in_as_ana.force_login(ana)
    put(sync_id_of(ben).value, GADGETBRIDGE_GPX, run_bytes(), client=logged_in_as_ana)
    assert Activity.objects.filter(owner=ana).count() == 0
    assert Activity.objects.filter(owner=ben).count() == 1


def test_the_drop_is_in_the_openapi_document() -> None:
    document = Client().get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/sync/{sync_id}/{file_name}"]["put"]
    assert set(operation["responses"]) >= {"200", "404", "413", "429"}
    assert "security" not in operation or operation["security"] in ([], [{}])
