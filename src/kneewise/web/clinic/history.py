"""A runner's sharing history for their export: messages clinicians sent them and the audit
trail. It describes this server's clinicians, so an import elsewhere keeps it out."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User

from kneewise.web.clinic.models import AuditEvent, ClinicianNote


def sharing_history(runner: User) -> list[dict[str, Any]]:
    """Messages and audit events, oldest first, as plain JSON."""
    messages = [
        {
            "at": note.created_at.isoformat(),
            "kind": "message",
            "by": note.clinician.get_username(),
            "text": note.text,
        }
        for note in ClinicianNote.objects.filter(runner=runner, for_runner=True).select_related(
            "clinician"
        )
    ]
    events = [
        {"at": e.at.isoformat(), "kind": e.kind, "by": e.actor_name, "text": e.detail}
        for e in AuditEvent.objects.filter(runner=runner).exclude(kind=AuditEvent.Kind.MESSAGE)
    ]  # a message's audit event repeats its first words: the message itself is listed
    return sorted(messages + events, key=lambda item: str(item["at"]))
