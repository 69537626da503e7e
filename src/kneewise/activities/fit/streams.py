"""Turn the messages of one FIT activity into `ActivityStreams`: record streams in SI units,
the device's session totals, laps and the sport."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from kneewise.activities.fit import profile as p
from kneewise.activities.fit.messages import SegmentMessages
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

_RECORD_FIELDS = (
    p.TIMESTAMP,
    p.REC_LAT,
    p.REC_LON,
    p.REC_ALTITUDE,
    p.REC_HEART_RATE,
    p.REC_CADENCE,
    p.REC_DISTANCE,
    p.REC_SPEED,
    p.REC_FRACTIONAL_CADENCE,
    p.REC_ENHANCED_SPEED,
    p.REC_ENHANCED_ALTITUDE,
)
_SESSION_FIELDS = (
    p.TIMESTAMP,
    p.START_TIME,
    p.TOTAL_ELAPSED_TIME,
    p.TOTAL_TIMER_TIME,
    p.TOTAL_DISTANCE,
    p.SESSION_SPORT,
    p.SESSION_AVG_HEART_RATE,
    p.SESSION_MAX_HEART_RATE,
    p.SESSION_AVG_CADENCE,
    p.SESSION_TOTAL_ASCENT,
    p.SESSION_TOTAL_DESCENT,
    p.SESSION_TOTAL_MOVING_TIME,
    p.SESSION_AVG_FRACTIONAL_CADENCE,
)
_LAP_FIELDS = (
    p.TIMESTAMP,
    p.START_TIME,
    p.TOTAL_ELAPSED_TIME,
    p.TOTAL_TIMER_TIME,
    p.TOTAL_DISTANCE,
    p.LAP_SPORT,
)
_SPORTS = {
    p.SPORT_RUNNING: Sport.RUNNING,
    p.SPORT_WALKING: Sport.WALKING,
    p.SPORT_HIKING: Sport.HIKING,
    p.SPORT_CYCLING: Sport.CYCLING,
}

Table = dict[int, FloatArray]
BoolArray = npt.NDArray[np.bool_]


def build_activity(
    parts: Sequence[SegmentMessages], source: str, device: str | None
) -> ActivityStreams:
    """One activity from its segment(s): the activity segment plus any continuation
    segments (chained FIT files without a file_id, e.g. heart-rate data after a swim)."""
    records = _table(parts, p.RECORD, _RECORD_FIELDS)
    sessions = _table(parts, p.SESSION, _SESSION_FIELDS)
    laps = _table(parts, p.LAP, _LAP_FIELDS)
    n_records = len(records[p.TIMESTAMP])
    n_sessions = len(sessions[p.TIMESTAMP])
    n_laps = len(laps[p.TIMESTAMP])
    if n_records == 0 and n_sessions == 0:
        raise NotAnActivity("FIT activity file without records or sessions: nothing to import")
    if n_sessions == 0 and n_laps == 0 and sum(m.count(p.ACTIVITY) for m in parts) == 0:
        # Complete, CRC-valid files like this (corpus bad/mukti__activity_truncated.fit) come
        # from a recording that stopped before the device wrote any summary.
        raise DecodeError(
            f"incomplete FIT activity: {n_records} records but no session, lap or activity "
            f"message (the recording was interrupted before the device closed it)"
        )

    # Multi-session files (triathlon, multisport) become one activity: the first session
    # gives the sport and the averages, the totals are summed (as the corpus references do).
    order = np.argsort(_nan_last(sessions[p.START_TIME]), kind="stable")
    sessions = {num: values[order] for num, values in sessions.items()}
    sport_code = _sport_code(parts, sessions, laps)
    on_foot = sport_code in p.ON_FOOT_SPORTS

    timestamps = records[p.TIMESTAMP]
    start = _first_valid(sessions[p.START_TIME])
    if start is None:
        start = _first_valid(timestamps)
    if start is None:
        raise DecodeError("FIT activity without any valid timestamp")
    keep = ~np.isnan(timestamps)  # a sample needs a place on the time axis
    columns = {num: values[keep] for num, values in records.items()}
    speed_from_csd, distance_from_csd = _compressed_speed_distance(parts)
    elevation = _stream(
        _plausible_altitude(
            _first_of(columns[p.REC_ENHANCED_ALTITUDE], columns[p.REC_ALTITUDE]) / p.ALTITUDE_SCALE
            - p.ALTITUDE_OFFSET
        )
    )
    return ActivityStreams(
        source=source,
        format=FileFormat.FIT,
        sport=_SPORTS.get(sport_code, Sport.OTHER) if sport_code is not None else Sport.OTHER,
        start_time=p.fit_datetime(start),
        time_s=columns[p.TIMESTAMP] - start,
        distance_m=_stream(
            _first_of(columns[p.REC_DISTANCE] / 100.0, _kept(distance_from_csd, keep))
        ),
        elevation_m=elevation,
        # FIT carries no flag for a barometric altimeter, and GPS-only watches (FR220, phone
        # apps) write smooth-looking altitude too, so the stream gets the stronger GPS
        # smoothing; the device's own barometric totals still win for ascent and descent.
        elevation_source=ElevationSource.GPS if elevation is not None else None,
        speed_mps=_stream(
            _first_of(
                columns[p.REC_ENHANCED_SPEED] / 1000.0,
                columns[p.REC_SPEED] / 1000.0,
                _kept(speed_from_csd, keep),
            )
        ),
        cadence_spm=_stream(_cadence(columns, on_foot)),
        heart_rate_bpm=_stream(columns[p.REC_HEART_RATE]),
        latitude=_stream(columns[p.REC_LAT] * p.SEMICIRCLES_TO_DEGREES),
        longitude=_stream(columns[p.REC_LON] * p.SEMICIRCLES_TO_DEGREES),
        laps=_laps(laps),
        totals=_totals(sessions, on_foot),
        device=device,
    )


def _table(parts: Sequence[SegmentMessages], global_num: int, nums: Sequence[int]) -> Table:
    tables = [part.fields(global_num, nums) for part in parts]
    if len(tables) == 1:
        return tables[0]
    return {num: np.concatenate([t[num] for t in tables]) for num in nums}


def _cadence(columns: Table, on_foot: bool) -> FloatArray:
    """Cadence with its fractional part; per-leg running cadence doubled to steps/min.
    Cycling and other sports keep the device's unit (rpm, strokes/min)."""
    fraction = np.nan_to_num(columns[p.REC_FRACTIONAL_CADENCE]) / 128.0
    cadence = columns[p.REC_CADENCE] + fraction
    return cadence * 2.0 if on_foot else cadence


