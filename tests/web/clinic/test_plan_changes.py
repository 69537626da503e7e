"""A clinician's plan changes reach the runner's plan and Today, within the rules (CLIN)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User

from kneewise.core.plan.exercises import load_catalogue
from kneewise.web.accounts.services import delete_account
from kneewise.web.clinic.models import AuditEvent
from kneewise.web.runners.models import PlanOverride, RunnerProfile
from kneewise.web.runners.plan_service import plan_view
from tests.web.clinic.clinic_helpers import clinician, logged_in_as, runner_sharing_with
from tests.web.daily_helpers import green_checkin, today

pytestmark = pytest.mark.django_db


def form(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {"kind": "hold", "start": today().isoformat(), "note": ""}
    data.update(changes)
    return data


def test_a_hold_is_explained_on_the_runners_today_with_its_end_date() -> None:
    physio = clinician()
    profile, _ = runner_sharing_with(physio)
    until = today() + timedelta(days=6)
    response = logged_in_as(physio).post(
        f"/clinic/runners/{profile.pk}/overrides/",
        form(until=until.isoformat(), note="Until I see you on Friday"),
    )
    assert response.status_code == 302
    page = logged_in_as(profile.user).get("/today/").content.decode()
    assert "by your physiotherapist" in page
    assert "Until I see you on Friday" in page
    assert "CLIN" in page
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.OVERRIDE_SET).count() == 1


def test_a_stage_cap_keeps_every_coming_day_at_or_below_it() -> None:
    physio = clinician()
    profile, _ = runner_sharing_with(physio, days_ago=30)
    for back in range(30, 0, -1):
        green_checkin(profile, today() - timedelta(days=back))
    logged_in_as(physio).post(
        f"/clinic/runners/{profile.pk}/overrides/", form(kind="cap", stage="ST1")
    )
    days = plan_view(profile, today(), ahead=14).days[-14:]
    assert {d.stage.value for d in days} <= {"ST0", "ST1"}
    assert any("CLIN" in d.decision.rules for d in days)


def test_a_refused_exclusion_is_shown_next_to_the_exercise_list_naming_the_rule() -> None:
    physio = clinician()
    profile, _ = runner_sharing_with(physio)
    every = [e.id for e in load_catalogue().exercises]
    response = logged_in_as(physio).post(
        f"/clinic/runners/{profile.pk}/overrides/",
        form(kind="exclude_exercises", exercises=every),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_exercises-error"' in page
    assert "R26" in page
    assert not PlanOverride.objects.exists()


def test_an_override_cannot_start_in_the_past() -> None:
    physio = clinician()
    profile, _ = runner_sharing_with(physio)
    yesterday = (today() - timedelta(days=1)).isoformat()
    response = logged_in_as(physio).post(
        f"/clinic/runners/{profile.pk}/overrides/", form(start=yesterday)
    )
    assert response.status_code == 400
    assert "past days stay as set" in response.content.decode()
    assert not PlanOverride.objects.exists()


def test_a_cap_without_a_stage_or_phase_is_explained() -> None:
    physio = clinician()
    profile, _ = runner_sharing_with(physio)
    response = logged_in_as(physio).post(
        f"/clinic/runners/{profile.pk}/overrides/", form(kind="cap")
    )
    assert response.status_code == 400
    assert "a cap needs stage" in response.content.decode()


def test_ending_a_change_keeps_the_days_it_shaped_and_frees_the_days_to_come() -> None:
    physio = clinician()
    profile, _ = runner_sharing_with(physio)
    client = logged_in_as(physio)
    client.post(f"/clinic/runners/{profile.pk}/overrides/", form(kind="cap", stage="ST0"))
    row = PlanOverride.objects.get()
    client.post(f"/clinic/runners/{profile.pk}/overrides/{row.pk}/end/")
    assert not PlanOverride.objects.exists()  # it started today: nothing to keep
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.OVERRIDE_ENDED).count() == 1
    today_plan = plan_view(profile, today(), ahead=1).day(today())
    assert today_plan is not None
    assert "CLIN" not in today_plan.decision.rules


def test_stopping_sharing_ends_that_clinicians_changes() -> None:
    physio = clinician()
    profile, made = runner_sharing_with(physio)
    logged_in_as(physio).post(f"/clinic/runners/{profile.pk}/overrides/", form())
    logged_in_as(profile.user).post(f"/sharing/{made.pk}/stop/")
    today_plan = plan_view(profile, today(), ahead=1).day(today())
    assert today_plan is not None
    assert "CLIN" not in today_plan.decision.rules


def runner_paused_after_two_red_sessions(physio: User, *, this_morning: int) -> RunnerProfile:
    """Two red sessions this week paused running yesterday (R12); today's morning pain given."""
    profile, _ = runner_sharing_with(physio, days_ago=20)
    for back in range(20, 3, -1):
        green_checkin(profile, today() - timedelta(days=back))
    green_checkin(profile, today() - timedelta(days=3), pain_during=7)
    green_checkin(profile, today() - timedelta(days=2), pain_during=7)
    green_checkin(profile, today() - timedelta(days=1), morning_pain=2)
    green_checkin(profile, today(), morning_pain=this_morning, done=None, pain_during=None,
                  pain_after_60min=None)  # fmt: skip
    return profile


def test_clearing_a_pause_on_a_red_morning_is_refused_by_the_rules() -> None:
    physio = clinician()
    profile = runner_paused_after_two_red_sessions(physio, this_morning=7)
    logged_in_as(physio).post(f"/clinic/runners/{profile.pk}/overrides/", form(kind="clear_pause"))
    view = plan_view(profile, today(), ahead=1)
    plan = view.day(today())
    assert plan is not None
    assert "The rules come first, so the pause stays for today" in plan.decision.message
    assert view.state.pause is not None
    assert view.state.pause.cleared_by is None


def test_clearing_a_pause_after_an_assessment_ends_it_on_a_calm_morning() -> None:
    physio = clinician()
    profile = runner_paused_after_two_red_sessions(physio, this_morning=1)
    logged_in_as(physio).post(f"/clinic/runners/{profile.pk}/overrides/", form(kind="clear_pause"))
    view = plan_view(profile, today(), ahead=1)
    plan = view.day(today())
    assert plan is not None
    assert "Your physiotherapist saw you" in plan.decision.message
    assert view.state.pause is not None
    assert view.state.pause.cleared_by == "seen_clinician"
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.PAUSE_CLEARED).count() == 1


def test_a_clinician_closing_their_account_ends_their_plan_changes() -> None:
    physio = clinician()
    profile, _ = runner_sharing_with(physio)
    logged_in_as(physio).post(f"/clinic/runners/{profile.pk}/overrides/", form())
    delete_account(physio)
    today_plan = plan_view(profile, today(), ahead=1).day(today())
    assert today_plan is not None
    assert "CLIN" not in today_plan.decision.rules
    ended = AuditEvent.objects.get(kind=AuditEvent.Kind.OVERRIDE_ENDED)
    assert (ended.actor, ended.actor_name) == (None, "dr_lee")
    assert ended.detail.endswith("(account closed)")
