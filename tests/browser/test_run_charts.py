"""In a phone-sized browser (390 px): a run's page with its charts fits without sideways
scrolling, the numbers open under each chart, and the route outline goes when it is hidden."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from kneewise.activities.sources import iter_inputs
from kneewise.web.activities.importer import import_inputs
from kneewise.web.activities.models import Activity
from kneewise.web.runners.models import RunnerProfile
from tests.browser.conftest import screenshot
from tests.web.run_files import LAT_TEXT, LON_TEXT, Course, gpx

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "knee-runner-2026!"
CHARTS = ("pace-chart", "elevation-chart", "cadence-chart", "heart-rate-chart", "route-outline")


def runner_with_a_hilly_run(tmp_path: Path, username: str, *, show_route: bool = True) -> int:
    user = get_user_model().objects.create_user(username, f"{username}@example.org", PASSWORD)
    RunnerProfile.objects.create(
        user=user, onboarding_step="done", time_zone="Europe/Zurich", show_route_outline=show_route
    )
    run = tmp_path / "lakeside-hills.gpx"
    course = Course(km=8.0, descent_from_m=2500, descent_to_m=3300, width_m=1200, wobble=0.08)
    run.write_text(gpx(course))
    import_inputs(user, iter_inputs([run]), workers=1)
    return Activity.objects.get(owner=user).pk


def log_in(page, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/accounts/login/")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def sideways_overflow(page) -> int:  # type: ignore[no-untyped-def]
    """How many CSS pixels the page is wider than the screen (0: no sideways scrolling)."""
    return int(
        page.evaluate(
            "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
            " - window.innerWidth"
        )
    )


def test_a_runs_charts_fit_a_phone_without_sideways_scrolling(  # type: ignore[no-untyped-def]
    live_server, phone, tmp_path: Path
) -> None:
    pk = runner_with_a_hilly_run(tmp_path, "dora")
    log_in(phone, live_server.url, "dora")
    phone.goto(f"{live_server.url}/activities/{pk}/")
    for chart in CHARTS:
        box = phone.locator(f'svg[aria-labelledby^="{chart}-title"]').bounding_box()
        assert box is not None, chart
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= 390, chart
        assert box["height"] > 100, chart  # drawn, not collapsed
    assert sideways_overflow(phone) <= 0
    elevation = phone.locator("section.run-chart", has=phone.locator("#elevation-heading"))
    elevation.locator("summary").click()
    assert "was downhill at −5 % or steeper" in elevation.inner_text().replace("\xa0", " ")
    assert sideways_overflow(phone) <= 0  # the stretches table wraps or scrolls by itself
    screenshot(phone, "run-charts-390")


def test_a_hidden_route_outline_is_not_on_the_page(  # type: ignore[no-untyped-def]
    live_server, phone, tmp_path: Path
) -> None:
    pk = runner_with_a_hilly_run(tmp_path, "emil", show_route=False)
    log_in(phone, live_server.url, "emil")
    phone.goto(f"{live_server.url}/activities/{pk}/")
    html = phone.content()
    assert phone.locator('svg[aria-labelledby^="route-outline-title"]').count() == 0
    assert LAT_TEXT not in html
    assert LON_TEXT not in html
    assert "You have chosen not to show route outlines." in phone.locator("main").inner_text()
    assert sideways_overflow(phone) <= 0
