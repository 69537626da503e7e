"""Small server-rendered SVG charts: pure functions from numbers to an SVG string.

No JavaScript, no external files. Every text is escaped; the drawing scales with `viewBox`
and `width="100%"`. Meaning never rests on colour alone: series differ by marker shape and
dash pattern, bands and reference lines carry text labels, and a legend names each series.
The caller adds the text alternative (a table or sentence) next to the chart.

`line_chart` also draws dense lines over a regular grid (a run's pace or elevation every few
metres: no markers, hatched stretches of the horizontal axis); `outline_chart` draws a shape
from plane coordinates (a route's outline, north up, with a scale bar).
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kneewise.web.progress.tones import toned

WIDTH = 360  # viewBox units; about one CSS pixel each on a 390 px phone
LEFT, RIGHT, BOTTOM = 30, 10, 22
LEGEND_ROW = 15
MARK_ROW = 12
MARK_GAP = 22  # labels closer than this go to the next row
FONT = 11
SMALL = 9.5
INK = "#1b1b1b"
GRID = "#c4c9c5"
MARK_INK = "#7a1d17"
SPAN_FILL = "#f3e3d3"
SPAN_INK = "#9a5b2a"
MIN_SPAN = 1.2  # viewBox units: a stretch narrower than this is still drawn that wide
OUTLINE_HEIGHT = 300  # the tallest an outline's drawing gets (a north–south route)
OUTLINE_PAD = 12
SHAPES = ("circle", "square", "triangle", "diamond")
CHART_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


@dataclass(frozen=True, slots=True)
class Series:
    """One line of values, one per category; None leaves a gap."""

    name: str
    values: Sequence[float | None]
    colour: str = INK
    marker: str = "circle"
    dashed: bool = False
    value_labels: bool = False
    markers: bool = True  # False for dense lines (hundreds of values): the line alone


@dataclass(frozen=True, slots=True)
class Band:
    """A labelled background band from `low` to `high` on the value axis."""

    low: float
    high: float
    label: str
    fill: str


@dataclass(frozen=True, slots=True)
class Rule:
    """A labelled horizontal reference line."""

    value: float
    label: str
    colour: str = INK
    dashed: bool = True


@dataclass(frozen=True, slots=True)
class Span:
    """A hatched stretch of the horizontal axis, full plot height, from `start` to `end` in
    category units: 0 is the left edge of the first category, len(categories) the right edge
    of the last (so category i covers i…i + 1)."""

    start: float
    end: float


@dataclass(frozen=True, slots=True)
class Mark:
    """A labelled marker above one category (several on one category stack up)."""

    index: int
    label: str


def esc(text: str) -> str:
    """Text for an SVG element or attribute (valid XML and HTML)."""
    return html.escape(str(text), quote=True)


def num(value: float, digits: int = 1) -> str:
    """A number without trailing zeros: 12.0 → "12", 7.25 → "7.2", -0.01 → "0"."""
    text = f"{value:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def nice_ticks(low: float, high: float, most: int = 5) -> list[float]:
    """Round tick values (steps of 1, 2 or 5 × 10ⁿ) covering low…high, at most `most` + 1."""
    if high <= low:
        return [low]
    raw = (high - low) / most
    power = 10 ** math.floor(math.log10(raw))
    step = next(s * power for s in (1, 2, 5, 10) if s * power >= raw)
    first = math.ceil(low / step) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


def line_chart(
    *,
    chart_id: str,
    title: str,
    desc: str,
    categories: Sequence[str],
    series: Sequence[Series],
    y_range: tuple[float, float],
    x_labels: Sequence[str] | None = None,
    bands: Sequence[Band] = (),
    rules: Sequence[Rule] = (),
    marks: Sequence[Mark] = (),
    mark_legend: str = "",
    y_ticks: Sequence[float] | None = None,
    y_format: Callable[[float], str] = num,
    spans: Sequence[Span] = (),
    span_legend: str = "",
    height: int = 200,
) -> str:
    """Lines with markers over evenly spaced categories (days, dates of scores, runs), or
    without markers over a dense regular grid; `y_format` writes the value axis' ticks."""
    hatch = f"{chart_id}-hatch"
    items = [(s.name, s.colour, s.marker if s.markers else "line", s.dashed) for s in series]
    if spans and span_legend:
        items.append((span_legend, f"url(#{hatch})", "span", False))
    # A rule's name sits in the legend, not on its line, where it hid the series crossing it.
    items.extend((rule.label, rule.colour, "line", rule.dashed) for rule in rules)
    legend, legend_rows = _legend(items, mark_legend if marks else "")
    frame = _Frame(
        len(categories),
        y_range,
        height,
        legend_rows=legend_rows,
        mark_rows=max(_mark_rows(len(categories), marks), default=-1) + 1,
    )
    parts = [*_bands(frame, bands), *_spans(frame, spans, hatch)]
    parts.extend([*_grid(frame, y_ticks, y_format), *_rules(frame, rules)])
    for item in series:
        parts.extend(_line(frame, item))
    parts.extend(_band_labels(frame, bands))
    parts.extend(_marks(frame, marks))
    parts.extend(_x_labels(frame, x_labels if x_labels is not None else categories))
    return _svg(chart_id, title, desc, frame.height, [*parts, *legend])


