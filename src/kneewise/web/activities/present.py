"""How activity pages write an activity: its sport, when it started, and one line that tells
two recordings of a run apart (used by the run's page, merge and delete)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from kneewise.core.dates import spoken_date
from kneewise.core.load import Flag
from kneewise.units import NO_VALUE, distance_text, height_text
from kneewise.web.activities.models import Activity

FORMAT_NAMES = {"fit": "FIT", "gpx": "GPX", "tcx": "TCX"}


def sport_label(sport: str) -> str:
    return {"running": "Run", "cycling": "Ride", "walking": "Walk", "hiking": "Hike"}.get(
        sport, sport.replace("_", " ").capitalize()
    )


def format_duration(seconds: float | None) -> str:
    """'42:05', '1:02:05'."""
    if seconds is None:
        return NO_VALUE
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_when(moment: datetime, zone: tzinfo) -> str:
    """'Tuesday 3 March 2026, 07:12' in the runner's time zone."""
    local = moment.astimezone(zone)
    return f"{spoken_date(local.date(), year=True)}, {local:%H:%M}"


def short_when(moment: datetime, zone: tzinfo) -> str:
    """'Tue 3 Mar, 07:12': inside a week's heading, which has the year."""
    local = moment.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b}, {local:%H:%M}"


@dataclass
class Row:
    """One activity as the list and its page show it."""

    activity: Activity
    when: str
    sport: str
    distance: str
    moving: str
    descent: str
    downhill: str
    cadence: str
    knee_load: str
    flags: list[Flag] = field(default_factory=list)
    short: str = ""


def row_of(activity: Activity, units: str, zone: tzinfo, flags: list[Flag]) -> Row:
    return Row(
        activity=activity,
        when=format_when(activity.start_time, zone),
        sport=sport_label(activity.sport),
        distance=distance_text(activity.distance_m, units),
        moving=format_duration(activity.moving_s or activity.elapsed_s),
        descent=height_text(activity.descent_m, units),
        downhill=distance_text(activity.downhill_m, units),
        cadence=NO_VALUE
        if activity.avg_cadence_spm is None
        else f"{activity.avg_cadence_spm:.0f} steps/min",
        knee_load=_or_dash(activity.knee_load, "{:.1f} flat-km"),  # docs/knee-load.md
        flags=flags,
        short=short_when(activity.start_time, zone),
    )


def _or_dash(value: float | None, template: str) -> str:
    return NO_VALUE if value is None else template.format(value)


def recording_label(activity: Activity, units: str, zone: tzinfo) -> str:
    """'Run, Tuesday 3 March 2026, 07:12: 5.02 km, GPX file strava.gpx'."""
    file_format = FORMAT_NAMES.get(activity.format, activity.format.upper())
    return (
        f"{sport_label(activity.sport)}, {format_when(activity.start_time, zone)}: "
        f"{distance_text(activity.distance_m, units)}, {file_format} file "
        f"{activity.shown_file_name}"
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
