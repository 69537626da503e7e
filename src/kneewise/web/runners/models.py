"""A runner's own data: profile and baseline, daily check-ins (§11a.1 order) and AKPS scores."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

PAIN = [MinValueValidator(0), MaxValueValidator(10)]


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class RunnerProfile(models.Model):
    """Settings, onboarding answers and the baseline the plan starts from."""

    class Units(models.TextChoices):
        KM = "km", "Kilometres"
        MI = "mi", "Miles"

    class Sex(models.TextChoices):
        FEMALE = "female"
        MALE = "male"
        OTHER = "other"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="runner"
    )
    units = models.CharField(max_length=2, choices=Units.choices, default=Units.KM)
    time_zone = models.CharField(max_length=64, default="UTC")
    first_day_of_week = models.PositiveSmallIntegerField(default=0)  # 0 = Monday
    onboarding_step = models.CharField(max_length=32, default="triage")

    # Triage (R1–R5, R35): the answers as given and the outcome they led to.
    triage_answers = models.JSONField(null=True, blank=True)
    triage_outcome = models.CharField(max_length=32, blank=True)

    # Baseline and risk profile (R22, R24, R35) — the engine's RunnerProfile.
    age = models.PositiveSmallIntegerField(null=True, blank=True)
    sex = models.CharField(max_length=8, choices=Sex.choices, default=Sex.OTHER)
    prior_pfp = models.BooleanField(default=False)
    early_specialization = models.BooleanField(default=False)
    sleep_hours = models.FloatField(null=True, blank=True)
    symptom_weeks = models.FloatField(null=True, blank=True)
    usual_pain = models.PositiveSmallIntegerField(null=True, blank=True, validators=PAIN)
    worst_pain = models.PositiveSmallIntegerField(null=True, blank=True, validators=PAIN)
    usual_runs_per_week = models.PositiveSmallIntegerField(default=0)
    usual_weekly_km = models.FloatField(default=0)
    longest_recent_run_km = models.FloatField(default=0)
    running_now = models.BooleanField(default=False)
    baseline_cadence_spm = models.PositiveSmallIntegerField(null=True, blank=True)
    function_sit_30min = models.PositiveSmallIntegerField(null=True, blank=True, validators=PAIN)
    function_stairs = models.PositiveSmallIntegerField(null=True, blank=True, validators=PAIN)
    function_squat = models.PositiveSmallIntegerField(null=True, blank=True, validators=PAIN)

    plan_start = models.DateField(null=True, blank=True)
    calendar_token = models.CharField(max_length=64, unique=True, default=new_calendar_token)

    def __str__(self) -> str:
        return f"runner {self.user_id}"


class CheckIn(models.Model):
    """One day's check-in: the morning report, then the session report (§11a.1)."""

    class NewLoad(models.TextChoices):
        STRENGTH = "strength", "A new strength routine"
        CYCLING_COMMUTE = "cycling_commute", "Cycling to work"
        HIKING = "hiking", "Hiking or downhill walking"
        KNEELING_WORK = "kneeling_work", "Kneeling work"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins"
    )
    day = models.DateField()
    morning_pain = models.PositiveSmallIntegerField(null=True, blank=True, validators=PAIN)
    swelling = models.BooleanField(default=False)
    function_sit_30min = models.PositiveSmallIntegerField(null=True, blank=True, validators=PAIN)
    function_stairs = models.PositiveSmallIntegerField(null=True, blank=True, validators=PAIN)
    function_squat = models.PositiveSmallIntegerField(null=True, blank=True, validators=PAIN)
    new_load = models.CharField(max_length=32, choices=NewLoad.choices, blank=True)
    done = models.BooleanField(null=True, blank=True)  # None: session not reported yet
    pain_during = models.PositiveSmallIntegerField(null=True, blank=True, validators=PAIN)
    pain_after_60min = models.PositiveSmallIntegerField(null=True, blank=True, validators=PAIN)
    limp = models.BooleanField(default=False)
    sharp = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["owner", "day"], name="one_checkin_a_day")]

    def __str__(self) -> str:
        return f"check-in {self.day}"


class AkpsRecord(models.Model):
    """A Kujala AKPS score (R30) with its version, so R31/R32 can compare over time."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="akps_scores"
    )
    day = models.DateField()
    score = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    points = models.JSONField()
    version = models.CharField(max_length=32)

    class Meta:
        ordering = ["day", "id"]
