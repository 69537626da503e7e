"""The physio report as PDF, read back with pdftotext: every section, the runner's name and
dates, rule IDs, the notice on every page, page numbers, notes only when included, and never
a coordinate of a run's track. Pages go to artifacts/report/ as PNGs for a human to look at."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from kneewise.web.reports.pdf import ReportNote, inline_only_fetcher, render_report
from kneewise.web.reports.timeline import runner_timeline
from kneewise.web.reports.timeline_model import RunnerTimeline
from kneewise.web.runners.knee_score import save_knee_score
from tests.web.daily_helpers import green_checkin
from tests.web.plan_helpers import import_run
from tests.web.reports.report_helpers import needs_poppler, pdf_text, runner, save_pages_as_png

pytestmark = pytest.mark.django_db
SECTIONS = (
    "Triage result and reasons",
    "Knee score (AKPS) over time",
    "Pain and the next-morning response",
    "Runs and the pain that followed",
    "Weekly load with flags",
    "Cadence",
    "Plan stages and every decision with its rule",
    "Adherence",
)


@pytest.fixture
def timeline(data_dir: Path) -> RunnerTimeline:
    """Three weeks of a runner's plan with check-ins, a knee score and two imported runs."""
    needs_poppler()
    today = timezone.now().date()
    profile = runner("ana", plan_days=20, full_name="Ana Lopez")
    save_knee_score(
        profile.user, today - timedelta(days=20), [1, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]
    )
    for back in range(20, 0, -1):
        day = today - timedelta(days=back)
        green_checkin(profile, day, morning_pain=3 if back == 6 else 1)
    for back in (7, 3):
        import_run(profile, today - timedelta(days=back), km=4.0)
    return runner_timeline(profile, today, weeks=4)


def test_the_report_has_every_section_the_name_the_dates_and_rule_ids(
    timeline: RunnerTimeline,
) -> None:
    report = render_report(timeline, include_notes=False)
    text = pdf_text(report.pdf)
    assert "Physio report: Ana Lopez" in text
    for section in SECTIONS:
        assert section in text, section
    assert "Notes" not in text
    assert f"{timeline.first.day} " in text
    assert str(timeline.today.year) in text
    assert re.search(r"\bR4\b", text)  # the triage's reason
    assert re.search(r"\bR(1[0-9]|2[0-9]|3[0-6])\b", text)  # the plan's decisions
    save_pages_as_png(report.pdf, "physio-report")


def test_every_page_carries_the_notice_and_its_number(timeline: RunnerTimeline) -> None:
    report = render_report(timeline, include_notes=False)
    pages = pdf_text(report.pdf).split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) == report.pages >= 2
    for number, page in enumerate(pages, start=1):
        assert "Not medical advice." in page
        assert f"Page {number} of {report.pages}" in page
        assert "Ana Lopez" in page  # the running header


def test_no_coordinate_of_a_track_is_in_the_report(timeline: RunnerTimeline) -> None:
    text = pdf_text(render_report(timeline, include_notes=True).pdf)
    assert len(timeline.runs) == 2
    assert "4.00 km" in text  # the runs are there, as summaries
    assert not re.search(r"47\.0\d\d", text)  # the GPX track runs north from 47.0° N, 8.0° E
    assert "8.0000" not in text


def test_notes_show_only_when_the_runner_includes_them(timeline: RunnerTimeline) -> None:
    note = ReportNote(timeline.today, "Sam (physio)", "Hold at this stage until Friday.")
    left_out = pdf_text(render_report(timeline, notes=[note], include_notes=False).pdf)
    included = pdf_text(render_report(timeline, notes=[note], include_notes=True).pdf)
    assert "Hold at this stage" not in left_out
    assert "Hold at this stage until Friday." in included
    assert "Sam (physio)" in included


def test_the_pages_render_to_one_png_each(timeline: RunnerTimeline) -> None:
    report = render_report(timeline, include_notes=False)
    pngs = save_pages_as_png(report.pdf, "page-count")
    assert len(pngs) == report.pages


def test_the_report_fetches_nothing_but_inline_data() -> None:
    fetcher = inline_only_fetcher()
    for url in ("http://example.org/x.css", "https://example.org/font.woff", "file:///etc/passwd"):
        with pytest.raises(ValueError, match="fetches nothing"):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"
