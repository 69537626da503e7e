"""The physio report shows the current exercises with their figure (start and end pose side by
side, still, black on white), name and sets × reps or hold (issue #12 item 12). One page is saved
as artifacts/report/i12-figures-*.png for a human to look at."""

from __future__ import annotations

import os
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from kneewise.core.plan.exercises import exercise
from kneewise.web.reports.pdf import render_report, report_html
from kneewise.web.reports.timeline import runner_timeline
from kneewise.web.reports.timeline_model import RunnerTimeline
from tests.web.daily_helpers import green_checkin
from tests.web.reports.report_helpers import needs_poppler, pdf_text, runner

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(os.environ.get("KNEEWISE_ARTIFACTS_DIR", Path(__file__).parents[3] / "artifacts"))


@pytest.fixture
def timeline() -> RunnerTimeline:
    """Two weeks into the plan with green check-ins: today's plan has its exercises."""
    today = timezone.now().date()
    profile = runner("ana", plan_days=14, full_name="Ana Lopez")
    for back in range(14, 0, -1):
        green_checkin(profile, today - timedelta(days=back))
    return runner_timeline(profile, today, weeks=4)


def test_the_timeline_carries_todays_exercises(timeline: RunnerTimeline) -> None:
    assert timeline.current_exercises
    assert timeline.to_json()["current_exercises"][0]["dose"]


def test_the_report_html_has_one_still_figure_per_current_exercise(
    timeline: RunnerTimeline,
) -> None:
    html = report_html(timeline, include_notes=False)
    drawn = [e for e in timeline.current_exercises if exercise(e.id).figure is not None]
    assert len(drawn) == len(timeline.current_exercises)  # every exercise has keyframes
    assert html.count('class="fig fig--print"') == len(drawn)
    assert html.count('class="fig-pose fig-pose--start"') == len(drawn)
    assert html.count('class="fig-pose fig-pose--end"') == len(drawn)
    for prescription in timeline.current_exercises:
        assert f"<td>{prescription.dose}</td>" in html


def test_the_pdf_names_every_current_exercise_with_its_dose(timeline: RunnerTimeline) -> None:
    needs_poppler()
    pdf = render_report(timeline, include_notes=False).pdf
    pages = pdf_text(pdf).split("\f")
    found = [n for n, page in enumerate(pages, start=1) if "Current exercises" in page]
    assert found
    text = " ".join(" ".join(pages[found[0] - 1 :]).split())  # pdftotext wraps long names
    for prescription in timeline.current_exercises:
        assert " ".join(prescription.name.split()[:2]) in text, prescription.name
        assert prescription.dose in text, prescription.dose
    folder = ARTIFACTS / "report"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("i12-figures-*.png"):
        old.unlink()
    first, last = str(found[0]), str(min(found[0] + 1, len(pages) - 1))  # the section's pages
    subprocess.run(
        ["pdftoppm", "-r", "80", "-png", "-f", first, "-l", last, "-", str(folder / "i12-figures")],
        input=pdf,
        check=True,
        timeout=60,
    )
    assert list(folder.glob("i12-figures-*.png"))
