"""The JSON API: token and session auth, OpenAPI, check-ins, uploads, and only your own data."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.response import HttpResponseBase
from django.test import Client, override_settings
from django.utils import timezone

from kneewise.web.activities.models import Activity
from kneewise.web.api.models import AccessToken
from kneewise.web.runners.models import CheckIn, RunnerProfile
from tests.activity_files import gpx_run

pytestmark = pytest.mark.django_db
TRIAGE = {
    "age": 34,
    "onset": "gradual",
    "pain_location": "front",
    "aggravating": ["stairs", "squatting"],
    "squat_painful": True,
}


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path) -> Iterator[Path]:
    with override_settings(DATA_DIR=tmp_path / "data"):
        yield tmp_path / "data"


def runner(name: str) -> AbstractBaseUser:
    user = get_user_model().objects.create_user(username=name, password="a long passphrase")
    RunnerProfile.objects.create(
        user=user,
        age=34,
        sex="female",
        triage_answers=TRIAGE,
        triage_outcome="likely_pfp",
        function_sit_30min=0,
        function_stairs=1,
        function_squat=1,
        plan_start=timezone.now().date() - timedelta(days=3),
    )
    return user


def bearer(user: AbstractBaseUser) -> Client:
    _, secret = AccessToken.issue(user, "script")
    return Client(headers={"Authorization": f"Bearer {secret}"})


def yesterday() -> str:
    return (timezone.now().date() - timedelta(days=1)).isoformat()


def test_a_token_reads_todays_plan() -> None:
    response = bearer(runner("ana")).get("/api/v1/today")
    assert response.status_code == 200
    assert response.json()["date"] == timezone.now().date().isoformat()
    assert "decision" in response.json()


def test_a_token_is_stored_only_as_a_hash_and_its_use_is_recorded() -> None:
    user = runner("ana")
    token, secret = AccessToken.issue(user, "phone")
    assert secret not in token.token_hash
    assert token.hint == secret[:8]
    Client(headers={"Authorization": f"Bearer {secret}"}).get("/api/v1/today")
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_revoked_token_gets_401() -> None:
    user = runner("ana")
    token, secret = AccessToken.issue(user, "old script")
    token.revoke()
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    assert client.get("/api/v1/today").status_code == 401


def test_no_token_or_a_wrong_token_gets_401_on_every_route() -> None:
    runner("ana")
    for client in (Client(), Client(headers={"Authorization": "Bearer kw_not-a-real-token"})):
        for method, url in ROUTES:
            response = getattr(client, method)(url.format(day=yesterday()))
            assert response.status_code == 401, (method, url)


def test_the_logged_in_session_reads_the_api() -> None:
    client = Client()
    client.force_login(runner("ana"))
    assert client.get("/api/v1/plan?days=3").status_code == 200
    assert len(client.get("/api/v1/plan?days=3").json()) == 3


def test_the_session_needs_the_csrf_token_to_write() -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(runner("ana"))
    response = client.put(
        f"/api/v1/check-ins/{yesterday()}", {"morning_pain": 1}, content_type="application/json"
    )
    assert response.status_code == 403
    assert not CheckIn.objects.exists()


def test_the_openapi_json_is_served_and_lists_every_route() -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"] == {
        "title": "Kneewise API",
        "version": "1",
        "description": schema["info"]["description"],
    }
    for path in ["today", "plan", "check-ins", "check-ins/{day}", "activities", "export"]:
        assert f"/api/v1/{path}" in schema["paths"]
    assert Client().get("/api/v1/docs").status_code == 404  # no page that loads a CDN


def test_a_check_in_is_saved_and_read_back() -> None:
    client = bearer(runner("ana"))
    url = f"/api/v1/check-ins/{yesterday()}"
    body = {"morning_pain": 2, "done": True, "pain_during": 3, "new_load": "hiking"}
    response = client.put(url, body, content_type="application/json")
    assert response.status_code == 200
    saved = client.get(url).json()
    assert saved["morning_pain"] == 2
    assert saved["new_load"] == "hiking"
    assert saved["limp"] is False
    assert saved["day"] == yesterday()
    assert [c["day"] for c in client.get(f"/api/v1/check-ins?since={yesterday()}").json()] == [
        yesterday()
    ]


@pytest.mark.parametrize(
    "body",
    [{"morning_pain": 11}, {"pain_during": -1}, {"new_load": "skydiving"}, {"unknown": 1}],
)
def test_a_check_in_with_invalid_answers_is_refused_with_422(body: dict[str, object]) -> None:
    client = bearer(runner("ana"))
    response = client.put(f"/api/v1/check-ins/{yesterday()}", body, content_type="application/json")
    assert response.status_code == 422
    assert not CheckIn.objects.exists()


def test_a_check_in_for_a_future_day_is_refused() -> None:
    client = bearer(runner("ana"))
    tomorrow = (timezone.now().date() + timedelta(days=2)).isoformat()
    response = client.put(
        f"/api/v1/check-ins/{tomorrow}", {"morning_pain": 1}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "future" in response.json()["detail"]


def test_an_uploaded_gpx_is_imported_through_the_real_path() -> None:
    client = bearer(runner("ana"))
    gpx = SimpleUploadedFile("morning run.gpx", gpx_run(km=5.0).encode())
    response = client.post("/api/v1/activities", {"files": [gpx]})
    assert response.status_code == 200, response.content
    job = response.json()
    assert job["status"] == "done"
    assert job["report"]["activities_imported"] == 1
    assert client.get(job["url"]).json() == job  # the job can be polled at its url
    listed = client.get("/api/v1/activities").json()["items"]
    assert len(listed) == 1
    assert round(listed[0]["distance_m"] / 1000) == 5
    assert Activity.objects.get().source == "morning run.gpx"  # as the runner named it


def test_uploading_the_same_file_again_adds_nothing() -> None:
    client = bearer(runner("ana"))
    for _ in range(2):
        response = client.post(
            "/api/v1/activities", {"files": [SimpleUploadedFile("r.gpx", gpx_run().encode())]}
        )
    assert response.json()["report"]["duplicates_skipped"] == 1
    assert Activity.objects.count() == 1


def test_the_export_route_downloads_a_zip() -> None:
    response = bearer(runner("ana")).get("/api/v1/export")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        assert "kneewise-export.json" in archive.namelist()


def readable(response: HttpResponseBase) -> bytes:
    """The response body, with a zip's JSON document unpacked so it can be searched."""
    if not response.streaming:
        return response.content  # type: ignore[attr-defined, no-any-return]
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("kneewise-export.json")