def outline_chart(
    *,
    chart_id: str,
    title: str,
    desc: str,
    points: Sequence[tuple[float, float]],
    scale: tuple[float, str] | None = None,
    start_label: str = "Start",
    finish_label: str = "Finish",
    colour: str = "#0b4f9c",
) -> str:
    """A shape from plane coordinates (x east, y north, one unit for both), scaled to fit
    the width (at most OUTLINE_HEIGHT tall), north up. Start is a circle, finish a square;
    `scale` is a bar's (length in the points' unit, label)."""
    if not points:
        raise ValueError("an outline needs at least one point")
    legend, legend_rows = _legend(
        [(start_label, colour, "circle", False), (finish_label, colour, "square", False)]
    )
    top = 4 + legend_rows * LEGEND_ROW + OUTLINE_PAD
    west, south = min(p[0] for p in points), min(p[1] for p in points)
    across = max(p[0] for p in points) - west
    along = max(p[1] for p in points) - south
    room_x, room_y = WIDTH - 2 * OUTLINE_PAD, OUTLINE_HEIGHT - 2 * OUTLINE_PAD
    fits = [room / size for room, size in ((room_x, across), (room_y, along)) if size > 0]
    ratio = min(fits, default=1.0)  # one point or a straight line still gets drawn
    left = OUTLINE_PAD + (room_x - across * ratio) / 2  # centred across
    bottom = top + along * ratio  # as tall as the shape needs
    height = bottom + OUTLINE_PAD + (20 if scale else 0)
    drawn = [(left + (x - west) * ratio, bottom - (y - south) * ratio) for x, y in points]
    path = " ".join(f"{'M' if i == 0 else 'L'}{num(x)} {num(y)}" for i, (x, y) in enumerate(drawn))
    parts = [
        f'<path class="outline" d="{path}" fill="none" stroke="{colour}" stroke-width="2.2" '
        'stroke-linejoin="round" stroke-linecap="round"/>',
        _marker("circle", *drawn[0], 4.5, colour, css="start"),
        _marker("square", *drawn[-1], 3.6, colour, css="finish"),
        _text(WIDTH - RIGHT, top - 2, "N ↑", size=SMALL, anchor="end", bold=True),
    ]
    if scale:
        end, y = OUTLINE_PAD + scale[0] * ratio, height - 12
        parts.append(
            f'<path class="scale" d="M{OUTLINE_PAD} {num(y - 4)} V{num(y)} H{num(end)} '
            f'V{num(y - 4)}" fill="none" stroke="{INK}" stroke-width="1.2"/>'
        )
        parts.append(_text(end + 5, y + 1, scale[1], size=SMALL))
    return _svg(chart_id, title, desc, height, [*parts, *legend])


def bar_chart(
    *,
    chart_id: str,
    title: str,
    desc: str,
    categories: Sequence[str],
    values: Sequence[float],
    name: str,
    value_labels: Sequence[str] | None = None,
    footer_labels: Sequence[str] | None = None,
    footer_name: str = "",
    marks: Sequence[Mark] = (),
    mark_legend: str = "",
    y_range: tuple[float, float] | None = None,
    colour: str = "#1e4d3a",
    height: int = 200,
) -> str:
    """Bars with a value label on each, an optional second row of labels under the axis."""
    top = max(values, default=0.0)
    y_range = y_range or (0.0, nice_ticks(0, max(top * 1.15, 1.0))[-1])
    legend, legend_rows = _legend(
        [(name, colour, "bar", False)], mark_legend if marks else "", footer_name
    )
    frame = _Frame(
        len(categories),
        y_range,
        height,
        legend_rows=legend_rows,
        mark_rows=max(_mark_rows(len(categories), marks), default=-1) + 1,
        footer_rows=1 if footer_labels else 0,
    )
    parts = list(_grid(frame, None, num))
    bar_width = frame.step * 0.6
    for index, value in enumerate(values):
        x = frame.x(index)
        y = frame.y(max(value, y_range[0]))
        parts.append(
            f'<rect class="bar" x="{num(x - bar_width / 2)}" y="{num(y)}" '
            f'width="{num(bar_width)}" height="{num(frame.y(y_range[0]) - y)}" fill="{colour}"/>'
        )
        if value_labels is not None:
            parts.append(_text(x, y - 3, value_labels[index], size=SMALL, anchor="middle"))
    parts.extend(_marks(frame, marks))
    parts.extend(_x_labels(frame, categories))
    if footer_labels:
        y = frame.height - 4
        parts.extend(
            _text(frame.x(i), y, label, size=SMALL, anchor="middle", italic=True)
            for i, label in enumerate(footer_labels)
        )
    return _svg(chart_id, title, desc, frame.height, [*parts, *legend])


