"""In a phone-sized browser: sign up, check the knee, onboard, see Today, check in Red,
and see the plan step back and say why; then upload a run and export and re-import."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.activity_files import gpx_run
from tests.browser.conftest import screenshot
from tests.browser.journey_helpers import pick, sign_up_and_onboard, submit

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_red_check_in_makes_the_plan_step_back_and_say_why(live_server, phone) -> None:  # type: ignore[no-untyped-def]
    sign_up_and_onboard(phone, live_server.url, "ana")
    today = phone.locator("main").inner_text()
    assert "walk" in today.lower()
    screenshot(phone, "journey-1-today")

    phone.goto(f"{live_server.url}/check-in/")
    pick(phone, "morning_pain", "1")
    pick(phone, "done", "yes")
    pick(phone, "pain_during", "6")
    pick(phone, "pain_after_60min", "5")
    screenshot(phone, "journey-2-check-in")
    submit(phone)
    phone.wait_for_url("**/today/")

    phone.goto(f"{live_server.url}/plan/")
    tomorrow = phone.locator("li.plan-day").nth(1)
    tomorrow.locator("summary").click()
    why = tomorrow.inner_text()
    assert "R14" in why
    assert "6/10" in why
    assert "steps back" in why
    screenshot(phone, "journey-3-plan-steps-back")


def test_an_uploaded_gpx_shows_up_as_a_run(live_server, phone, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sign_up_and_onboard(phone, live_server.url, "ben")
    run = tmp_path / "morning-run.gpx"
    run.write_text(gpx_run(km=6.0))
    phone.goto(f"{live_server.url}/activities/upload/")
    phone.set_input_files('input[type="file"]:not([webkitdirectory])', str(run))
    phone.locator("form.upload-form button[type=submit]").click()
    result = phone.locator("main").inner_text()
    assert "1" in result
    phone.goto(f"{live_server.url}/activities/")
    listing = phone.locator("main").inner_text()
    assert "6.0" in listing
    screenshot(phone, "journey-4-activities")


def test_export_and_reimport_into_a_new_account(live_server, phone, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sign_up_and_onboard(phone, live_server.url, "cleo")
    phone.goto(f"{live_server.url}/check-in/")
    pick(phone, "morning_pain", "2")
    submit(phone)
    phone.goto(f"{live_server.url}/api/account/")
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Download").first.click()
    export = tmp_path / "export.zip"
    download.value.save_as(export)
    assert "kneewise-export.json" in zipfile.ZipFile(export).namelist()
    screenshot(phone, "journey-5-your-data")

    phone.locator(".nav-more summary").click()  # log out, under "More"
    phone.locator("header form button[type=submit]").click()
    phone.goto(f"{live_server.url}/accounts/signup/")
    phone.fill('input[name="username"]', "cleo2")
    phone.fill('input[name="email"]', "cleo2@example.org")
    phone.fill('input[name="password1"]', "knee-runner-2026!")
    phone.fill('input[name="password2"]', "knee-runner-2026!")
    submit(phone)
    phone.goto(f"{live_server.url}/api/account/")
    phone.set_input_files('input[name="export"]', str(export))
    phone.locator('form:has(input[name="export"]) button[type=submit]').click()
    phone.goto(f"{live_server.url}/check-in/")
    assert phone.locator('input[name="morning_pain"][value="2"]').is_checked()
