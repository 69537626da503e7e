"""The main navigation, with the current section marked for screen readers (aria-current).

Sections owned by other apps are plain paths: their URL names need not exist for the nav to
render.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.db import DatabaseError
from django.urls import reverse

register = template.Library()


@dataclass(frozen=True, slots=True)
class NavItem:
    label: str
    path: str
    current: bool


RUNNER_SECTIONS = (
    ("Today", "/today/"),
    ("Check in", "/check-in/"),
    ("Plan", "/plan/"),
    ("Activities", "/activities/"),
    ("Progress", "/progress/"),
    ("Your data", "/api/account/"),
    ("Settings", "/accounts/profile/"),
)


def _public_sections() -> tuple[tuple[str, str], ...]:
    return (
        ("Check my knee", reverse("assess:triage")),
        ("Knee score", reverse("assess:akps")),
        ("Log in", reverse("accounts:login")),
        ("Sign up", reverse("accounts:signup")),
    )


@dataclass(frozen=True, slots=True)
class Nav:
    logged_in: bool
    items: list[NavItem]


@register.simple_tag(takes_context=True)
def main_nav(context: template.Context) -> Nav:
    request = context.get("request")
    user = context.get("user")
    try:
        logged_in = bool(user is not None and user.is_authenticated)
    except DatabaseError:
        # The 500 page must still render when the database is down: show the public nav.
        logged_in = False
    sections = RUNNER_SECTIONS if logged_in else _public_sections()
    path = request.path if request is not None else ""
    return Nav(logged_in, [NavItem(label, url, path.startswith(url)) for label, url in sections])