def _compressed_speed_distance(
    parts: Sequence[SegmentMessages],
) -> tuple[FloatArray | None, FloatArray | None]:
    """Speed (m/s) and distance (m) from the 3-byte compressed_speed_distance field: 12 bits
    of speed (scale 100) then 12 bits of distance (scale 16) that roll over at 4096 and are
    accumulated, as the FIT profile's component expansion says (e.g. Forerunner 70)."""
    blocks = []
    for part in parts:
        raw = part.byte_columns(p.RECORD, p.REC_COMPRESSED_SPEED_DISTANCE, 3)
        if raw is None:
            raw = np.full((part.count(p.RECORD), 3), 0xFF, dtype=np.uint8)
        blocks.append(raw.astype(np.int64))
    raw = np.concatenate(blocks)
    valid = ~np.all(raw == 0xFF, axis=1)
    if not valid.any():
        return None, None
    speed = np.where(valid, (raw[:, 0] | (raw[:, 1] & 0x0F) << 8) / 100.0, np.nan)
    distance_12 = (raw[:, 1] >> 4 | raw[:, 2] << 4)[valid]
    steps = np.diff(distance_12, prepend=0) & 0xFFF
    distance = np.full(len(raw), np.nan)
    distance[valid] = np.cumsum(steps) / 16.0
    return speed, distance


def _kept(values: FloatArray | None, keep: BoolArray) -> FloatArray | None:
    return None if values is None else values[keep]


def _first_of(*candidates: FloatArray | None) -> FloatArray:
    """Element-wise the first non-NaN candidate (e.g. enhanced_speed, else speed)."""
    present = [c for c in candidates if c is not None]
    result = present[0].copy()
    for fallback in present[1:]:
        missing = np.isnan(result)
        result[missing] = fallback[missing]
    return result


