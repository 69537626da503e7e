"""The one page action of sync: replace the sync id (the status is a partial of Your data)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from kneewise.web.sync.ids import replace_sync_id


@login_required
@require_POST
def replace(request: HttpRequest) -> HttpResponse:
    """A new sync id; the old one stops working for the folder and the HTTP drop at once."""
    replace_sync_id(request.user)  # type: ignore[arg-type]  # login_required: a User
    messages.success(
        request,
        "Your sync id was replaced. The old one no longer works: set the new folder or "
        "address in your phone's app.",
    )
    return redirect(reverse("api:account") + "#sync-title")
