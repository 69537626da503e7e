"""A runner's activities: upload files, folders or export zips; the list; one run's page.

Every query goes through `runners.access` (design.md §5). Load flags are `core.load.load_flags`
over the runner's whole history, on the runner's local dates, shown next to the run (and in the
week) where they happened; `history` keeps them so that no page computes the whole history.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from kneewise.activities.knee_load import UI_NOTICE
from kneewise.core.dates import spoken_date
from kneewise.core.load import Week, monday_of
from kneewise.units import distance_text, height_text
from kneewise.web.activities.charts import build_run_charts
from kneewise.web.activities.curation import recordings_of
from kneewise.web.activities.forms import UploadForm
from kneewise.web.activities.history import (
    History,
    flags_of_day,
    local_day,
    month_index,
    stored_weeks,
)
from kneewise.web.activities.jobs import stage_uploads
from kneewise.web.activities.models import Activity
from kneewise.web.activities.present import Row, format_duration, recording_rows, row_of
from kneewise.web.activities.run_streams import load_streams
from kneewise.web.runners.access import get_owned, owned, profile_of
from kneewise.web.runners.models import CheckIn, local_today
from kneewise.web.runners.plan_service import load_numbers, weekly_factor
from kneewise.web.typing import AuthenticatedHttpRequest

PER_PAGE = 30
# The largest upload accepted in one request (all files together), checked before the body is
# read. A whole Garmin or Strava export zip is usually well under 1 GB.
DEFAULT_MAX_UPLOAD_BYTES = 1024**3


def max_upload_bytes() -> int:
    return int(getattr(settings, "KNEEWISE_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


def upload_limit_text() -> str:
    limit = max_upload_bytes()
    if limit >= 1024**3:
        return f"{limit / 1024**3:.3g} GB"
    return f"{limit / 1024**2:.3g} MB"


# Views ---------------------------------------------------------------------------------------


@dataclass
class WeekGroup:
    start: date
    title: str
    summary: str
    rows: list[Row]


def _week_summary(week: Week | None, units: str) -> str:
    if week is None or week.runs == 0:
        return "No runs this week."
    runs = "1 run" if week.runs == 1 else f"{week.runs} runs"
    text = f"{runs}, {distance_text(week.distance_m, units)}"
    if week.change_pct is not None:
        text += f", {week.change_pct:+.0f} % on the week before".replace("-", "−")
    return text + "."


def _groups(rows: Iterable[Row], zone: tzinfo, history: History, units: str) -> list[WeekGroup]:
    """The page's activities by Monday week, each week's summary from the stored weeks."""
    groups: list[WeekGroup] = []
    for row in rows:
        start = monday_of(local_day(row.activity.start_time, zone))
        if not groups or groups[-1].start != start:
            summary = _week_summary(history.weeks.get(start), units)
            groups.append(WeekGroup(start, f"Week of {spoken_date(start, year=True)}", summary, []))
        groups[-1].rows.append(row)
    return groups


@require_safe
@never_cache
@login_required
def activity_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    profile = profile_of(request.user)
    zone, units = profile.zone, profile.units
    newest_first = owned(request.user, Activity.objects.runs()).order_by("-start_time", "-id")
    page = Paginator(newest_first, PER_PAGE).get_page(request.GET.get("page"))
    shown = list(page)
    weeks = {monday_of(local_day(a.start_time, zone)) for a in shown}
    factor = weekly_factor(profile, local_today(profile))
    history = stored_weeks(request.user, zone, factor, weeks) if shown else History()
    rows = [row_of(a, units, zone, history.flags_by_activity.get(a.pk, [])) for a in shown]
    context = {
        "page": page,
        "groups": _groups(rows, zone, history, units),
        "months": month_index(history.months, PER_PAGE) if page.has_other_pages() else [],
        "knee_load_notice": UI_NOTICE,
        "flag_count": history.flag_count,
    }
    return render(request, "activities/list.html", context)


@dataclass
class DayCheckIn:
    """The check-in of a run's day next to it, and the next morning's pain."""

    checkin: CheckIn | None
    next_morning: CheckIn | None

    @property
    def next_morning_pain(self) -> int | None:
        return None if self.next_morning is None else self.next_morning.morning_pain


@require_safe
@never_cache
@login_required
def activity_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity: Activity = get_owned(request.user, Activity.objects.select_related("file"), pk=pk)
    profile = profile_of(request.user)
    zone, units = profile.zone, profile.units
    day, today = local_day(activity.start_time, zone), local_today(profile)
    numbers = load_numbers(profile, today)
    history = flags_of_day(request.user, zone, numbers.weekly_factor, day)
    checkins = {
        c.day: c
        for c in owned(request.user, CheckIn.objects.filter(day__in=[day, day + timedelta(1)]))
    }
    row = row_of(activity, units, zone, history.flags_by_activity.get(activity.pk, []))
    values = [
        ("Start", row.when),
        ("Sport", row.sport),
        ("Distance", row.distance),
        ("Moving time", row.moving),
        ("Elapsed time", format_duration(activity.elapsed_s)),
        ("Ascent", height_text(activity.ascent_m, units)),
        ("Descent", row.descent),
        ("Downhill distance (−5 % or steeper)", row.downhill),
        ("Cadence", row.cadence),
        ("Average heart rate", _bpm(activity.avg_hr_bpm)),
        ("Maximum heart rate", _bpm(activity.max_hr_bpm)),
        ("Knee load (estimate)", row.knee_load),
    ]
    context = {
        "activity": activity,
        "row": row,
        "values": values,
        "day": day,
        "day_label": spoken_date(day, year=True),
        "next_day_label": spoken_date(day + timedelta(1), year=True),
        "day_checkin": DayCheckIn(checkins.get(day), checkins.get(day + timedelta(1))),
        "day_flags": history.flags_by_day.get(day, []),
        "file_name": activity.shown_file_name,
        "is_copy": activity.primary_id is not None,
        "recordings": recording_rows(recordings_of(activity), activity, units, zone),
        "knee_load_notice": UI_NOTICE,
        "run_charts": build_run_charts(
            activity,
            load_streams(activity),
            units=units,
            day=day,
            cadence_target=numbers.cadence_target,
            show_route=profile.show_route_outline,
        ),
    }
    return render(request, "activities/detail.html", context)


def _bpm(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} bpm"


# Upload --------------------------------------------------------------------------------------


@csrf_exempt  # checked below, once the size is known to be acceptable
@require_http_methods(["GET", "POST"])
@never_cache
@login_required
def upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Refuse an oversized upload before its body is read, then check CSRF as usual."""
    if request.method == "POST":
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > max_upload_bytes():
            form = UploadForm()
            limit = upload_limit_text()
            error = f"That upload is too large: at most {limit} at once. Upload it in parts."
            context = {"form": form, "too_large": error, "max_upload": limit}
            return render(request, "activities/upload.html", context, status=413)
    return _upload(request)


@csrf_protect
def _upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    limit = upload_limit_text()
    if request.method != "POST":
        return render(
            request, "activities/upload.html", {"form": UploadForm(), "max_upload": limit}
        )
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request, "activities/upload.html", {"form": form, "max_upload": limit}, status=400
        )
    # The import runs in the background (design.md §4): its page shows the progress.
    job = stage_uploads(request.user, form.uploads())
    return redirect("activities:import", pk=job.pk)
