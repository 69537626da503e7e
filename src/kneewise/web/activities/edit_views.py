"""The runner's corrections on a run's page: merge two recordings of one run, separate a copy
merged by mistake, delete a run or one copy, and download an original file.

Views parse, call `curation`, render; every object is the runner's own (404 otherwise).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kneewise.web.activities.curation import (
    CannotMerge,
    delete_recordings,
    merge_candidates,
    merge_runs,
    recordings_of,
    separate,
)
from kneewise.web.activities.forms import MergeForm
from kneewise.web.activities.importer import stored_path
from kneewise.web.activities.models import Activity
from kneewise.web.activities.present import format_when, recording_label, sport_label
from kneewise.web.runners.access import get_owned, profile_of
from kneewise.web.typing import AuthenticatedHttpRequest


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@login_required
def merge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = get_owned(request.user, Activity.objects.select_related("file"), pk=pk)
    if activity.primary_id is not None:  # a copy's page: merge its run
        return redirect("activities:merge", activity.primary_id)
    profile = profile_of(request.user)
    candidates = {str(c.pk): c for c in merge_candidates(request.user, activity)}
    choices = [(k, recording_label(c, profile.units, profile.zone)) for k, c in candidates.items()]
    form = MergeForm(request.POST if request.method == "POST" else None, choices=choices)
    if form.is_valid():
        try:
            run = merge_runs(request.user, activity, candidates[form.cleaned_data["other"]])
        except CannotMerge as problem:
            form.add_error("other", str(problem))
        else:
            messages.success(
                request,
                "Merged: they count as one run now, from the most detailed recording "
                f"({run.format.upper()}). The other is kept as a copy.",
            )
            return redirect("activities:detail", run.pk)
    context = {
        "activity": activity,
        "label": recording_label(activity, profile.units, profile.zone),
        "form": form,
        "has_candidates": bool(candidates),
    }
    return render(request, "activities/merge.html", context)


@require_POST
@login_required
def separate_copy(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    copy = get_owned(request.user, Activity.objects.all(), pk=pk)
    try:
        run = separate(request.user, copy)
    except CannotMerge as problem:
        messages.error(request, str(problem))
        return redirect("activities:detail", copy.primary_id or copy.pk)
    if run.pk == copy.pk:
        messages.success(request, "Separated: this recording is a run of its own again.")
    else:
        messages.info(
            request,
            "This recording overlaps the run for most of its length, so it stays one run "
            "with it (the same run in two files is counted once).",
        )
    return redirect("activities:detail", run.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@login_required
def delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = get_owned(request.user, Activity.objects.select_related("file", "primary"), pk=pk)
    profile = profile_of(request.user)
    is_copy = activity.primary_id is not None
    doomed = [activity] if is_copy else recordings_of(activity)
    if request.method == "POST":
        run_pk = activity.primary_id
        deleted = delete_recordings(request.user, activity)
        what = "copy" if is_copy else sport_label(activity.sport).lower()
        files = f" and {deleted.originals} original file{'s' if deleted.originals != 1 else ''}"
        messages.success(
            request,
            f"Deleted the {what} of {format_when(activity.start_time, profile.zone)}"
            f"{files if deleted.originals else ''}. Your plan counts what is left.",
        )
        return redirect("activities:detail", run_pk) if run_pk else redirect("activities:list")
    context = {
        "activity": activity,
        "is_copy": is_copy,
        "doomed": [recording_label(a, profile.units, profile.zone) for a in doomed],
    }
    return render(request, "activities/delete.html", context)


@require_safe
@login_required
def original(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """The file as it was uploaded, under the name the runner gave it."""
    activity = get_owned(request.user, Activity.objects.select_related("file"), pk=pk)
    path = stored_path(activity.file.sha256)
    if not path.is_file():
        raise Http404("The original file is missing from this installation.")
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=activity.shown_file_name,
        content_type="application/octet-stream",
    )
