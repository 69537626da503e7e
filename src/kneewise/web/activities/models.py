"""An imported activity keeps its original file (by SHA-256) so a better parser can re-derive it."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class StoredFile(models.Model):
    """One original file as uploaded, stored once by content (design.md §2)."""

    sha256 = models.CharField(max_length=64, unique=True)
    size = models.PositiveBigIntegerField()
    original_name = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.original_name} ({self.sha256[:12]})"


class ImportedFile(models.Model):
    """What happened to a file for one runner, so a second import skips it without decoding."""

    class Outcome(models.TextChoices):
        IMPORTED = "imported"
        NOT_AN_ACTIVITY = "not_an_activity"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    file = models.ForeignKey(StoredFile, on_delete=models.CASCADE)
    source = models.CharField(max_length=1024)
    outcome = models.CharField(max_length=32, choices=Outcome.choices)
    note = models.CharField(max_length=512, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "file"], name="one_import_per_file_and_owner")
        ]


class Activity(models.Model):
    """One activity's summary (design.md §3.4) for one runner."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activities"
    )
    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="activities")
    source = models.CharField(max_length=1024)
    name = models.CharField(max_length=255, blank=True)
    format = models.CharField(max_length=8)
    sport = models.CharField(max_length=16)
    start_time = models.DateTimeField()
    elapsed_s = models.FloatField(null=True)
    moving_s = models.FloatField(null=True)
    distance_m = models.FloatField(null=True)
    ascent_m = models.FloatField(null=True)
    descent_m = models.FloatField(null=True)
    downhill_m = models.FloatField(null=True)
    avg_cadence_spm = models.FloatField(null=True)
    avg_hr_bpm = models.FloatField(null=True)
    max_hr_bpm = models.FloatField(null=True)
    knee_load = models.FloatField(null=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start_time"]
        constraints = [
            # Idempotent imports (design.md §4): the same file and start time once per runner.
            models.UniqueConstraint(
                fields=["owner", "file", "start_time"], name="one_activity_per_file_start"
            )
        ]
        indexes = [models.Index(fields=["owner", "start_time"])]

    def __str__(self) -> str:
        return f"{self.sport} {self.start_time:%Y-%m-%d %H:%M}"
