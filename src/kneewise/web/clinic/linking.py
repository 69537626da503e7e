"""Linking a runner to a clinician by the clinician's short code, and revoking it.

The code is what a physio says aloud or writes on a card (8 letters and digits, no look-alikes:
no 0/O, 1/I/L), and the same code sits in the invitation link. Linking shares the runner's data
with the named clinician only; the runner can revoke at any time."""

from __future__ import annotations

import secrets
from datetime import date

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from kneewise.web.accounts.limits import WINDOW_SECONDS, link_code_attempt
from kneewise.web.accounts.services import is_clinician
from kneewise.web.clinic.audit import record
from kneewise.web.clinic.models import AuditEvent, ClinicianCode, ClinicianLink
from kneewise.web.runners.access import profile_of
from kneewise.web.runners.models import local_today
from kneewise.web.runners.plan_changes import end_overrides_of

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
# What a runner shares, said before they agree (issue #11 item 2); never GPS tracks.
SHARED_ITEMS = (
    "your daily check-ins: pain, swelling, limping and how your knee works",
    "your plan, each day's decision and the rule behind it",
    "your runs: distance, time, downhill, cadence and knee load — never your GPS tracks",
    "your knee scores (Kujala AKPS) and your knee check result",
    "notes and messages between you and them",
)


class LinkError(ValueError):
    """A code that links nobody, or a link the runner cannot make; the message says why."""


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalised(code: str) -> str:
    """What the runner typed, as stored: spaces and dashes dropped, upper case."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_of(clinician: User) -> str:
    """The clinician's current code, made on first use."""
    existing = ClinicianCode.objects.filter(clinician=clinician).first()
    if existing is not None:
        return existing.code
    return replace_code(clinician)


def replace_code(clinician: User) -> str:
    """A new code; the old one links nobody from now on (links already made stay)."""
    for _ in range(5):
        code = new_code()
        try:
            with transaction.atomic():
                ClinicianCode.objects.update_or_create(
                    clinician=clinician, defaults={"code": code, "created_at": timezone.now()}
                )
            return code
        except IntegrityError:  # another clinician's code: draw again
            continue
    raise RuntimeError("could not draw a free clinician code")


def display_code(code: str) -> str:
    """'ABCD-EFGH': easier to read aloud."""
    return f"{code[:4]}-{code[4:]}"


def clinician_for_runners_code(runner: User, code: str) -> User:
    """As clinician_for_code, for a runner trying a code: after 10 wrong codes in an hour the
    runner waits (codes are not to be guessed in bulk)."""
    attempt = link_code_attempt(runner.pk)
    if attempt.slot is None:
        raise LinkError(
            "Too many codes that did not match. Please wait an hour, and check the code "
            "with your physiotherapist."
        )
    clinician = clinician_for_code(code)
    attempt.slot.release(WINDOW_SECONDS)
    return clinician


def clinician_for_code(code: str) -> User:
    """The clinician whose current code this is, or LinkError."""
    found = ClinicianCode.objects.filter(code=normalised(code)).select_related("clinician").first()
    if found is None or not found.clinician.is_active or not is_clinician(found.clinician):
        raise LinkError(
            "No physiotherapist has this code. Check it with them: codes are 8 letters and "
            "digits, like ABCD-2345."
        )
    return found.clinician


def link(runner: User, code: str) -> ClinicianLink:
    """Share the runner's data with the clinician of `code` (the runner has seen what)."""
    clinician = clinician_for_runners_code(runner, code)
    if clinician.pk == runner.pk:
        raise LinkError("This is your own code.")
    with transaction.atomic():
        existing = ClinicianLink.objects.filter(
            runner=runner, clinician=clinician, revoked_at__isnull=True
        ).first()
        if existing is not None:
            return existing
        made = ClinicianLink.objects.create(runner=runner, clinician=clinician)
        record(runner, runner, AuditEvent.Kind.LINKED, f"with {clinician.get_username()}")
    return made


def revoke(runner: User, link_id: int) -> ClinicianLink | None:
    """Stop sharing with one clinician from the next request on; their plan changes end
    today. None when the runner has no such active link."""
    with transaction.atomic():
        found = (
            ClinicianLink.objects.select_for_update()
            .filter(pk=link_id, runner=runner, revoked_at__isnull=True)
            .select_related("clinician")
            .first()
        )
        if found is None:
            return None
        found.revoked_at = timezone.now()
        found.save(update_fields=["revoked_at"])
        name = found.clinician.get_username()
        ended = end_overrides_of(runner, set_by=found.clinician, today=_today(runner))
        detail = f"with {name}" + (f"; {ended} plan change(s) ended" if ended else "")
        record(runner, runner, AuditEvent.Kind.REVOKED, detail)
    return found


def _today(runner: User) -> date:
    return local_today(profile_of(runner))


def runner_links(runner: User) -> list[ClinicianLink]:
    return list(
        ClinicianLink.objects.filter(runner=runner, revoked_at__isnull=True).select_related(
            "clinician"
        )
    )
