"""Who is calling the API: a personal access token (Bearer) or the logged-in session.

Session callers must send the CSRF token with unsafe methods (as every form does); token
callers need none, since a browser never adds an Authorization header on its own.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer

from kneewise.web.api.models import TOKEN_PREFIX, AccessToken, hash_token


class BearerToken(HttpBearer):
    """`Authorization: Bearer kw_…`: an unrevoked token of an active user."""

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        if not token.startswith(TOKEN_PREFIX):
            return None
        row = (
            AccessToken.objects.select_related("owner")
            .filter(token_hash=hash_token(token), revoked_at__isnull=True)
            .first()
        )
        if row is None or not row.owner.is_active:
            return None
        AccessToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
        request.user = row.owner
        return row.owner


class LoggedInSession(APIKeyCookie):
    """Django's session; CSRF is checked only once we know the visitor is logged in, so an
    anonymous request gets 401 (not a CSRF 403)."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Any | None:
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)  # checks CSRF for POST/PUT/DELETE

    def authenticate(self, request: HttpRequest, key: str | None) -> Any | None:
        return request.user
