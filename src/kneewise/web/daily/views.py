"""Today, the daily check-in and the coming 14 days, all read from `plan_view` (no rules here).

Every view reaches the runner's rows through `kneewise.web.runners.access` only. The one view
without a login, the calendar subscription, finds its runner by the secret token alone.
Pages carry health data, so they are `no-store` (as the assessment pages are).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kneewise.core.pain.zones import InSessionAdvice, exercise_day_action, in_session_action
from kneewise.core.plan.models import Action, DayPlan
from kneewise.ical import plan_calendar
from kneewise.web.accounts.services import is_clinician
from kneewise.web.assess.forms import AkpsForm
from kneewise.web.clinic.sharing import from_physio
from kneewise.web.daily import week_present
from kneewise.web.daily.forms import (
    FUNCTION_FIELDS,
    MORNING_YES_NO,
    CheckInForm,
    day_problem,
    initial_from,
)
from kneewise.web.daily.present import (
    ACTION_WORDS,
    STAGE_NAMES,
    education_of,
    exercise_views,
    headline,
    in_session_guide,
    long_date,
    session_view,
)
from kneewise.web.learn.shoes import shoe_note
from kneewise.web.runners.access import owned, profile_of
from kneewise.web.runners.check_ins import save_check_in
from kneewise.web.runners.knee_score import change_since_first, knee_score_due, save_knee_score
from kneewise.web.runners.models import (
    AkpsRecord,
    CheckIn,
    RunnerProfile,
    local_today,
    new_calendar_token,
)
from kneewise.web.runners.plan_service import asks_clinician_question, plan_view
from kneewise.web.typing import AuthenticatedHttpRequest

ONBOARDING_URL = "/start/"
CLINICIAN_HOME = "/clinic/"
CALENDAR_DAYS = 14
CALENDAR_NAME = "Kneewise plan"
RECENT_CHECKINS = 14

RunnerView = Callable[..., HttpResponse]


def runner_with_plan(view: RunnerView) -> RunnerView:
    """Login required; runners who have not finished onboarding go there first."""

    @login_required
    @wraps(view)
    def wrapper(request: AuthenticatedHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if is_clinician(request.user):  # a clinician has no plan: their start is the caseload
            return redirect(CLINICIAN_HOME)
        profile = profile_of(request.user)
        if profile.plan_start is None:
            return redirect(ONBOARDING_URL)
        return view(request, profile, *args, **kwargs)

    return wrapper


def checkins_of(request: AuthenticatedHttpRequest) -> Any:
    return owned(request.user, CheckIn.objects.all())


# Today ------------------------------------------------------------------------------------


@never_cache
@require_safe
@runner_with_plan
def today(request: AuthenticatedHttpRequest, profile: RunnerProfile) -> HttpResponse:
    day = local_today(profile)
    view = plan_view(profile, day, ahead=1)
    plan = view.day(day)
    checkin = checkins_of(request).filter(day=day).first()
    context: dict[str, object] = {
        "today": day,
        "plan": plan,
        "plan_start": profile.plan_start,
        "checkin": checkin,
        "has_morning": checkin is not None and checkin.morning_pain is not None,
        "session_advice": session_advice(checkin, ran=plan is not None and plan.run is not None),
        "guide": in_session_guide(),
        "knee_score_due": knee_score_due(profile, day),
        "from_physio": from_physio(request.user, day),
        "shoe_note": shoe_note(profile, day),  # R36
    }
    if plan is not None:
        context.update(
            session=session_view(plan, profile.units),
            exercises=exercise_views(plan),
            education=education_of(plan, view.state.last_education),
            stage_name=STAGE_NAMES.get(plan.stage.value, plan.stage.value),
            action_words=ACTION_WORDS[plan.decision.action],
            stop_first=plan.decision.action in (Action.REFER, Action.PAUSE_RUNNING),
        )
        context.update(week_present.today_context(profile, day, view, checkin))  # item 16
    return render(request, "daily/today.html", context)


def session_advice(checkin: CheckIn | None, *, ran: bool) -> InSessionAdvice | None:
    """R7 advice for a reported session's worst pain (None when nothing was reported); on a
    day without a run, what the zone means for the exercises instead (R28)."""
    if checkin is None or not checkin.done:
        return None
    pains = [p for p in (checkin.pain_during, checkin.pain_after_60min) if p is not None]
    if not pains and not (checkin.limp or checkin.sharp):
        return None
    advise = in_session_action if ran else exercise_day_action
    return advise(max(pains, default=0), limp=checkin.limp, sharp=checkin.sharp)


# Check-in ---------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@runner_with_plan
def check_in(request: AuthenticatedHttpRequest, profile: RunnerProfile) -> HttpResponse:
    day = local_today(profile)
    checkins = checkins_of(request)
    day_error = None
    if request.method == "POST":
        form = CheckInForm(request.POST, today=day, plan_start=profile.plan_start)
        if form.is_valid():
            checkin_day = form.cleaned_data["day"]
            save_check_in(request.user, checkin_day, form.checkin_values())
            messages.success(request, saved_message(profile, checkin_day, day))
            return redirect("daily:today")
        chosen = form.cleaned_data.get("day") or day
    else:
        chosen, day_error = requested_day(request.GET.get("day"), day, profile.plan_start)
        form = CheckInForm(
            initial=initial_for(checkins, profile, chosen),
            today=day,
            plan_start=profile.plan_start,
        )
    if chosen != day:
        form.fields["done"].label = "Did you do that day's session?"
    context = {
        "form": form,
        "today": day,
        "day": chosen,
        "is_today": chosen == day,
        "day_errors": [day_error] if day_error else form["day"].errors,
        "morning_fields": [
            form[name]
            for name in ("morning_pain", "swelling", "morning_limp", "seen_clinician")
            if name != "seen_clinician" or clinician_question_shown(profile, day, form)
        ],
        "function_fields": [form[name] for name in FUNCTION_FIELDS],
        "function_source": function_source(checkins, chosen) if request.method != "POST" else "",
        "yesterday_morning": checkins.filter(day=chosen - timedelta(days=1))
        .values_list("morning_pain", flat=True)
        .first(),
        "session_fields": [
            form["done"],
            form["pain_during"],
            form["pain_after_60min"],
            form["limp"],
            form["sharp"],
        ],
        "recent": checkins.order_by("-day")[:RECENT_CHECKINS],
    }
    return render(request, "daily/check_in.html", context)


def clinician_question_shown(profile: RunnerProfile, today: date, form: CheckInForm) -> bool:
    """Asked while the plan waits to hear about a clinician (§11b.2); a "yes" already given
    stays on screen, so editing the check-in never drops it."""
    if form["seen_clinician"].value() == "yes":
        return True
    return asks_clinician_question(plan_view(profile, today, ahead=1))


def requested_day(
    value: str | None, today: date, plan_start: date | None
) -> tuple[date, str | None]:
    """The `?day=` of a late check-in, or today with the reason the asked-for day won't do."""
    if not value:
        return today, None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return today, "Please enter a date like 2026-03-02."
    problem = day_problem(day, today=today, plan_start=plan_start)
    return (today, problem) if problem else (day, None)


