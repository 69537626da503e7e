"""Chart colours as class names, so the page's stylesheet can repaint a chart for dark mode.

Each drawn colour keeps its SVG attribute (the PDF report prints those, black on white) and
gains a class, `kf-<tone>` for a fill and `ks-<tone>` for a stroke, that components.css maps
to a token (issue #12 item 18)."""

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
_TAG = re.compile(r"<([a-z]+)((?:\s[^<>]*?)?)(/?)>")
_PAINT = re.compile(r'\s(fill|stroke)="(#[0-9a-fA-F]{3,6})"')
_CLASS = re.compile(r'\sclass="([^"]*)"')


def toned(svg: str) -> str:
    """The SVG with a tone class on every element painted in a known colour."""
    return _TAG.sub(_tone_tag, svg)


def _tone_tag(match: re.Match[str]) -> str:
    name, attributes, closing = match.groups()
    tones = [
        f"k{'f' if kind == 'fill' else 's'}-{TONES[colour.lower()]}"
        for kind, colour in _PAINT.findall(attributes)
        if colour.lower() in TONES
    ]
    if not tones:
        return match.group(0)
    present = _CLASS.search(attributes)
    if present:
        joined = " ".join([present.group(1), *tones])
        attributes = (
            attributes[: present.start()] + f' class="{joined}"' + attributes[present.end() :]
        )
    else:
        attributes += f' class="{" ".join(tones)}"'
    return f"<{name}{attributes}{closing}>"
