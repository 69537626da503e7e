"""Login throttling behind a trusted proxy, and the API's upload size cap."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory, override_settings

from kneewise.web.accounts.throttle import client_address
from kneewise.web.proxy import ProxyPolicy

pytestmark = pytest.mark.django_db


def test_without_trusted_proxies_x_forwarded_for_is_ignored() -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_address(request) == "10.0.0.2"


@override_settings(KNEEWISE_PROXY_HOPS=1)
def test_behind_a_proxy_the_application_reads_the_address_the_server_already_resolved() -> None:
    # waitress has put the proxy's X-Forwarded-For into REMOTE_ADDR: applying it again would
    # take a client-written entry.
    request = RequestFactory().get(
        "/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
    )
    assert client_address(request) == "203.0.113.7"


def test_the_server_trusts_forwarded_headers_only_from_the_configured_proxy() -> None:
    assert ProxyPolicy(hops=0).waitress_options() == {"clear_untrusted_proxy_headers": True}
    options = ProxyPolicy(hops=2, trusted_proxy="10.0.0.1").waitress_options()
    assert options["trusted_proxy"] == "10.0.0.1"
    assert options["trusted_proxy_count"] == 2
    assert options["trusted_proxy_headers"] == {"x-forwarded-for", "x-forwarded-proto"}
    assert options["clear_untrusted_proxy_headers"] is True


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
