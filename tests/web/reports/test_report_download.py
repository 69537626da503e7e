"""The runner's report download on Your data: a PDF of their own data only, as an attachment
named by the day; weeks 4–52; login required; a clinician has no runner data to download."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from kneewise.web.accounts.services import clinician_group
from tests.web.daily_helpers import client_for, green_checkin
from tests.web.reports.report_helpers import pdf_text, runner

pytestmark = pytest.mark.django_db
URL = "/report/"


def test_a_runner_downloads_their_own_report_as_a_pdf_attachment() -> None:
    ana = runner("ana", plan_days=5, full_name="Ana Lopez")
    runner("bea", plan_days=5, full_name="Bea Other")
    green_checkin(ana, timezone.now().date() - timedelta(days=1))
    response = client_for(ana).get(URL, {"weeks": "6", "include_notes": "on"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    today = timezone.now().date().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="kneewise-report-{today}.pdf"'
    )
    text = pdf_text(response.content)
    assert "Physio report: Ana Lopez" in text
    assert "Bea" not in text
    assert "(6 weeks)" in text
    assert "Notes" in text


def test_the_default_is_twelve_weeks() -> None:
    ana = runner("ana", plan_days=5)
    text = pdf_text(client_for(ana).get(URL).content)
    assert "(12 weeks)" in text


@pytest.mark.parametrize("weeks", ["3", "53", "twelve"])
def test_weeks_outside_4_to_52_go_back_to_your_data_with_a_message(weeks: str) -> None:
    ana = runner("ana", plan_days=5)
    response = client_for(ana).get(URL, {"weeks": weeks}, follow=True)
    assert response.redirect_chain[-1][0] == "/api/account/"
    assert "from 4 to 52" in response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in() -> None:
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_clinician_has_no_report_to_download() -> None:
    user = get_user_model().objects.create_user("sam", password="a long password")
    user.groups.add(clinician_group())
    client = Client()
    client.force_login(user)
    assert client.get(URL).status_code == 404
    assert "Download the report for your physio" not in client.get("/api/account/").content.decode()


def test_your_data_offers_the_report_form(data_dir: Path) -> None:
    page = client_for(runner("ana", plan_days=1)).get("/api/account/").content.decode()
    assert "Download the report for your physio" in page
    assert 'action="/report/"' in page
    assert 'name="weeks"' in page
    assert 'min="4" max="52"' in page
    assert 'name="include_notes"' in page
