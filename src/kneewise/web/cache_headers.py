"""`Cache-Control: no-store` on every API response and on every page for a logged-in person.

API answers (errors included) and logged-in pages hold health data: no browser, proxy or
shared computer should keep a copy. Public pages and static files keep their own headers.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

API_PREFIX = "/api/"


class PrivateNoStoreMiddleware:
    """Placed before the upload limit, so that its early API answers get the header too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)  # absent when a middleware answered early
        private = request.path.startswith(API_PREFIX) or bool(user and user.is_authenticated)
        if private and "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
        return response
