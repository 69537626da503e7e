"""Kneewise's own icons (issue #12 item 20): `{% icon %}` renders inline SVG in currentColor,
hidden from screen readers unless labelled; every zone has its own shape."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template

from kneewise.web.icons import ICONS, NAV_ICONS, icon_svg


def render(source: str, **context: object) -> str:
    return Template("{% load kw_icons %}" + source).render(Context(context))


def test_the_icon_tag_renders_an_inline_svg_in_current_colour_hidden_from_screen_readers() -> None:
    html = render('{% icon "run" %}')
    assert html.startswith('<svg class="icon icon--run" viewBox="0 0 24 24"')
    assert 'aria-hidden="true"' in html
    assert 'focusable="false"' in html
    assert 'stroke="currentColor"' in html
    assert html.count("<path ") == len(ICONS["run"])
    assert "role=" not in html


def test_a_labelled_icon_is_an_image_with_its_name_escaped() -> None:
    html = render('{% icon "zone-red" label=words %}', words='Red <zone> "stop"')
    assert 'role="img" aria-label="Red &lt;zone&gt; &quot;stop&quot;"' in html
    assert "aria-hidden" not in html


def test_an_unknown_icon_is_an_error_not_an_empty_space() -> None:
    with pytest.raises(ValueError, match="no icon named 'rocket'"):
        icon_svg("rocket")


@pytest.mark.parametrize("zone", ["green", "amber", "red", "none"])
def test_each_zone_has_its_own_icon(zone: str) -> None:
    assert f"icon--zone-{zone}" in render("{% zone_icon zone %}", zone=zone)


def test_the_zone_icons_differ_in_shape_so_colour_is_never_alone() -> None:
    shapes = {ICONS[f"zone-{zone}"] for zone in ("green", "amber", "red", "none")}
    assert len(shapes) == 4


def test_every_navigation_place_has_an_icon_and_unknown_places_none() -> None:
    assert all(name in ICONS for name in NAV_ICONS.values())
    assert "icon--calendar" in render("{% nav_icon path %}", path="/plan/")
    assert render("{% nav_icon path %}", path="/elsewhere/") == ""


def test_every_icon_is_plain_path_data_in_a_24_box() -> None:
    for name, paths in ICONS.items():
        assert paths, name
        for d in paths:
            assert re.fullmatch(r"[MmLlHhVvCcSsQqTtAaZz0-9 .,\-]+", d), name
            numbers = [float(n) for n in re.findall(r"-?\d*\.?\d+", d)]
            assert all(-24 <= n <= 24 for n in numbers), name
