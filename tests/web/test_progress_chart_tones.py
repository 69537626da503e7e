"""Charts read in both schemes (issue #12 item 18): every colour a chart draws with names its
tone (data-fill, data-stroke), which the stylesheet maps to a token, while the SVG keeps its
own black-on-white attributes for the PDF report."""

from __future__ import annotations

import re
from pathlib import Path

from kneewise.web.progress import svg
from kneewise.web.progress.tones import TONES, toned

WEB = Path(__file__).resolve().parents[2] / "src" / "kneewise" / "web"
CHART_MODULES = [WEB / "progress" / "svg.py", WEB / "progress" / "charts.py",
                 WEB / "activities" / "charts.py"]  # fmt: skip
COMPONENTS = WEB / "assess" / "static" / "kneewise" / "components.css"
TOKENS = WEB / "assess" / "static" / "kneewise" / "tokens.css"


def test_every_colour_the_chart_modules_name_has_a_tone() -> None:
    named = {
        c.lower()
        for p in CHART_MODULES
        for c in re.findall(r'"(#[0-9a-fA-F]{3,6})"', p.read_text())
    }
    assert named
    assert named - set(TONES) == set()


def test_every_tone_is_styled_by_a_token_with_a_dark_value() -> None:
    styles = COMPONENTS.read_text(encoding="utf-8")
    tokens = TOKENS.read_text(encoding="utf-8")
    dark = tokens.split("prefers-color-scheme: dark")[1]
    for tone in set(TONES.values()):
        pattern = rf'\[data-(fill|stroke)="{tone}"\] \{{ (fill|stroke): var\(--chart-{tone}\); \}}'
        assert re.search(pattern, styles), tone
        assert f"--chart-{tone}:" in dark, tone


def test_a_painted_element_gains_its_tones_and_keeps_its_attributes() -> None:
    out = toned(
        '<path class="outline" fill="#FFF" stroke="#0b4f9c" stroke-width="2"/><g fill="#123456">'
    )
    assert out == (
        '<path class="outline" fill="#FFF" data-fill="paper" stroke="#0b4f9c" data-stroke="blue"'
        ' stroke-width="2"/><g fill="#123456">'
    )


def test_a_drawn_chart_is_toned_from_its_root_down() -> None:
    chart = svg.line_chart(
        chart_id="pain",
        title="Pain",
        desc="Pain by day",
        categories=["Mon", "Tue"],
        series=[svg.Series("Pain", [1.0, 2.0], "#0b4f9c")],
        y_range=(0.0, 10.0),
    )
    assert re.match(r'<svg [^>]*class="chart"[^>]* fill="#1b1b1b" data-fill="ink"', chart)
    assert 'stroke="#0b4f9c" data-stroke="blue"' in chart
