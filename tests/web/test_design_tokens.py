"""The design system's colours (issue #12 items 18, 20): every colour literal of the app's
stylesheets lives in tokens.css, every token has a dark value, text pairs meet WCAG AA in both
schemes, and the zone colours stay apart for deuteranopia and protanopia."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[2] / "src" / "kneewise" / "web"
TOKENS = WEB / "assess" / "static" / "kneewise" / "tokens.css"
# The PDF report's print style stays black on white whatever the screen's scheme (brief L).
PRINT_ONLY = {WEB / "reports" / "templates" / "reports" / "report.css"}
COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}\b|\b(?:rgb|rgba|hsl|hsla|hwb|lab|lch|oklch)\(")
DECLARATION = re.compile(r"(--[\w-]+)\s*:\s*([^;]+);")
ZONES = ("--zone-green", "--zone-amber", "--zone-red")
TEXT_PAIRS = [
    ("--c-text", "--c-bg"),
    ("--c-text", "--c-surface"),
    ("--c-text-muted", "--c-bg"),
    ("--c-text-muted", "--c-surface"),
    ("--c-link", "--c-bg"),
    ("--c-on-brand", "--c-brand"),
    ("--c-on-header", "--c-header"),
    ("--c-on-danger", "--c-danger"),
    ("--c-brand", "--c-raised"),
    ("--zone-green", "--zone-green-bg"),
    ("--zone-amber", "--zone-amber-bg"),
    ("--zone-red", "--zone-red-bg"),
    ("--c-text", "--zone-amber-bg"),
    ("--c-text", "--zone-red-bg"),
    ("--c-text", "--c-brand-soft"),
    ("--c-physio", "--c-physio-bg"),
]
# Machado, Oliveira & Fernandes (2009) full-severity simulation matrices, in linear RGB.
CVD = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
}  # fmt: skip


def stylesheets() -> list[Path]:
    return sorted(p for p in WEB.rglob("*.css") if p not in PRINT_ONLY)


def schemes() -> dict[str, dict[str, str]]:
    """The tokens' light values (the first :root) and dark values (inside the media query)."""
    text = TOKENS.read_text(encoding="utf-8")
    light, dark = text.split("@media (prefers-color-scheme: dark)")
    return {"light": dict(DECLARATION.findall(light)), "dark": dict(DECLARATION.findall(dark))}


def channels(colour: str) -> tuple[float, float, float]:
    """A #rrggbb colour as linear-light RGB from 0 to 1."""
    digits = colour.strip().lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    srgb = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    return tuple(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in srgb)  # type: ignore[return-value]


def contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        r, g, b_ = channels(colour)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b_

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of a linear RGB colour."""
    r, g, b = (min(max(c, 0.0), 1.0) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def simulated(colour: str, matrix: tuple[tuple[float, ...], ...]) -> tuple[float, float, float]:
    rgb = channels(colour)
    return tuple(sum(m * c for m, c in zip(row, rgb, strict=True)) for row in matrix)  # type: ignore[return-value]


def test_every_colour_in_the_stylesheets_is_a_token() -> None:
    found = {
        f"{path.relative_to(WEB)}:{number}: {line.strip()}"
        for path in stylesheets()
        if path != TOKENS
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if COLOUR.search(line)
    }
    assert len(stylesheets()) >= 4  # tokens, kneewise, components, moves, learn…
    assert found == set()


def test_every_colour_token_has_a_dark_value() -> None:
    values = schemes()
    colours = {name for name, value in values["light"].items() if COLOUR.search(value)}
    assert len(colours) > 40
    assert colours - set(values["dark"]) == set()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("text", "ground"), TEXT_PAIRS)
def test_text_tokens_meet_wcag_aa_on_their_grounds(scheme: str, text: str, ground: str) -> None:
    values = schemes()
    tokens = {**values["light"], **values[scheme]}
    assert contrast(tokens[text], tokens[ground]) >= 4.5


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("vision", sorted(CVD))
def test_zone_colours_stay_apart_with_colour_blindness(scheme: str, vision: str) -> None:
    values = schemes()
    tokens = {**values["light"], **values[scheme]}
    seen = [lab(simulated(tokens[zone], CVD[vision])) for zone in ZONES]
    for i, first in enumerate(seen):
        for second in seen[i + 1 :]:
            distance = sum((a - b) ** 2 for a, b in zip(first, second, strict=True)) ** 0.5
            assert distance > 20  # ΔE*ab: clearly different, not just noticeably


def test_zone_colours_differ_in_lightness_too() -> None:
    for scheme, values in schemes().items():
        tokens = {**schemes()["light"], **values}
        lightness = sorted(lab(channels(tokens[zone]))[0] for zone in ZONES)
        assert lightness[1] - lightness[0] > 3, scheme
        assert lightness[2] - lightness[1] > 3, scheme