class _Frame:
    """Where things go: the plot area inside the margins, value → y, category → x."""

    def __init__(
        self,
        count: int,
        y_range: tuple[float, float],
        height: int,
        *,
        legend_rows: int,
        mark_rows: int,
        footer_rows: int = 0,
    ) -> None:
        self.count = max(count, 1)
        self.low, self.high = y_range
        if self.high <= self.low:
            self.high = self.low + 1
        self.legend_rows = legend_rows
        self.mark_top = 4 + legend_rows * LEGEND_ROW
        self.top = self.mark_top + mark_rows * MARK_ROW + 8
        self.bottom = self.top + height
        self.height = self.bottom + BOTTOM + footer_rows * 13
        self.step = (WIDTH - LEFT - RIGHT) / self.count

    def x(self, index: int) -> float:
        return LEFT + self.step * (index + 0.5)

    def y(self, value: float) -> float:
        clamped = min(max(value, self.low), self.high)
        return self.bottom - (clamped - self.low) / (self.high - self.low) * (
            self.bottom - self.top
        )


def _svg(chart_id: str, title: str, desc: str, height: float, parts: list[str]) -> str:
    if not CHART_ID.match(chart_id):
        raise ValueError(f"chart_id must be a plain identifier, got {chart_id!r}")
    hatch = f"{chart_id}-hatch"
    defs = (
        f'<defs><pattern id="{hatch}" patternUnits="userSpaceOnUse" width="6" height="6" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{SPAN_FILL}"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{SPAN_INK}" stroke-width="2"/></pattern>'
        "</defs>"
        if any(f"url(#{hatch})" in part for part in parts)
        else ""
    )
    return toned(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {WIDTH} {num(height)}" width="100%" '
        f'font-family="system-ui, sans-serif" font-size="{FONT}" fill="{INK}">'
        f'<title id="{chart_id}-title">{esc(title)}</title>'
        f'<desc id="{chart_id}-desc">{esc(desc)}</desc>{defs}' + "".join(parts) + "</svg>"
    )


def _text(
    x: float,
    y: float,
    text: str,
    *,
    size: float = FONT,
    anchor: str = "start",
    italic: bool = False,
    bold: bool = False,
    colour: str = INK,
    halo: bool = False,
) -> str:
    style = (' font-style="italic"' if italic else "") + (' font-weight="700"' if bold else "")
    colour_attr = "" if colour == INK else f' fill="{colour}"'
    start = f'<text x="{num(x)}" y="{num(y)}" font-size="{num(size)}" text-anchor="{anchor}"'
    text_element = f"{start}{style}{colour_attr}>{esc(text)}</text>"
    if not halo:
        return text_element
    # The halo is a white copy underneath, not `paint-order`: PDF renderers (WeasyPrint, for
    # the physio report) ignore paint-order and would paint the white stroke over the text.
    under = f'{start}{style} fill="#fff" stroke="#fff" stroke-width="3" aria-hidden="true">'
    return f"{under}{esc(text)}</text>{text_element}"


def _bands(frame: _Frame, bands: Sequence[Band]) -> list[str]:
    parts = []
    for band in bands:
        top, bottom = frame.y(band.high), frame.y(band.low)
        parts.append(
            f'<rect class="band" x="{LEFT}" y="{num(top)}" width="{WIDTH - LEFT - RIGHT}" '
            f'height="{num(bottom - top)}" fill="{band.fill}"/>'
        )
    return parts


def _band_labels(frame: _Frame, bands: Sequence[Band]) -> list[str]:
    """Each band's name inside its top right corner, drawn last with a light halo."""
    return [
        _text(
            WIDTH - RIGHT - 3,
            frame.y(band.high) + 10,
            band.label,
            size=SMALL,
            anchor="end",
            halo=True,
        )
        for band in bands
    ]