ROUTES = [
    ("get", "/api/v1/today"),
    ("get", "/api/v1/plan"),
    ("get", "/api/v1/check-ins"),
    ("get", "/api/v1/check-ins/{day}"),
    ("put", "/api/v1/check-ins/{day}"),
    ("get", "/api/v1/activities"),
    ("post", "/api/v1/activities"),
    ("get", "/api/v1/export"),
]


def test_a_runner_never_sees_or_changes_another_runners_data_through_any_route() -> None:
    ana, ben = runner("ana"), runner("ben")
    ana_client = bearer(ana)
    day = yesterday()
    ana_client.put(f"/api/v1/check-ins/{day}", {"morning_pain": 7}, content_type="application/json")
    ana_client.post(
        "/api/v1/activities", {"files": [SimpleUploadedFile("a.gpx", gpx_run().encode())]}
    )
    ben_client = bearer(ben)
    seen: dict[tuple[str, str], int] = {}
    for method, url in ROUTES:
        url = url.format(day=day)
        if method == "put":
            response = ben_client.put(url, {"morning_pain": 0}, content_type="application/json")
        elif method == "post":
            response = ben_client.post(url, {"files": []})
        else:
            response = ben_client.get(url)
        seen[(method, url)] = response.status_code
        body = readable(response)
        assert b'"morning_pain": 7' not in body
        assert b'"morning_pain":7' not in body
        assert b"a.gpx" not in body
    assert seen[("get", f"/api/v1/check-ins/{day}")] == 404
    assert bearer(ben).get("/api/v1/activities").json() == {"items": [], "count": 0, "next": None}
    assert CheckIn.objects.get(owner=ana, day=date.fromisoformat(day)).morning_pain == 7
    assert Activity.objects.filter(owner=ben).count() == 0


def test_a_new_runner_without_a_profile_gets_a_plan_for_today() -> None:
    user = get_user_model().objects.create_user(username="new", password="a long passphrase")
    response = bearer(user).get("/api/v1/today")
    assert response.status_code == 200


def test_a_plan_that_starts_later_has_no_today_yet() -> None:
    user = runner("ana")
    RunnerProfile.objects.filter(user=user).update(
        plan_start=timezone.now().date() + timedelta(days=3)
    )
    assert bearer(user).get("/api/v1/today").status_code == 404
