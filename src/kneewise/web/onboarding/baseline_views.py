"""Settings → Your running: the onboarding's running and cadence questions, to correct the
baseline after the plan started (issue #12 defect 4)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from kneewise.web.onboarding.forms import CadenceForm, RunningForm
from kneewise.web.onboarding.services import DONE, update_baseline
from kneewise.web.runners.access import profile_of
from kneewise.web.typing import AuthenticatedHttpRequest


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def your_running(request: AuthenticatedHttpRequest) -> HttpResponse:
    profile = profile_of(request.user)
    if profile.onboarding_step != DONE:
        return redirect("onboarding:start")
    running = RunningForm(
        request.POST or None,
        units=profile.units,
        initial=RunningForm.initial_from(profile),
        prefix="running",
    )
    cadence = CadenceForm(
        request.POST or None,
        initial={"baseline_cadence_spm": profile.baseline_cadence_spm},
        prefix="cadence",
    )
    if request.method == "POST" and running.is_valid() and cadence.is_valid():
        changed = update_baseline(
            profile,
            running_now=running.cleaned_data["running_now"],
            usual_runs_per_week=running.cleaned_data["usual_runs_per_week"],
            usual_weekly_km=running.km("usual_weekly_km"),
            longest_recent_run_km=running.km("longest_recent_run_km"),
            baseline_cadence_spm=cadence.cleaned_data["baseline_cadence_spm"],
        )
        messages.success(
            request,
            "Saved. Your plan has been worked out again with these numbers."
            if changed
            else "Nothing changed.",
        )
        return redirect("onboarding:your-running")
    status = 400 if request.method == "POST" else 200
    context = {"running": running, "cadence": cadence}
    return render(request, "onboarding/your_running.html", context, status=status)
