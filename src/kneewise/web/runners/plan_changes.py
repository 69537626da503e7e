"""A clinician's plan overrides (rule CLIN) as plan inputs: stored, validated by the engine's
own rules, handed to the engine, and ended.

Setting one forgets the stored plan from its first day; ending one shortens it to yesterday so
the days it already shaped keep their history (design.md §4)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from kneewise.core.errors import InvalidInput
from kneewise.core.plan.overrides import (
    ClinicianOverride,
    override_from_json,
    override_to_json,
    refusal,
)
from kneewise.web.runners.models import PlanOverride, RunnerProfile, invalidate_plan


class OverrideRefused(ValueError):
    """An override the rules do not allow, or one that is not well formed; says why."""


def overrides_of(profile: RunnerProfile) -> tuple[ClinicianOverride, ...]:
    """Every override the runner's plan has had (the engine uses those active on a day)."""
    rows = PlanOverride.objects.filter(owner_id=profile.user_id).values_list("data", flat=True)
    return tuple(override_from_json(data) for data in rows)


def current_overrides(owner_id: int, today: date) -> list[PlanOverride]:
    """The runner's overrides in force today or later, oldest first."""
    rows = PlanOverride.objects.filter(owner_id=owner_id)
    return [row for row in rows if _still_on(row, today)]


def checked(data: Mapping[str, object]) -> ClinicianOverride:
    """The override as the engine reads it, or OverrideRefused naming the field or rule."""
    try:
        override = override_from_json(dict(data))
    except InvalidInput as problem:
        raise OverrideRefused(str(problem)) from None
    why_not = refusal(override)
    if why_not is not None:
        raise OverrideRefused(why_not)
    return override


def set_override(
    runner: User, clinician: User, data: Mapping[str, object], today: date
) -> PlanOverride:
    """Store a checked override; the plan is recomputed from its first day (never before
    today: a clinician changes what comes, not what was)."""
    override = checked(data)
    if override.start < today:
        raise OverrideRefused("from: an override starts today or later; past days stay as set")
    with transaction.atomic():
        row = PlanOverride.objects.create(
            owner=runner,
            set_by=clinician,
            set_by_name=clinician.get_username(),
            data=override_to_json(override),
        )
        invalidate_plan(runner.pk, override.start)
    return row


def end_override(row: PlanOverride, today: date) -> None:
    """End it before today: a future one is removed, a running one ends yesterday."""
    start = date.fromisoformat(str(row.data["from"]))
    with transaction.atomic():
        if start >= today:
            row.delete()
        else:
            row.data = {**row.data, "until": (today - timedelta(days=1)).isoformat()}
            row.ended_at = timezone.now()
            row.save(update_fields=["data", "ended_at"])
        invalidate_plan(row.owner_id, today)


def end_overrides_of(runner: User, *, set_by: User, today: date) -> int:
    """End every current override one clinician set for this runner; how many ended."""
    ended = 0
    for row in current_overrides(runner.pk, today):
        if row.set_by_id == set_by.pk:
            end_override(row, today)
            ended += 1
    return ended


def _still_on(row: PlanOverride, today: date) -> bool:
    until = row.data.get("until")
    return not until or date.fromisoformat(str(until)) >= today
