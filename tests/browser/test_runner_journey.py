"""In a phone-sized browser: sign up, check the knee, onboard, see Today, check in Red,
and see the plan step back and say why; then upload a run and export and re-import."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.activity_files import gpx_run
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def pick(page, name: str, value: str) -> None:  # type: ignore[no-untyped-def]
    """Choose an option as a person does: tap its label (the 0–10 scales are big labels)."""
    option = page.locator(f'input[name="{name}"][value="{value}"]')
    page.locator(f'label[for="{option.get_attribute("id")}"]').click()
    assert option.is_checked()


def submit(page) -> None:  # type: ignore[no-untyped-def]
    page.locator("main button[type=submit]").first.click()


def sign_up_and_onboard(page, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/accounts/signup/")
    page.fill('input[name="username"]', username)
    page.fill('input[name="email"]', f"{username}@example.org")
    page.fill('input[name="password1"]', "knee-runner-2026!")
    page.fill('input[name="password2"]', "knee-runner-2026!")
    submit(page)
    page.wait_for_url("**/start/triage/")
    page.fill('input[name="age"]', "34")
    pick(page, "onset", "gradual")
    pick(page, "pain_location", "front")
    pick(page, "aggravating", "stairs")
    pick(page, "aggravating", "squatting")
    page.check('input[name="squat_painful"]')
    submit(page)
    page.wait_for_url("**/start/triage/result/")  # the result and what happens next first
    assert "What happens next" in page.content()
    page.get_by_role("link", name="Continue").click()
    page.wait_for_url("**/start/knee-score/")
    for number in range(1, 14):
        pick(page, f"item_{number}", "1")
    submit(page)
    page.wait_for_url("**/start/knee-score/result/")
    assert "Your knee score:" in page.content()
    page.get_by_role("link", name="Continue").click()
    page.wait_for_url("**/start/pain-and-you/")
    for name, value in (
        ("usual_pain", "2"),
        ("worst_pain", "3"),
        ("function_sit_30min", "0"),
        ("function_stairs", "1"),
        ("function_squat", "1"),
    ):
        page.fill(f'input[name="{name}"]', value)
    pick(page, "sex", "female")
    page.fill('input[name="sleep_hours"]', "7.5")
    submit(page)
    page.wait_for_url("**/start/running/")
    pick(page, "running_now", "no")
    page.fill('input[name="usual_runs_per_week"]', "3")
    page.fill('input[name="usual_weekly_km"]', "20")
    page.fill('input[name="longest_recent_run_km"]', "8")
    submit(page)
    page.wait_for_url("**/start/cadence/")
    submit(page)
    page.wait_for_url("**/today/")


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
