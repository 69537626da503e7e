"""Progress: four server-rendered charts of the runner's own data, each with its numbers.

Every query goes through `runners.access.owned`; the core computes weekly load, flags and the
cadence baseline; `progress.charts` draws (the physio report draws the same charts there). It
reads the last 12 weeks, never the whole history (§4): the load chart from the stored weeks
(`activities.history`), the cadence chart from the runs it shows and the last 10 with a cadence,
the pain chart from 8 weeks of check-ins.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from kneewise.activities.knee_load import UI_NOTICE
from kneewise.web.activities.history import cadence_runs, stored_weeks
from kneewise.web.progress.charts import (
    CADENCE_RUNS,
    PAIN_DAYS,
    akps_chart,
    cadence_chart,
    load_chart,
    load_weeks,
    pain_chart,
)
from kneewise.web.runners.access import owned, profile_of
from kneewise.web.runners.models import AkpsRecord, CheckIn, local_today
from kneewise.web.runners.plan_service import load_numbers
from kneewise.web.typing import AuthenticatedHttpRequest


@require_safe
@never_cache
@login_required
def progress(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    profile = profile_of(user)
    zone = profile.zone
    today = local_today(profile)
    pain_days = CheckIn.objects.filter(
        day__gte=today - timedelta(days=PAIN_DAYS), day__lte=today + timedelta(days=1)
    )
    checkins = list(owned(user, pain_days))
    scores = list(owned(user, AkpsRecord.objects.all()))
    starts = load_weeks(today)
    numbers = load_numbers(profile, today)
    history = stored_weeks(user, zone, numbers.weekly_factor, starts)
    runs = cadence_runs(user, zone, starts[0], CADENCE_RUNS)
    target = numbers.cadence_target
    context = {
        "pain": pain_chart(checkins, today),
        "akps": akps_chart(scores),
        "load": load_chart(history.weeks, history.flags_by_day, today, profile.units),
        "cadence": cadence_chart(runs, today, profile.baseline_cadence_spm, target),
        "unit": profile.units,
        "knee_load_notice": UI_NOTICE,
    }
    return render(request, "progress/progress.html", context)
