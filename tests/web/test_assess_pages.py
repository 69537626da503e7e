"""Every page: the notice, no external requests, small, accessible basics; /healthz; errors."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.db import OperationalError
from django.http import HttpResponse
from django.test import Client, RequestFactory

from kneewise.web.assess import views
from tests.web.assess_helpers import (
    ALL_BEST,
    NOTICE_HTML,
    akps_answers,
    main_of,
    text,
    typical_runners_knee,
    urls_to_other_hosts,
)

MAX_PAGE_BYTES = 100 * 1024

PAGES: dict[str, Callable[[Client], HttpResponse]] = {
    "landing": lambda c: c.get("/"),
    "triage form": lambda c: c.get("/triage/"),
    "triage result, likely": lambda c: c.post("/triage/", typical_runners_knee()),
    "triage result, urgent": lambda c: c.post("/triage/", typical_runners_knee(locked_knee="on")),
    "triage with errors": lambda c: c.post("/triage/", {"locked_knee": "on"}),
    "akps form": lambda c: c.get("/akps/"),
    "akps result": lambda c: c.post("/akps/", akps_answers(ALL_BEST, previous_score="70")),
    "akps with errors": lambda c: c.post("/akps/", {}),
    "not found": lambda c: c.get("/no-such-page/"),
    "csrf refused": lambda c: Client(enforce_csrf_checks=True).post("/triage/", {}),
}


@pytest.fixture(params=sorted(PAGES))
def page(request: pytest.FixtureRequest, client: Client) -> str:
    response = PAGES[request.param](client)
    assert response.status_code in (200, 403, 404)
    assert len(response.content) < MAX_PAGE_BYTES
    return text(response)


def test_landing_page_explains_kneewise_links_both_checks_and_shows_the_notice(
    client: Client,
) -> None:
    page = text(client.get("/"))
    main = main_of(page)
    assert "runner’s knee" in main
    assert 'href="/triage/"' in main
    assert 'href="/akps/"' in main
    assert NOTICE_HTML in page


def test_the_not_medical_advice_notice_is_on_every_page(page: str) -> None:
    footer = page[page.index("<footer") :]
    assert NOTICE_HTML in footer


def test_every_page_is_under_100_kb_and_loads_nothing_from_other_hosts(page: str) -> None:
    assert len(page.encode()) < MAX_PAGE_BYTES
    assert 'href="/static/kneewise/kneewise.css"' in page
    assert urls_to_other_hosts(page) == []
    # No script but our own home-screen offer (sw-register.js): the pages work without it.
    assert re.findall(r"<script[^>]*>", page) == [
        '<script src="/static/kneewise/sw-register.js" defer>'
    ]


def test_every_page_has_a_skip_link_landmarks_and_a_language(page: str) -> None:
    assert '<html lang="en">' in page
    assert '<a class="skip-link" href="#main">' in page
    assert '<main id="main"' in page
    assert "<header" in page
    assert "<footer" in page
    assert 'name="viewport"' in page


def test_the_external_url_check_does_catch_other_hosts() -> None:
    page = '<link href="https://cdn.example.com/x.css"><img src="//evil.test/a.png"><a href="/ok">'
    assert urls_to_other_hosts(page) == ["https://cdn.example.com/x.css", "//evil.test/a.png"]


def test_stylesheet_is_served_by_the_app_and_fetches_nothing(client: Client) -> None:
    response = client.get("/static/kneewise/kneewise.css")
    assert response.status_code == 200
    css = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    assert ":focus-visible" in css
    assert "@import" not in css
    assert "url(" not in css
    assert len(css.encode()) < 20 * 1024


@pytest.mark.django_db
def test_healthz_returns_ok_as_plain_text(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


@pytest.mark.django_db
def test_healthz_reports_503_when_the_database_does_not_answer(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_cursor(*args: object, **kwargs: object) -> None:
        raise OperationalError("unable to open database file")

    monkeypatch.setattr(views.connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"database unavailable"


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("put", "/triage/"),
        ("delete", "/akps/"),
        ("patch", "/triage/"),
        ("post", "/"),
        ("post", "/healthz"),
    ],
)
def test_pages_refuse_methods_they_do_not_use(client: Client, method: str, url: str) -> None:
    response = getattr(client, method)(url)
    assert response.status_code == 405


def test_assessment_pages_are_never_cached(client: Client) -> None:
    for response in (client.get("/triage/"), client.post("/akps/", akps_answers(ALL_BEST))):
        assert "no-store" in response["Cache-Control"]


def test_unknown_address_gets_a_kind_not_found_page(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in text(response)


def test_server_error_page_keeps_the_notice() -> None:
    response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in text(response)
    assert NOTICE_HTML in text(response)
