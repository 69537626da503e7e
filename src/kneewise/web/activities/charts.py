"""A run's charts, drawn on the server like the progress charts (issue #9 part 8).

Pace, elevation with its downhill stretches hatched, cadence against the plan's one target,
heart rate, and the route's outline: each drawn with svg.py over at most MAX_POINTS points
(no JavaScript, no network, fine in a PDF) from the samples run_streams.py reads again, each
with its text alternative (a sentence and a few figures or a small table). A stream the file
does not carry gives a kind one-line note instead of its chart.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np
from django.utils.safestring import SafeString, mark_safe

from kneewise.activities.model import ActivityStreams, FloatArray
from kneewise.activities.summary import CADENCE_SPORTS
from kneewise.core.dates import spoken_date
from kneewise.units import (
    FEET_PER_METRE,
    MILES,
    distance_text,
    height_text,
    metres_per_unit,
    pace_text,
)
from kneewise.web.activities.models import Activity
from kneewise.web.activities.route_outline import outline_of
from kneewise.web.activities.run_streams import (
    Axis,
    Stretch,
    Track,
    axis_of,
    binned_mean,
    downhill_stretches,
    elevation_profile,
    time_share,
    track_of,
)
from kneewise.web.progress import svg

PACE_WINDOW_M = 200.0  # pace over a centred window: GPS jitter would otherwise dominate
SLOWEST_PACE_S_PER_KM = 20 * 60  # slower than this is standing about, drawn as a gap
STRETCHES_LISTED = 8
MAX_SPLITS = 25
BLUE, MAROON, DARK_GREEN, RED = "#0b4f9c", "#7a1d17", "#1e4d3a", "#a4262c"

UNREADABLE = (
    "We could not read this run's original file again, so there are no charts for it. "
    "The figures above are not affected."
)
TOO_SHORT = "This recording is too short to draw charts of."
NO_DISTANCE = "This file has no distance or GPS positions, so there is no pace chart."
NO_ELEVATION = "This file has no elevation, so there is no elevation chart."
NO_CADENCE = "This file has no cadence (steps per minute), so there is no cadence chart."
NOT_STEPS = "Cadence in steps per minute is only drawn for runs, walks and hikes."
NO_HEART_RATE = "This file has no heart rate, so there is no heart-rate chart."
NO_POSITIONS = "This file has no GPS track, so there is no route outline."


@dataclass(frozen=True, slots=True)
class RunChart:
    """One chart for the template: the SVG with its text alternative, or the note why not."""

    key: str
    heading: str
    hint: str = ""
    svg: SafeString | None = None
    summary: str = ""
    figures: tuple[tuple[str, str], ...] = ()
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    table_note: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class RunCharts:
    """Everything the run's page draws; `note` instead of charts when the file is unreadable.
    `route` is None when the runner hides route outlines (then no position is read at all)."""

    charts: tuple[RunChart, ...] = ()
    route: RunChart | None = None
    route_hidden: bool = False
    note: str = ""


# The charts ------------------------------------------------------------------------------


def build_run_charts(
    activity: Activity,
    streams: ActivityStreams | None,
    *,
    units: str,
    day: date,
    cadence_target: int | None,
    show_route: bool,
) -> RunCharts:
    """The run's charts in page order; positions are only read when `show_route` is set."""
    if streams is None:
        return RunCharts(note=UNREADABLE, route_hidden=not show_route)
    track = track_of(streams)
    axis = axis_of(track, units)
    if axis is None:
        return RunCharts(note=TOO_SHORT, route_hidden=not show_route)
    when = spoken_date(day)
    charts = (
        pace_chart(track, axis, activity, when),
        elevation_chart(track, axis, activity, when),
        cadence_chart(track, axis, activity, when, cadence_target),
        heart_rate_chart(track, axis, activity, when),
    )
    route = route_chart(track, units, when) if show_route else None
    return RunCharts(charts=charts, route=route, route_hidden=not show_route)


