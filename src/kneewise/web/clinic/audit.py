"""The runner's audit trail: every link, revoke, override and message, in plain words."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import QuerySet

from kneewise.web.clinic.models import AuditEvent

TRAIL_SHOWN = 50  # the page shows the latest; the export has them all


def record(runner: User, actor: User, kind: AuditEvent.Kind, detail: str = "") -> AuditEvent:
    return AuditEvent.objects.create(
        runner=runner, actor=actor, actor_name=actor.get_username(), kind=kind, detail=detail[:500]
    )


def trail(runner: User) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(runner=runner)[:TRAIL_SHOWN]
