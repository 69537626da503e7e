"""The main navigation, with the current section marked for screen readers (aria-current).

Sections owned by other apps are plain paths: their URL names need not exist for the nav to
render.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.db import DatabaseError
from django.urls import reverse

from kneewise.web.accounts.services import is_clinician

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


CLINICIAN_SECTIONS = (
    ("Caseload", "/clinic/"),
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
        clinician = logged_in and user is not None and is_clinician(user)
    except DatabaseError:
        # The 500 page must still render when the database is down: show the public nav.
        logged_in = clinician = False
    if not logged_in:
        sections = _public_sections()
    elif clinician:
        sections = CLINICIAN_SECTIONS
    else:
        sections = RUNNER_SECTIONS
    path = request.path if request is not None else ""
    return Nav(logged_in, [NavItem(label, url, path.startswith(url)) for label, url in sections])
