"""One-click unsubscribe from the morning reminder: the link in every reminder email (GET),
and the List-Unsubscribe-Post a mail app sends (POST, RFC 8058). The secret in the URL is the
only key, as for the calendar feed; an unknown one is a 404."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from kneewise.web.runners.reminders import stop_reminders


@csrf_exempt  # a mail app posts it; the unguessable token in the URL is the credential
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def stop(request: HttpRequest, token: str) -> HttpResponse:
    if not stop_reminders(token):
        raise Http404
    return render(request, "daily/reminders_stopped.html")
