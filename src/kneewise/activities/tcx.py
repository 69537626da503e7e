"""TCX decoder: every `<Activity>` of a Training Center file → one `ActivityStreams`.

* A file with several activities gives several results, in file order (tcxreader merges
  them into one). Activities inside a `MultiSportSession` are read too.
* Trackpoints without a position are kept (treadmill, GPS not fixed yet); trackpoints
  without a readable time are dropped, as they have no place on the time axis. An activity
  without any timed trackpoint, or whose trackpoints all share one placeholder time, is
  left out; a file left with none is `NotAnActivity` (so is a file of courses).
* Distance is the device's own per-trackpoint `DistanceMeters`; only a file without any is
  measured along its positions. Speed is the TPX `Speed` extension, else derived likewise.
* Totals come from the laps: distance Σ `DistanceMeters`, timer Σ `TotalTimeSeconds`,
  average heart rate weighted by lap time, maximum of the lap maxima, cadence from the
  Garmin `LX/AvgRunCadence` lap extension. Elapsed time is last − first trackpoint, with
  the clock errors of clock.py left out (a jump or step back of the trackpoint times, a
  trailing point long after the run without movement).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from lxml import etree

from kneewise.activities.clock import records_elapsed_s
from kneewise.activities.gpx import (
    cumulative_distance_m,
    speed_from_distance,
    sport_from_label,
    steps_per_minute,
)
from kneewise.activities.limits import DEFAULT_LIMITS, Limits
from kneewise.activities.model import (
    ActivityStreams,
    DecodeError,
    DeviceTotals,
    ElevationSource,
    FileFormat,
    FloatArray,
    Lap,
    NotAnActivity,
    Sport,
)
from kneewise.activities.xmlsafe import (
    PointTable,
    datetime_from_microseconds,
    local_name,
    microseconds,
    namespace_of,
    optional_floats,
    parse_datetime,
    parse_xml,
    qualified,
    xpath,
)

_ACTIVITIES = "x:Activities/x:Activity | x:Activities/x:MultiSportSession/*/x:Activity"
_EXTENSIONS = ("Speed", "RunCadence")
_LAP_EXTENSION = "x:Extensions/*/*[local-name()='{0}']/text()"


def decode_tcx(data: bytes, source: str, limits: Limits = DEFAULT_LIMITS) -> list[ActivityStreams]:
    """Decode a TCX file: one `ActivityStreams` per `<Activity>` that has timed trackpoints."""
    root = parse_xml(data, source, limits)
    root_name = local_name(root.tag)
    if root_name != "TrainingCenterDatabase":
        raise DecodeError(f"not a TCX file: the root element is <{root_name}>")
    namespace = namespace_of(root)
    elements = xpath(_ACTIVITIES, namespace)(root)
    activities = [_activity(element, namespace, source) for element in elements]
    decoded = [activity for activity in activities if activity is not None]
    if decoded:
        return decoded
    if elements:
        raise NotAnActivity("no trackpoint with a time, not an activity")
    if xpath("boolean(x:Courses/x:Course)", namespace)(root):
        raise NotAnActivity("a course (planned route), not an activity")
    raise NotAnActivity("no <Activity> in this file (workouts or settings only), not an activity")


def _activity(activity: etree._Element, namespace: str, source: str) -> ActivityStreams | None:
    table = PointTable(
        xpath("x:Lap/x:Track", namespace)(activity), qualified(namespace, "Trackpoint")
    )
    time_us = microseconds(table.texts(qualified(namespace, "Time")), len(table))
    keep = np.isfinite(time_us)
    if not keep.any():
        return None
    time_us = time_us[keep]
    if len(time_us) > 1 and time_us[-1] == time_us[0]:
        return None  # every trackpoint at one instant: no time axis
    time_s = (time_us - time_us[0]) / 1e6

    def stream(name: str) -> FloatArray | None:
        # Extensions (Garmin ActivityExtension v2 `<Extensions><ns3:TPX><ns3:Speed>`) are
        # matched by local name in any namespace; TCX's own elements in the file's namespace.
        tag = f"{{*}}{name}" if name in _EXTENSIONS else qualified(namespace, name)
        values = optional_floats(table.texts(tag))
        if values is None:
            return None
        values = values[keep]
        return values if np.isfinite(values).any() else None

    sport = sport_from_label(activity.get("Sport"))
    latitude = stream("LatitudeDegrees")
    longitude = stream("LongitudeDegrees")
    if latitude is None or longitude is None:
        latitude = longitude = None
    distance = stream("DistanceMeters")
    if distance is None and latitude is not None and longitude is not None:
        distance = cumulative_distance_m(latitude, longitude, table.group[keep])
    speed = stream("Speed")
    if speed is None and distance is not None:
        speed = speed_from_distance(distance, time_s)
    elevation = stream("AltitudeMeters")
    heart_rate = stream("Value")
    if heart_rate is not None:
        heart_rate[heart_rate <= 0] = np.nan  # 0 bpm is a lost strap, not a heart rate
    # RunCadence is Garmin's running cadence; Polar and bike files use <Cadence> instead.
    cadence = stream("RunCadence")
    if cadence is None:
        cadence = stream("Cadence")
    laps, totals = _laps(activity, namespace, sport, records_elapsed_s(time_s, distance))
    return ActivityStreams(
        source=source,
        format=FileFormat.TCX,
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
        laps=laps,
        totals=totals,
        device=_first(xpath("x:Creator/x:Name/text()", namespace)(activity)),
    )


def _laps(
    activity: etree._Element, namespace: str, sport: Sport, elapsed_s: float | None
) -> tuple[tuple[Lap, ...], DeviceTotals]:
    laps: list[Lap] = []
    timer: list[float | None] = []
    distance: list[float | None] = []
    avg_hr: list[float | None] = []
    max_hr: list[float | None] = []
    run_cadence: list[float | None] = []
    for lap in xpath("x:Lap", namespace)(activity):
        timer.append(_number(xpath("x:TotalTimeSeconds/text()", namespace)(lap)))
        distance.append(_number(xpath("x:DistanceMeters/text()", namespace)(lap)))
        avg_hr.append(_number(xpath("x:AverageHeartRateBpm/x:Value/text()", namespace)(lap)))
        max_hr.append(_number(xpath("x:MaximumHeartRateBpm/x:Value/text()", namespace)(lap)))
        run_cadence.append(_number(xpath(_LAP_EXTENSION.format("AvgRunCadence"), namespace)(lap)))
        start = parse_datetime(lap.get("StartTime"))
        if start is not None:  # a lap without a start cannot be placed; totals still count it
            laps.append(Lap(start_time=start, timer_s=timer[-1], distance_m=distance[-1]))
    cadence = _weighted_mean(run_cadence, timer)
    totals = DeviceTotals(
        elapsed_s=elapsed_s,
        timer_s=_sum(timer),
        distance_m=_sum(distance),
        avg_hr_bpm=_weighted_mean(avg_hr, timer),
        max_hr_bpm=max((v for v in max_hr if v is not None), default=None),
        avg_cadence_spm=(
            None if cadence is None else float(steps_per_minute(np.array([cadence]), sport)[0])
        ),
    )
    return tuple(laps), totals


def _number(texts: Sequence[str]) -> float | None:
    if not texts:
        return None
    try:
        value = float(texts[0])
    except ValueError:
        return None
    return value if np.isfinite(value) else None


def _sum(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return float(sum(present)) if present else None


def _weighted_mean(values: list[float | None], weights: list[float | None]) -> float | None:
    """Mean of the lap values weighted by lap time; a plain mean when a lap has no time."""
    pairs = [(v, w) for v, w in zip(values, weights, strict=True) if v is not None]
    if not pairs:
        return None
    if all(w is not None and w > 0 for _, w in pairs):
        total = sum(w for _, w in pairs if w is not None)
        return sum(v * w for v, w in pairs if w is not None) / total
    return sum(v for v, _ in pairs) / len(pairs)


def _first(texts: Sequence[str]) -> str | None:
    for text in texts:
        if text.strip():
            return text.strip()
    return None
