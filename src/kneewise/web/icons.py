"""Kneewise's own icon set: 24 × 24 line drawings rendered as inline SVG in currentColor.

Each icon is a list of SVG path data strings, drawn for Kneewise (nothing copied). Add one by
adding an entry to ICONS; docs/design-system.md says how to draw it.
"""

from __future__ import annotations

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

_CIRCLE = "M12 2.5a9.5 9.5 0 1 1 0 19a9.5 9.5 0 1 1 0-19z"

ICONS: dict[str, tuple[str, ...]] = {
    "run": (
        "M15 2.5a2 2 0 1 1 0 4a2 2 0 1 1 0-4z",
        "M13 8l-2 6 3.5 3-1 4.5",
        "M11 14l-3 3.5H4.5",
        "M13 8L9 9.5 7.5 12.5",
        "M13 8l2.5 3.5 3.5 1",
    ),
    "check-in": ("M4 4h16v16H4z", "M8 12.5l3 3 5-6"),
    "check": ("M4.5 12.5l5 5 10-11",),
    "calendar": ("M4 5.5h16V21H4z", "M4 10h16", "M8 3v4", "M16 3v4", "M8 14h3v3H8z"),
    "progress": ("M4 3v17h17", "M7.5 15l4-4.5 3 3L20 7"),
    "timer": ("M12 5a8 8 0 1 1 0 16a8 8 0 1 1 0-16z", "M12 9v4l2.5 2", "M9 2h6", "M19 5l1.5 1.5"),
    "watch": (
        "M7.5 6h9v12h-9z",
        "M9 6l.5-3.5h5L15 6",
        "M9 18l.5 3.5h5L15 18",
        "M12 9.5V12l1.5 1.5",
    ),
    "download": ("M12 3v12", "M7 10l5 5 5-5", "M4 20h16"),
    "more": ("M4 7h16", "M4 12h16", "M4 17h16"),
    "arrow-right": ("M5 12h14", "M13 6l6 6-6 6"),
    "edit": ("M4 20l1.2-4.8L16 4.4l3.6 3.6L8.8 18.8z", "M13.5 7l3.5 3.5"),
    "info": (_CIRCLE, "M12 11v6", "M12 7.5v.1"),
    "strength": ("M6.5 6.5v11", "M17.5 6.5v11", "M3.5 9.5v5", "M20.5 9.5v5", "M6.5 12h11"),
    "learn": (
        "M12 6.5C9.5 4.5 6.5 4 3 4.5v14c3.5-.5 6.5 0 9 2 2.5-2 5.5-2.5 9-2v-14c-3.5-.5-6.5 0-9 2z",
        "M12 6.5v14",
    ),
    "activities": ("M3 12h4l2.5-6 5 12 2.5-6h4",),
    "data": (
        "M5 5.5c0-1.7 3.1-3 7-3s7 1.3 7 3-3.1 3-7 3-7-1.3-7-3z",
        "M5 5.5v13c0 1.7 3.1 3 7 3s7-1.3 7-3v-13",
        "M5 12c0 1.7 3.1 3 7 3s7-1.3 7-3",
    ),
    "settings": ("M12 4a4 4 0 1 1 0 8a4 4 0 1 1 0-8z", "M4 21c1-4 4.5-6 8-6s7 2 8 6"),
    "log-out": ("M10 4H5v16h5", "M14.5 8l4 4-4 4", "M18.5 12H9"),
    "log-in": ("M14 4h5v16h-5", "M9.5 8l4 4-4 4", "M13.5 12H4"),
    "sign-up": (
        "M10 4a4 4 0 1 1 0 8a4 4 0 1 1 0-8z",
        "M3 21c1-4 3.5-6 7-6 1.5 0 3 .4 4 1",
        "M18 14v7",
        "M14.5 17.5h7",
    ),
    "clinic": ("M9 3h6v6h6v6h-6v6H9v-6H3V9h6z",),
    "zone-green": (_CIRCLE, "M7.5 12.5l3 3 6-6.5"),
    "zone-amber": ("M12 3L22 20.5H2z", "M12 9.5v5", "M12 17.5v.1"),
    "zone-red": ("M8 2.5h8L21.5 8v8L16 21.5H8L2.5 16V8z", "M9 9l6 6", "M15 9l-6 6"),
    "zone-none": (_CIRCLE, "M8 12h8"),
}

# The navigation's places, by path (kneewise.web.accounts.templatetags.kw_nav).
NAV_ICONS = {
    "/today/": "run",
    "/check-in/": "check-in",
    "/progress/": "progress",
    "/plan/": "calendar",
    "/activities/": "activities",
    "/api/account/": "data",
    "/accounts/profile/": "settings",
    "/clinic/": "clinic",
    "/triage/": "info",
    "/akps/": "progress",
    "/accounts/login/": "log-in",
    "/accounts/signup/": "sign-up",
}


def icon_svg(name: str, label: str = "") -> SafeString:
    """One icon as inline SVG; hidden from screen readers unless it is given a label."""
    try:
        paths = ICONS[name]
    except KeyError:
        raise ValueError(f"no icon named {name!r}; the set is {sorted(ICONS)}") from None
    drawn = "".join(f'<path d="{d}"/>' for d in paths)
    if label:
        speaks = format_html('role="img" aria-label="{}"', label)
    else:
        speaks = mark_safe('aria-hidden="true"')
    return mark_safe(  # noqa: S308 - names and path data are our constants, the label is escaped
        f'<svg class="icon icon--{escape(name)}" viewBox="0 0 24 24" width="24" height="24" '
        f'{speaks} focusable="false" fill="none" stroke="currentColor" stroke-width="2" '
        f'stroke-linecap="round" stroke-linejoin="round">{drawn}</svg>'
    )
