"""A runner's activities: upload files, folders or export zips; the list; one run's page.

Every query goes through `runners.access` (design.md §5). Load flags are `core.load.load_flags`
over the runner's whole history, on the runner's local dates, shown next to the run (and in the
week) where they happened; `history` keeps them so that no page computes the whole history.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from kneewise.activities.knee_load import UI_NOTICE
from kneewise.activities.sources import iter_inputs
from kneewise.core.load import Flag, Week, monday_of
from kneewise.web.activities.forms import UploadForm
from kneewise.web.activities.history import (
    History,
    flags_of_day,
    local_day,
    month_index,
    runner_zone,
    stored_weeks,
)
from kneewise.web.activities.importer import ImportReport, import_inputs
from kneewise.web.activities.models import Activity
from kneewise.web.activities.uploads import relabelled, save_uploads
from kneewise.web.runners.access import get_owned, owned, profile_of
from kneewise.web.runners.models import CheckIn
from kneewise.web.runners.plan_service import weekly_factor

PER_PAGE = 30
# The largest upload accepted in one request (all files together), checked before the body is
# read. A whole Garmin or Strava export zip is usually well under 1 GB.
DEFAULT_MAX_UPLOAD_BYTES = 1024**3
METRES_PER_MILE = 1609.344
FEET_PER_METRE = 3.28084
MILES = "mi"  # RunnerProfile.Units.MI


def max_upload_bytes() -> int:
    return int(getattr(settings, "KNEEWISE_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


def upload_limit_text() -> str:
    limit = max_upload_bytes()
    if limit >= 1024**3:
        return f"{limit / 1024**3:.3g} GB"
    return f"{limit / 1024**2:.3g} MB"


# Formatting ---------------------------------------------------------------------------------


def format_distance(metres: float | None, units: str) -> str:
    if metres is None:
        return "–"
    if units == MILES:
        return f"{metres / METRES_PER_MILE:.2f} mi"
    return f"{metres / 1000:.2f} km"


def format_height(metres: float | None, units: str) -> str:
    if metres is None:
        return "–"
    if units == MILES:
        return f"{metres * FEET_PER_METRE:.0f} ft"
    return f"{metres:.0f} m"


def format_duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_cadence(spm: float | None) -> str:
    return "–" if spm is None else f"{spm:.0f} steps/min"


def format_knee_load(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def format_when(moment: datetime, zone: tzinfo) -> str:
    local = moment.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M}"


def format_day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def sport_label(sport: str) -> str:
    return {"running": "Run", "cycling": "Ride", "walking": "Walk", "hiking": "Hike"}.get(
        sport, sport.replace("_", " ").capitalize()
    )


def _today(zone: tzinfo) -> date:
    return timezone.now().astimezone(zone).date()


# Views ---------------------------------------------------------------------------------------


@dataclass
class Row:
    activity: Activity
    when: str
    sport: str
    distance: str
    moving: str
    descent: str
    downhill: str
    cadence: str
    knee_load: str
    flags: list[Flag] = field(default_factory=list)


@dataclass
class WeekGroup:
    start: date
    title: str
    summary: str
    rows: list[Row]


def _row(activity: Activity, units: str, zone: tzinfo, flags: list[Flag]) -> Row:
    return Row(
        activity=activity,
        when=format_when(activity.start_time, zone),
        sport=sport_label(activity.sport),
        distance=format_distance(activity.distance_m, units),
        moving=format_duration(activity.moving_s or activity.elapsed_s),
        descent=format_height(activity.descent_m, units),
        downhill=format_distance(activity.downhill_m, units),
        cadence=format_cadence(activity.avg_cadence_spm),
        knee_load=format_knee_load(activity.knee_load),
        flags=flags,
    )


def _week_summary(week: Week | None, units: str) -> str:
    if week is None or week.runs == 0:
        return "No runs this week."
    runs = "1 run" if week.runs == 1 else f"{week.runs} runs"
    text = f"{runs}, {format_distance(week.distance_m, units)}"
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
            groups.append(WeekGroup(start, f"Week of {format_day(start)}", summary, []))
        groups[-1].rows.append(row)
    return groups


@require_safe
@never_cache
@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    profile = profile_of(request.user)
    zone, units = runner_zone(profile), profile.units
    newest_first = owned(request.user, Activity.objects.all()).order_by("-start_time", "-id")
    page = Paginator(newest_first, PER_PAGE).get_page(request.GET.get("page"))
    shown = list(page)
    weeks = {monday_of(local_day(a.start_time, zone)) for a in shown}
    factor = weekly_factor(profile, _today(zone))
    history = stored_weeks(request.user, zone, factor, weeks) if shown else History()
    rows = [_row(a, units, zone, history.flags_by_activity.get(a.pk, [])) for a in shown]
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
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity: Activity = get_owned(request.user, Activity.objects.select_related("file"), pk=pk)
    profile = profile_of(request.user)
    zone, units = runner_zone(profile), profile.units
    day = local_day(activity.start_time, zone)
    history = flags_of_day(request.user, zone, weekly_factor(profile, _today(zone)), day)
    checkins = {
        c.day: c
        for c in owned(request.user, CheckIn.objects.filter(day__in=[day, day + timedelta(1)]))
    }
    row = _row(activity, units, zone, history.flags_by_activity.get(activity.pk, []))
    values = [
        ("Start", row.when),
        ("Sport", row.sport),
        ("Distance", row.distance),
        ("Moving time", row.moving),
        ("Elapsed time", format_duration(activity.elapsed_s)),
        ("Ascent", format_height(activity.ascent_m, units)),
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
        "day_label": format_day(day),
        "next_day_label": format_day(day + timedelta(1)),
        "day_checkin": DayCheckIn(checkins.get(day), checkins.get(day + timedelta(1))),
        "day_flags": history.flags_by_day.get(day, []),
        "file_name": activity.file.original_name,
        "knee_load_notice": UI_NOTICE,
    }
    return render(request, "activities/detail.html", context)


def _bpm(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} bpm"


# Upload --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    name: str
    reason: str


@dataclass(frozen=True)
class UploadResult:
    activities: int
    files: int
    duplicates: int
    not_activities: list[Problem]
    failed: list[Problem]


def summarise(report: ImportReport) -> UploadResult:
    return UploadResult(
        activities=report.activities_imported,
        files=report.files_imported,
        duplicates=report.duplicates,
        not_activities=[Problem(s.source, s.reason) for s in report.not_activities],
        failed=[Problem(f.source, f.error) for f in report.failed],
    )


@csrf_exempt  # checked below, once the size is known to be acceptable
@require_http_methods(["GET", "POST"])
@never_cache
@login_required
def upload(request: HttpRequest) -> HttpResponse:
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
def _upload(request: HttpRequest) -> HttpResponse:
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
    folder = Path(tempfile.mkdtemp(prefix="kneewise-upload-"))
    try:
        paths = save_uploads(form.uploads(), folder)
        items = relabelled(iter_inputs(paths), folder)
        report = import_inputs(request.user, items, workers=1)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return render(request, "activities/upload_result.html", {"result": summarise(report)})
