"""GPX decoder: the recorded track of a GPX file → one `ActivityStreams`.

* One file is one activity: every `trk/trkseg/trkpt` in document order, also when a file
  holds several `<trk>` (devices and converters split one recording at pauses).
* Distance is the haversine sum along the points (2D, metres). It is not counted across a
  gap between segments: the device was paused there (gpxpy's `length_2d` does the same).
* Sport comes from `trk/type`; without a recognised type it is OTHER, because GPX has no
  standard sport field and guessing "running" would put walks and rides into knee load.
* A point without lat/lon or without a readable time is skipped. A file whose points have
  no times, or with only a `<rte>`, is a route: `NotAnActivity`.
* Times stay as written; summary.py leaves a device's clock errors out of elapsed and moving
  time (clock.py: a jump or step back, a trailing point long after the run at the same place).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from kneewise.activities.limits import DEFAULT_LIMITS, Limits
from kneewise.activities.model import (
    ActivityStreams,
    DecodeError,
    ElevationSource,
    FileFormat,
    FloatArray,
    NotAnActivity,
    Sport,
)
from kneewise.activities.xmlsafe import (
    PointTable,
    datetime_from_microseconds,
    floats,
    local_name,
    microseconds,
    namespace_of,
    optional_floats,
    parse_xml,
    qualified,
    xpath,
)

IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]

EARTH_RADIUS_M = 6_371_008.8  # IUGG mean Earth radius


_SPORT_NAMES = {
    "running": Sport.RUNNING,
    "run": Sport.RUNNING,
    "9": Sport.RUNNING,  # Strava's activity type number for Run
    "walking": Sport.WALKING,
    "walk": Sport.WALKING,
    "hiking": Sport.HIKING,
    "hike": Sport.HIKING,
    "cycling": Sport.CYCLING,
    "biking": Sport.CYCLING,
    "ride": Sport.CYCLING,
    "1": Sport.CYCLING,  # Strava's activity type number for Ride
}
# Vendor variants such as trail_running, TreadmillRun, road_biking, VirtualRide.
_SPORT_WORDS = (
    ("run", Sport.RUNNING),
    ("walk", Sport.WALKING),
    ("hik", Sport.HIKING),
    ("cycl", Sport.CYCLING),
    ("bik", Sport.CYCLING),
    ("ride", Sport.CYCLING),
)
# A per-leg cadence whose moving average lies above this is already in steps per minute:
# running strides stay below ~110/min and walking strides below ~70/min, while steps rarely
# fall below ~140 when running or ~80 when walking.
_STEPS_ALREADY_ABOVE = {Sport.WALKING: 75.0, Sport.HIKING: 75.0}
_STEPS_ALREADY_ABOVE_DEFAULT = 120.0


def decode_gpx(data: bytes, source: str, limits: Limits = DEFAULT_LIMITS) -> list[ActivityStreams]:
    """Decode a GPX file into one activity (a one-element list, like the other decoders)."""
    root = parse_xml(data, source, limits)
    root_name = local_name(root.tag)
    if root_name != "gpx":
        raise DecodeError(f"not a GPX file: the root element is <{root_name}>")
    namespace = namespace_of(root)
    table = PointTable(xpath("x:trk/x:trkseg", namespace)(root), qualified(namespace, "trkpt"))
    if len(table) == 0:
        if xpath("boolean(x:rte/x:rtept)", namespace)(root):
            raise NotAnActivity("a planned route (<rte>) without a recorded track, not an activity")
        raise NotAnActivity("no track points, not an activity")

    latitude = floats(table.attribute("lat"))
    longitude = floats(table.attribute("lon"))
    time_us = microseconds(table.texts(qualified(namespace, "time")), len(table))
    positioned = np.isfinite(latitude) & np.isfinite(longitude)
    keep = positioned & np.isfinite(time_us)
    if not positioned.any():
        raise NotAnActivity("no track point has coordinates, not an activity")
    if not keep.any():
        raise NotAnActivity("a route without timestamps, not an activity")
    time_us = time_us[keep]
    if time_us[-1] == time_us[0]:
        # e.g. converters that stamp every point with one placeholder time: no time axis.
        raise NotAnActivity("all track points have the same timestamp, not an activity")

    latitude, longitude, segment = latitude[keep], longitude[keep], table.group[keep]
    time_s = (time_us - time_us[0]) / 1e6
    distance = cumulative_distance_m(latitude, longitude, segment)
    speed = speed_from_distance(distance, time_s)
    speed[1:][segment[1:] != segment[:-1]] = np.nan  # the first point after a pause

    elevation = _kept(optional_floats(table.texts(qualified(namespace, "ele"))), keep)
    # Heart rate and cadence as in Garmin's TrackPointExtension v1/v2
    # (`<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>`), which Garmin Connect, Strava
    # and most converters write; matched by local name, whatever the prefix or namespace.
    heart_rate = _kept(optional_floats(table.texts("{*}hr")), keep)
    if heart_rate is not None:
        heart_rate[heart_rate <= 0] = np.nan  # 0 bpm is a lost strap, not a heart rate
    sport = sport_from_label(_first_text(xpath("x:trk/x:type/text()", namespace)(root)))
    cadence = _kept(optional_floats(table.texts("{*}cad")), keep)
    creator = (root.get("creator") or "").strip()
    return [
        ActivityStreams(
            source=source,
            format=FileFormat.GPX,
            sport=sport,
            start_time=datetime_from_microseconds(time_us[0]),
            time_s=time_s,
            distance_m=distance,
            elevation_m=elevation,
            elevation_source=ElevationSource.GPS if elevation is not None else None,
            speed_mps=speed,
            cadence_spm=None if cadence is None else steps_per_minute(cadence, sport),
            heart_rate_bpm=heart_rate,
            latitude=latitude,
            longitude=longitude,
            device=creator or None,
        )
    ]


def sport_from_label(label: str | None) -> Sport:
    """A GPX `trk/type` or TCX `Sport` label → `Sport`; unknown or missing → OTHER."""
    if not label:
        return Sport.OTHER
    key = label.strip().lower()
    if key in _SPORT_NAMES:
        return _SPORT_NAMES[key]
    for word, sport in _SPORT_WORDS:
        if word in key:
            return sport
    return Sport.OTHER


def steps_per_minute(raw: FloatArray, sport: Sport) -> FloatArray:
    """Cadence as written in GPX/TCX → steps per minute.

    Garmin writes strides (per leg) per minute, so values are doubled, unless their average
    while moving is already plausible as steps (some writers store steps). Cycling cadence is
    pedal rpm and is returned unchanged.
    """
    if sport is Sport.CYCLING:
        return raw
    moving = raw[raw > 0]
    threshold = _STEPS_ALREADY_ABOVE.get(sport, _STEPS_ALREADY_ABOVE_DEFAULT)
    if moving.size and float(np.mean(moving)) > threshold:
        return raw
    with np.errstate(over="ignore"):  # a value near 1e308 overflows: plausible.py drops it
        return raw * 2.0


def cumulative_distance_m(
    latitude: FloatArray, longitude: FloatArray, segment: IntArray
) -> FloatArray:
    """Great-circle (haversine) distance along the points, in metres, starting at 0.

    Nothing is added where `segment` changes (a pause). Points without a position get NaN
    and are passed over: the next positioned point continues from the last one.
    """
    distance = np.full(len(latitude), np.nan)
    valid = np.flatnonzero(np.isfinite(latitude) & np.isfinite(longitude))
    if valid.size == 0:
        return distance
    lat = np.radians(latitude[valid])
    lon = np.radians(longitude[valid])
    half_chord = (
        np.sin(np.diff(lat) / 2.0) ** 2
        + np.cos(lat[:-1]) * np.cos(lat[1:]) * np.sin(np.diff(lon) / 2.0) ** 2
    )
    step = 2.0 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.minimum(half_chord, 1.0)))
    seg = segment[valid]
    step[seg[1:] != seg[:-1]] = 0.0
    distance[valid[0]] = 0.0
    distance[valid[1:]] = np.cumsum(step)
    return distance


def speed_from_distance(distance_m: FloatArray, time_s: FloatArray) -> FloatArray:
    """Speed between each point and the one before (m/s); NaN for the first point, where
    time does not advance, or where distance is unknown."""
    speed = np.full(len(time_s), np.nan)
    dt = np.diff(time_s)
    dd = np.diff(distance_m)
    with np.errstate(divide="ignore", invalid="ignore"):
        speed[1:] = np.where(dt > 0, dd / dt, np.nan)
    return speed


def _kept(values: FloatArray | None, keep: BoolArray) -> FloatArray | None:
    if values is None:
        return None
    values = values[keep]
    return values if np.isfinite(values).any() else None


def _first_text(texts: list[str]) -> str | None:
    for text in texts:
        if text.strip():
            return text
    return None
