"""A clinician's notes on a runner: private ones, and messages the runner reads on Today."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.db import transaction

from kneewise.web.clinic.audit import record
from kneewise.web.clinic.models import AuditEvent, ClinicianNote
from kneewise.web.reports.present import ReportNote

NOTES_SHOWN = 30
REPORT_NOTES = 200  # the newest; a report is a summary, not an archive


def add_note(runner: User, clinician: User, text: str, *, for_runner: bool) -> ClinicianNote:
    with transaction.atomic():
        note = ClinicianNote.objects.create(
            runner=runner, clinician=clinician, text=text, for_runner=for_runner
        )
        if for_runner:
            record(runner, clinician, AuditEvent.Kind.MESSAGE, text[:120])
    return note


def notes_of(runner: User, clinician: User) -> list[ClinicianNote]:
    """This clinician's own notes and messages (another clinician's private notes stay theirs)."""
    return list(ClinicianNote.objects.filter(runner=runner, clinician=clinician)[:NOTES_SHOWN])


def _report_note(note: ClinicianNote, zone: ZoneInfo) -> ReportNote:
    kind = "message" if note.for_runner else "note"
    author = f"{note.clinician.get_username()} ({kind})"
    return ReportNote(note.created_at.astimezone(zone).date(), author, note.text)


def runner_report_notes(runner: User, zone: ZoneInfo) -> list[ReportNote]:
    """For the runner's own report: the messages their clinicians sent them."""
    rows = ClinicianNote.objects.filter(runner=runner, for_runner=True).select_related("clinician")
    return [_report_note(n, zone) for n in rows[:REPORT_NOTES]]


def clinician_report_notes(runner: User, clinician: User, zone: ZoneInfo) -> list[ReportNote]:
    """For a clinician's copy: their own notes and messages on this runner."""
    rows = ClinicianNote.objects.filter(runner=runner, clinician=clinician).select_related(
        "clinician"
    )
    return [_report_note(n, zone) for n in rows[:REPORT_NOTES]]
