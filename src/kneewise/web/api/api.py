"""The JSON API (django-ninja), mounted at /api/v1/; OpenAPI at /api/v1/openapi.json.

Every route serves only the caller's own data, through `kneewise.web.runners.access`.
No docs page: ninja's loads Swagger UI from a CDN, and the OpenAPI JSON is what clients use.
"""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

from django.contrib.auth.models import User
from django.db.models import Q
from django.http import FileResponse, HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Field, File, NinjaAPI, Query, Schema, Status, UploadedFile
from ninja.errors import HttpError
from pydantic import ConfigDict, field_validator

from kneewise.web.activities.jobs import stage_uploads
from kneewise.web.activities.models import Activity, ImportJob
from kneewise.web.api.auth import BearerToken, LoggedInSession
from kneewise.web.api.clinic_api import router as clinic_router
from kneewise.web.api.clinic_api import sharing_router
from kneewise.web.runners.access import get_owned, owned, profile_of
from kneewise.web.runners.check_ins import save_check_in
from kneewise.web.runners.models import CheckIn, local_today
from kneewise.web.runners.plan_service import plan_view
from kneewise.web.runners.portability import write_export
from kneewise.web.sync.api import router as sync_router

api = NinjaAPI(
    title="Kneewise API",
    version="1",
    description="A runner's own plan, check-ins and activities. Authenticate with "
    "`Authorization: Bearer <personal access token>` (create one on the Your data page) or, "
    "from the browser, the logged-in session with its CSRF token.",
    urls_namespace="api:v1",
    docs_url=None,
    auth=[BearerToken(), LoggedInSession()],
)
api.add_router("/clinic", clinic_router)
api.add_router("/sharing", sharing_router)
api.add_router("/sync", sync_router)

Pain = Annotated[int, Field(ge=0, le=10)] | None
DEFAULT_WAIT_S = 10  # small uploads answer with their report; big ones with a job to poll
MAX_WAIT_S = 30
POLL_S = 0.2


def _caller(request: HttpRequest) -> User:
    user: User = request.auth  # type: ignore[attr-defined]  # ninja's auth sets it
    return user


# Plan ------------------------------------------------------------------------------------------


@api.get("/today", response=dict[str, Any], summary="Today's plan", tags=["plan"])
def today(request: HttpRequest) -> dict[str, Any]:
    """Today's session, exercises, decision and education for the runner's local date."""
    profile = profile_of(_caller(request))
    day = local_today(profile)
    plan = plan_view(profile, day, ahead=1).day(day)
    if plan is None:  # the plan starts on a later day
        raise HttpError(404, "Your plan has not started yet.")
    return plan.as_json()


@api.get("/plan", response=list[dict[str, Any]], summary="The coming days", tags=["plan"])
def plan(
    request: HttpRequest, days: Annotated[int, Field(ge=1, le=28)] = 14
) -> list[dict[str, Any]]:
    """Today and the following days (a projection that repeats the latest check-in)."""
    profile = profile_of(_caller(request))
    day = local_today(profile)
    return [d.as_json() for d in plan_view(profile, day, ahead=days).upcoming(days)]


# Check-ins -------------------------------------------------------------------------------------


class CheckInIn(Schema):
    """One day's check-in; pain and function scores 0–10, missing answers left empty."""

    model_config = ConfigDict(extra="forbid")

    morning_pain: Pain = None
    swelling: bool = False
    morning_limp: bool = Field(False, description="limping when walking this morning")
    seen_clinician: bool = Field(
        False, description="saw a physiotherapist or doctor about the knee since the last check-in"
    )
    function_sit_30min: Pain = None
    function_stairs: Pain = None
    function_squat: Pain = None
    new_load: str = Field("", description="'' or one of: " + ", ".join(CheckIn.NewLoad.values))
    done: bool | None = Field(None, description="null: the session is not reported yet")
    pain_during: Pain = None
    pain_after_60min: Pain = None
    limp: bool = False
    sharp: bool = False

    @field_validator("new_load")
    @classmethod
    def _known_load(cls, value: str) -> str:
        if value and value not in CheckIn.NewLoad.values:
            raise ValueError(f"must be '' or one of {', '.join(CheckIn.NewLoad.values)}")
        return value


class CheckInOut(CheckInIn):
    day: date


_CHECKIN_FIELDS = tuple(CheckInIn.model_fields)


def _checkin_json(checkin: CheckIn) -> CheckInOut:
    return CheckInOut(day=checkin.day, **{f: getattr(checkin, f) for f in _CHECKIN_FIELDS})


@api.get("/check-ins", response=list[CheckInOut], tags=["check-ins"])
def check_ins(request: HttpRequest, since: date | None = None) -> list[CheckInOut]:
    """The runner's check-ins, oldest first, optionally from `since` on."""
    rows = owned(_caller(request), CheckIn.objects.all())
    if since is not None:
        rows = rows.filter(day__gte=since)
    return [_checkin_json(c) for c in rows.order_by("day")]


@api.get("/check-ins/{day}", response=CheckInOut, tags=["check-ins"])
def check_in(request: HttpRequest, day: date) -> CheckInOut:
    """One day's check-in; 404 if there is none."""
    return _checkin_json(get_owned(_caller(request), CheckIn.objects.all(), day=day))


