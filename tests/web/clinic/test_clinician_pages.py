"""The clinician's pages: a caseload of runners who share, most urgent first, notes and
messages, and the clinician's own navigation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from kneewise.web.clinic.linking import code_of
from kneewise.web.clinic.models import AuditEvent
from kneewise.web.runners.models import RunnerProfile
from tests.web.clinic.clinic_helpers import clinician, logged_in_as, runner_sharing_with
from tests.web.daily_helpers import green_checkin, runner_with_plan_started, today

pytestmark = pytest.mark.django_db


def test_the_caseload_lists_only_runners_who_share_with_this_clinician() -> None:
    physio = clinician()
    runner_sharing_with(physio, username="ana")
    runner_sharing_with(clinician("dr_kim"), username="ben")
    runner_with_plan_started(3, username="cleo")
    page = logged_in_as(physio).get("/clinic/").content.decode()
    assert "ana" in page
    assert "ben" not in page
    assert "cleo" not in page


def test_a_red_session_puts_the_runner_first_with_a_link_to_that_day() -> None:
    physio = clinician()
    calm, _ = runner_sharing_with(physio, username="aaron")
    hurt, _ = runner_sharing_with(physio, username="zoe")
    yesterday = today() - timedelta(days=1)
    for profile in (calm, hurt):
        green_checkin(profile, today())
    green_checkin(calm, yesterday)
    green_checkin(hurt, yesterday, pain_during=7)
    page = logged_in_as(physio).get("/clinic/").content.decode()
    assert page.index("zoe") < page.index("aaron")
    assert f"/clinic/runners/{hurt.pk}/#day-{yesterday.isoformat()}" in page
    timeline = logged_in_as(physio).get(f"/clinic/runners/{hurt.pk}/").content.decode()
    assert f'id="day-{yesterday.isoformat()}"' in timeline  # the flag's evidence is there


def test_the_caseload_gives_the_clinicians_code_and_invitation_link() -> None:
    physio = clinician()
    page = logged_in_as(physio).get("/clinic/").content.decode()
    assert "/sharing/join/" in page
    assert "Make a new code" in page


def test_a_private_note_stays_with_the_clinician() -> None:
    physio = clinician()
    profile, _ = runner_sharing_with(physio)
    logged_in_as(physio).post(
        f"/clinic/runners/{profile.pk}/notes/", {"text": "Weak glute med L", "for_runner": "no"}
    )
    assert (
        "Weak glute med L"
        in logged_in_as(physio).get(f"/clinic/runners/{profile.pk}/").content.decode()
    )
    runner = logged_in_as(profile.user)
    assert "Weak glute med L" not in runner.get("/today/").content.decode()
    assert "Weak glute med L" not in runner.get("/sharing/").content.decode()


def test_a_message_shows_on_the_runners_today_and_in_their_audit_trail() -> None:
    physio = clinician()
    profile, _ = runner_sharing_with(physio)
    logged_in_as(physio).post(
        f"/clinic/runners/{profile.pk}/notes/",
        {"text": "Great week. Keep the side steps going.", "for_runner": "yes"},
    )
    page = logged_in_as(profile.user).get("/today/").content.decode()
    assert "From your physiotherapist" in page
    assert "Keep the side steps going." in page
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.MESSAGE).count() == 1


def test_another_clinicians_private_notes_are_not_shown() -> None:
    physio = clinician()
    colleague = clinician("dr_kim")
    profile, _ = runner_sharing_with(physio)
    logged_in_as(profile.user).post(f"/sharing/join/{code_of(colleague)}/")
    logged_in_as(colleague).post(
        f"/clinic/runners/{profile.pk}/notes/", {"text": "Kim's own note", "for_runner": "no"}
    )
    page = logged_in_as(physio).get(f"/clinic/runners/{profile.pk}/").content.decode()
    assert "Kim's own note" not in page


def test_an_empty_note_is_explained_next_to_the_field() -> None:
    physio = clinician()
    profile, _ = runner_sharing_with(physio)
    response = logged_in_as(physio).post(
        f"/clinic/runners/{profile.pk}/notes/", {"text": "", "for_runner": "no"}
    )
    assert response.status_code == 400
    assert 'id="id_text_error"' in response.content.decode()


def test_a_clinician_has_their_own_navigation_and_lands_on_the_caseload() -> None:
    physio = clinician()
    client = logged_in_as(physio)
    page = client.get("/clinic/").content.decode()
    assert 'href="/clinic/"' in page
    assert 'href="/today/"' not in page
    assert client.get("/today/")["Location"] == "/clinic/"


def test_a_runner_is_refused_the_clinician_pages() -> None:
    profile = runner_with_plan_started(3)
    assert logged_in_as(profile.user).get("/clinic/").status_code == 403


def test_logging_in_as_a_clinician_goes_to_the_caseload() -> None:
    clinician()
    response = Client().post(
        "/accounts/login/", {"username": "dr_lee", "password": "a long password"}
    )
    assert response["Location"] == "/clinic/"


def test_a_clinicians_settings_are_their_account_only_and_make_no_runner_profile() -> None:
    physio = clinician()
    client = logged_in_as(physio)
    page = client.get("/accounts/profile/").content.decode()
    assert "Change your password" in page
    assert 'name="time_zone"' not in page
    client.post("/accounts/profile/", {"units": "km", "time_zone": "UTC"})
    assert not RunnerProfile.objects.filter(user=physio).exists()
