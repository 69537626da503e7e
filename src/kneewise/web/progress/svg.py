"""Small server-rendered SVG charts: pure functions from numbers to an SVG string.

No JavaScript, no external files. Every text is escaped; the drawing scales with `viewBox`
and `width="100%"`. Meaning never rests on colour alone: series differ by marker shape and
dash pattern, bands and reference lines carry text labels, and a legend names each series.
The caller adds the text alternative (a table or sentence) next to the chart.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

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
    height: int = 200,
) -> str:
    """Lines with markers over evenly spaced categories (days, dates of scores, runs)."""
    legend, legend_rows = _legend(
        [(s.name, s.colour, s.marker, s.dashed) for s in series], mark_legend if marks else ""
    )
    frame = _Frame(
        len(categories),
        y_range,
        height,
        legend_rows=legend_rows,
        mark_rows=max(_mark_rows(len(categories), marks), default=-1) + 1,
    )
    parts = [*_bands(frame, bands), *_grid(frame, y_ticks), *_rules(frame, rules)]
    for item in series:
        parts.extend(_line(frame, item))
    parts.extend(_band_labels(frame, bands))
    parts.extend(_marks(frame, marks))
    parts.extend(_x_labels(frame, x_labels if x_labels is not None else categories))
    return _svg(chart_id, title, desc, frame.height, [*parts, *legend])


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
    parts = list(_grid(frame, None))
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
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {WIDTH} {num(height)}" width="100%" '
        f'font-family="system-ui, sans-serif" font-size="{FONT}" fill="{INK}">'
        f'<title id="{chart_id}-title">{esc(title)}</title>'
        f'<desc id="{chart_id}-desc">{esc(desc)}</desc>' + "".join(parts) + "</svg>"
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
    if halo:
        style += ' stroke="#fff" stroke-width="3" paint-order="stroke"'
    colour_attr = "" if colour == INK else f' fill="{colour}"'
    return (
        f'<text x="{num(x)}" y="{num(y)}" font-size="{num(size)}" text-anchor="{anchor}"'
        f"{style}{colour_attr}>{esc(text)}</text>"
    )


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


def _grid(frame: _Frame, ticks: Sequence[float] | None) -> list[str]:
    parts = []
    for tick in ticks if ticks is not None else nice_ticks(frame.low, frame.high):
        y = frame.y(tick)
        parts.append(
            f'<line x1="{LEFT}" y1="{num(y)}" x2="{WIDTH - RIGHT}" y2="{num(y)}" '
            f'stroke="{GRID}" stroke-width="0.6"/>'
        )
        parts.append(_text(LEFT - 4, y + 3.5, num(tick), anchor="end"))
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
        parts.append(
            _text(LEFT + 3, y - 3, rule.label, size=SMALL, bold=True, colour=rule.colour, halo=True)
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
        if value is None:
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
    y = frame.bottom + 14
    return [
        _text(frame.x(i), y, label, size=SMALL, anchor="middle")
        for i, label in enumerate(labels)
        if label
    ]


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
