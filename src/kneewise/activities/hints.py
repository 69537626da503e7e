"""What an export's summary table says about an activity (Strava activities.csv, Garmin JSON).

Hints only enrich: names, types, gear, and the only data for manual entries. Values computed
from the activity file itself always win.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from kneewise.activities.model import Sport


@dataclass(frozen=True, slots=True)
class ActivityHint:
    """One row of an export's summary, in SI units (s, m, bpm, steps/min); None = not given."""

    origin: str  # "strava" or "garmin"
    activity_id: str
    name: str | None = None
    activity_type: str | None = None  # as the vendor wrote it ("Run", "Lauf", "trail_running")
    sport: Sport | None = None  # None when the type is not one we know
    start_time: datetime | None = None  # UTC
    elapsed_s: float | None = None
    moving_s: float | None = None
    distance_m: float | None = None
    ascent_m: float | None = None
    descent_m: float | None = None
    avg_hr_bpm: float | None = None
    max_hr_bpm: float | None = None
    avg_cadence_spm: float | None = None
    gear: str | None = None
    file: str | None = None  # the export's link to the activity file (Strava's Filename)


_SPORTS: Final[dict[str, Sport]] = {
    # Strava, English
    "run": Sport.RUNNING,
    "trail run": Sport.RUNNING,
    "virtual run": Sport.RUNNING,
    "walk": Sport.WALKING,
    "hike": Sport.HIKING,
    "ride": Sport.CYCLING,
    "virtual ride": Sport.CYCLING,
    "e-bike ride": Sport.CYCLING,
    "mountain bike ride": Sport.CYCLING,
    "gravel ride": Sport.CYCLING,
    # Strava, German
    "lauf": Sport.RUNNING,
    "traillauf": Sport.RUNNING,
    "virtueller lauf": Sport.RUNNING,
    "spaziergang": Sport.WALKING,
    "wanderung": Sport.HIKING,
    "radfahrt": Sport.CYCLING,
    # Garmin typeKey
    "running": Sport.RUNNING,
    "trail_running": Sport.RUNNING,
    "treadmill_running": Sport.RUNNING,
    "track_running": Sport.RUNNING,
    "street_running": Sport.RUNNING,
    "indoor_running": Sport.RUNNING,
    "virtual_run": Sport.RUNNING,
    "ultra_run": Sport.RUNNING,
    "walking": Sport.WALKING,
    "casual_walking": Sport.WALKING,
    "speed_walking": Sport.WALKING,
    "hiking": Sport.HIKING,
    "cycling": Sport.CYCLING,
    "road_biking": Sport.CYCLING,
    "mountain_biking": Sport.CYCLING,
    "gravel_cycling": Sport.CYCLING,
    "indoor_cycling": Sport.CYCLING,
    "virtual_ride": Sport.CYCLING,
}


def sport_of(activity_type: str | None) -> Sport | None:
    """Our sport for a vendor's activity type, or None when we don't know the type."""
    if not activity_type:
        return None
    return _SPORTS.get(activity_type.strip().lower())
