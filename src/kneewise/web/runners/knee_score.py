"""The knee score (Kujala AKPS, R30) over time: saving one, and when the next one is due.

One score a day: a second score the same day replaces the first. Scores feed the plan (that
morning's `MorningReport.akps`), so saving one forgets the stored plan from its day.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction

from kneewise.core.akps import Change, akps_change, akps_due_on, score_akps
from kneewise.web.runners.models import AkpsRecord, RunnerProfile, invalidate_plan


def save_knee_score(owner: User, day: date, choices: Sequence[int]) -> AkpsRecord:
    """Score the 13 answers and keep them as `owner`'s score of `day` (replacing that day's)."""
    scored = score_akps(choices)
    values = {"score": scored.score, "points": list(scored.points), "version": scored.version}
    with transaction.atomic():
        same_day = list(
            AkpsRecord.objects.select_for_update().filter(owner=owner, day=day).order_by("id")
        )
        if same_day:
            record = same_day[-1]
            for name, value in values.items():
                setattr(record, name, value)
            record.save()
            AkpsRecord.objects.filter(pk__in=[r.pk for r in same_day[:-1]]).delete()
        else:
            record = AkpsRecord.objects.create(owner=owner, day=day, **values)
        invalidate_plan(owner.pk, day)
    return record


def last_score_day(owner: User) -> date | None:
    """The day of the runner's latest knee score (one indexed row)."""
    day: date | None = (
        AkpsRecord.objects.filter(owner=owner)
        .order_by("-day")
        .values_list("day", flat=True)
        .first()
    )
    return day


def knee_score_due(profile: RunnerProfile, today: date) -> bool:
    """R30: four weeks since the last score (or since the plan began, without one)."""
    if profile.plan_start is None:
        return False
    return akps_due_on(last_score_day(profile.user), profile.plan_start) <= today


def change_since_first(owner: User, record: AkpsRecord) -> Change | None:
    """R31: how `record` compares with the runner's first score (None if it is the first)."""
    first = AkpsRecord.objects.filter(owner=owner).order_by("day", "id").first()
    if first is None or first.pk == record.pk:
        return None
    return akps_change(first.score, record.score)
