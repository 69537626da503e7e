"""`{% icon "run" %}`: Kneewise's inline SVG icons (kneewise.web.icons) in any template."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from kneewise.web.icons import NAV_ICONS, icon_svg

register = template.Library()


@register.simple_tag
def icon(name: str, label: str = "") -> SafeString:
    """The named icon, aria-hidden unless a label is given (then it is an image with that name)."""
    return icon_svg(name, label)


@register.simple_tag
def nav_icon(path: str) -> SafeString:
    """The icon of a navigation place, or nothing for a place without one."""
    name = NAV_ICONS.get(path)
    return icon_svg(name) if name else SafeString("")


@register.simple_tag
def zone_icon(zone: object) -> SafeString:
    """The zone's icon: its shape differs by zone, so colour is never the only sign."""
    name = str(zone)
    return icon_svg(f"zone-{name}" if name in ("green", "amber", "red") else "zone-none")
