"""The demo runner on a phone and on a laptop (issue #12 defects 7 and 9): the activities list is
a compact table a week with knee load in its unit; on Progress no label overlaps another or the
cadence line, the pain axis starts at the first check-in, and the spike's page shows the pain
that followed it. One demo runner serves both widths (it takes a few seconds to build)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from kneewise.core.dates import spoken_date
from kneewise.web.activities.models import Activity
from kneewise.web.runners.demo import create_demo_runner, demo_today
from kneewise.web.runners.models import CheckIn
from tests.browser.journey_helpers import LAPTOP, PHONE, logged_in_as, screen, shot, visit

pytestmark = pytest.mark.django_db(transaction=True)
PAIN_WINDOW_DAYS = 56  # the Progress charts show the last 8 weeks

# Each chart's text labels as boxes, halos (the same text drawn twice in one place) once; a
# box loses a fifth of its height top and bottom (the font's line gap is not ink).
LABEL_BOXES = """svg => {
  const seen = new Set();
  return [...svg.querySelectorAll("text")].map(t => {
    const r = t.getBoundingClientRect(), trim = r.height / 5;
    return {text: t.textContent, left: r.left, right: r.right, top: r.top + trim,
            bottom: r.bottom - trim};
  }).filter(b => {
    const key = b.text + "@" + Math.round(b.left) + "," + Math.round(b.top);
    if (b.right <= b.left || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}"""
MARKER_BOXES = """svg => [...svg.querySelectorAll("polygon, circle, rect")]
  .filter(s => s.closest("g, svg") && s.getAttribute("class") === "point")
  .map(s => { const r = s.getBoundingClientRect();
              return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; })"""


def overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return min(a["right"], b["right"]) - max(a["left"], b["left"]) > 1 and (
        min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 1
    )


def overlapping_labels(page) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """(chart, label, what it overlaps) for every clash in Progress's charts: label on label
    anywhere, and on the cadence chart (where "Baseline 168" sat on the line) label on point.
    The pain bands' names do sit over points at 2/10 (by design, with a halo): reported in
    docs/issue-12-coverage.md, not asserted here."""
    clashes = []
    for chart in page.locator("main svg[aria-labelledby]").all():
        name = chart.get_attribute("aria-labelledby").split()[0]
        labels = chart.evaluate(LABEL_BOXES)
        for i, a in enumerate(labels):
            clashes += [(name, a["text"], b["text"]) for b in labels[i + 1 :] if overlap(a, b)]
            markers = chart.evaluate(MARKER_BOXES) if name.startswith("cadence") else []
            for marker in markers:
                if overlap(a, marker):
                    clashes.append((name, a["text"], "a data point"))
    return clashes


def test_the_demo_shows_compact_activities_readable_charts_and_pain_next_to_its_run(  # type: ignore[no-untyped-def]
    live_server, browser
) -> None:
    today = demo_today()
    user, _ = create_demo_runner(today)
    first_check_in = CheckIn.objects.filter(owner=user).order_by("day").first()
    assert first_check_in is not None
    spike = Activity.objects.filter(owner=user, distance_m__gt=15_000).get()
    base = live_server.url
    for width in (PHONE, LAPTOP):
        with screen(browser, width) as page:
            logged_in_as(page, base, user)

            # Defect 7: a table a week, rows one line high, knee load with its unit.
            visit(page, f"{base}/activities/")
            height = page.evaluate("document.documentElement.scrollHeight")
            assert height < 6000, height  # 9,400 px of cards at 390 before
            # Its name reads as written: "Activities: Week of Monday 30 November 2026".
            week = page.get_by_role("table", name=re.compile(r"^Activities: Week of Monday ")).first
            assert "Knee load" in week.get_by_role("columnheader").all_inner_texts()
            loads = week.locator("tbody tr td:last-child").all_inner_texts()
            assert loads
            assert all(load.endswith("flat-km") for load in loads), loads
            rows = week.locator("tbody tr").all()
            assert all(row.bounding_box()["height"] <= 64 for row in rows)
            shot(page, "7-activities", width)

            # Defect 9: no label over another or over a data point; the axis starts at the
            # first check-in (or 8 weeks back); the pain that followed the runs shows.
            visit(page, f"{base}/progress/")
            assert overlapping_labels(page) == []
            start = max(first_check_in.day, today - timedelta(days=PAIN_WINDOW_DAYS - 1))
            pain = page.locator("main svg[aria-labelledby^='pain-chart']")
            summary = pain.locator("desc").text_content()
            assert f"from {spoken_date(start, year=True)}" in summary
            assert "next morning was worse" in summary
            load_labels = page.locator("main svg[aria-labelledby^='load-chart'] text")
            assert "Knee load" not in " ".join(load_labels.all_text_contents())
            shot(page, "9-progress", width)

            main = visit(page, f"{base}/activities/{spike.pk}/")
            assert "Pain during" in main
            after = page.get_by_text("Next morning pain").locator("xpath=..").inner_text()
            assert "6/10" in after
            page.get_by_role("heading", name="Your check-in that day").scroll_into_view_if_needed()
            shot(page, "9-spike-and-its-pain", width)
