"""The clinician's API (caseload, a runner's timeline) and the runner's sharing API, with a
personal access token, as scripts use them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client

from kneewise.web.api.models import AccessToken
from kneewise.web.clinic.linking import code_of, display_code
from kneewise.web.clinic.models import ClinicianLink
from tests.web.clinic.clinic_helpers import clinician, runner_sharing_with
from tests.web.daily_helpers import green_checkin, runner_with_plan_started, today

pytestmark = pytest.mark.django_db


def bearer(user: User) -> Client:
    _, secret = AccessToken.issue(user, "script")
    return Client(headers={"Authorization": f"Bearer {secret}"})


def test_the_caseload_lists_flags_with_rule_and_evidence_link() -> None:
    physio = clinician()
    profile, _ = runner_sharing_with(physio)
    yesterday = today() - timedelta(days=1)
    green_checkin(profile, yesterday, pain_during=7)
    body = bearer(physio).get("/api/v1/clinic/caseload").json()
    [runner] = body["runners"]
    assert (runner["id"], runner["name"]) == (profile.pk, "ana")
    red = next(f for f in runner["flags"] if f["code"] == "red_session")
    assert red["rule"] == "R6"
    assert red["evidence"]["url"] == f"/clinic/runners/{profile.pk}/#day-{yesterday.isoformat()}"


def test_a_runners_timeline_has_pain_decisions_and_rules() -> None:
    physio = clinician()
    profile, _ = runner_sharing_with(physio)
    green_checkin(profile, today() - timedelta(days=1), morning_pain=3)
    response = bearer(physio).get(f"/api/v1/clinic/runners/{profile.pk}/timeline?weeks=4")
    assert response.status_code == 200
    body = response.json()
    assert body["weeks"] == 4
    days = [d for d in body["days"] if d.get("morning_pain") == 3]
    assert days
    assert any(d["decision"] and d["decision"]["rules"] for d in body["days"])


def test_the_timeline_refuses_weeks_out_of_range() -> None:
    physio = clinician()
    profile, _ = runner_sharing_with(physio)
    response = bearer(physio).get(f"/api/v1/clinic/runners/{profile.pk}/timeline?weeks=0")
    assert response.status_code == 422


def test_an_unlinked_runner_is_not_found_and_a_runner_is_refused_the_caseload() -> None:
    physio = clinician()
    stranger = runner_with_plan_started(3, username="ben")
    assert bearer(physio).get(f"/api/v1/clinic/runners/{stranger.pk}/timeline").status_code == 404
    assert bearer(stranger.user).get("/api/v1/clinic/caseload").status_code == 403


def test_a_runner_shares_lists_and_stops_by_api() -> None:
    physio = clinician()
    profile = runner_with_plan_started(3)
    client = bearer(profile.user)
    made = client.post(
        "/api/v1/sharing", {"code": display_code(code_of(physio))}, content_type="application/json"
    )
    assert made.status_code == 201
    assert [link["clinician"] for link in client.get("/api/v1/sharing").json()] == ["dr_lee"]
    assert client.delete(f"/api/v1/sharing/{made.json()['id']}").status_code == 204
    assert ClinicianLink.objects.get().revoked_at is not None
    wrong = client.post("/api/v1/sharing", {"code": "ZZZZ9999"}, content_type="application/json")
    assert wrong.status_code == 422
    assert "No physiotherapist has this code" in wrong.json()["detail"]


def test_the_openapi_description_lists_the_clinic_and_sharing_routes() -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/clinic/caseload",
        "/api/v1/clinic/runners/{runner_id}/timeline",
        "/api/v1/sharing",
        "/api/v1/sharing/{link_id}",
    ):
        assert path in paths
