"""The morning reminder by email (issue #12 item 15): at the runner's local time, only without
a check-in, once a day however many workers look, with a one-click unsubscribe."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client, override_settings

from kneewise.web.activities.worker import remind_tick
from kneewise.web.runners.models import RunnerProfile
from kneewise.web.runners.portability import JSON_NAME, export_zip, import_export
from kneewise.web.runners.reminders import send_due_reminders
from tests.web.daily_helpers import client_for, green_checkin, runner_with_plan_started

pytestmark = pytest.mark.django_db
# 06:30 UTC is 07:30 in Berlin (winter) and 17:30 in Sydney (summer).
MORNING = datetime(2026, 12, 7, 6, 30, tzinfo=UTC)


def runner_with_reminder(
    at: str = "07:00", *, zone: str = "Europe/Berlin", **changes: object
) -> RunnerProfile:
    profile = runner_with_plan_started(
        20, time_zone=zone, reminder_time=time.fromisoformat(at), **changes
    )
    profile.user.email = "ana@example.org"
    profile.user.save()
    return profile


def test_a_reminder_goes_out_once_its_local_time_has_come() -> None:
    runner_with_reminder("08:00")
    assert send_due_reminders(MORNING) == 0  # 07:30 in Berlin
    assert send_due_reminders(MORNING + timedelta(hours=1)) == 1
    [message] = mail.outbox
    assert message.to == ["ana@example.org"]
    assert "/check-in/" in message.body
    assert "/reminders/stop/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_two_workers_looking_send_it_once_a_day() -> None:
    runner_with_reminder()
    assert send_due_reminders(MORNING) == 1
    assert send_due_reminders(MORNING) == 0
    assert send_due_reminders(MORNING + timedelta(hours=2)) == 0
    assert send_due_reminders(MORNING + timedelta(days=1)) == 1
    assert len(mail.outbox) == 2


def test_no_reminder_after_checking_in() -> None:
    profile = runner_with_reminder()
    green_checkin(profile, MORNING.astimezone(profile.zone).date(), done=None)
    assert send_due_reminders(MORNING) == 0


def test_the_runners_own_time_zone_decides() -> None:
    runner_with_reminder("07:00", zone="Australia/Sydney")
    assert send_due_reminders(datetime(2026, 12, 6, 19, 0, tzinfo=UTC)) == 0  # 06:00 there
    assert send_due_reminders(datetime(2026, 12, 6, 20, 30, tzinfo=UTC)) == 1  # 07:30 there


def test_without_a_time_or_an_email_nothing_is_sent() -> None:
    runner_with_plan_started(20)
    off = runner_with_reminder(username="ben")
    off.reminder_time = None
    off.save()
    assert send_due_reminders(MORNING) == 0


def test_the_worker_tick_sends_what_is_due() -> None:
    runner_with_reminder()
    assert remind_tick(MORNING) == 1


def test_one_click_stops_the_reminders_and_a_wrong_token_is_not_found() -> None:
    profile = runner_with_reminder()
    assert Client().get(f"/reminders/stop/{profile.reminder_token}/").status_code == 200
    assert RunnerProfile.objects.get(pk=profile.pk).reminder_time is None
    assert Client().post("/reminders/stop/not-a-token/").status_code == 404


def test_a_mail_apps_one_click_post_also_stops_them() -> None:
    profile = runner_with_reminder()
    response = Client(enforce_csrf_checks=True).post(f"/reminders/stop/{profile.reminder_token}/")
    assert response.status_code == 200
    assert RunnerProfile.objects.get(pk=profile.pk).reminder_time is None


def test_settings_turn_the_reminder_on_and_need_an_email() -> None:
    profile = runner_with_plan_started(3)
    data = {"units": "km", "time_zone": "UTC", "first_day_of_week": "0", "reminder_time": "07:30"}
    response = client_for(profile).post("/accounts/profile/", data)
    assert response.status_code == 200  # no email: refused next to the field
    assert "A reminder needs an email address" in response.content.decode()
    profile.user.email = "ana@example.org"
    profile.user.save()
    client_for(profile).post("/accounts/profile/", data)
    assert RunnerProfile.objects.get(pk=profile.pk).reminder_time == time(7, 30)


def test_the_reminder_time_travels_in_an_export_but_not_its_unsubscribe_secret(
    tmp_path: Path,
) -> None:
    profile = runner_with_reminder("06:30")
    with override_settings(DATA_DIR=tmp_path / "data"):
        content = export_zip(profile.user)
        data = json.loads(zipfile.ZipFile(io.BytesIO(content)).read(JSON_NAME))
        assert data["profile"]["reminder_time"] == "06:30:00"
        assert "reminder_token" not in data["profile"]
        newcomer = get_user_model().objects.create_user("cleo", password="a long password")
        import_export(newcomer, io.BytesIO(content))
    moved = RunnerProfile.objects.get(user=newcomer)
    assert moved.reminder_time == time(6, 30)
    assert moved.reminder_token != profile.reminder_token
