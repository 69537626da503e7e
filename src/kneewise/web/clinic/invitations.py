"""One-time sign-up links for clinician accounts, made by a clinic admin (`kneewise user
invite`). Only the SHA-256 of the secret is stored; a link works once, until it expires."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from kneewise.web.accounts.services import clinician_group
from kneewise.web.clinic.models import ClinicianInvitation

DEFAULT_DAYS = 14
MAX_DAYS = 90


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_invitation(days: int = DEFAULT_DAYS) -> tuple[str, datetime]:
    """A new invitation's secret (shown once) and when it expires."""
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"days: from 1 to {MAX_DAYS}")
    secret = secrets.token_urlsafe(24)
    expires = timezone.now() + timedelta(days=days)
    ClinicianInvitation.objects.create(token_hash=_hash(secret), expires_at=expires)
    return secret, expires


def is_valid(secret: str) -> bool:
    if not secret or len(secret) > 100:
        return False
    return ClinicianInvitation.objects.filter(
        token_hash=_hash(secret), used_at__isnull=True, expires_at__gt=timezone.now()
    ).exists()


def accept(secret: str, user: User) -> bool:
    """Make `user` a clinician with this invitation, once: two sign-ups racing for one link
    cannot both win (a conditional UPDATE)."""
    if not secret or len(secret) > 100:
        return False
    with transaction.atomic():
        taken = ClinicianInvitation.objects.filter(
            token_hash=_hash(secret), used_at__isnull=True, expires_at__gt=timezone.now()
        ).update(used_at=timezone.now(), used_by=user)
        if taken:
            user.groups.add(clinician_group())
    return bool(taken)
