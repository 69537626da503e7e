"""The demo physiotherapist: a clinician the demo runner shares with, so `./dev start` shows
the caseload and a timeline too. Idempotent, with a fresh password on every start."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from kneewise.web.accounts.services import clinician_group
from kneewise.web.clinic.linking import code_of, link
from kneewise.web.clinic.models import ClinicianNote
from kneewise.web.clinic.notes import add_note

DEMO_CLINICIAN = "demo-physio"
WELCOME = (
    "Hello, I can follow your knee between visits here. Keep up the hip exercises; "
    "we will look at the downhill race together."
)


def create_demo_clinician(runner: User) -> tuple[User, str]:
    """The demo clinician, linked to `runner` (once) with one message, and a new password."""
    password = secrets.token_urlsafe(9)
    physio, _ = get_user_model().objects.get_or_create(username=DEMO_CLINICIAN)
    physio.set_password(password)
    physio.save()
    physio.groups.add(clinician_group())
    link(runner, code_of(physio))
    if not ClinicianNote.objects.filter(runner=runner, clinician=physio).exists():
        add_note(runner, physio, WELCOME, for_runner=True)
    return physio, password
