"""Onboarding at /start/: five short steps, each saved as soon as it is sent.

`RunnerProfile.onboarding_step` holds the first unfinished step, so a runner who leaves midway
comes back to where they were. What each step saves, and what a red flag in triage does, is in
`services` (shared with `kneewise user add --profile`); these views only show and read forms.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from kneewise.core.triage import TriageOutcome
from kneewise.core.triage_questions import YES_NO_QUESTIONS
from kneewise.web.activities.models import Activity
from kneewise.web.assess.forms import AkpsForm, TriageForm
from kneewise.web.assess.headlines import HEADLINES
from kneewise.web.onboarding.forms import BaselineForm, CadenceForm, RunningForm
from kneewise.web.onboarding.services import (
    BASELINE_FIELDS,
    DONE,
    STEPS,
    STOPPED,
    finish_onboarding,
    save_baseline,
    save_onboarding_knee_score,
    save_running,
    save_triage,
    step_index,
)
from kneewise.web.runners.access import owned, profile_of
from kneewise.web.runners.models import AkpsRecord, RunnerProfile, local_today
from kneewise.web.runners.plan_service import triage_result
from kneewise.web.typing import AuthenticatedHttpRequest

TITLES = {
    "triage": "Check your knee",
    "akps": "Your knee score",
    "baseline": "Your pain and you",
    "running": "Your running",
    "cadence": "Your cadence",
}
TODAY_URL = "/today/"  # the Today page belongs to the daily app
IMPORT_URL = "/activities/upload/"  # the upload page belongs to the activities app
CADENCE_LOOKBACK_DAYS = 56

View = Callable[[AuthenticatedHttpRequest, RunnerProfile], HttpResponse]


def _step_url(step: str) -> str:
    if step == DONE:
        return TODAY_URL
    if step == STOPPED:
        return reverse("onboarding:stopped")
    return reverse(f"onboarding:{step}")


def onboarding_step(step: str) -> Callable[[View], Callable[..., HttpResponse]]:
    """Login required; a step only opens once the steps before it are saved."""

    def decorate(view: View) -> Callable[..., HttpResponse]:
        @login_required
        @require_http_methods(["GET", "POST"])
        @never_cache
        @wraps(view)
        def wrapper(request: AuthenticatedHttpRequest) -> HttpResponse:
            profile = profile_of(request.user)
            current = profile.onboarding_step
            if current == DONE:
                return redirect(TODAY_URL)
            # After a red flag only the triage can be answered again (to fix a mistake).
            if current == STOPPED and step != "triage":
                return redirect("onboarding:stopped")
            if current != STOPPED and step_index(step) > step_index(current):
                return redirect(_step_url(current))
            return view(request, profile)

        return wrapper

    return decorate


def _render_step(
    request: AuthenticatedHttpRequest, profile: RunnerProfile, step: str, context: dict[str, Any]
) -> HttpResponse:
    index = STEPS.index(step)
    context = {
        **context,
        "step": step,
        "step_number": index + 1,
        "step_total": len(STEPS),
        "title": TITLES[step],
        "back_url": _step_url(STEPS[index - 1]) if index else None,
        "exercise_only": step != "triage"
        and profile.triage_outcome == TriageOutcome.UNCLEAR_SEE_CLINICIAN,
        "profile": profile,
    }
    return render(request, f"onboarding/{step}.html", context)


@login_required
@require_http_methods(["GET"])
@never_cache
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    return redirect(_step_url(profile_of(request.user).onboarding_step))


def _triage_json(cleaned: dict[str, Any]) -> dict[str, object]:
    """The answers as the core's parser reads them (design.md §3.1)."""
    answers: dict[str, object] = {
        "age": cleaned["age"],
        "onset": cleaned["onset"],
        "pain_location": cleaned["pain_location"],
        "aggravating": list(cleaned["aggravating"]),
    }
    answers.update({q.key: True for q in YES_NO_QUESTIONS if cleaned.get(q.key)})
    if cleaned.get("symptom_weeks") is not None:
        answers["symptom_weeks"] = cleaned["symptom_weeks"]
    return answers


