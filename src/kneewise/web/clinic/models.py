"""Clinicians and the runners who chose to share with them: links (with consent), the audit
trail the runner reads, the clinician's notes and messages, and invitations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ClinicianCode(models.Model):
    """The short code a clinician gives runners to link (also inside their invitation link).
    One a clinician; a new one replaces the old, which then links nobody."""

    clinician = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clinician_code"
    )
    code = models.CharField(max_length=16, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return "clinician code"


class ClinicianLink(models.Model):
    """A runner's consent to share their data with one clinician, until revoked."""

    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clinician_links"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="runner_links"
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["runner", "clinician"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_link_per_runner_and_clinician",
            )
        ]
        indexes = [models.Index(fields=["clinician", "revoked_at"])]

    def __str__(self) -> str:
        return "clinician link"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class AuditEvent(models.Model):
    """What happened to a runner's sharing, kept for the runner to read (issue #11 item 2)."""

    class Kind(models.TextChoices):
        LINKED = "linked", "Started sharing"
        REVOKED = "revoked", "Stopped sharing"
        OVERRIDE_SET = "override_set", "Changed your plan"
        OVERRIDE_ENDED = "override_ended", "Ended a plan change"
        PAUSE_CLEARED = "pause_cleared", "Cleared a pause"
        MESSAGE = "message", "Sent you a message"
        REPORT = "report", "Downloaded your report"

    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="audit_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_name = models.CharField(max_length=150)  # kept if the actor's account goes
    kind = models.CharField(max_length=32, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["runner", "at"])]

    def __str__(self) -> str:
        return f"audit {self.kind}"


class ClinicianNote(models.Model):
    """A clinician's note on a runner: private to that clinician, or a message the runner
    sees on Today."""

    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clinician_notes"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="written_notes"
    )
    created_at = models.DateTimeField(default=timezone.now)
    text = models.TextField(max_length=2000)
    for_runner = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["runner", "clinician", "created_at"])]

    def __str__(self) -> str:
        return "message" if self.for_runner else "private note"


class ClinicianInvitation(models.Model):
    """A one-time sign-up link for a new clinician account, made by a clinic admin with
    `kneewise user invite`; only the SHA-256 of its secret is kept."""

    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    def __str__(self) -> str:
        return "clinician invitation"