def pace_chart(track: Track, axis: Axis, activity: Activity, when: str) -> RunChart:
    """Pace over a centred window at every bin, faster higher up (as watches draw it)."""
    heading = "Pace"
    if not axis.by_distance or track.along is None:
        return RunChart("pace", heading, note=NO_DISTANCE)
    per = metres_per_unit(axis.units)
    reached, first = np.unique(track.along, return_index=True)
    moving = track.moving[first]

    def moving_at(at: FloatArray) -> FloatArray:
        out: FloatArray = np.interp(at, reached, moving)
        return out

    half = max(PACE_WINDOW_M, axis.span / axis.count) / 2
    centres = axis.centres()
    lo, hi = np.maximum(centres - half, axis.start), np.minimum(centres + half, axis.end)
    seconds, metres = moving_at(hi) - moving_at(lo), hi - lo
    pace = np.divide(seconds, metres, out=np.full(axis.count, np.nan), where=metres > 0) * per
    slowest = SLOWEST_PACE_S_PER_KM * per / 1000
    shown = [float(p) if 0 < p <= slowest else None for p in pace]
    known = [p for p in shown if p is not None]
    if not known:
        return RunChart("pace", heading, note=NO_DISTANCE)
    distance = activity.distance_m or float(track.along[-1] - track.along[0])
    moving_s = activity.moving_s or float(track.moving[-1])
    average = moving_s / distance * per if distance > 0 else float(np.median(known))
    fast, slow = np.percentile(known, [2, 98])
    step = next(s for s in (15, 30, 60, 120, 300, 600) if (slow - fast) / s <= 4)
    fast_tick = math.floor((fast - 5) / step) * step
    slow_tick = math.ceil((slow + 5) / step) * step
    ticks = [-float(v) for v in range(int(slow_tick), int(fast_tick) - 1, -step)]
    split_rows, split_note, fastest, slowest_split = splits(axis, moving_at)
    summary = (
        f"Average pace {pace_text(average, axis.units)} over {distance_text(distance, axis.units)}."
    )
    if fastest and slowest_split and fastest != slowest_split:
        summary += (
            f" Fastest split: {fastest[0]} at {fastest[1]}; slowest: {slowest_split[0]} "
            f"at {slowest_split[1]}."
        )
    chart = svg.line_chart(
        chart_id="pace-chart",
        title=f"Pace, {when}",
        desc=summary,
        categories=[""] * axis.count,
        x_labels=axis.labels(),
        series=[
            svg.Series(
                f"Pace (min/{axis.units})",
                [None if p is None else -p for p in shown],
                colour=BLUE,
                markers=False,
            )
        ],
        y_range=(ticks[0], ticks[-1]),
        y_ticks=ticks,
        y_format=lambda v: pace_text(-v, None),
        rules=[svg.Rule(-average, f"Average {pace_text(average, None)}")],
        height=160,
    )
    return RunChart(
        "pace",
        heading,
        hint=f"Minutes per {'mile' if axis.units == MILES else 'km'}; higher is faster. "
        "Stops are left out, as in your moving time.",
        svg=_safe(chart),
        summary=summary,
        columns=("Split", "Moving time", "Pace"),
        rows=tuple(split_rows),
        table_note=split_note,
    )


def splits(
    axis: Axis, moving_at: Callable[[FloatArray], FloatArray]
) -> tuple[list[tuple[str, str, str]], str, tuple[str, str] | None, tuple[str, str] | None]:
    """Moving time and pace per km (or mile), grouped by 5 or 10 on long runs; with the
    fastest and slowest whole split."""
    per = metres_per_unit(axis.units)
    whole = int(axis.span / per + 0.005)  # a split 5 m short of a km (GPS rounding) is whole
    group = next(g for g in (1, 5, 10, 50) if whole / g <= MAX_SPLITS)
    word, words = ("mile", "miles") if axis.units == MILES else ("km", "km")
    edges = [min(axis.start + k * per, axis.end) for k in range(0, whole + 1, group)]
    if axis.end - edges[-1] >= 0.01 * per:
        edges.append(axis.end)
    times = moving_at(np.asarray(edges))
    rows: list[tuple[str, str, str]] = []
    paces: list[tuple[float, str, str]] = []
    for k, (a, b) in enumerate(itertools.pairwise(edges)):
        seconds = float(times[k + 1] - times[k])
        length = (b - a) / per
        full = abs(length - group) < 0.005 * group
        first = k * group + 1
        label = f"{word} {first}" if group == 1 else f"{words} {first}–{first + group - 1}"
        if not full:
            label = f"last {length:.2f} {axis.units}"
        pace = pace_text(seconds / length, axis.units) if seconds > 0 else "–"
        rows.append((label, _clock(seconds), pace))
        if full and seconds > 0:
            paces.append((seconds / length, label, pace))
    note = f"Grouped by {group} {axis.units}, as the run is long." if group > 1 else ""
    if len(paces) < 2:
        return rows, note, None, None
    fastest, slowest = min(paces), max(paces)
    return rows, note, (fastest[1], fastest[2]), (slowest[1], slowest[2])


