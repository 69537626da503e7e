"""`{% sync_panel %}`: the sync part of Your data, so that page needs only one include."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from kneewise.web.sync.status import sync_status

register = template.Library()


@register.inclusion_tag("sync/_panel.html", takes_context=True)
def sync_panel(context: template.Context) -> dict[str, Any]:
    request = context["request"]
    status = sync_status(request.user)
    base = request.build_absolute_uri(reverse("api:v1:drop_file", args=[status.sync_id, "x"]))
    return {
        "status": status,
        "http_url": base[: -len("x")],
        "csrf_token": context.get("csrf_token"),
    }
