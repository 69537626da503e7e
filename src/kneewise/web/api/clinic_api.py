"""The clinician's part of the JSON API: the caseload and a linked runner's timeline, with the
same authorization as the pages (clinic.access), and the runner's own sharing links."""

from __future__ import annotations

from typing import Annotated, Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from kneewise.web.accounts.services import is_clinician
from kneewise.web.clinic.access import linked_profile
from kneewise.web.clinic.caseload import caseload_rows
from kneewise.web.clinic.linking import LinkError, link, revoke, runner_links
from kneewise.web.reports.timeline import runner_timeline
from kneewise.web.runners.models import local_today

router = Router(tags=["clinician"])
sharing_router = Router(tags=["sharing"])


def _clinician(request: HttpRequest) -> User:
    user: User = request.auth  # type: ignore[attr-defined]  # ninja's auth sets it
    if not is_clinician(user):
        raise HttpError(403, "Only clinicians have a caseload.")
    return user


def _runner(request: HttpRequest) -> User:
    user: User = request.auth  # type: ignore[attr-defined]
    if is_clinician(user):
        raise HttpError(403, "Clinicians do not share a plan of their own.")
    return user


class EvidenceOut(Schema):
    kind: str
    day: str | None
    activity_id: int | None
    url: str


class FlagOut(Schema):
    code: str
    urgency: int
    rule: str
    day: str | None
    message: str
    evidence: EvidenceOut


class CaseloadRunnerOut(Schema):
    id: int
    name: str
    urgency: int
    last_check_in: str | None
    stage: str | None
    walk_run_phase: int | None
    flags: list[FlagOut]


class CaseloadOut(Schema):
    runners: list[CaseloadRunnerOut]


@router.get("/caseload", response=CaseloadOut, summary="Your runners, most urgent first")
def caseload(request: HttpRequest) -> dict[str, Any]:
    """Everyone who shares with you now, each with what needs attention and its rule."""
    rows = caseload_rows(_clinician(request))
    runners = []
    for row in rows:
        flags = [
            {
                "code": flag.code,
                "urgency": flag.urgency,
                "rule": flag.rule,
                "day": flag.day.isoformat() if flag.day else None,
                "message": flag.message,
                "evidence": {
                    "kind": flag.evidence.kind,
                    "day": flag.evidence.day.isoformat() if flag.evidence.day else None,
                    "activity_id": flag.evidence.activity_id,
                    "url": url,
                },
            }
            for flag, url, _ in row.flags
        ]
        attention = row.attention
        runners.append(
            {
                "id": row.profile.pk,
                "name": row.name,
                "urgency": attention.urgency,
                "last_check_in": (
                    attention.last_check_in.isoformat() if attention.last_check_in else None
                ),
                "stage": None if attention.stage is None else str(attention.stage),
                "walk_run_phase": attention.walk_run_phase,
                "flags": flags,
            }
        )
    return {"runners": runners}


@router.get(
    "/runners/{runner_id}/timeline",
    response=dict[str, Any],
    summary="One runner's timeline (only while they share with you)",
)
def timeline(
    request: HttpRequest,
    runner_id: int,
    weeks: Annotated[int, Query(ge=1, le=104)] = 12,
) -> dict[str, Any]:
    """Pain with next-morning responses, decisions with rules, runs (no GPS), weekly load with
    flags, knee scores, cadence and adherence; 404 unless the runner shares with you."""
    profile = linked_profile(_clinician(request), runner_id)
    return runner_timeline(profile, local_today(profile), weeks).to_json()


class LinkIn(Schema):
    code: Annotated[str, Field(min_length=4, max_length=20)]


class LinkOut(Schema):
    id: int
    clinician: str
    since: str


@sharing_router.get("", response=list[LinkOut], summary="Who you share your data with")
def links(request: HttpRequest) -> list[dict[str, Any]]:
    return [_link_json(lk) for lk in runner_links(_runner(request))]


@sharing_router.post("", response={201: LinkOut}, summary="Share with a clinician by code")
def share(request: HttpRequest, payload: LinkIn) -> Status[dict[str, Any]]:
    """As the sharing page: the code's clinician sees your data until you stop."""
    try:
        made = link(_runner(request), payload.code)
    except LinkError as problem:
        raise HttpError(422, str(problem)) from None
    return Status(201, _link_json(made))


@sharing_router.delete("/{link_id}", response={204: None}, summary="Stop sharing")
def stop(request: HttpRequest, link_id: int) -> Status[None]:
    if revoke(_runner(request), link_id) is None:
        raise HttpError(404, "No such link.")
    return Status(204, None)


def _link_json(made: Any) -> dict[str, Any]:
    return {
        "id": made.pk,
        "clinician": made.clinician.get_username(),
        "since": made.created_at.isoformat(timespec="seconds"),
    }
