"""The main navigation, with the current section marked for screen readers (aria-current).

Sections owned by other apps are plain paths: their URL names need not exist for the nav to
render.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.contrib.auth.models import User
from django.db import DatabaseError
from django.urls import reverse

from kneewise.web.accounts.services import is_clinician
from kneewise.web.runners.models import RunnerProfile

register = template.Library()


@dataclass(frozen=True, slots=True)
class NavItem:
    label: str
    path: str
    current: bool


# A phone shows one row: the three places of a runner's day, the rest under "More".
RUNNER_SECTIONS = (
    ("Today", "/today/"),
    ("Check in", "/check-in/"),
    ("Progress", "/progress/"),
)
RUNNER_MORE = (
    ("Plan", "/plan/"),
    ("Activities", "/activities/"),
    ("Your data", "/api/account/"),
    ("Settings", "/accounts/profile/"),
)
# Before the plan starts (onboarding, or stopped by a red flag) the day's pages only lead back
# to onboarding: show what works.
WITHOUT_PLAN_SECTIONS = (
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
    more: list[NavItem]

    @property
    def more_current(self) -> bool:
        return any(item.current for item in self.more)


@register.simple_tag(takes_context=True)
def main_nav(context: template.Context) -> Nav:
    request = context.get("request")
    user = context.get("user")
    more: tuple[tuple[str, str], ...] = ()
    try:
        logged_in = isinstance(user, User) and user.is_authenticated
        if not isinstance(user, User) or not logged_in:
            sections = _public_sections()
        elif is_clinician(user):
            sections = CLINICIAN_SECTIONS
        elif _has_plan(user):
            sections, more = RUNNER_SECTIONS, RUNNER_MORE
        else:
            sections = WITHOUT_PLAN_SECTIONS
    except DatabaseError:
        # The 500 page must still render when the database is down: show the public nav.
        logged_in, sections, more = False, _public_sections(), ()
    path = request.path if request is not None else ""

    def items(pairs: tuple[tuple[str, str], ...]) -> list[NavItem]:
        return [NavItem(label, url, path.startswith(url)) for label, url in pairs]

    return Nav(logged_in, items(sections), items(more))


def _has_plan(user: User) -> bool:
    starts = RunnerProfile.objects.filter(user=user).values_list("plan_start", flat=True)
    return starts.first() is not None