@onboarding_step("triage")
def triage(request: AuthenticatedHttpRequest, profile: RunnerProfile) -> HttpResponse:
    if request.method != "POST":
        form = TriageForm(initial=profile.triage_answers or None)
        return _render_step(request, profile, "triage", {"form": form, "sections": form.sections()})
    form = TriageForm(request.POST)
    if form.is_valid() and form.answers is not None:
        save_triage(profile, form.answers, _triage_json(form.cleaned_data))
        if profile.onboarding_step == STOPPED:
            return redirect("onboarding:stopped")
        return redirect("onboarding:triage-result")  # the result and its reasons first
    context = {
        "form": form,
        "sections": form.sections(),
        "urgent_so_far": form.urgent_reasons_so_far() if form.errors else [],
    }
    return _render_step(request, profile, "triage", context)


@login_required
@require_http_methods(["GET"])
@never_cache
def stopped(request: AuthenticatedHttpRequest) -> HttpResponse:
    profile = profile_of(request.user)
    if profile.onboarding_step != STOPPED:
        return redirect(_step_url(profile.onboarding_step))
    result = triage_result(profile)
    return render(
        request,
        "onboarding/stopped.html",
        {"result": result, "headline": HEADLINES[result.outcome]},
    )


@onboarding_step("akps")
def akps(request: AuthenticatedHttpRequest, profile: RunnerProfile) -> HttpResponse:
    today = local_today(profile)
    earlier = owned(request.user, AkpsRecord.objects.filter(day=today)).last()
    form = AkpsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        save_onboarding_knee_score(profile, form.choices(), today)
        return redirect("onboarding:akps-result")  # the score and what it means first
    context: dict[str, object] = {"form": form, "earlier": earlier, "next_url": None}
    if earlier is not None and step_index(profile.onboarding_step) > step_index("akps"):
        context["next_url"] = _step_url(STEPS[STEPS.index("akps") + 1])
    return _render_step(request, profile, "akps", context)


@onboarding_step("baseline")
def baseline(request: AuthenticatedHttpRequest, profile: RunnerProfile) -> HttpResponse:
    initial = (
        {name: getattr(profile, name) for name in BASELINE_FIELDS}
        if profile.usual_pain is not None
        else {}
    )
    form = BaselineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in BASELINE_FIELDS}
        next_step = save_baseline(profile, values)
        return redirect(_step_url(next_step))
    return _render_step(request, profile, "baseline", {"form": form})


@onboarding_step("running")
def running(request: AuthenticatedHttpRequest, profile: RunnerProfile) -> HttpResponse:
    form = RunningForm(
        request.POST or None, units=profile.units, initial=RunningForm.initial_from(profile)
    )
    if request.method == "POST" and form.is_valid():
        next_step = save_running(
            profile,
            running_now=form.cleaned_data["running_now"],
            usual_runs_per_week=form.cleaned_data["usual_runs_per_week"],
            usual_weekly_km=form.km("usual_weekly_km"),
            longest_recent_run_km=form.km("longest_recent_run_km"),
        )
        return redirect(_step_url(next_step))
    context = {"form": form, "import_url": IMPORT_URL, "run_count": _runs(request, profile).count()}
    return _render_step(request, profile, "running", context)


def _runs(request: AuthenticatedHttpRequest, profile: RunnerProfile) -> QuerySet[Activity]:
    since = timezone.now() - timedelta(days=CADENCE_LOOKBACK_DAYS)
    return owned(
        request.user, Activity.objects.runs().filter(sport="running", start_time__gte=since)
    )


def measured_cadence(request: AuthenticatedHttpRequest, profile: RunnerProfile) -> int | None:
    """The median cadence of the runner's imported runs in the last eight weeks, if any."""
    values = [v for v in _runs(request, profile).values_list("avg_cadence_spm", flat=True) if v]
    return round(statistics.median(values)) if values else None


@onboarding_step("cadence")
def cadence(request: AuthenticatedHttpRequest, profile: RunnerProfile) -> HttpResponse:
    measured = measured_cadence(request, profile)
    initial = {"baseline_cadence_spm": profile.baseline_cadence_spm or measured}
    form = CadenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        finish_onboarding(profile, form.cleaned_data["baseline_cadence_spm"])
        return redirect(TODAY_URL)
    return _render_step(request, profile, "cadence", {"form": form, "measured": measured})
