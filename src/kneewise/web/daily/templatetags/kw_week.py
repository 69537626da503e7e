"""`{% run_days_form "settings" %}`: the run-days form (issue #12 item 16) on a page whose view
does not build it (Settings), so both pages show one form posting to one service."""

from __future__ import annotations

from typing import Any

from django import template

from kneewise.web.daily.week_present import run_days_form as form_for
from kneewise.web.runners.access import profile_of
from kneewise.web.runners.models import local_today

register = template.Library()


@register.inclusion_tag("daily/_run_days.html", takes_context=True)
def run_days_form(context: template.Context, back: str = "settings") -> dict[str, Any]:
    request = context["request"]
    profile = profile_of(request.user)
    return {
        "run_days_form": form_for(profile, local_today(profile), back),
        "run_days_notes": [],
        "csrf_token": context.get("csrf_token"),
    }