def previous_function(checkins: Any, profile: RunnerProfile, day: date) -> dict[str, int | None]:
    """The function scores last given before `day`, else the onboarding baseline."""
    earlier = checkins.filter(day__lt=day, function_squat__isnull=False).order_by("-day").first()
    source = earlier if earlier is not None else profile
    return {name: getattr(source, name) for name in FUNCTION_FIELDS}


def initial_for(checkins: Any, profile: RunnerProfile, day: date) -> dict[str, object]:
    """The day's own check-in to edit, or sensible defaults from the day before."""
    existing = checkins.filter(day=day).first()
    if existing is not None:
        return initial_from(existing)
    # This morning's pain is asked, never copied from yesterday: missing is not green (§11b.5).
    initial: dict[str, object] = {"day": day, "done": ""}
    initial.update(dict.fromkeys(MORNING_YES_NO, "no"))
    initial.update(previous_function(checkins, profile, day))
    return initial


def function_source(checkins: Any, day: date) -> str:
    """Where pre-filled daily-activity scores came from, said on the page (issue #12)."""
    if checkins.filter(day=day).exists():
        return ""
    earlier = checkins.filter(day__lt=day, function_squat__isnull=False).order_by("-day").first()
    if earlier is None:
        return "Filled in from your answers when you started. Change any that differ today."
    return (
        f"Filled in from your check-in of {long_date(earlier.day)}. Change any that differ today."
    )


