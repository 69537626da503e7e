"""The runner's own physio report as a PDF download (from the Your data page)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from kneewise.web.accounts.services import is_clinician
from kneewise.web.clinic.notes import runner_report_notes
from kneewise.web.reports.forms import DEFAULT_WEEKS, ReportForm
from kneewise.web.reports.pdf import render_report_pdf
from kneewise.web.reports.timeline import runner_timeline
from kneewise.web.runners.access import profile_of
from kneewise.web.runners.models import local_today
from kneewise.web.typing import AuthenticatedHttpRequest


@require_safe
@never_cache
@login_required
def download_report(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The signed-in runner's report of the last N weeks; only ever their own data."""
    if is_clinician(request.user):
        raise Http404("A clinician has no runner data of their own.")
    form = ReportForm(request.GET if request.GET else {"weeks": DEFAULT_WEEKS})
    if not form.is_valid():
        messages.error(request, "The report needs a number of weeks from 4 to 52.")
        return redirect("api:account")
    profile = profile_of(request.user)
    today = local_today(profile)
    timeline = runner_timeline(profile, today, form.cleaned_data["weeks"])
    include = form.cleaned_data["include_notes"]
    notes = runner_report_notes(request.user, profile.zone) if include else []
    pdf = render_report_pdf(timeline, notes=notes, include_notes=include)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"kneewise-report-{today.isoformat()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
