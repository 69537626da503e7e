"""Request types for views: behind login_required, `request.user` is a signed-in User."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest


class AuthenticatedHttpRequest(HttpRequest):
    """A request that login_required let through (the pattern django-stubs documents)."""

    user: User
