"""A runner's sync id (the name of their drop folder, the credential of the HTTP drop) and a
short log of the files that arrived through it."""

from __future__ import annotations

import base64
import hashlib
import secrets

from django.conf import settings
from django.db import models

ID_BYTES = 20  # 160 bits: guessing one is hopeless
LOG_KEPT = 200  # files remembered per runner: enough for "last failures", bounded


def new_sync_id() -> str:
    """A random id, lower-case base32: safe as a URL part and as a folder name on every file
    system, also the case-insensitive ones a phone or Syncthing may write to."""
    return base64.b32encode(secrets.token_bytes(ID_BYTES)).decode().rstrip("=").lower()


def hash_sync_id(value: str) -> str:
    """Lookups go by this hash: an index finds it, and no comparison leaks the id by timing."""
    return hashlib.sha256(value.encode()).hexdigest()


class SyncId(models.Model):
    """One live sync id per runner; replacing it kills the old one at once (no history kept:
    an old id matches no row)."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sync_id"
    )
    # Kept so its owner can read it again on "Your data"; looked up only by its hash.
    value = models.CharField(max_length=64)
    value_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"sync id of {self.owner_id}"


class SyncedFile(models.Model):
    """One file that arrived by sync, and what became of it."""

    class Result(models.TextChoices):
        IMPORTED = "imported"
        DUPLICATE = "duplicate"
        FAILED = "failed"

    class Channel(models.TextChoices):
        FOLDER = "folder"
        HTTP = "http"
        WATCH = "watch"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="synced_files"
    )
    file_name = models.CharField(max_length=255)
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64, blank=True)
    result = models.CharField(max_length=16, choices=Result.choices)
    reason = models.CharField(max_length=512, blank=True)
    activity = models.ForeignKey(
        "activities.Activity", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(max_length=16, choices=Channel.choices)
    arrived_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-arrived_at", "-id"]
        indexes = [models.Index(fields=["owner", "-arrived_at"])]

    def __str__(self) -> str:
        return f"{self.file_name}: {self.result}"
