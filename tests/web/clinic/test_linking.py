"""A runner links a physiotherapist by code after seeing what is shared, and can stop."""

from __future__ import annotations

import pytest

from kneewise.web.clinic.linking import code_of, display_code, replace_code
from kneewise.web.clinic.models import AuditEvent, ClinicianLink
from tests.web.clinic.clinic_helpers import (
    clinician,
    logged_in_as,
    runner_sharing_with,
)
from tests.web.daily_helpers import runner_with_plan_started

pytestmark = pytest.mark.django_db


def test_a_code_leads_to_a_page_saying_who_and_what_before_anything_is_shared() -> None:
    physio = clinician()
    profile = runner_with_plan_started(3)
    client = logged_in_as(profile.user)
    response = client.post("/sharing/", {"code": display_code(code_of(physio)).lower()})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Share with dr_lee?" in page
    assert "never your GPS tracks" in page
    assert not ClinicianLink.objects.exists()


def test_sharing_starts_only_when_the_runner_agrees() -> None:
    physio = clinician()
    profile = runner_with_plan_started(3)
    client = logged_in_as(profile.user)
    client.post(f"/sharing/join/{code_of(physio)}/")
    made = ClinicianLink.objects.get()
    assert (made.runner, made.clinician, made.revoked_at) == (profile.user, physio, None)
    assert AuditEvent.objects.get().kind == AuditEvent.Kind.LINKED


def test_a_wrong_code_is_explained_next_to_the_field() -> None:
    clinician()
    profile = runner_with_plan_started(3)
    response = logged_in_as(profile.user).post("/sharing/", {"code": "ZZZZ-9999"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_code-error"' in page
    assert "No physiotherapist has this code" in page


def test_a_replaced_code_links_nobody_but_existing_links_stay() -> None:
    physio = clinician()
    old = code_of(physio)
    runner_sharing_with(physio)
    replace_code(physio)
    other = runner_with_plan_started(3, username="ben")
    response = logged_in_as(other.user).get(f"/sharing/join/{old}/")
    assert response.status_code == 404
    assert ClinicianLink.objects.filter(revoked_at__isnull=True).count() == 1


def test_linking_twice_keeps_one_link() -> None:
    physio = clinician()
    profile, _ = runner_sharing_with(physio)
    logged_in_as(profile.user).post(f"/sharing/join/{code_of(physio)}/")
    assert ClinicianLink.objects.count() == 1


def test_stopping_takes_effect_on_the_clinicians_next_request() -> None:
    physio = clinician()
    profile, made = runner_sharing_with(physio)
    physio_client = logged_in_as(physio)
    assert physio_client.get(f"/clinic/runners/{profile.pk}/").status_code == 200
    logged_in_as(profile.user).post(f"/sharing/{made.pk}/stop/")
    assert physio_client.get(f"/clinic/runners/{profile.pk}/").status_code == 404
    assert "ana" not in physio_client.get("/clinic/").content.decode()


def test_the_runner_reads_every_link_and_stop_in_their_audit_trail() -> None:
    physio = clinician()
    profile, made = runner_sharing_with(physio)
    client = logged_in_as(profile.user)
    client.post(f"/sharing/{made.pk}/stop/")
    page = client.get("/sharing/").content.decode()
    assert "Started sharing: with dr_lee" in page
    assert "Stopped sharing: with dr_lee" in page


def test_a_runner_cannot_stop_another_runners_link() -> None:
    physio = clinician()
    _, made = runner_sharing_with(physio)
    other = runner_with_plan_started(3, username="ben")
    logged_in_as(other.user).post(f"/sharing/{made.pk}/stop/")
    assert ClinicianLink.objects.get(pk=made.pk).revoked_at is None


def test_a_clinician_cannot_link_as_a_runner() -> None:
    physio = clinician()
    colleague = clinician("dr_kim")
    response = logged_in_as(colleague).post(f"/sharing/join/{code_of(physio)}/")
    assert response.status_code == 302
    assert not ClinicianLink.objects.exists()


def test_after_ten_wrong_codes_in_an_hour_even_the_right_code_waits() -> None:
    physio = clinician()
    profile = runner_with_plan_started(3)
    client = logged_in_as(profile.user)
    for _ in range(10):
        assert client.post("/sharing/", {"code": "ZZZZ-9999"}).status_code == 400
    response = client.post("/sharing/", {"code": code_of(physio)})
    assert response.status_code == 400
    assert "Too many codes that did not match" in response.content.decode()


def test_right_codes_do_not_count_towards_the_limit() -> None:
    physio = clinician()
    profile = runner_with_plan_started(3)
    client = logged_in_as(profile.user)
    for _ in range(12):
        assert client.post("/sharing/", {"code": code_of(physio)}).status_code == 302