def _spans(frame: _Frame, spans: Sequence[Span], hatch: str) -> list[str]:
    """Hatched stretches behind everything else, each at least MIN_SPAN wide."""
    parts = []
    for span in spans:
        left = LEFT + frame.step * max(span.start, 0.0)
        right = LEFT + frame.step * min(span.end, frame.count)
        if right - left < MIN_SPAN:
            middle = (left + right) / 2
            left, right = middle - MIN_SPAN / 2, middle + MIN_SPAN / 2
        parts.append(
            f'<rect class="span" x="{num(left)}" y="{num(frame.top)}" width="{num(right - left)}" '
            f'height="{num(frame.bottom - frame.top)}" fill="url(#{hatch})"/>'
        )
    return parts


def _grid(
    frame: _Frame, ticks: Sequence[float] | None, y_format: Callable[[float], str]
) -> list[str]:
    parts = []
    for tick in ticks if ticks is not None else nice_ticks(frame.low, frame.high):
        y = frame.y(tick)
        parts.append(
            f'<line x1="{LEFT}" y1="{num(y)}" x2="{WIDTH - RIGHT}" y2="{num(y)}" '
            f'stroke="{GRID}" stroke-width="0.6"/>'
        )
        parts.append(_text(LEFT - 4, y + 3.5, y_format(tick), anchor="end"))
    parts.append(
        f'<line x1="{LEFT}" y1="{num(frame.bottom)}" x2="{WIDTH - RIGHT}" '
        f'y2="{num(frame.bottom)}" stroke="{INK}" stroke-width="1"/>'
    )
    return parts


def _rules(frame: _Frame, rules: Sequence[Rule]) -> list[str]:
    parts = []
    for rule in rules:
        y = frame.y(rule.value)
        dash = ' stroke-dasharray="6 3"' if rule.dashed else ""
        parts.append(
            f'<line class="rule" x1="{LEFT}" y1="{num(y)}" x2="{WIDTH - RIGHT}" y2="{num(y)}" '
            f'stroke="{rule.colour}" stroke-width="1.5"{dash}/>'
        )
    return parts


def _line(frame: _Frame, series: Series) -> list[str]:
    """The series' path (broken at gaps), its markers and optional value labels."""
    parts = []
    dash = ' stroke-dasharray="5 3"' if series.dashed else ""
    runs: list[list[tuple[float, float]]] = [[]]
    for index, value in enumerate(series.values):
        if value is None:
            runs.append([])
            continue
        runs[-1].append((frame.x(index), frame.y(value)))
    for points in runs:
        if len(points) > 1:
            path = " ".join(
                f"{'M' if i == 0 else 'L'}{num(x)} {num(y)}" for i, (x, y) in enumerate(points)
            )
            parts.append(
                f'<path d="{path}" fill="none" stroke="{series.colour}" stroke-width="1.8"{dash}/>'
            )
    size = 3.2 if frame.step >= 8 else 2.4
    for index, value in enumerate(series.values):
        if value is None or not series.markers:
            continue
        x, y = frame.x(index), frame.y(value)
        parts.append(_marker(series.marker, x, y, size, series.colour))
        if series.value_labels:
            parts.append(_text(x, y - 7, num(value), size=SMALL, anchor="middle", bold=True))
    return parts


def _marker(shape: str, x: float, y: float, r: float, colour: str, css: str = "point") -> str:
    if shape not in SHAPES:
        raise ValueError(f"marker must be one of {', '.join(SHAPES)}, got {shape!r}")
    common = f'class="{css}" fill="{colour}" stroke="#fff" stroke-width="0.8"'
    if shape == "circle":
        return f'<circle {common} cx="{num(x)}" cy="{num(y)}" r="{num(r)}"/>'
    if shape == "square":
        return (
            f'<rect {common} x="{num(x - r)}" y="{num(y - r)}" '
            f'width="{num(2 * r)}" height="{num(2 * r)}"/>'
        )
    if shape == "triangle":
        points = [(x, y - r * 1.2), (x + r * 1.1, y + r * 0.8), (x - r * 1.1, y + r * 0.8)]
    else:
        points = [(x, y - r * 1.3), (x + r * 1.1, y), (x, y + r * 1.3), (x - r * 1.1, y)]
    coords = " ".join(f"{num(px)},{num(py)}" for px, py in points)
    return f'<polygon {common} points="{coords}"/>'


