"""A file's name belongs to the runner who uploaded it, not to its content (issue #10,
finding 4): two runners with the same bytes each see only their own name."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kneewise.web.activities.models import Activity, StoredFile
from kneewise.web.runners.portability import JSON_NAME, export_zip, import_export
from tests.activity_files import gpx_run
from tests.web.test_api_routes import bearer

pytestmark = pytest.mark.django_db
PRIVATE = "Ana Lopez - physio St Mary's clinic.gpx"
CONTENT = gpx_run(datetime(2026, 3, 2, 6, 30, tzinfo=UTC), km=5.0).encode()


@pytest.fixture(autouse=True)
def _isolated_files(data_dir: Path) -> Path:
    return data_dir


def upload_as(name: str, file_name: str) -> tuple[AbstractBaseUser, Client, Activity]:
    user = get_user_model().objects.create_user(username=name, password="a long passphrase")
    client = Client()
    client.force_login(user)
    upload = SimpleUploadedFile(file_name, CONTENT, "application/gpx+xml")
    response = client.post("/activities/upload/", follow=True, data={"files": [upload]})
    assert "1 activity imported" in response.content.decode()
    return user, client, Activity.objects.get(owner=user)


def what_bea_sees(bea: AbstractBaseUser, client: Client, activity: Activity) -> str:
    """Her activity page, her download's name, her API listing and her export, as one text."""
    page = client.get(f"/activities/{activity.pk}/").content.decode()
    download = client.get(f"/activities/{activity.pk}/original/")["Content-Disposition"]
    listed = bearer(bea).get("/api/v1/activities").json()["items"]
    assert [item["file_name"] for item in listed] == ["morning.gpx"]
    with zipfile.ZipFile(io.BytesIO(export_zip(bea))) as archive:
        exported = archive.read(JSON_NAME).decode()
    for seen in (page, download, exported):
        assert "morning.gpx" in seen
    return "\n".join([page, download, json.dumps(listed), exported])


def test_a_runner_uploading_anothers_file_sees_only_her_own_file_name() -> None:
    ana, _, _ = upload_as("ana", PRIVATE)
    bea, client, activity = upload_as("bea", "morning.gpx")
    assert activity.file_id == Activity.objects.get(owner=ana).file_id  # stored once
    assert "Ana Lopez" not in what_bea_sees(bea, client, activity)


def test_the_name_stays_hers_after_the_first_uploader_deletes_their_account() -> None:
    ana, _, _ = upload_as("ana", PRIVATE)
    bea, client, activity = upload_as("bea", "morning.gpx")
    ana.delete()
    assert "Ana Lopez" not in what_bea_sees(bea, client, activity)
    assert "Ana Lopez" not in " ".join(StoredFile.objects.values_list("original_name", flat=True))


def test_the_first_uploader_still_sees_her_own_name() -> None:
    upload_as("bea", "morning.gpx")
    _, client, activity = upload_as("ana", PRIVATE)
    assert PRIVATE in client.get(f"/activities/{activity.pk}/original/")["Content-Disposition"]


def test_an_export_re_imported_keeps_each_activitys_own_name() -> None:
    bea, _, _ = upload_as("bea", "morning.gpx")
    exported = export_zip(bea)
    copy = get_user_model().objects.create(username="bea2")
    import_export(copy, exported)
    assert list(Activity.objects.filter(owner=copy).values_list("file_name", flat=True)) == [
        "morning.gpx"
    ]


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_each_runner_their_own_name_and_the_shared_row_a_neutral_one() -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = (
        [("activities", "0005_activity_history")],
        [("activities", "0006_activity_file_name")],
    )
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(before)
        old = executor.loader.project_state(before).apps
        User = old.get_model("auth", "User")
        ana, bea = User.objects.create(username="ana"), User.objects.create(username="bea")
        shared = old.get_model("activities", "StoredFile").objects.create(
            sha256="a" * 64, size=1, original_name=PRIVATE
        )
        for owner, source in ((ana, PRIVATE), (bea, "export.zip!activities/morning.gpx")):
            old.get_model("activities", "Activity").objects.create(
                owner=owner,
                file=shared,
                source=source,
                format="gpx",
                sport="running",
                start_time=datetime(2026, 3, 2, 6, 30, tzinfo=UTC),
            )

        executor = MigrationExecutor(connection)
        executor.migrate(after)

        new = executor.loader.project_state(after).apps
        names = new.get_model("activities", "Activity").objects.values_list(
            "owner__username", "file_name"
        )
        assert dict(names) == {"ana": PRIVATE, "bea": "morning.gpx"}
        assert (
            new.get_model("activities", "StoredFile").objects.get().original_name == "original.gpx"
        )
    finally:  # every app at its latest again, for the tests that follow
        latest = MigrationExecutor(connection)
        latest.migrate(latest.loader.graph.leaf_nodes())
