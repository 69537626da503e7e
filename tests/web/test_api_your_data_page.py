"""The Your data page: download, re-import, and access tokens created once and revoked."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from kneewise.web.api.models import AccessToken, hash_token
from kneewise.web.runners.models import CheckIn
from kneewise.web.runners.portability import export_zip

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path) -> Iterator[Path]:
    with override_settings(DATA_DIR=tmp_path / "data"):
        yield tmp_path / "data"


def logged_in(name: str) -> tuple[AbstractBaseUser, Client]:
    user = get_user_model().objects.create_user(username=name, password="a long passphrase")
    client = Client()
    client.force_login(user)
    return user, client


def test_anonymous_visitors_are_sent_to_log_in() -> None:
    for method, url in [
        ("get", "/api/account/"),
        ("get", "/api/account/export/"),
        ("post", "/api/account/import/"),
        ("post", "/api/account/tokens/"),
        ("post", "/api/account/tokens/1/revoke/"),
    ]:
        response = getattr(Client(), method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/")


def test_the_page_offers_download_import_and_tokens() -> None:
    _, client = logged_in("ana")
    page = client.get("/api/account/").content.decode()
    assert 'href="/api/account/export/"' in page
    assert 'enctype="multipart/form-data"' in page
    assert "csrfmiddlewaretoken" in page
    assert "You have no access tokens." in page


def test_a_new_token_is_shown_once_and_only_its_hash_is_kept() -> None:
    user, client = logged_in("ana")
    page = client.post("/api/account/tokens/", {"name": "sync script"}).content.decode()
    match = re.search(r'value="(kw_[^"]+)"', page)
    assert match is not None
    secret = match.group(1)
    token = AccessToken.objects.get(owner=user)
    assert token.token_hash == hash_token(secret)
    assert secret not in token.token_hash
    assert secret not in client.get("/api/account/").content.decode()
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    assert api.get("/api/v1/check-ins").status_code == 200


def test_a_revoked_token_stops_working() -> None:
    user, client = logged_in("ana")
    token, secret = AccessToken.issue(user, "old phone")
    response = client.post(f"/api/account/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    assert api.get("/api/v1/check-ins").status_code == 401
    assert "revoked" in client.get("/api/account/").content.decode()


def test_a_runner_cannot_revoke_or_see_another_runners_token() -> None:
    ana, _ = logged_in("ana")
    token, _ = AccessToken.issue(ana, "ana's script")
    _, ben_client = logged_in("ben")
    assert ben_client.post(f"/api/account/tokens/{token.pk}/revoke/").status_code == 404
    assert "ana&#x27;s script" not in ben_client.get("/api/account/").content.decode()
    token.refresh_from_db()
    assert not token.revoked


def test_the_forms_need_the_csrf_token() -> None:
    user = get_user_model().objects.create_user(username="ana", password="a long passphrase")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post("/api/account/tokens/", {"name": "x"}).status_code == 403
    assert not AccessToken.objects.exists()


def test_download_then_upload_moves_the_data_to_an_empty_account() -> None:
    ana, ana_client = logged_in("ana")
    CheckIn.objects.create(owner=ana, day=date(2026, 3, 2), morning_pain=3)
    response = ana_client.get("/api/account/export/")
    assert response["Content-Disposition"].startswith('attachment; filename="kneewise-export-')
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    ben, ben_client = logged_in("ben")
    upload = SimpleUploadedFile("kneewise-export.zip", content, "application/zip")
    response = ben_client.post("/api/account/import/", {"export": upload}, follow=True)
    assert "Imported 1 check-in, 0 knee scores, 0 activities and 0 original files." in (
        response.content.decode()
    )
    assert CheckIn.objects.get(owner=ben).morning_pain == 3


def test_uploading_into_an_account_with_data_shows_why_it_was_refused() -> None:
    ana, client = logged_in("ana")
    CheckIn.objects.create(owner=ana, day=date(2026, 3, 2), morning_pain=3)
    upload = SimpleUploadedFile("export.zip", export_zip(ana), "application/zip")
    response = client.post("/api/account/import/", {"export": upload})
    assert response.status_code == 400
    assert "already has data" in response.content.decode()


def test_uploading_a_bad_zip_shows_the_reason_on_the_page() -> None:
    _, client = logged_in("ana")
    upload = SimpleUploadedFile("export.zip", b"not a zip", "application/zip")
    response = client.post("/api/account/import/", {"export": upload})
    assert response.status_code == 400
    assert "not a zip file" in response.content.decode()
