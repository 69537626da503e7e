"""How activity pages write an activity: its sport, when it started, and one line that tells
two recordings of a run apart (used by the run's page, merge and delete)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from kneewise.core.dates import spoken_date
from kneewise.units import distance_text
from kneewise.web.activities.models import Activity

FORMAT_NAMES = {"fit": "FIT", "gpx": "GPX", "tcx": "TCX"}


def sport_label(sport: str) -> str:
    return {"running": "Run", "cycling": "Ride", "walking": "Walk", "hiking": "Hike"}.get(
        sport, sport.replace("_", " ").capitalize()
    )


def format_when(moment: datetime, zone: tzinfo) -> str:
    """'Tuesday 3 March 2026, 07:12' in the runner's time zone."""
    local = moment.astimezone(zone)
    return f"{spoken_date(local.date(), year=True)}, {local:%H:%M}"


def recording_label(activity: Activity, units: str, zone: tzinfo) -> str:
    """'Run, Tuesday 3 March 2026, 07:12: 5.02 km, GPX file strava.gpx'."""
    file_format = FORMAT_NAMES.get(activity.format, activity.format.upper())
    return (
        f"{sport_label(activity.sport)}, {format_when(activity.start_time, zone)}: "
        f"{distance_text(activity.distance_m, units)}, {file_format} file "
        f"{activity.file.original_name}"
    )


@dataclass(frozen=True, slots=True)
class RecordingRow:
    """One file of a run on its page: the counted one first, then its copies."""

    pk: int
    label: str
    counted: bool
    merged_by_hand: bool
    shown: bool  # the page being looked at


def recording_rows(
    recordings: list[Activity], shown: Activity, units: str, zone: tzinfo
) -> list[RecordingRow]:
    return [
        RecordingRow(
            pk=r.pk,
            label=recording_label(r, units, zone),
            counted=r.primary_id is None,
            merged_by_hand=r.merged_by_hand,
            shown=r.pk == shown.pk,
        )
        for r in recordings
    ]
