"""Draw Kneewise's app icons (issue #12 item 15): one SVG and the PNGs a home screen asks for,
from the same geometry, so nothing is copied from anywhere. Run it after changing the shape:

    .venv/bin/python tools/make_icons.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[1] / "src/kneewise/web/assess/static/kneewise/icons"
GREEN = "#1e4d3a"
WHITE = "#ffffff"
# A bent running leg on a 100-unit square: hip, knee, ankle, toe; and the kneecap.
LEG = [(38, 18), (60, 52), (40, 80), (60, 84)]
KNEE = (60, 52, 9)


def svg() -> str:
    points = " ".join(f"{x},{y}" for x, y in LEG)
    x, y, r = KNEE
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
        f'<rect width="100" height="100" rx="22" fill="{GREEN}"/>'
        f'<polyline points="{points}" fill="none" stroke="{WHITE}" stroke-width="10" '
        'stroke-linecap="round" stroke-linejoin="round"/>'
        f'<circle cx="{x}" cy="{y}" r="{r}" fill="{WHITE}"/></svg>\n'
    )


def png(size: int, *, maskable: bool = False) -> Image.Image:
    """A PNG of the icon; `maskable` fills the square and keeps the leg in the safe circle."""
    scale = size / 100
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:
        draw.rectangle((0, 0, size, size), fill=GREEN)
        scale *= 0.8
    else:
        draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=22 * scale, fill=GREEN)
    offset = (size - 100 * scale) / 2
    leg = [(offset + x * scale, offset + y * scale) for x, y in LEG]
    draw.line(leg, fill=WHITE, width=round(10 * scale), joint="curve")
    for x, y in (leg[0], leg[-1]):
        r = 5 * scale
        draw.ellipse((x - r, y - r, x + r, y + r), fill=WHITE)
    x, y, r = KNEE
    cx, cy, cr = offset + x * scale, offset + y * scale, r * scale
    draw.ellipse((cx - cr, cy - cr, cx + cr, cy + cr), fill=WHITE)
    return image


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "icon.svg").write_text(svg(), encoding="utf-8")
    for size in (192, 512):
        png(size).save(OUT / f"icon-{size}.png", optimize=True)
    png(512, maskable=True).save(OUT / "icon-maskable-512.png", optimize=True)
    png(180).convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()