def _stream(values: FloatArray) -> FloatArray | None:
    """A stream the file does not carry (all samples invalid or absent) is None."""
    return None if np.all(np.isnan(values)) else values


def _nan_last(values: FloatArray) -> FloatArray:
    return np.where(np.isnan(values), np.inf, values)


def _first_valid(values: FloatArray) -> float | None:
    valid = values[~np.isnan(values)]
    return float(valid[0]) if len(valid) else None


def _sport_code(parts: Sequence[SegmentMessages], sessions: Table, laps: Table) -> int | None:
    """The sport of the first session, else of the sport message, else of the first lap
    (files without sessions, e.g. a Sigma device, still write one of those)."""
    candidates = [sessions[p.SESSION_SPORT]]
    candidates += [part.fields(p.SPORT, (p.SPORT_SPORT,))[p.SPORT_SPORT] for part in parts]
    candidates.append(laps[p.LAP_SPORT])
    for values in candidates:
        code = _first_valid(values)
        if code is not None:
            return int(code)
    return None


def _totals(sessions: Table, on_foot: bool) -> DeviceTotals:
    """Totals summed over sessions; averages and max from the first session. A zero average
    heart rate or cadence means no sensor, so it is reported as unknown."""

    def total(num: int, scale: float) -> float | None:
        values = sessions[num]
        return float(np.nansum(values)) / scale if np.any(~np.isnan(values)) else None

    def first(num: int) -> float | None:
        values = sessions[num]
        if not len(values) or np.isnan(values[0]) or values[0] == 0:
            return None
        return float(values[0])

    cadence = first(p.SESSION_AVG_CADENCE)
    if cadence is not None:
        fraction = sessions[p.SESSION_AVG_FRACTIONAL_CADENCE][0]
        cadence += 0.0 if np.isnan(fraction) else float(fraction) / 128.0
        cadence *= 2.0 if on_foot else 1.0
    return DeviceTotals(
        elapsed_s=total(p.TOTAL_ELAPSED_TIME, 1000.0),
        timer_s=total(p.TOTAL_TIMER_TIME, 1000.0),
        moving_s=total(p.SESSION_TOTAL_MOVING_TIME, 1000.0),
        distance_m=total(p.TOTAL_DISTANCE, 100.0),
        ascent_m=total(p.SESSION_TOTAL_ASCENT, 1.0),
        descent_m=total(p.SESSION_TOTAL_DESCENT, 1.0),
        avg_cadence_spm=cadence,
        avg_hr_bpm=first(p.SESSION_AVG_HEART_RATE),
        max_hr_bpm=first(p.SESSION_MAX_HEART_RATE),
    )


def _laps(laps: Table) -> tuple[Lap, ...]:
    """Laps in file order; a lap without start_time starts at its end minus its duration."""
    result = []
    for start, end, elapsed, timer, distance in zip(
        laps[p.START_TIME].tolist(),
        laps[p.TIMESTAMP].tolist(),
        laps[p.TOTAL_ELAPSED_TIME].tolist(),
        laps[p.TOTAL_TIMER_TIME].tolist(),
        laps[p.TOTAL_DISTANCE].tolist(),
        strict=True,
    ):
        elapsed_s = None if np.isnan(elapsed) else elapsed / 1000.0
        if np.isnan(start):
            if np.isnan(end) or elapsed_s is None:
                continue
            start = end - elapsed_s
        result.append(
            Lap(
                start_time=p.fit_datetime(start),
                elapsed_s=elapsed_s,
                timer_s=None if np.isnan(timer) else timer / 1000.0,
                distance_m=None if np.isnan(distance) else distance / 100.0,
            )
        )
    return tuple(result)


# Below the Dead Sea shore or above any road or trail: a sensor glitch, not a place.
MIN_ALTITUDE_M = -450.0
MAX_ALTITUDE_M = 6_000.0


def _plausible_altitude(altitude: FloatArray) -> FloatArray:
    return np.where((altitude < MIN_ALTITUDE_M) | (altitude > MAX_ALTITUDE_M), np.nan, altitude)
