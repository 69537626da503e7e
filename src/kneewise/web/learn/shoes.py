"""The R36 shoe reminder from the runner's recorded running distance (issue #12 item 19).

Kneewise does not know when the shoes were bought, so it counts from the first recorded run;
the page says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Min, Sum

from kneewise.core.load import RUNNING, shoe_reminder
from kneewise.core.reasons import Reason
from kneewise.web.activities.models import Activity
from kneewise.web.runners.models import RunnerProfile


@dataclass(frozen=True, slots=True)
class ShoeNote:
    reason: Reason
    counted_from: date  # the runner's local date of the first recorded run


def shoe_note(profile: RunnerProfile, today: date) -> ShoeNote | None:
    """R36 for the runner's runs up to `today` (one aggregate query), or None below the limits."""
    totals = (
        Activity.objects.runs()  # a run recorded in several files counts once (§3.5)
        .filter(owner_id=profile.user_id, sport=RUNNING)
        .aggregate(metres=Sum("distance_m"), first=Min("start_time"))
    )
    if totals["first"] is None:
        return None
    first = totals["first"].astimezone(profile.zone).date()
    km = (totals["metres"] or 0.0) / 1000
    reason = shoe_reminder(km, max((today - first).days, 0))
    return None if reason is None else ShoeNote(reason, first)
