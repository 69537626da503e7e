"""Every runner URL and API route, tried as an anonymous visitor and as another runner.

The route list is read from Django's URL resolver, so a new page or route is covered
automatically; only the public pages below may answer an anonymous visitor.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.http.response import HttpResponseBase
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from kneewise.web.activities.models import Activity, StoredFile
from kneewise.web.api.models import AccessToken
from kneewise.web.runners.models import CheckIn, RunnerProfile
from tests.web.reports.report_helpers import pdf_text

pytestmark = pytest.mark.django_db

PUBLIC = {
    "",
    "triage/",
    "akps/",
    "healthz",
    "accounts/signup/",
    "accounts/login/",
    "accounts/password-reset/",
    "accounts/password-reset/sent/",
    "accounts/reset/<uidb64>/<token>/",
    "accounts/reset/done/",
    "api/v1/openapi.json",
    "calendar/<str:token>.ics",  # guarded by its secret token, tested below
    "reminders/stop/<str:token>/",  # guarded by its secret token, tests/web/test_reminders.py
    "manifest.webmanifest",  # installing the app: no data
    "sw.js",
    "offline/",
    "rules/",  # the rule pages and answers explain; they hold no runner data
    "rules/<str:rule_id>/",
    "answers/",
}
HARMLESS_WHEN_ANONYMOUS = {"accounts/logout/"}  # logging out nobody just goes home
DAY = "2026-03-03"
ALICE_MARKERS = ("4321", "4.3 km", "4.32 km", "alice.gpx")


def routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


ALL_ROUTES = sorted(set(routes(get_resolver().url_patterns)))


def concrete(route: str, activity_id: int, token_id: int) -> str:
    """Fill a route's parameters with the OTHER runner's objects."""
    route = route.replace("<int:pk>/revoke", f"{token_id}/revoke")
    route = route.replace("<int:pk>", str(activity_id)).replace("<day>", DAY)
    return "/" + route


@pytest.fixture
def victim() -> dict[str, int]:
    """Runner A with a profile, a check-in, an activity and an access token."""
    user = get_user_model().objects.create_user("alice", password="x-Very-long-pass-1")
    RunnerProfile.objects.create(user=user, plan_start=date(2026, 3, 2), onboarding_step="done")
    CheckIn.objects.create(owner=user, day=date(2026, 3, 3), morning_pain=7)
    stored = StoredFile.objects.create(sha256="a" * 64, size=1, original_name="a.gpx")
    activity = Activity.objects.create(
        owner=user, file=stored, source="alice.gpx", format="gpx", sport="running",
        start_time="2026-03-03T07:00:00Z", distance_m=4321.0,
    )  # fmt: skip
    token = AccessToken.objects.create(owner=user, name="alice's script", token_hash="b" * 64)
    return {"activity": activity.pk, "token": token.pk}


def text_of(response: HttpResponseBase) -> str:
    """A response's text; an export zip is opened and its JSON read."""
    raw = (
        b"".join(response.streaming_content)  # type: ignore[attr-defined]
        if response.streaming
        else response.content  # type: ignore[attr-defined]
    )
    if raw.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            raw = b"".join(archive.read(n) for n in archive.namelist() if n.endswith(".json"))
    if raw.startswith(b"%PDF"):  # the physio report: its text, as a reader sees it
        return pdf_text(raw)
    return raw.decode(errors="replace")


def intruder() -> Client:
    user = get_user_model().objects.create_user("mallory", password="x-Very-long-pass-2")
    RunnerProfile.objects.create(user=user, plan_start=date(2026, 3, 2), onboarding_step="done")
    client = Client()
    client.force_login(user)
    return client


def test_the_route_list_is_not_empty() -> None:
    assert len(ALL_ROUTES) > 30


@pytest.mark.parametrize(
    "route", [r for r in ALL_ROUTES if r not in PUBLIC | HARMLESS_WHEN_ANONYMOUS]
)
def test_anonymous_visitors_are_sent_to_log_in_or_refused(
    route: str, victim: dict[str, int]
) -> None:
    url = concrete(route, victim["activity"], victim["token"])
    for method in ("get", "post"):
        response = getattr(Client(), method)(url)
        assert response.status_code in (302, 401, 403, 404, 405), (method, url)
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/"), (method, url)


@pytest.mark.parametrize("route", [r for r in ALL_ROUTES if r not in PUBLIC])
def test_another_runner_never_sees_or_changes_this_runners_data(
    route: str, victim: dict[str, int]
) -> None:
    client = intruder()
    url = concrete(route, victim["activity"], victim["token"])
    body = text_of(client.get(url))
    assert not any(marker in body for marker in ALICE_MARKERS), url
    assert not re.search(r'"morning_pain":\s*7', body), url
    assert "alice" not in body, url
    if "<int:pk>" in route or "<day>" in route:
        client.post(url)
    assert Activity.objects.filter(pk=victim["activity"]).exists()
    assert AccessToken.objects.get(pk=victim["token"]).revoked_at is None
    assert CheckIn.objects.get(owner__username="alice").morning_pain == 7


def test_the_calendar_feed_needs_the_right_secret(victim: dict[str, int]) -> None:
    assert Client().get("/calendar/not-the-token.ics").status_code == 404
    token = RunnerProfile.objects.get(user__username="alice").calendar_token
    assert Client().get(f"/calendar/{token}.ics").status_code == 200


def test_the_markers_would_show_if_access_control_failed(victim: dict[str, int]) -> None:
    """Control: the owner herself sees the markers the intruder test looks for."""
    owner = Client()
    owner.force_login(get_user_model().objects.get(username="alice"))
    detail = text_of(owner.get(f"/activities/{victim['activity']}/"))
    assert any(marker in detail for marker in ALICE_MARKERS)
    check_in = text_of(owner.get(f"/api/v1/check-ins/{DAY}"))
    assert re.search(r'"morning_pain":\s*7', check_in)
    report = text_of(owner.get("/report/"))  # the PDF is read as text, so markers would show
    assert "alice" in report


def test_the_physio_report_route_is_in_the_checked_list() -> None:
    assert "report/" in ALL_ROUTES
