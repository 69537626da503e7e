"""An imported activity keeps its original file (by SHA-256) so a better parser can re-derive it."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.conf import settings
from django.db import models

_KIND_SUFFIXES = {".fit", ".gpx", ".tcx", ".gz", ".zip"}


def neutral_name(name: str) -> str:
    """A name for shared content that says what kind of file it is and nothing about who
    uploaded it ("Ana Lopez - physio.gpx.gz" → "original.gpx.gz")."""
    suffixes = PurePosixPath(name.lower().replace("\\", "/")).suffixes[-2:]
    return "original" + "".join(s for s in suffixes if s in _KIND_SUFFIXES)


class StoredFile(models.Model):
    """One original file as uploaded, stored once by content (design.md §2).

    Several runners can share one row, so it keeps no one's file name: each activity keeps
    its runner's own (`Activity.file_name`)."""

    sha256 = models.CharField(max_length=64, unique=True)
    size = models.PositiveBigIntegerField()
    original_name = models.CharField(max_length=255)  # neutral_name(): the kind of file only
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


class ActivityQuerySet(models.QuerySet["Activity"]):
    def runs(self) -> ActivityQuerySet:
        """One activity per run (design.md §3.5): the alternates of a run are left out."""
        return self.filter(primary__isnull=True)


class Activity(models.Model):
    """One activity's summary (design.md §3.4) for one runner.

    Several recordings of one run (the watch's FIT, a platform's GPX of it) are one run: the
    most detailed is the run (`primary` empty), the others are its alternates (`primary`
    points at it), kept with their originals but never counted twice."""

    objects = ActivityQuerySet.as_manager()

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activities"
    )
    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="activities")
    source = models.CharField(max_length=1024)
    # The original's name as this runner uploaded it (the shared StoredFile keeps none).
    file_name = models.CharField(max_length=255, blank=True, default="")
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
    primary = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="alternates"
    )
    # The runner merged this recording into `primary` by hand: regrouping keeps it with its
    # run even where the automatic overlap test would not (curation.merge_runs).
    merged_by_hand = models.BooleanField(default=False)

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

    @property
    def shown_file_name(self) -> str:
        """The runner's own name for the original, or a neutral one when it has none."""
        return self.file_name or f"activity-{self.pk}.{self.format}"


class ImportJob(models.Model):
    """An import running in the background (design.md §4): what the upload page and the API
    show while the task works. `updated_at` is the heartbeat: a running job that stopped
    beating (its worker was killed) is picked up again, and since imports skip every file
    they already have, nothing is imported twice."""

    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    staging = models.CharField(max_length=1024)  # the uploaded files, until the job is done
    files_total = models.PositiveIntegerField(default=0)
    files_done = models.PositiveIntegerField(default=0)
    bytes_total = models.PositiveBigIntegerField(default=0)
    bytes_done = models.PositiveBigIntegerField(default=0)
    failed_count = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    report = models.JSONField(null=True, blank=True)  # ImportReport.as_json() when done
    error = models.CharField(max_length=512, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self) -> str:
        return f"import {self.pk} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class ActivityHistory(models.Model):
    """Derived state (design.md §4): what a runner's stored `HistoryWeek` rows were built from.

    They are current while `built_revision` equals `revision` (which `history_changed` bumps),
    `time_zone` is the runner's (it decides each run's local day) and `fingerprint` matches the
    runner's runs (count, largest and sum of the ids that count: an added, deleted or regrouped
    recording changes it).
    """

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activity_history"
    )
    revision = models.PositiveIntegerField(default=0)
    built_revision = models.PositiveIntegerField(null=True)
    time_zone = models.CharField(max_length=64, blank=True)
    fingerprint = models.CharField(max_length=80, blank=True)
    built_at = models.DateTimeField(null=True)
    # [["YYYY-MM-01", activities], …] newest first: the activity list's month index.
    months = models.JSONField(default=list)


class HistoryWeek(models.Model):
    """One Monday week of a runner's history, built in one pass over all of it: the running
    totals (`core.load.Week`, None for a week with only other sports) and the load flags
    dated in it, at each R16 factor (`history.FACTORS`), each with the activity it is shown on.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="history_weeks"
    )
    week_start = models.DateField()
    totals = models.JSONField(null=True)
    flags = models.JSONField(default=dict)

    class Meta:
        ordering = ["week_start"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "week_start"], name="one_history_week")
        ]
