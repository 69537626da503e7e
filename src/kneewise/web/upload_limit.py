"""A size cap on API uploads, checked from Content-Length before anything reads the body.

django-ninja parses a request's body before its handler runs, so the cap cannot live in the
handler; the web upload page has its own check with a friendlier page (activities.views).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

API_PREFIX = "/api/"


class ApiUploadLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = int(settings.KNEEWISE_MAX_UPLOAD_BYTES)
        if request.path.startswith(API_PREFIX) and request.method in ("POST", "PUT", "PATCH"):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > limit:
                message = (
                    f"The upload is {length:,} bytes; the limit is {limit:,} bytes "
                    "(KNEEWISE_MAX_UPLOAD_BYTES)."
                )
                return JsonResponse({"detail": message}, status=413)
        return self.get_response(request)
