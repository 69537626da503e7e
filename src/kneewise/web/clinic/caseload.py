"""The clinician's caseload: every runner who shares with them, most urgent first, each with
what needs attention (web/runners/attention.py) and a link to its evidence on the timeline."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.urls import reverse

from kneewise.web.clinic.access import linked_profiles
from kneewise.web.runners.attention import RunnerAttention, attention_for
from kneewise.web.runners.attention_rules import AttentionFlag, Urgency
from kneewise.web.runners.models import RunnerProfile

URGENT = Urgency.RED_SESSION  # shown in bold with a triangle: red flag, referral, red session
STAGE_WORDS = {
    "ST0": "Exercises",
    "ST1": "Walking",
    "ST2": "Hop test",
    "ST3": "Walk-run",
    "ST4": "Easy running",
    "ST5": "Usual training",
}


@dataclass(frozen=True)
class CaseloadRow:
    profile: RunnerProfile
    attention: RunnerAttention

    @property
    def name(self) -> str:
        return self.profile.user.get_username()

    @property
    def flags(self) -> list[tuple[AttentionFlag, str, bool]]:
        """Each flag with the link to its evidence on the timeline, and whether it is urgent."""
        page = reverse("clinic:runner", args=[self.profile.pk])
        return [
            (flag, f"{page}#{flag.evidence.anchor}", flag.urgency <= URGENT)
            for flag in self.attention.flags
        ]

    @property
    def stage_words(self) -> str:
        stage = self.attention.stage
        if stage is None:
            return "Not started"
        words = STAGE_WORDS.get(str(stage), str(stage))
        phase = self.attention.walk_run_phase
        return f"{words}, phase {phase}" if phase else words


def caseload_rows(clinician: User) -> list[CaseloadRow]:
    profiles = list(linked_profiles(clinician))
    attention = attention_for(profiles)
    rows = [CaseloadRow(p, attention[p.pk]) for p in profiles if p.pk in attention]
    rows.sort(key=lambda row: (row.attention.urgency, row.name.lower()))
    return rows
