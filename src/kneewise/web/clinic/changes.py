"""A clinician changing a runner's plan (rule CLIN): the override stored as a plan input and
the change kept in the runner's audit trail, in one transaction."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction

from kneewise.web.clinic.audit import record
from kneewise.web.clinic.models import AuditEvent
from kneewise.web.clinic.present import override_words
from kneewise.web.runners.access import profile_of
from kneewise.web.runners.models import PlanOverride, local_today
from kneewise.web.runners.plan_changes import current_overrides, end_override, set_override


def change_plan(
    runner: User, clinician: User, data: Mapping[str, object], today: date
) -> PlanOverride:
    """Store the override (OverrideRefused when the rules do not allow it) and audit it."""
    with transaction.atomic():
        row = set_override(runner, clinician, data, today)
        kind = (
            AuditEvent.Kind.PAUSE_CLEARED
            if row.data["kind"] == "clear_pause"
            else AuditEvent.Kind.OVERRIDE_SET
        )
        record(runner, clinician, kind, override_words(row.data))
    return row


def end_change(row: PlanOverride, clinician: User, today: date) -> None:
    with transaction.atomic():
        words = override_words(row.data)
        end_override(row, today)
        record(row.owner, clinician, AuditEvent.Kind.OVERRIDE_ENDED, words)


def end_changes_by(clinician: User) -> int:
    """End every current plan change this clinician set (their account is closing): nobody
    else could end them. Each runner's trail says so; how many ended."""
    ended = 0
    for row in PlanOverride.objects.filter(set_by=clinician).select_related("owner"):
        today = local_today(profile_of(row.owner))
        if row in current_overrides(row.owner_id, today):
            with transaction.atomic():
                words = override_words(row.data)
                end_override(row, today)
                record(
                    row.owner,
                    clinician,
                    AuditEvent.Kind.OVERRIDE_ENDED,
                    f"{words} (account closed)",
                )
            ended += 1
    return ended