def _mark_rows(count: int, marks: Sequence[Mark]) -> list[int]:
    """The row of each mark's label: the first row where it does not crowd the one before."""
    step = (WIDTH - LEFT - RIGHT) / max(count, 1)
    last_in_row: list[float] = []
    rows = [0] * len(marks)
    for number in sorted(range(len(marks)), key=lambda n: marks[n].index):
        x = step * marks[number].index
        row = next(
            (r for r, last in enumerate(last_in_row) if x - last >= MARK_GAP), len(last_in_row)
        )
        if row == len(last_in_row):
            last_in_row.append(x)
        last_in_row[row] = x
        rows[number] = row
    return rows


def _marks(frame: _Frame, marks: Sequence[Mark]) -> list[str]:
    """A downward triangle above each marked category and the labels in rows above it."""
    parts = []
    drawn: set[int] = set()
    for mark, row in zip(marks, _mark_rows(frame.count, marks), strict=True):
        x = frame.x(mark.index)
        y = frame.mark_top + (row + 1) * MARK_ROW - 2
        if mark.index not in drawn:
            drawn.add(mark.index)
            tip = frame.top - 1
            parts.append(
                f'<polygon class="mark" points="{num(x - 3.5)},{num(tip - 6)} '
                f'{num(x + 3.5)},{num(tip - 6)} {num(x)},{num(tip)}" fill="{MARK_INK}"/>'
            )
        parts.append(_text(x, y, mark.label, size=SMALL, anchor="middle", bold=True))
    return parts


def _x_labels(frame: _Frame, labels: Sequence[str]) -> list[str]:
    """Each label centred under its category; one that would stick out on the right (the
    last of a dense axis, "8 km") ends at the edge instead."""
    y = frame.bottom + 14
    parts = []
    for i, label in enumerate(labels):
        if not label:
            continue
        x, anchor = frame.x(i), "middle"
        if x + len(label) * SMALL * 0.3 > WIDTH - 1:
            x, anchor = WIDTH - 1, "end"
        parts.append(_text(x, y, label, size=SMALL, anchor=anchor))
    return parts


def _legend(
    items: Sequence[tuple[str, str, str, bool]],
    mark_legend: str = "",
    footer_name: str = "",
) -> tuple[list[str], int]:
    """Legend rows at the top: a sample of each series (shape, dash) and its name, the marks'
    meaning, then the footer labels' meaning; an entry that does not fit starts a new row.
    Returns the parts and the number of rows."""
    entries: list[tuple[float, str, str, str, bool]] = [
        (24 + len(name) * 5.3, name, colour, shape, dashed) for name, colour, shape, dashed in items
    ]
    if mark_legend:
        entries.append((12 + len(mark_legend) * 5.3, mark_legend, MARK_INK, "mark", False))
    parts: list[str] = []
    x, row = float(LEFT), 0
    for width, name, colour, shape, dashed in entries:
        if x > LEFT and x + width > WIDTH - RIGHT:
            x, row = float(LEFT), row + 1
        y = 4 + (row + 1) * LEGEND_ROW - 4
        if shape == "bar":
            parts.append(
                f'<rect x="{num(x)}" y="{num(y - 8)}" width="10" height="9" fill="{colour}"/>'
            )
            text_x = x + 14
        elif shape == "span":
            parts.append(
                f'<rect x="{num(x)}" y="{num(y - 9)}" width="14" height="10" fill="{colour}" '
                f'stroke="{SPAN_INK}" stroke-width="0.6"/>'
            )
            text_x = x + 18
        elif shape == "line":
            dash = ' stroke-dasharray="5 3"' if dashed else ""
            parts.append(
                f'<line x1="{num(x)}" y1="{num(y - 3.5)}" x2="{num(x + 18)}" y2="{num(y - 3.5)}" '
                f'stroke="{colour}" stroke-width="1.8"{dash}/>'
            )
            text_x = x + 22
        elif shape == "mark":
            parts.append(
                f'<polygon points="{num(x)},{num(y - 8)} {num(x + 7)},{num(y - 8)} '
                f'{num(x + 3.5)},{num(y - 1)}" fill="{colour}"/>'
            )
            text_x = x + 10
        else:
            dash = ' stroke-dasharray="5 3"' if dashed else ""
            parts.append(
                f'<line x1="{num(x)}" y1="{num(y - 3.5)}" x2="{num(x + 18)}" y2="{num(y - 3.5)}" '
                f'stroke="{colour}" stroke-width="1.8"{dash}/>'
            )
            parts.append(_marker(shape, x + 9, y - 3.5, 3.2, colour, css="key"))
            text_x = x + 22
        parts.append(_text(text_x, y, name, size=SMALL))
        x += width + 10
    rows = row + 1
    if footer_name:
        parts.append(
            _text(LEFT, 4 + (rows + 1) * LEGEND_ROW - 4, footer_name, size=SMALL, italic=True)
        )
        rows += 1
    return parts, rows
