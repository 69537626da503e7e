"""The clinician's pages: the caseload, one runner's timeline with notes and plan overrides.

Every runner is reached through `clinic.access.linked_profile`, checked on every request, so a
runner's revocation takes effect at once."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from kneewise.web.accounts.services import is_clinician
from kneewise.web.clinic.access import linked_profile
from kneewise.web.clinic.audit import record
from kneewise.web.clinic.caseload import caseload_rows
from kneewise.web.clinic.changes import change_plan, end_change
from kneewise.web.clinic.forms import NoteForm, OverrideForm
from kneewise.web.clinic.linking import code_of, display_code, replace_code
from kneewise.web.clinic.models import AuditEvent
from kneewise.web.clinic.notes import add_note, clinician_report_notes, notes_of
from kneewise.web.clinic.present import override_words
from kneewise.web.reports.forms import DEFAULT_WEEKS, ReportForm
from kneewise.web.reports.pdf import render_report_pdf
from kneewise.web.reports.present import report_context
from kneewise.web.reports.timeline import runner_timeline
from kneewise.web.runners.models import PlanOverride, RunnerProfile, local_today
from kneewise.web.runners.plan_changes import OverrideRefused, current_overrides
from kneewise.web.typing import AuthenticatedHttpRequest

ClinicianView = Callable[..., HttpResponse]


def clinician_only(view: ClinicianView) -> ClinicianView:
    """Login required; only members of the clinician role; never cached (health data)."""

    @never_cache
    @login_required
    @wraps(view)
    def wrapper(request: AuthenticatedHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_clinician(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@clinician_only
@require_GET
def caseload(request: AuthenticatedHttpRequest) -> HttpResponse:
    code = code_of(request.user)
    invitation = request.build_absolute_uri(reverse("clinic:join", kwargs={"code": code}))
    context = {
        "rows": caseload_rows(request.user),
        "code": display_code(code),
        "invitation": invitation,
        "wide_page": True,
    }
    return render(request, "clinic/caseload.html", context)


@clinician_only
@require_POST
def new_code(request: AuthenticatedHttpRequest) -> HttpResponse:
    replace_code(request.user)
    messages.success(request, "Your new code is ready. The old one no longer links anyone.")
    return redirect("clinic:caseload")


def _timeline_page(
    request: AuthenticatedHttpRequest,
    profile: RunnerProfile,
    *,
    note_form: NoteForm | None = None,
    override_form: OverrideForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = local_today(profile)
    overrides = [
        (row, override_words(row.data)) for row in current_overrides(profile.user_id, today)
    ]
    context = {
        "profile": profile,
        "runner_name": profile.user.get_username(),
        "today": today,
        "clinician_notes": notes_of(profile.user, request.user),
        "note_form": note_form or NoteForm(),
        "override_form": override_form or OverrideForm(today=today),
        "overrides": overrides,
        "wide_page": True,
        "report_weeks": DEFAULT_WEEKS,
    }
    # The report's sections first: the page's own names win where they meet.
    context = report_context(runner_timeline(profile, today), include_notes=False) | context
    return render(request, "clinic/runner.html", context, status=status)


@clinician_only
@require_GET
def runner(request: AuthenticatedHttpRequest, runner_id: int) -> HttpResponse:
    return _timeline_page(request, linked_profile(request.user, runner_id))


@clinician_only
@require_GET
def report(request: AuthenticatedHttpRequest, runner_id: int) -> HttpResponse:
    """The runner's physio report with this clinician's own notes; kept in the audit trail."""
    profile = linked_profile(request.user, runner_id)
    form = ReportForm(request.GET if request.GET else {"weeks": DEFAULT_WEEKS})
    if not form.is_valid():
        messages.error(request, "The report needs a number of weeks from 4 to 52.")
        return redirect("clinic:runner", runner_id=runner_id)
    today = local_today(profile)
    weeks = form.cleaned_data["weeks"]
    timeline = runner_timeline(profile, today, weeks)
    notes = clinician_report_notes(profile.user, request.user, profile.zone)
    pdf = render_report_pdf(timeline, notes=notes, include_notes=form.cleaned_data["include_notes"])
    record(profile.user, request.user, AuditEvent.Kind.REPORT, f"the last {weeks} weeks")
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"kneewise-report-{profile.user.get_username()}-{today.isoformat()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@clinician_only
@require_POST
def note(request: AuthenticatedHttpRequest, runner_id: int) -> HttpResponse:
    profile = linked_profile(request.user, runner_id)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _timeline_page(request, profile, note_form=form, status=400)
    for_runner = form.cleaned_data["for_runner"]
    add_note(profile.user, request.user, form.cleaned_data["text"], for_runner=for_runner)
    messages.success(
        request, "Message sent: the runner sees it on Today." if for_runner else "Note saved."
    )
    return redirect(reverse("clinic:runner", args=[runner_id]) + "#notes")


@clinician_only
@require_POST
def override(request: AuthenticatedHttpRequest, runner_id: int) -> HttpResponse:
    profile = linked_profile(request.user, runner_id)
    today = local_today(profile)
    form = OverrideForm(request.POST, today=today)
    if form.is_valid():
        try:
            change_plan(profile.user, request.user, form.override_json(), today)
        except OverrideRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Plan changed. The runner's Today explains it.")
            return redirect(reverse("clinic:runner", args=[runner_id]) + "#overrides")
    return _timeline_page(request, profile, override_form=form, status=400)


@clinician_only
@require_POST
def end(request: AuthenticatedHttpRequest, runner_id: int, override_id: int) -> HttpResponse:
    profile = linked_profile(request.user, runner_id)
    row = PlanOverride.objects.filter(pk=override_id, owner_id=profile.user_id).first()
    if row is None:
        raise Http404
    end_change(row, request.user, local_today(profile))
    messages.success(request, "Plan change ended from today.")
    return redirect(reverse("clinic:runner", args=[runner_id]) + "#overrides")
