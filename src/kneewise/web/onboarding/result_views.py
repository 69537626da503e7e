"""Onboarding shows each result before moving on (issue #12 defect 2): the knee check's outcome
with its reasons and what happens next, then the knee score and what it means."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kneewise.core.akps import AKPS_MEANINGFUL_CHANGE
from kneewise.web.assess.headlines import HEADLINES
from kneewise.web.onboarding.services import STEPS, STOPPED
from kneewise.web.runners.access import owned, profile_of
from kneewise.web.runners.models import AkpsRecord
from kneewise.web.runners.plan_service import triage_result
from kneewise.web.typing import AuthenticatedHttpRequest

NEXT_WORDS = {
    "akps": "Next: your knee score, 13 short questions (about two minutes). It is the yardstick "
    "your progress is measured against.",
    "baseline": "Next: a few questions about your pain, sleep and daily activities.",
}


@never_cache
@login_required
@require_GET
def triage_result_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    profile = profile_of(request.user)
    if profile.onboarding_step == STOPPED:
        return redirect("onboarding:stopped")
    if not profile.triage_outcome:
        return redirect("onboarding:triage")
    result = triage_result(profile)
    context = {
        "result": result,
        "headline": HEADLINES[result.outcome],
        "next_words": NEXT_WORDS["akps"],
        "next_url": "/start/knee-score/",
    }
    return render(request, "onboarding/triage_result.html", context)


@never_cache
@login_required
@require_GET
def knee_score_result(request: AuthenticatedHttpRequest) -> HttpResponse:
    profile = profile_of(request.user)
    record = owned(request.user, AkpsRecord.objects.all()).order_by("-day", "-id").first()
    if record is None or profile.onboarding_step in ("triage", "akps"):
        return redirect("onboarding:start")
    following = STEPS[STEPS.index("akps") + 1]
    context = {
        "record": record,
        "meaningful_change": AKPS_MEANINGFUL_CHANGE,
        "next_words": NEXT_WORDS.get(following, ""),
        "next_url": "/start/",
    }
    return render(request, "onboarding/knee_score_result.html", context)
