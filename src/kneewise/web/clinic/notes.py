"""A clinician's notes on a runner: private ones, and messages the runner reads on Today."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from kneewise.web.clinic.audit import record
from kneewise.web.clinic.models import AuditEvent, ClinicianNote

NOTES_SHOWN = 30


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
