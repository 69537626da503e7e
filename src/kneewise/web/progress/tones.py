"""Chart colours as class names, so the page's stylesheet can repaint a chart for dark mode.

Each drawn colour keeps its SVG attribute (the PDF report prints those, black on white) and
gains its tone's name, `data-fill="<tone>"` or `data-stroke="<tone>"`, that components.css
maps to a token (issue #12 item 18). Classes stay as the charts set them."""

from __future__ import annotations

import re

# Every colour the charts draw with, by its tone's name (tokens.css: --chart-<tone>).
TONES = {
    "#1b1b1b": "ink",
    "#fff": "paper",
    "#c4c9c5": "grid",
    "#0b4f9c": "blue",
    "#1e4d3a": "green",
    "#7a1d17": "mark",
    "#a4262c": "red",
    "#f3e3d3": "span",
    "#9a5b2a": "span-ink",
    "#e4e7f2": "band",
    "#dcefe1": "green-fill",
    "#fbe9c6": "amber-fill",
    "#f8dcd9": "red-fill",
}
# Text in a chart is escaped (a quote is &quot;), so only attributes can match.
_PAINT = re.compile(r'(\s)(fill|stroke)="(#[0-9a-fA-F]{3,6})"')


def toned(svg: str) -> str:
    """The SVG with `data-fill` / `data-stroke` naming the tone of every known colour."""
    return _PAINT.sub(_tone, svg)


def _tone(match: re.Match[str]) -> str:
    space, kind, colour = match.groups()
    tone = TONES.get(colour.lower())
    painted = f'{space}{kind}="{colour}"'
    return f'{painted} data-{kind}="{tone}"' if tone else painted