def elevation_chart(track: Track, axis: Axis, activity: Activity, when: str) -> RunChart:
    """The smoothed elevation the summary uses, with its downhill stretches hatched."""
    heading = "Elevation and downhill stretches"
    prof = elevation_profile(track, axis.by_distance)
    if prof is None:
        return RunChart("elevation", heading, note=NO_ELEVATION)
    stretches = downhill_stretches(prof) if axis.by_distance else []
    feet = axis.units == MILES
    scale = FEET_PER_METRE if feet else 1.0
    values = np.interp(axis.centres(), prof.centre, prof.elevation_m) * scale
    low, high = float(values.min()), float(values.max())
    bottom, top = low - 2, max(high + 2, low + 10)
    ticks = svg.nice_ticks(bottom, top, most=4)
    total = sum(s.length_m for s in stretches)
    summary = (
        f"Elevation from {height_text(low / scale, axis.units)} to "
        f"{height_text(high / scale, axis.units)} (smoothed, as for your ascent and descent)."
    )
    if not axis.by_distance:
        summary += " Drawn over time: without distance, downhill stretches cannot be measured."
    elif stretches:
        count = "1 stretch" if len(stretches) == 1 else f"{len(stretches)} stretches"
        summary += (
            f" {distance_text(total, axis.units)} was downhill at −5\u00a0% or steeper, in {count} "
            "(hatched)."
        )
    else:
        summary += " No part of this run was downhill at −5\u00a0% or steeper."
    chart = svg.line_chart(
        chart_id="elevation-chart",
        title=f"Elevation, {when}",
        desc=summary,
        categories=[""] * axis.count,
        x_labels=axis.labels(),
        series=[svg.Series(f"Elevation ({'ft' if feet else 'm'})", list(values), markers=False)],
        y_range=(bottom, max(ticks[-1], top)),
        y_ticks=ticks,
        spans=drawn_spans(axis, stretches),
        span_legend="Downhill, −5 % or steeper" if stretches else "",
        height=150,
    )
    listed = sorted(sorted(stretches, key=lambda s: -s.length_m)[:STRETCHES_LISTED])
    left_out = len(stretches) - len(listed)
    return RunChart(
        "elevation",
        heading,
        hint="Hatched: stretches of −5\u00a0% or steeper, the downhill running that loads the "
        "knee most (rule R19).",
        svg=_safe(chart),
        summary=summary,
        figures=(
            ("Lowest", height_text(low / scale, axis.units)),
            ("Highest", height_text(high / scale, axis.units)),
            ("Downhill (−5\u00a0% or steeper)", distance_text(total, axis.units))
            if axis.by_distance
            else ("Downhill (−5\u00a0% or steeper)", "not known without distance"),
        ),
        columns=("From", "To", "Length", "Grade") if stretches else (),
        rows=tuple(
            (
                axis.where(s.start_m),
                axis.where(s.end_m),
                distance_text(s.length_m, axis.units),
                f"{s.grade * 100:.0f}\u00a0%".replace("-", "−"),
            )
            for s in listed
        ),
        table_note=f"And {left_out} shorter stretch{'es' if left_out != 1 else ''}."
        if left_out
        else "",
    )


def drawn_spans(axis: Axis, stretches: list[Stretch]) -> list[svg.Span]:
    """Stretches closer together than one bin of the drawing become one hatched span."""
    spans: list[svg.Span] = []
    for stretch in stretches:
        start, end = axis.position(stretch.start_m), axis.position(stretch.end_m)
        if spans and start - spans[-1].end < 1.0:
            spans[-1] = svg.Span(spans[-1].start, end)
        else:
            spans.append(svg.Span(start, end))
    return spans


