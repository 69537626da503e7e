"""Send to watch on a phone (390 px) and a laptop (1280 px): Today shows the download, the file
comes as kneewise-YYYY-MM-DD.fit and Garmin's FIT SDK reads it; no sideways scroll."""

from __future__ import annotations

import pytest

from tests.browser.conftest import ARTIFACTS, screenshot
from tests.browser.journey_helpers import PHONE, WIDTHS, assert_no_sideways_scroll, screen, shot
from tests.web.daily_helpers import runner_with_plan_started, today

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a long password"  # what runner_with_plan_started gives every runner


@WIDTHS
def test_a_runner_downloads_todays_run_for_the_watch_from_today(  # type: ignore[no-untyped-def]
    live_server, browser, tmp_path, width: int
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
    with screen(browser, width) as phone:
        download_from_today(phone, live_server.url, width, tmp_path, sdk)


def download_from_today(phone, base: str, width: int, tmp_path, sdk) -> None:  # type: ignore[no-untyped-def]
    phone.goto(f"{base}/accounts/login/")
    phone.fill('input[name="username"]', "ines")
    phone.fill('input[name="password"]', PASSWORD)
    phone.locator("main button[type=submit]").click()
    phone.wait_for_url(lambda url: "/accounts/login/" not in url)
    phone.goto(f"{base}/today/")
    block = phone.locator("section.watch")
    assert block.is_visible()
    block.scroll_into_view_if_needed()
    assert_no_sideways_scroll(phone)
    if width == PHONE:
        screenshot(phone, "i12-watch-today")
        block.screenshot(path=str(ARTIFACTS / "screenshots" / "i12-watch-block.png"))
    shot(phone, "14-send-to-watch", width)
    with phone.expect_download() as download_info:
        block.get_by_role("link", name="Download the workout (.fit)").click()
    download = download_info.value
    assert download.suggested_filename == f"kneewise-{today().isoformat()}.fit"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    data = bytearray(path.read_bytes())
    assert sdk.Decoder(sdk.Stream.from_byte_array(data)).check_integrity()
