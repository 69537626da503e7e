"""Sync on "Your data" (issue #13 item 4): the sync id with where to drop files, when the last
file arrived, how many this week, the last failures with their reasons; and replacing the id."""

from __future__ import annotations

import json
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client, override_settings

from kneewise.web.sync.ids import sync_id_of
from kneewise.web.sync.importing import import_bytes
from tests.web.sync.sync_helpers import GADGETBRIDGE_GPX, run_bytes, sync_runner

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana(data_dir: Path) -> User:
    return sync_runner()


def page(user: User) -> str:
    client = Client()
    client.force_login(user)
    return client.get("/api/account/").content.decode()


def test_the_page_shows_the_sync_id_the_folder_and_the_web_address(
    ana: User, tmp_path: Path
) -> None:
    with override_settings(KNEEWISE_SYNC_DIR=str(tmp_path / "sync")):
        text = page(ana)
    value = sync_id_of(ana).value
    assert value in text
    assert f"{tmp_path / 'sync' / value}/" in text
    assert f"http://testserver/api/v1/sync/{value}/" in text
    assert "No file has arrived yet." in text


def test_without_a_sync_dir_the_page_says_only_the_web_address_works(ana: User) -> None:
    with override_settings(KNEEWISE_SYNC_DIR=None):
        text = page(ana)
    assert "This server watches no drop folders" in text


def test_the_page_shows_the_last_arrival_the_weeks_count_and_the_failures(ana: User) -> None:
    import_bytes(ana, GADGETBRIDGE_GPX, run_bytes(), "http")
    import_bytes(ana, "2026-03-05-07-15-00.fit", b"not a FIT file", "folder")
    text = page(ana)
    assert "The last file arrived on" in text
    assert "Files in the last 7 days: 2." in text
    assert "2026-03-05-07-15-00.fit" in text
    assert "Files that could not be imported" in text


def test_replacing_the_sync_id_kills_the_old_one(ana: User) -> None:
    old = sync_id_of(ana).value
    client = Client()
    client.force_login(ana)
    response = client.post("/api/account/sync/replace/", follow=True)
    new = sync_id_of(ana).value
    assert new != old
    text = response.content.decode()
    assert new in text
    assert old not in text
    assert "Your sync id was replaced" in text
    put = Client().put(
        f"/api/v1/sync/{old}/run.gpx", run_bytes(), content_type="application/octet-stream"
    )
    assert put.status_code == 404


def test_replacing_needs_a_post_from_the_logged_in_runner(ana: User) -> None:
    old = sync_id_of(ana).value
    assert Client().post("/api/account/sync/replace/").status_code == 302
    client = Client()
    client.force_login(ana)
    assert client.get("/api/account/sync/replace/").status_code == 405
    assert sync_id_of(ana).value == old


def test_the_export_never_carries_the_sync_id(ana: User) -> None:
    """The sync id is a secret (docs/sync.md): an export moved elsewhere must not carry it."""
    import_bytes(ana, GADGETBRIDGE_GPX, run_bytes(), "http")
    client = Client()
    client.force_login(ana)
    response = client.get("/api/account/export/")
    raw = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    with zipfile.ZipFile(BytesIO(raw)) as archive:
        document = archive.read("kneewise-export.json").decode()
    assert json.loads(document)
    assert sync_id_of(ana).value not in document
    assert GADGETBRIDGE_GPX in document  # control: the run itself is exported