def cadence_chart(
    track: Track, axis: Axis, activity: Activity, when: str, target: int | None
) -> RunChart:
    """Steps per minute while stepping, against the plan's one target (R24)."""
    heading = "Cadence against your target"
    streams = track.streams
    if streams.sport not in CADENCE_SPORTS:
        return RunChart("cadence", heading, note=NOT_STEPS)
    cadence = track.stream("cadence_spm")
    stepping = None if cadence is None else np.isfinite(cadence) & (cadence > 0)
    if cadence is None or stepping is None or not bool(stepping.any()):
        return RunChart("cadence", heading, note=NO_CADENCE)
    values = binned_mean(axis, cadence, stepping)
    known = [v for v in values if v is not None]
    average = activity.avg_cadence_spm or float(np.mean(cadence[stepping]))
    rules = [svg.Rule(average, f"This run {average:.0f}", colour=svg.INK)]
    figures = [("Average cadence", f"{average:.0f} steps/min")]
    summary = f"Average cadence {average:.0f} steps/min."
    span = [*np.percentile(known, [2, 98]), average]
    if target:
        share = time_share(track.t, stepping, cadence >= target)
        rules.append(svg.Rule(target, f"Target {target}", colour=MAROON, dashed=False))
        span.append(target)
        summary += (
            f" Your plan's step-rate target (R24) is {target} steps/min: "
            f"{share:.0%} of your stepping time was at or above it."
        ).replace("%", "\u00a0%")
        figures += [
            ("Your target", f"{target} steps/min"),
            ("Time at or above it", f"{share:.0%}".replace("%", "\u00a0%")),
        ]
    else:
        summary += " Your plan has no step-rate target yet."
    chart = svg.line_chart(
        chart_id="cadence-chart",
        title=f"Cadence, {when}",
        desc=summary,
        categories=[""] * axis.count,
        x_labels=axis.labels(),
        series=[svg.Series("Cadence (steps/min)", values, colour=DARK_GREEN, markers=False)],
        y_range=(min(span) - 4, max(span) + 4),
        rules=rules,
        height=150,
    )
    return RunChart(
        "cadence",
        heading,
        hint="Steps per minute while you were stepping. The target is your plan's: your own "
        "baseline plus 5 %, later at most plus 10 % (rule R24).",
        svg=_safe(chart),
        summary=summary,
        figures=tuple(figures),
    )


def heart_rate_chart(track: Track, axis: Axis, activity: Activity, when: str) -> RunChart:
    heading = "Heart rate"
    hr = track.stream("heart_rate_bpm")
    ok = None if hr is None else np.isfinite(hr) & (hr > 0)
    if hr is None or ok is None or not bool(ok.any()):
        return RunChart("heart-rate", heading, note=NO_HEART_RATE)
    values = binned_mean(axis, hr, ok)
    known = [v for v in values if v is not None]
    average = activity.avg_hr_bpm or float(np.mean(hr[ok]))
    peak = activity.max_hr_bpm or float(np.max(hr[ok]))
    half = axis.count // 2
    first = [v for v in values[:half] if v is not None]
    second = [v for v in values[half:] if v is not None]
    summary = f"Average heart rate {average:.0f} bpm, highest {peak:.0f} bpm."
    figures = [("Average", f"{average:.0f} bpm"), ("Highest", f"{peak:.0f} bpm")]
    if first and second:
        summary += (
            f" The first half averaged {np.mean(first):.0f} bpm, the second half "
            f"{np.mean(second):.0f} bpm."
        )
        figures += [
            ("First half", f"{np.mean(first):.0f} bpm"),
            ("Second half", f"{np.mean(second):.0f} bpm"),
        ]
    low, high = np.percentile(known, [1, 99])
    chart = svg.line_chart(
        chart_id="heart-rate-chart",
        title=f"Heart rate, {when}",
        desc=summary,
        categories=[""] * axis.count,
        x_labels=axis.labels(),
        series=[svg.Series("Heart rate (bpm)", values, colour=RED, markers=False)],
        y_range=(min(low, average) - 5, max(high, average) + 5),
        rules=[svg.Rule(average, f"Average {average:.0f}", colour=svg.INK)],
        height=150,
    )
    return RunChart(
        "heart-rate",
        heading,
        hint="Beats per minute, as your watch or strap recorded them.",
        svg=_safe(chart),
        summary=summary,
        figures=tuple(figures),
    )


def route_chart(track: Track, units: str, when: str) -> RunChart:
    """The route's shape, north up, without a map; only called when the runner allows it."""
    heading = "Route outline"
    outline = outline_of(track)
    if outline is None:
        return RunChart("route", heading, note=NO_POSITIONS)
    summary = outline.in_words(units)
    chart = svg.outline_chart(
        chart_id="route-outline",
        title=f"Route outline, {when}",
        desc=f"The shape of your route, north at the top, without a map. {summary}",
        points=outline.points,
        scale=outline.scale(units),
    )
    return RunChart(
        "route",
        heading,
        hint="The shape of where you ran, north at the top, drawn from your watch's "
        "positions without a map. You can turn this off in Settings.",
        svg=_safe(chart),
        summary=summary,
    )


def _clock(seconds: float) -> str:
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _safe(chart: str) -> SafeString:
    return mark_safe(chart)  # noqa: S308 - svg.py escapes every text it draws
