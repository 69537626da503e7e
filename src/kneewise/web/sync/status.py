"""What "Your data" shows about sync: where to drop files, and what arrived lately."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from kneewise.web.activities.importer import time_zone_of
from kneewise.web.sync.ids import drop_folder, sync_id_of
from kneewise.web.sync.models import SyncedFile

RECENT_DAYS = 7
FAILURES_SHOWN = 5


@dataclass(frozen=True)
class Failure:
    file_name: str
    reason: str
    when: str


@dataclass(frozen=True)
class SyncStatus:
    sync_id: str
    folder: str | None  # None: the server watches no drop folders
    last_arrival: str | None
    recent_count: int
    failures: list[Failure]


def sync_status(owner: User, now: datetime | None = None) -> SyncStatus:
    """The runner's sync id, drop folder, last arrival, files this week and last failures."""
    now = now or timezone.now()
    row = sync_id_of(owner)
    folder = drop_folder(row.value)
    zone = time_zone_of(owner)
    files = SyncedFile.objects.filter(owner=owner)
    last = files.values_list("arrived_at", flat=True).first()

    def shown(moment: datetime) -> str:
        local = moment.astimezone(zone)
        return f"{local:%A} {local.day} {local:%B}, {local:%H:%M}"

    return SyncStatus(
        sync_id=row.value,
        folder=f"{folder}/" if folder is not None else None,
        last_arrival=shown(last) if last else None,
        recent_count=files.filter(arrived_at__gte=now - timedelta(days=RECENT_DAYS)).count(),
        failures=[
            Failure(f.file_name, f.reason, shown(f.arrived_at))
            for f in files.filter(result=SyncedFile.Result.FAILED)[:FAILURES_SHOWN]
        ],
    )