def saved_message(profile: RunnerProfile, checkin_day: date, day: date) -> str:
    plan = plan_view(profile, day).day(day)
    which = "today" if checkin_day == day else long_date(checkin_day)
    text = f"Check-in saved for {which}."
    if checkin_day != day:
        text += " Your plan has been worked out again from that day."
    if plan is not None:  # the reasons are on Today itself, right below this message
        rules = ", ".join(plan.decision.rules)
        text += f" Today: {headline(plan, profile.units)}. {ACTION_WORDS[plan.decision.action]}"
        text += f" ({rules}): the reasons are below." if rules else "."
    return text


# Knee score ---------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@runner_with_plan
def knee_score(request: AuthenticatedHttpRequest, profile: RunnerProfile) -> HttpResponse:
    """Take the knee score (R30) any time; it is kept as today's score and the plan reads it."""
    day = local_today(profile)
    form = AkpsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        record = save_knee_score(request.user, day, form.choices())
        change = change_since_first(request.user, record)
        text = f"Knee score saved: {record.score} out of 100."
        if change is not None:
            text += f" Since your first score: {change.reason.message}"
        messages.success(request, text)
        return redirect(reverse("progress:index") + "#akps-heading")
    earlier = owned(request.user, AkpsRecord.objects.filter(day=day)).last()
    return render(request, "daily/knee_score.html", {"form": form, "earlier": earlier})


# Plan and calendar ------------------------------------------------------------------------


@never_cache
@require_safe
@runner_with_plan
def plan(request: AuthenticatedHttpRequest, profile: RunnerProfile) -> HttpResponse:
    day = local_today(profile)
    upcoming = plan_view(profile, day).upcoming(CALENDAR_DAYS)
    week = week_present.plan_context(profile, day, upcoming)  # issue #12 item 16
    latest = checkins_of(request).filter(day__lte=day).order_by("-day").first()
    rows = [
        {
            "plan": d,
            "title": headline(d, profile.units),
            "stage_name": STAGE_NAMES.get(d.stage.value, d.stage.value),
            "action_words": ACTION_WORDS[d.decision.action],
            "is_today": d.day == day,
        }
        for d in upcoming
    ]
    subscription = request.build_absolute_uri(
        reverse("daily:subscription", args=[profile.calendar_token])
    )
    context = {"rows": rows, "today": day, "latest": latest, "subscription": subscription, **week}
    return render(request, "daily/plan.html", context)


def calendar_response(profile: RunnerProfile, *, download: bool) -> HttpResponse:
    days: list[DayPlan] = plan_view(profile, local_today(profile)).upcoming(CALENDAR_DAYS)
    ics = plan_calendar(days, stamp=timezone.now(), name=CALENDAR_NAME, units=profile.units)
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    if download:
        response["Content-Disposition"] = 'attachment; filename="kneewise-plan.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
@runner_with_plan
def calendar_download(request: AuthenticatedHttpRequest, profile: RunnerProfile) -> HttpResponse:
    return calendar_response(profile, download=True)


@require_safe
def calendar_subscription(request: HttpRequest, token: str) -> HttpResponse:
    """The private feed: the secret token is the only key, so an unknown one is simply 404."""
    profile = (
        RunnerProfile.objects.select_related("user")
        .filter(calendar_token=token, plan_start__isnull=False, user__is_active=True)
        .first()
    )
    if profile is None:
        raise Http404
    return calendar_response(profile, download=False)


@require_POST
@login_required
def revoke_calendar(request: AuthenticatedHttpRequest) -> HttpResponse:
    profile = profile_of(request.user)
    profile.calendar_token = new_calendar_token()
    profile.save(update_fields=["calendar_token"])
    messages.success(
        request,
        "Done: the old calendar link no longer works. Subscribe again with the new link below.",
    )
    return redirect("daily:plan")
