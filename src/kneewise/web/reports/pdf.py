"""The physio report as PDF: the timeline through a Django template, printed by WeasyPrint.

A4, black-and-white friendly, the runner's name, dates, page numbers and the "not medical
advice" notice on every page. WeasyPrint fetches nothing: its URL fetcher refuses every URL
but inline `data:` ones, so a report never reaches the network or the file system (the charts
are inline SVG; fonts come from the system through fontconfig).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string

from kneewise.web.reports.present import ReportNote, report_context
from kneewise.web.reports.timeline_model import RunnerTimeline

__all__ = ["RenderedReport", "ReportNote", "render_report", "render_report_pdf", "report_html"]


@dataclass(frozen=True, slots=True)
class RenderedReport:
    pdf: bytes
    pages: int


def report_html(
    timeline: RunnerTimeline, *, notes: Sequence[ReportNote] = (), include_notes: bool
) -> str:
    """The report's HTML, as WeasyPrint prints it."""
    context = report_context(timeline, notes=notes, include_notes=include_notes)
    return render_to_string("reports/report.html", context)


def render_report(
    timeline: RunnerTimeline, *, notes: Sequence[ReportNote] = (), include_notes: bool
) -> RenderedReport:
    """The PDF and its page count."""
    from weasyprint import CSS, HTML  # a heavy import (pango), only when a report is printed

    html = report_html(timeline, notes=notes, include_notes=include_notes)
    fetcher = inline_only_fetcher()
    # The print style sheet is given here, not in the page: templates carry no <style> (CSP).
    style = CSS(string=render_to_string("reports/report.css"), url_fetcher=fetcher)
    page = HTML(string=html, base_url=None, url_fetcher=fetcher)
    document = page.render(stylesheets=[style])
    pdf: bytes = document.write_pdf()
    return RenderedReport(pdf, len(document.pages))


def render_report_pdf(
    timeline: RunnerTimeline, *, notes: Sequence[ReportNote] = (), include_notes: bool
) -> bytes:
    """The physio report of `timeline` as PDF bytes; `notes` only when `include_notes`."""
    return render_report(timeline, notes=notes, include_notes=include_notes).pdf


def inline_only_fetcher() -> Any:
    """A WeasyPrint URL fetcher for `data:` URLs only; any other URL is refused (no network,
    no files)."""
    from weasyprint.urls import URLFetcher

    class InlineOnly(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no types
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.lower().startswith("data:"):
                raise ValueError(f"the report fetches nothing: {url[:60]!r} refused")
            return super().fetch(url, headers)

    return InlineOnly(timeout=1, allowed_protocols=("data",), allow_redirects=False)
