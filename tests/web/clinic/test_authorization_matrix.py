"""Every URL and API route, as every kind of caller, against one runner's data (issue #11).

Callers: anonymous, another runner, a clinician she never linked, a clinician she stopped
sharing with, and the clinician she shares with. None but the last sees her data, and nobody
changes it; the last sees it only on the clinic pages (positive control at the end).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.test import Client

from kneewise.web.activities.models import Activity, StoredFile
from kneewise.web.api.models import AccessToken
from kneewise.web.clinic.linking import code_of
from kneewise.web.clinic.models import ClinicianLink, ClinicianNote
from kneewise.web.runners.models import CheckIn, PlanOverride, RunnerProfile
from kneewise.web.runners.plan_changes import set_override
from kneewise.web.sync.ids import sync_id_of
from tests.activity_files import gpx_run
from tests.web.clinic.clinic_helpers import (
    clinician,
    logged_in_as,
    runner_who_stopped_sharing_with,
)
from tests.web.daily_helpers import today
from tests.web.test_every_route_is_guarded import ALL_ROUTES, PUBLIC, text_of

pytestmark = pytest.mark.django_db

DAY = (today() - timedelta(days=2)).isoformat()  # inside the timeline's weeks
MARKERS = ("4321", "4.3 km", "4.32 km", "alice.gpx", "alice", "Hold for the knee exam")


class World:
    """Alice, her data, and the people around her."""

    def __init__(self) -> None:
        self.linked = clinician("dr_linked")
        self.unlinked = clinician("dr_unlinked")
        self.revoked = clinician("dr_revoked")
        runner_who_stopped_sharing_with(self.revoked, username="alice")
        self.alice = RunnerProfile.objects.get(user__username="alice")
        self.link = ClinicianLink.objects.create(runner=self.alice.user, clinician=self.linked)
        self.alice_user: User = self.alice.user
        CheckIn.objects.create(owner=self.alice_user, day=date.fromisoformat(DAY), morning_pain=7)
        stored = StoredFile.objects.create(sha256="a" * 64, size=1, original_name="a.gpx")
        self.activity = Activity.objects.create(
            owner=self.alice_user, file=stored, source="alice.gpx", format="gpx",
            sport="running", start_time=f"{DAY}T07:00:00Z", distance_m=4321.0,
        )  # fmt: skip
        self.token = AccessToken.objects.create(
            owner=self.alice_user, name="alice's script", token_hash="b" * 64
        )
        self.override = set_override(
            self.alice_user,
            self.linked,
            {"kind": "hold", "from": today().isoformat(), "note": "Hold for the knee exam"},
            today(),
        )
        ClinicianNote.objects.create(
            runner=self.alice_user, clinician=self.linked, text="alice private note"
        )
        mallory = get_user_model().objects.create_user("mallory", password="x-Very-long-pass-2")
        RunnerProfile.objects.create(
            user=mallory, plan_start=date(2026, 3, 2), onboarding_step="done"
        )
        self.mallory = mallory

    def concrete(self, route: str) -> str:
        """A route with its parameters filled with alice's objects."""
        route = route.replace("<int:pk>/revoke", f"{self.token.pk}/revoke")
        values = {
            "pk": self.activity.pk,
            "day": DAY,
            "runner_id": self.alice.pk,
            "link_id": self.link.pk,
            "override_id": self.override.pk,
            "code": code_of(self.linked),
            "job_id": 1,
            "sync_id": sync_id_of(self.mallory).value,  # the drop: another runner's id
            "file_name": "run.gpx",
        }
        filled = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m[1]]), route)
        return "/" + filled

    def unchanged(self) -> bool:
        return (
            CheckIn.objects.get(owner=self.alice_user).morning_pain == 7
            and Activity.objects.filter(pk=self.activity.pk).exists()
            and AccessToken.objects.get(pk=self.token.pk).revoked_at is None
            and ClinicianLink.objects.get(pk=self.link.pk).revoked_at is None
            and PlanOverride.objects.filter(owner=self.alice_user).count() == 1
            and "until" in PlanOverride.objects.get().data
            and PlanOverride.objects.get().data["until"] is None
            and ClinicianNote.objects.filter(runner=self.alice_user).count() == 1
        )


