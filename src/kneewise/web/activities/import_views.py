"""An import's own page: its progress while it runs in the background, then what it did.

The page refreshes itself every few seconds (no script needed) until the job is done.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from kneewise.web.activities.jobs import is_interrupted, requeue
from kneewise.web.activities.models import ImportJob
from kneewise.web.runners.access import get_owned
from kneewise.web.typing import AuthenticatedHttpRequest

REFRESH_SECONDS = 2


@dataclass(frozen=True)
class Problem:
    name: str
    reason: str


@dataclass(frozen=True)
class ImportResult:
    """A finished import's report (ImportReport.as_json), as the page shows it."""

    activities: int
    files: int
    duplicates: int
    copies: int
    not_activities: list[Problem]
    failed: list[Problem]


def result_of(report: dict[str, Any]) -> ImportResult:
    return ImportResult(
        activities=report["activities_imported"],
        files=report["files_imported"],
        duplicates=report["duplicates_skipped"],
        copies=report.get("copies_of_runs", 0),  # reports stored before it was counted
        not_activities=[Problem(s["source"], s["reason"]) for s in report["not_activities"]],
        failed=[Problem(e["source"], e["error"]) for e in report["errors"]],
    )


@require_safe
@never_cache
@login_required
def import_job(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job: ImportJob = get_owned(request.user, ImportJob.objects.all(), pk=pk)
    percent = round(100 * job.bytes_done / job.bytes_total) if job.bytes_total else 0
    context = {
        "job": job,
        "percent": min(percent, 100),
        "interrupted": is_interrupted(job),
        "refresh": None if job.finished else REFRESH_SECONDS,
        "result": result_of(job.report) if job.report else None,
    }
    return render(request, "activities/import_job.html", context)


@require_POST
@login_required
def retry_import(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Queue an interrupted import again (its files are still staged; nothing is repeated)."""
    job: ImportJob = get_owned(request.user, ImportJob.objects.all(), pk=pk)
    requeue(job.pk)
    return redirect("activities:import", pk=job.pk)
