"""Thin views: parse the form, call the core, render. Answers are never stored.

Health data stays out of URLs and logs: results are rendered straight from the POST (no
redirect carrying answers), and pages are marked `no-store` so a shared computer's browser
cache does not keep them either.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from kneewise.core.akps import AKPS_MEANINGFUL_CHANGE, akps_change, score_akps
from kneewise.core.triage import TriageOutcome, evaluate_triage
from kneewise.web.assess.forms import AkpsForm, TriageForm, akps_rows
from kneewise.web.assess.headlines import HEADLINES

logger = logging.getLogger(__name__)

# "Edit my answers" on a result page posts the answers back with this flag, so the form comes
# back filled in without the answers ever travelling in a URL.
EDIT_FLAG = "edit"


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "assess/home.html")


@require_http_methods(["GET", "POST"])
@never_cache
def triage(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        form = TriageForm()
        return render(request, "assess/triage.html", {"form": form, "sections": form.sections()})
    form = TriageForm(request.POST)
    if EDIT_FLAG not in request.POST and form.is_valid() and form.answers is not None:
        result = evaluate_triage(form.answers)
        context = {
            "result": result,
            "headline": HEADLINES[result.outcome],
            "urgent": result.outcome is TriageOutcome.URGENT_CARE,
            "resubmit": _resubmit_fields(request, form.fields),
        }
        return render(request, "assess/triage_result.html", context)
    context = {
        "form": form,
        "sections": form.sections(),
        "urgent_so_far": form.urgent_reasons_so_far() if form.is_bound and form.errors else [],
    }
    return render(request, "assess/triage.html", context)


@require_http_methods(["GET", "POST"])
@never_cache
def akps(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "assess/akps.html", {"form": AkpsForm()})
    form = AkpsForm(request.POST)
    if EDIT_FLAG in request.POST or not form.is_valid():
        return render(request, "assess/akps.html", {"form": form})
    choices = form.choices()
    score = score_akps(choices)
    previous = form.cleaned_data["previous_score"]
    context = {
        "score": score,
        "rows": akps_rows(choices, score.points),
        "change": None if previous is None else akps_change(previous, score.score),
        "meaningful_change": AKPS_MEANINGFUL_CHANGE,
        "resubmit": _resubmit_fields(request, form.fields),
    }
    return render(request, "assess/akps_result.html", context)


@require_safe
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """For the self-hoster's monitoring: "ok" only if the database answers a query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("health check failed: database unavailable (%s)", type(error).__name__)
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def server_error(request: HttpRequest) -> HttpResponse:
    """Like Django's default, but rendered with the request so the base template (and its
    "not medical advice" notice) works on the error page too."""
    return render(request, "500.html", status=500)


def _resubmit_fields(request: HttpRequest, field_names: Iterable[str]) -> list[tuple[str, str]]:
    """The submitted answers as (name, value) pairs for hidden inputs; only known fields."""
    return [(name, value) for name in field_names for value in request.POST.getlist(name)]
