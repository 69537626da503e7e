"""The runner's own week (issue #12 item 16): the days they can run (one form, on the Plan page
and in Settings) and today's session moved to tomorrow, with its undo. Views parse, call
`runners.week_choices`, and redirect; no rule lives here."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from kneewise.core.plan.runner_choices import names
from kneewise.web.daily.forms import RunDaysForm
from kneewise.web.daily.views import checkins_of, runner_with_plan
from kneewise.web.daily.week_present import run_days_form
from kneewise.web.runners.models import RunnerProfile, local_today
from kneewise.web.runners.plan_service import plan_view
from kneewise.web.runners.week_choices import (
    MoveRefused,
    move_today,
    set_run_weekdays,
    undo_move,
)
from kneewise.web.typing import AuthenticatedHttpRequest

BACK_TO = {"plan": "daily:plan", "settings": "accounts:profile"}


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@runner_with_plan
def run_days(request: AuthenticatedHttpRequest, profile: RunnerProfile) -> HttpResponse:
    """Save the days the runner can run from today on, then back to the page it came from."""
    day = local_today(profile)
    if request.method != "POST":
        form = run_days_form(profile, day, "plan")
    else:
        form = RunDaysForm(request.POST)
        if form.is_valid():
            weekdays = frozenset(form.cleaned_data["weekdays"])
            if set_run_weekdays(profile, weekdays, day):
                messages.success(
                    request,
                    f"Saved: from today you run on {names(weekdays)}. The plan keeps its rules "
                    "(a rest day between walk-runs, at most one more run day a week).",
                )
            return redirect(BACK_TO[form.cleaned_data["back"]])
    context = {"run_days_form": form, "run_days_notes": []}
    return render(request, "daily/run_days.html", context)


@require_POST
@runner_with_plan
def move(request: AuthenticatedHttpRequest, profile: RunnerProfile) -> HttpResponse:
    """Move today's run, walk-run or hop test to tomorrow (one move a day)."""
    day = local_today(profile)
    view = plan_view(profile, day, ahead=1)
    checkin = checkins_of(request).filter(day=day).first()
    try:
        move_today(profile, day, view.day(day), view.state, checkin)
    except MoveRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            "Moved to tomorrow. Tomorrow morning's check-in still decides whether it goes ahead.",
        )
    return redirect("daily:today")


@require_POST
@runner_with_plan
def undo(request: AuthenticatedHttpRequest, profile: RunnerProfile) -> HttpResponse:
    """Put today's session back on today, while it is still today."""
    try:
        undo_move(profile, local_today(profile))
    except MoveRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, "Today's session is back on today.")
    return redirect("daily:today")
