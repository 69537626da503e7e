"""Login throttling behind a trusted proxy, and the API's upload size cap."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory, override_settings

from kneewise.web.accounts.throttle import client_address

pytestmark = pytest.mark.django_db


def test_without_trusted_proxies_x_forwarded_for_is_ignored() -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_address(request) == "10.0.0.2"


@override_settings(KNEEWISE_PROXY_HOPS=1)
def test_behind_one_trusted_proxy_the_address_it_saw_is_used() -> None:
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
    )
    assert client_address(request) == "203.0.113.7"  # the forged first entry is ignored


@override_settings(KNEEWISE_MAX_UPLOAD_BYTES=1000)
def test_an_api_upload_over_the_cap_is_refused_before_it_is_read() -> None:
    response = Client().post(
        "/api/v1/activities", data=b"x" * 2000, content_type="application/octet-stream"
    )
    assert response.status_code == 413
    assert "KNEEWISE_MAX_UPLOAD_BYTES" in response.json()["detail"]


@override_settings(KNEEWISE_MAX_UPLOAD_BYTES=1000)
def test_a_small_api_request_passes_the_cap() -> None:
    response = Client().post("/api/v1/activities", data=b"x" * 10, content_type="text/plain")
    assert response.status_code == 401  # on to authentication, not stopped by the cap
