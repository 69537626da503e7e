"""Uploading activity files: files, zips and failures are all accounted for on the result page."""

from __future__ import annotations

import gzip
import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from kneewise.web.activities.models import Activity
from tests.activity_files import gpx_run

pytestmark = pytest.mark.django_db
UPLOAD = "/activities/upload/"


@pytest.fixture(autouse=True)
def _isolated_files(data_dir: Path) -> Path:
    return data_dir


@pytest.fixture
def client(logged_in: Client) -> Client:
    return logged_in


def gpx_file(name: str = "morning.gpx", km: float = 5.0, day: int = 2) -> SimpleUploadedFile:
    start = datetime(2026, 3, day, 6, 30, tzinfo=UTC)
    return SimpleUploadedFile(name, gpx_run(start, km=km).encode(), "application/gpx+xml")


def page(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined,no-any-return]


def test_the_upload_page_offers_files_a_folder_and_says_it_is_working(client: Client) -> None:
    response = client.get(UPLOAD)
    assert response.status_code == 200
    html = page(response)
    assert 'enctype="multipart/form-data"' in html
    assert "webkitdirectory" in html
    assert html.count(" multiple") >= 2
    assert "Working…" in html


def test_uploading_a_gpx_creates_an_activity_that_the_list_shows(
    client: Client, runner: AbstractBaseUser
) -> None:
    response = client.post(UPLOAD, follow=True, data={"files": [gpx_file(km=5.0)]})
    assert response.status_code == 200
    assert "1 activity imported" in page(response)
    activity = Activity.objects.get(owner=runner)
    assert activity.file_name == "morning.gpx"
    assert activity.source == "morning.gpx"  # not the temporary folder it was read from
    listing = page(client.get("/activities/"))
    assert "5.00 km" in listing
    assert f"/activities/{activity.pk}/" in listing


def test_uploading_the_same_file_again_says_it_was_already_imported(client: Client) -> None:
    client.post(UPLOAD, follow=True, data={"files": [gpx_file()]})
    response = client.post(UPLOAD, follow=True, data={"files": [gpx_file()]})
    html = page(response)
    assert "0 activities imported" in html
    assert "<strong>1</strong> file already imported before" in html
    assert Activity.objects.count() == 1


def test_a_broken_file_is_listed_as_failed_by_name_while_the_good_one_is_imported(
    client: Client,
) -> None:
    broken = SimpleUploadedFile("broken.gpx.gz", gzip.compress(b"<gpx><trk>"))
    response = client.post(UPLOAD, follow=True, data={"files": [gpx_file("good.gpx"), broken]})
    html = page(response)
    assert Activity.objects.count() == 1
    assert "Could not be read" in html
    assert '<span class="file-name">broken.gpx.gz</span>' in html
    assert "kneewise-upload-" not in html  # names as the runner knows them, not temp paths


def test_a_zip_with_two_runs_imports_both(client: Client) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("export/activities/1.gpx", gpx_run(datetime(2026, 3, 2, tzinfo=UTC)))
        archive.writestr("export/activities/2.gpx", gpx_run(datetime(2026, 3, 4, tzinfo=UTC)))
        archive.writestr("export/profile.json", "{}")
    upload = SimpleUploadedFile("export.zip", buffer.getvalue(), "application/zip")
    response = client.post(UPLOAD, follow=True, data={"files": [upload]})
    html = page(response)
    assert "2 activities imported" in html
    assert "export.zip!export/profile.json" in html  # listed as not an activity
    assert Activity.objects.count() == 2


def test_a_folder_upload_imports_every_file_in_it(client: Client) -> None:
    folder = [gpx_file("run.gpx", day=2), gpx_file("run.gpx", day=3)]  # same name, two folders
    response = client.post(UPLOAD, follow=True, data={"folder": folder})
    assert "2 activities imported" in page(response)


def test_submitting_nothing_asks_for_a_file(client: Client) -> None:
    response = client.post(UPLOAD, follow=True, data={})
    assert response.status_code == 400
    assert "Choose at least one file" in page(response)


def test_an_upload_over_the_size_limit_is_refused_before_it_is_read(client: Client) -> None:
    with override_settings(KNEEWISE_MAX_UPLOAD_BYTES=1000):
        response = client.post(UPLOAD, follow=True, data={"files": [gpx_file()]})
    assert response.status_code == 413
    assert "too large" in page(response)
    assert Activity.objects.count() == 0


def test_the_upload_enforces_csrf(runner: AbstractBaseUser) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(runner)
    response = client.post(UPLOAD, follow=True, data={"files": [gpx_file()]})
    assert response.status_code == 403
    assert Activity.objects.count() == 0


def test_the_upload_accepts_a_post_with_its_csrf_token(runner: AbstractBaseUser) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(runner)
    client.get(UPLOAD)
    token = client.cookies["csrftoken"].value
    response = client.post(
        UPLOAD, follow=True, data={"files": [gpx_file()], "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 200
    assert Activity.objects.count() == 1


@pytest.mark.parametrize("url", ["/activities/", UPLOAD, "/activities/1/"])
def test_an_anonymous_visitor_is_sent_to_log_in(url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(f"/accounts/login/?next={url}")


def test_an_anonymous_upload_is_sent_to_log_in_and_imports_nothing() -> None:
    response = Client().post(UPLOAD, {"files": [gpx_file()]})
    assert response.status_code == 302
    assert Activity.objects.count() == 0
