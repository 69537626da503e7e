"""What a runner sees of their sharing: the clinicians they share with, what those clinicians
sent them, and plan changes in force — one place for the sharing page and Today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import User

from kneewise.web.clinic.models import ClinicianNote
from kneewise.web.clinic.present import override_words
from kneewise.web.runners.plan_changes import current_overrides

MESSAGES_SHOWN_DAYS = 30


@dataclass(frozen=True)
class PlanChange:
    """A clinician's override in force, in plain words."""

    set_by_name: str
    words: str
    note: str


@dataclass(frozen=True)
class FromPhysio:
    """Today's box: recent messages and the plan changes in force."""

    messages: list[ClinicianNote]
    overrides: list[PlanChange]

    def __bool__(self) -> bool:
        return bool(self.messages or self.overrides)


def from_physio(runner: User, today: date) -> FromPhysio:
    """Messages of the last 30 days from clinicians the runner still shares with."""
    since = today - timedelta(days=MESSAGES_SHOWN_DAYS)
    messages = list(
        ClinicianNote.objects.filter(
            runner=runner,
            for_runner=True,
            created_at__date__gte=since,
            clinician__runner_links__runner=runner,
            clinician__runner_links__revoked_at__isnull=True,
        )
        .select_related("clinician")
        .distinct()[:5]
    )
    changes = [
        PlanChange(row.set_by_name, override_words(row.data), str(row.data.get("note") or ""))
        for row in current_overrides(runner.pk, today)
    ]
    return FromPhysio(messages, changes)
