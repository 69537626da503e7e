"""Send to watch at phone width (390 px): Today shows the download, the file comes as
kneewise-YYYY-MM-DD.fit and Garmin's FIT SDK reads it; the page never scrolls sideways."""

from __future__ import annotations

import pytest

from tests.browser.conftest import ARTIFACTS, screenshot
from tests.web.daily_helpers import runner_with_plan_started, today

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a long password"  # what runner_with_plan_started gives every runner


def test_a_runner_downloads_todays_run_for_the_watch_from_today(  # type: ignore[no-untyped-def]
    live_server, phone, tmp_path
) -> None:
    sdk = pytest.importorskip("garmin_fit_sdk")
    runner_with_plan_started(
        days_ago=0,
        username="ines",
        running_now=True,
        usual_runs_per_week=3,
        usual_weekly_km=20,
        longest_recent_run_km=8,
        baseline_cadence_spm=160,
    )
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.fill('input[name="username"]', "ines")
    phone.fill('input[name="password"]', PASSWORD)
    phone.locator("main button[type=submit]").click()
    phone.wait_for_url(lambda url: "/accounts/login/" not in url)
    phone.goto(f"{live_server.url}/today/")
    block = phone.locator("section.watch")
    assert block.is_visible()
    block.scroll_into_view_if_needed()
    overflow = phone.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - window.innerWidth"
    )
    assert overflow <= 0
    screenshot(phone, "i12-watch-today")
    block.screenshot(path=str(ARTIFACTS / "screenshots" / "i12-watch-block.png"))
    with phone.expect_download() as download_info:
        block.get_by_role("link", name="Download the workout (.fit)").click()
    download = download_info.value
    assert download.suggested_filename == f"kneewise-{today().isoformat()}.fit"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    data = bytearray(path.read_bytes())
    assert sdk.Decoder(sdk.Stream.from_byte_array(data)).check_integrity()