@pytest.fixture
def world() -> World:
    return World()


CALLERS: dict[str, Callable[[World], Client]] = {
    "anonymous": lambda w: Client(),
    "another runner": lambda w: logged_in_as(w.mallory),
    "an unlinked clinician": lambda w: logged_in_as(w.unlinked),
    "a clinician after revocation": lambda w: logged_in_as(w.revoked),
}
GUARDED = [r for r in ALL_ROUTES if r not in PUBLIC]


def test_the_matrix_covers_the_clinic_routes(world: World) -> None:
    clinic = [r for r in GUARDED if r.startswith(("clinic/", "sharing/", "api/v1/clinic"))]
    assert len(clinic) >= 9
    assert all("<" not in world.concrete(r) for r in GUARDED)


@pytest.mark.parametrize("caller", sorted(CALLERS))
@pytest.mark.parametrize("route", GUARDED)
def test_no_caller_but_her_clinician_sees_or_changes_alices_data(
    route: str, caller: str, world: World
) -> None:
    client = CALLERS[caller](world)
    url = world.concrete(route)
    body = text_of(client.get(url))
    assert not any(marker in body for marker in MARKERS), (caller, url)
    assert not re.search(r'"morning_pain":\s*7', body), (caller, url)
    client.post(url, {"text": "x", "for_runner": "yes", "kind": "cap", "stage": "ST0"})
    client.delete(url)
    assert world.unchanged(), (caller, url)


@pytest.mark.parametrize(
    "route", [r for r in GUARDED if not r.startswith(("clinic/", "api/v1/clinic"))]
)
def test_her_clinician_sees_her_data_only_on_the_clinic_pages(route: str, world: World) -> None:
    client = logged_in_as(world.linked)
    url = world.concrete(route)
    body = text_of(client.get(url))
    assert not any(marker in body for marker in MARKERS[:4]), url
    assert not re.search(r'"morning_pain":\s*7', body), url
    if "sharing/" not in route:
        client.post(url)
    assert world.unchanged(), url


@pytest.mark.parametrize("caller", sorted(CALLERS))
def test_a_file_dropped_with_another_runners_sync_id_never_reaches_alice(
    caller: str, world: World, data_dir: object
) -> None:
    """The sync drop (issue #13) takes its runner from the id alone, whoever sends it."""
    url = world.concrete("api/v1/sync/<sync_id>/<file_name>")
    body = text_of(CALLERS[caller](world).put(url, gpx_run(), content_type="application/gpx+xml"))
    assert not any(marker in body for marker in MARKERS), caller
    assert Activity.objects.filter(owner=world.alice_user).count() == 1
    assert Activity.objects.filter(owner=world.mallory).count() == 1
    assert world.unchanged(), caller


def test_her_clinician_sees_her_data_on_the_clinic_pages(world: World) -> None:
    """Control: the markers the matrix looks for do show to the clinician she shares with."""
    client = logged_in_as(world.linked)
    assert "alice" in client.get("/clinic/").content.decode()
    page = client.get(f"/clinic/runners/{world.alice.pk}/").content.decode()
    assert "Hold for the knee exam" in page
    timeline = client.get(f"/api/v1/clinic/runners/{world.alice.pk}/timeline").content.decode()
    assert re.search(r'"morning_pain":\s*7', timeline)


def test_a_runner_is_refused_the_clinicians_api(world: World) -> None:
    response = logged_in_as(world.alice_user).get("/api/v1/clinic/caseload")
    assert response.status_code == 403
    assert response.json() == {"detail": "Only clinicians have a caseload."}