@api.put("/check-ins/{day}", response=CheckInOut, tags=["check-ins"])
def put_check_in(request: HttpRequest, day: date, payload: CheckInIn) -> CheckInOut:
    """Create or replace a day's check-in (late ones re-run the plan from that day)."""
    user = _caller(request)
    if day > local_today(profile_of(user)):
        raise HttpError(422, "A check-in cannot be for a day in the future.")
    values = {name: getattr(payload, name) for name in _CHECKIN_FIELDS}
    return _checkin_json(save_check_in(user, day, values))


# Activities ------------------------------------------------------------------------------------


class ActivityOut(Schema):
    id: int
    name: str
    sport: str
    format: str
    start_time: datetime
    elapsed_s: float | None
    moving_s: float | None
    distance_m: float | None
    ascent_m: float | None
    descent_m: float | None
    downhill_m: float | None
    avg_cadence_spm: float | None
    avg_hr_bpm: float | None
    max_hr_bpm: float | None
    knee_load: float | None
    file_sha256: str = Field(..., alias="file.sha256")
    file_name: str = Field(..., alias="shown_file_name", description="as this runner named it")


class ImportJobOut(Schema):
    """An import in the background: its progress, and when it is done, its report (the one
    report shape: files_imported, activities_imported, duplicates_skipped, copies_of_runs,
    not_activities, errors)."""

    id: int
    status: str
    files_total: int
    files_done: int
    failed_so_far: int
    url: str
    report: dict[str, Any] | None


class ActivityPage(Schema):
    items: list[ActivityOut]
    count: int = Field(..., description="how many activities there are in all (from `since`)")
    next: str | None = Field(..., description="the URL of the next, older page; null at the end")


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@api.get("/activities", response=ActivityPage, tags=["activities"])
def activities(
    request: HttpRequest,
    limit: Annotated[int, Field(ge=1, le=200)] = 50,
    before: Annotated[str | None, Query(description="from a `next` URL: older ones only")] = None,
    since: date | None = None,
) -> Any:
    """The runner's activities, newest first, `limit` at a time (50 unless asked, at most
    200); `next` is the URL of the older ones. Optionally only from the day `since` on."""
    rows = owned(_caller(request), Activity.objects.runs().select_related("file"))
    if since is not None:
        rows = rows.filter(start_time__date__gte=since)
    count = rows.count()
    if before:  # keyset: what comes after the cursor's activity, newest first
        start, pk = _activity_cursor(before)
        rows = rows.filter(Q(start_time__lt=start) | Q(start_time=start, id__lt=pk))
    page = list(rows.order_by("-start_time", "-id")[: limit + 1])
    following = None
    if len(page) > limit:
        page = page[:limit]
        last = page[-1]
        micros = (last.start_time - _EPOCH) // timedelta(microseconds=1)
        query = {"limit": limit, "before": f"{micros}.{last.pk}"}
        following = f"{request.path}?{urlencode(query | ({'since': since} if since else {}))}"
    return {"items": page, "count": count, "next": following}


def _activity_cursor(text: str) -> tuple[datetime, int]:
    """(start time, id) of the last activity of the page before: "<µs since 1970>.<id>"."""
    micros, _, pk = text.partition(".")
    if not (micros.lstrip("-").isdigit() and pk.isdigit()):
        raise HttpError(422, "`before` is not a cursor from a `next` URL.")
    try:
        return _EPOCH + timedelta(microseconds=int(micros)), int(pk)
    except OverflowError:
        raise HttpError(422, "`before` is not a cursor from a `next` URL.") from None


@api.post(
    "/activities",
    response={200: ImportJobOut, 202: ImportJobOut},
    tags=["activities"],
    summary="Import activity files",
)
def upload_activities(
    request: HttpRequest,
    files: File[list[UploadedFile]],
    wait: Annotated[int, Field(ge=0, le=MAX_WAIT_S)] = DEFAULT_WAIT_S,
) -> Status[ImportJobOut]:
    """Import FIT/GPX/TCX files (optionally .gz) or export zips in the background; files
    already imported are skipped. Waits up to `wait` seconds: 200 with the report if the
    import finished by then, else 202 with the job to poll at `url`."""
    job = stage_uploads(_caller(request), files)
    deadline = time.monotonic() + wait
    while not job.finished and time.monotonic() < deadline:
        time.sleep(POLL_S)
        job.refresh_from_db()
    return Status(200 if job.finished else 202, job_out(job))


@api.get("/imports/{job_id}", response=ImportJobOut, tags=["activities"])
def import_job(request: HttpRequest, job_id: int) -> ImportJobOut:
    """An import's progress and, once it is done, its report."""
    return job_out(get_owned(_caller(request), ImportJob.objects.all(), pk=job_id))


def job_out(job: ImportJob) -> ImportJobOut:
    return ImportJobOut(
        id=job.pk,
        status=job.status,
        files_total=job.files_total,
        files_done=job.files_done,
        failed_so_far=job.failed_count,
        url=reverse("api:v1:import_job", kwargs={"job_id": job.pk}),
        report=job.report,
    )


# Export ----------------------------------------------------------------------------------------


@api.get(
    "/export",
    tags=["your data"],
    openapi_extra={
        "responses": {
            200: {
                "description": "The export zip",
                "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def export(request: HttpRequest) -> FileResponse:
    """Everything, as a zip: kneewise-export.json and the original activity files."""
    return export_response(_caller(request))


def export_response(user: User) -> FileResponse:
    """The export zip as a download, written to a temporary file first (any size)."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
    write_export(user, out)
    out.seek(0)
    name = f"kneewise-export-{timezone.now():%Y-%m-%d}.zip"
    response = FileResponse(out, as_attachment=True, filename=name, content_type="application/zip")
    response["Cache-Control"] = "no-store"
    return response
