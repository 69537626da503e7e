"""No copies of private answers: every API response and every logged-in page says no-store."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from tests.web.test_api_routes import bearer, runner

pytestmark = pytest.mark.django_db


def no_store(response: object) -> bool:
    return "no-store" in response.get("Cache-Control", "")  # type: ignore[attr-defined]


def test_api_answers_are_never_stored_errors_included() -> None:
    reader = bearer(runner("ana"))
    answers = [
        reader.get("/api/v1/today"),  # 200
        reader.get("/api/v1/activities/999999"),  # 404
        reader.put("/api/v1/check-ins/2026-03-01", {"morning_pain": 11}, "application/json"),
        Client().get("/api/v1/today"),  # 401
        Client().get("/api/v1/openapi.json"),
    ]
    assert [a.status_code for a in answers] == [200, 404, 422, 401, 200]
    assert all(no_store(answer) for answer in answers)


@override_settings(KNEEWISE_MAX_UPLOAD_BYTES=10)
def test_the_api_upload_limits_early_answer_is_never_stored() -> None:
    response = Client().post("/api/v1/activities", data=b"x" * 20, content_type="text/plain")
    assert response.status_code == 413
    assert no_store(response)


def test_pages_for_a_logged_in_person_are_never_stored() -> None:
    client = Client()
    client.force_login(get_user_model().objects.create_user("ana", password="a long phrase"))
    for url in (
        "/today/",
        "/progress/",
        "/activities/",
        "/api/account/",
        "/",
        "/accounts/password/done/",
    ):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert no_store(response), url
        assert "private" in response["Cache-Control"], url
