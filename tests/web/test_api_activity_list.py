"""`GET /api/v1/activities?limit=N` (design.md §3.9): newest first, paginated as
`{"items", "count", "next"}`; `next` is a URL to GET as is; errors are JSON `{"detail"}`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kneewise.web.activities.models import Activity, StoredFile
from kneewise.web.api.models import AccessToken

pytestmark = pytest.mark.django_db
URL = "/api/v1/activities"
FIRST = datetime(2025, 1, 6, 7, 0, tzinfo=UTC)


def runner_with(count: int, name: str = "ana", *, same_start_every: int = 0) -> AbstractBaseUser:
    """`count` stored activities a day apart; with `same_start_every`, that many share each
    start time (a watch file and its copy), so the cursor must break ties."""
    user = get_user_model().objects.create_user(username=name, password=None)
    files = [
        StoredFile.objects.create(sha256=f"{name}{k}".ljust(64, "0"), size=1, original_name="a")
        for k in range(same_start_every or 1)
    ]
    Activity.objects.bulk_create(
        Activity(
            owner=user,
            file=files[i % len(files)],
            source=f"{i}.fit",
            format="fit",
            sport="running",
            start_time=FIRST + timedelta(days=i // same_start_every if same_start_every else i),
            distance_m=1000 + i,
        )
        for i in range(count)
    )
    return user


def bearer(user: AbstractBaseUser) -> Client:
    _, secret = AccessToken.issue(user, "script")
    return Client(headers={"Authorization": f"Bearer {secret}"})


def newest_first(user: AbstractBaseUser) -> list[int]:
    rows = Activity.objects.filter(owner=user).order_by("-start_time", "-id")
    return list(rows.values_list("pk", flat=True))


def follow(client: Client, url: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every page from `url` on, following `next`; (all items, all pages)."""
    items, pages = [], []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        page = response.json()
        pages.append(page)
        items.extend(page["items"])
        url = page["next"]
    return items, pages


def test_the_response_is_items_count_and_next_newest_first() -> None:
    user = runner_with(3)
    body = bearer(user).get(URL).json()
    assert set(body) == {"items", "count", "next"}
    assert body["count"] == 3
    assert body["next"] is None
    assert [item["id"] for item in body["items"]] == newest_first(user)
    assert body["items"][0]["distance_m"] == 1002
    assert set(body["items"][0]) >= {"id", "sport", "start_time", "distance_m", "file_sha256"}


def test_the_default_page_is_50_and_next_gets_the_rest_once_each() -> None:
    user = runner_with(120)
    client = bearer(user)
    items, pages = follow(client, URL)
    assert [len(p["items"]) for p in pages] == [50, 50, 20]
    assert {p["count"] for p in pages} == {120}
    assert [item["id"] for item in items] == newest_first(user)
    assert pages[0]["next"].startswith("/api/v1/activities?")
    assert "limit=50" in pages[0]["next"]


def test_the_cursor_keeps_the_order_when_activities_share_a_start_time() -> None:
    user = runner_with(30, same_start_every=3)
    items, pages = follow(bearer(user), f"{URL}?limit=4")
    assert len(pages) == 8
    assert [item["id"] for item in items] == newest_first(user)


@pytest.mark.parametrize("limit", [1, 7, 200])
def test_any_limit_from_1_to_200_pages_through_everything(limit: int) -> None:
    user = runner_with(15)
    items, pages = follow(bearer(user), f"{URL}?limit={limit}")
    assert all(len(p["items"]) <= limit for p in pages)
    assert [item["id"] for item in items] == newest_first(user)


def test_200_is_the_largest_page() -> None:
    user = runner_with(205)
    body = bearer(user).get(f"{URL}?limit=200").json()
    assert len(body["items"]) == 200
    assert body["count"] == 205


@pytest.mark.parametrize("limit", ["0", "201", "-1", "many"])
def test_a_limit_out_of_bounds_is_a_4xx_with_a_detail(limit: str) -> None:
    response = bearer(runner_with(2)).get(f"{URL}?limit={limit}")
    assert 400 <= response.status_code < 500
    assert "detail" in response.json()


@pytest.mark.parametrize("cursor", ["x", "12", "1.x", "99999999999999999999999.1", ""])
def test_a_cursor_not_from_next_is_a_4xx_with_a_detail(cursor: str) -> None:
    response = bearer(runner_with(2)).get(f"{URL}?before={cursor}")
    if cursor == "":  # an empty value is the same as none
        assert response.status_code == 200
        return
    assert response.status_code == 422
    assert "cursor" in response.json()["detail"]


def test_since_is_kept_in_next() -> None:
    user = runner_with(10)
    since = (FIRST + timedelta(days=4)).date().isoformat()
    items, pages = follow(bearer(user), f"{URL}?limit=2&since={since}")
    assert pages[0]["count"] == 6
    assert f"since={since}" in pages[0]["next"]
    assert [item["id"] for item in items] == newest_first(user)[:6]


def test_a_cursor_never_shows_another_runners_activities() -> None:
    ana, ben = runner_with(5), runner_with(5, "ben")
    first = bearer(ana).get(f"{URL}?limit=2").json()
    theirs = bearer(ben).get(first["next"]).json()
    assert {item["id"] for item in theirs["items"]} <= set(newest_first(ben))


def test_a_page_costs_the_same_queries_for_any_history() -> None:
    counts = []
    for name, count in (("short", 20), ("long", 700)):
        client = bearer(runner_with(count, name))
        next_url = client.get(f"{URL}?limit=10").json()["next"]
        with CaptureQueriesContext(connection) as captured:
            assert client.get(next_url).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_the_openapi_schema_describes_the_page() -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    operation = schema["paths"][URL]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert parameters["limit"]["schema"]["maximum"] == 200
    assert parameters["limit"]["schema"]["minimum"] == 1
    assert parameters["limit"]["schema"]["default"] == 50
    assert "before" in parameters
    page = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    fields = schema["components"]["schemas"][page.rsplit("/", 1)[-1]]["properties"]
    assert set(fields) == {"items", "count", "next"}
