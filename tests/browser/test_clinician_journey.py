"""In Chromium: a runner (phone) links her physiotherapist (laptop); he sees a red flag on his
caseload, opens her timeline, holds her progression with a note, and her Today explains the
hold; she stops sharing and he loses access at once."""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from kneewise.web.clinic.linking import code_of, display_code
from tests.browser.conftest import ARTIFACTS, screenshot
from tests.web.clinic.clinic_helpers import clinician
from tests.web.daily_helpers import green_checkin, runner_with_plan_started, today

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a long password"


@pytest.fixture
def laptop(browser):  # type: ignore[no-untyped-def]
    """A physio's laptop between patients (1280 × 800), with its own cookies."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(8000)
    yield page
    context.close()


def log_in(page, base: str, name: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/accounts/login/")
    page.fill('input[name="username"]', name)
    page.fill('input[name="password"]', PASSWORD)
    page.locator("main button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def pdf_pages_as_png(download, folder: Path, name: str) -> int:  # type: ignore[no-untyped-def]
    """Save a downloaded PDF, render its pages to PNG artifacts (pdftoppm); the page count."""
    pdf = folder / f"{name}.pdf"
    download.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is missing (Debian's poppler-utils; .ci/run installs it)")
    out = ARTIFACTS / "report" / name
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(out)], check=True, timeout=60)
    return len(list(out.parent.glob(f"{name}-*.png")))


def test_a_physio_follows_a_runner_holds_her_plan_and_loses_access_when_she_stops(  # type: ignore[no-untyped-def]
    live_server, phone, laptop, tmp_path: Path
) -> None:
    physio = clinician("dr_lee")
    ana = runner_with_plan_started(12, username="ana")
    ana.user.set_password(PASSWORD)
    ana.user.save()
    for back in range(12, 1, -1):
        green_checkin(ana, today() - timedelta(days=back))
    green_checkin(ana, today() - timedelta(days=1), pain_during=7)  # a red session yesterday
    base = live_server.url

    # She links him with the code he gave her, after seeing what he will see.
    log_in(phone, base, "ana")
    phone.goto(f"{base}/sharing/")
    phone.fill('input[name="code"]', display_code(code_of(physio)))
    phone.locator("main button[type=submit]").last.click()
    phone.wait_for_url("**/sharing/join/*/")
    assert "never your GPS tracks" in phone.content()
    screenshot(phone, "clinic-01-runner-confirms-sharing")
    phone.get_by_role("button", name="Share with dr_lee").click()
    phone.wait_for_url("**/sharing/")
    assert "You now share your knee data with dr_lee" in phone.content()

    # He sees the red session first on his caseload and opens her timeline from the flag.
    log_in(laptop, base, "dr_lee")
    assert laptop.url.endswith("/clinic/")
    flag = laptop.locator(".flag--strong a").first
    assert "red" in flag.inner_text().lower()
    screenshot(laptop, "clinic-02-caseload-with-red-flag")
    flag.click()
    laptop.wait_for_url(f"**/clinic/runners/{ana.pk}/*")

    # He holds her progression until Friday-ish, with a note.
    until = today() + timedelta(days=5)
    laptop.locator('input[name="kind"][value="hold"]').check()
    laptop.fill('input[name="until"]', until.isoformat())
    laptop.fill('textarea[name="note"]', "Hold until I see you next week.")
    laptop.get_by_role("button", name="Change the plan").click()
    laptop.wait_for_url(f"**/clinic/runners/{ana.pk}/#overrides")
    assert "Plan changed" in laptop.content()
    screenshot(laptop, "clinic-03-timeline-with-hold")
    laptop.set_viewport_size({"width": 768, "height": 1024})  # the same page on a tablet
    assert laptop.evaluate("document.documentElement.scrollWidth") <= 768
    screenshot(laptop, "clinic-03b-timeline-on-a-tablet")
    laptop.set_viewport_size({"width": 1280, "height": 800})

    # Her Today explains the hold and who set it.
    phone.goto(f"{base}/today/")
    text = phone.locator("main").inner_text()
    assert "by your physiotherapist" in text
    assert "Hold until I see you next week." in text
    screenshot(phone, "clinic-04-runner-today-explains-hold")

    # He downloads her report from the timeline; she downloads hers from Your data.
    with laptop.expect_download() as his:
        laptop.get_by_role("button", name="Download").click()
    pages = pdf_pages_as_png(his.value, tmp_path, "clinic-05-report-for-the-physio")
    assert pages >= 2
    phone.goto(f"{base}/api/account/")
    with phone.expect_download() as hers:
        phone.get_by_role("button", name="Download the report (PDF)").click()
    assert pdf_pages_as_png(hers.value, tmp_path, "clinic-06-report-of-the-runner") >= 2

    # She stops sharing; his next click is refused.
    phone.goto(f"{base}/sharing/")
    phone.get_by_role("button", name="Stop sharing with dr_lee").click()
    phone.wait_for_url("**/sharing/")
    assert "can no longer see your data" in phone.content()
    response = laptop.goto(f"{base}/clinic/runners/{ana.pk}/")
    assert response is not None
    assert response.status == 404
    laptop.goto(f"{base}/clinic/")
    assert "No runner shares with you yet" in laptop.locator("main").inner_text()
