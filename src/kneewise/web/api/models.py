"""Personal access tokens for scripts and mobile clients: only a SHA-256 of the secret is kept."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

TOKEN_PREFIX = "kw_"  # noqa: S105 - a marker that tells tokens apart, not a secret


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class AccessToken(models.Model):
    """A named bearer token; the secret is shown once at creation and never stored."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_tokens"
    )
    name = models.CharField(max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=16)  # the secret's first characters, to tell tokens apart
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"token {self.name} ({self.hint}…)"

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    @classmethod
    def issue(cls, owner: object, name: str) -> tuple[AccessToken, str]:
        """A new token for `owner` and its secret (the only time the secret is known)."""
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            owner=owner, name=name, token_hash=hash_token(secret), hint=secret[:8]
        )
        return token, secret

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
