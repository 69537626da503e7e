"""Builders for the learn tests: recorded runs for the R36 shoe reminder."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from kneewise.web.activities.models import Activity, StoredFile
from kneewise.web.runners.models import RunnerProfile
from tests.web.daily_helpers import today


def recorded_runs(profile: RunnerProfile, km_each: float, days_ago: list[int]) -> None:
    """Running activities of `km_each` km at 07:00 UTC, `days_ago` days before today."""
    for n, ago in enumerate(days_ago):
        stored = StoredFile.objects.create(sha256=f"{n:064x}", size=1, original_name=f"{n}.fit")
        start = datetime.combine(today() - timedelta(days=ago), time(7), tzinfo=UTC)
        Activity.objects.create(
            owner=profile.user, file=stored, source=f"{n}.fit", format="fit",
            sport="running", start_time=start, distance_m=km_each * 1000,
        )  # fmt: skip
