"""A runner's own data: profile and baseline, daily check-ins (§11a.1 order) and AKPS scores,
and the plan derived from them, stored one snapshot a day (design.md §4)."""

from __future__ import annotations

import copy
import secrets
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

PAIN = [MinValueValidator(0), MaxValueValidator(10)]


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


def zone_named(name: str | None) -> ZoneInfo:
    """The time zone of that name; UTC for an empty or unknown one."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_today(profile: RunnerProfile, now: datetime | None = None) -> date:
    """Today's date where the runner lives (their `time_zone`; UTC if it is unknown)."""
    return (now or timezone.now()).astimezone(profile.zone).date()


# What the plan is computed from besides the daily records: changing one of these changes
# every day of the plan (the time zone moves runs to other local dates).
PLAN_INPUTS = (
    "time_zone",
    "triage_answers",
    "triage_outcome",
    "age",
    "sex",
    "prior_pfp",
    "early_specialization",
    "sleep_hours",
    "symptom_weeks",
    "usual_runs_per_week",
    "usual_weekly_km",
    "longest_recent_run_km",
    "running_now",
    "baseline_cadence_spm",
    "function_sit_30min",
    "function_stairs",
    "function_squat",
    "plan_start",
)


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
    # Privacy: when False, an activity page sends no positions at all (not even hidden).
    show_route_outline = models.BooleanField(default=True)
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
    # The optional morning reminder by email (issue #12 item 15): at this local time, on days
    # without a check-in yet; None is off. The token makes the one-click unsubscribe link.
    reminder_time = models.TimeField(null=True, blank=True)
    reminder_token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    last_reminded_on = models.DateField(null=True, blank=True)
    # Goes up with every change to the plan's inputs (see `invalidate_plan`); only ever written
    # by that UPDATE, never from a loaded profile, so it cannot go back to an older value.
    plan_revision = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"runner {self.user_id}"

    @property
    def zone(self) -> ZoneInfo:
        return zone_named(self.time_zone)

    @classmethod
    def from_db(cls, *args: Any, **kwargs: Any) -> RunnerProfile:
        # Passed on as given: Django 6.1 adds a keyword (fetch_mode) that 5.2 does not know.
        profile = super().from_db(*args, **kwargs)
        profile._remember_plan_inputs()
        return profile

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        super().refresh_from_db(*args, **kwargs)
        self._remember_plan_inputs()

    def _plan_inputs(self) -> dict[str, object]:
        # Deferred fields are not in __dict__ and count as unchanged.
        return {name: self.__dict__[name] for name in PLAN_INPUTS if name in self.__dict__}

    def _remember_plan_inputs(self) -> None:
        # A copy: the triage answers are a dict that could be changed in place.
        self._saved_plan_inputs = copy.deepcopy(self._plan_inputs())

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save without ever writing `plan_revision`; a change to a plan input forgets the
        stored plan in the same transaction, whoever saves (settings, import, demo, admin)."""
        if self._state.adding:
            super().save(*args, **kwargs)
            self._remember_plan_inputs()
            return
        fields = kwargs.get("update_fields")
        if fields is None:
            fields = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "plan_revision"
            ]
            kwargs["update_fields"] = fields
        saved = getattr(self, "_saved_plan_inputs", {})
        changed = any(
            name in fields and name in saved and saved[name] != value
            for name, value in self._plan_inputs().items()
        )
        with transaction.atomic():
            super().save(*args, **kwargs)
            if changed:
                invalidate_plan(self.user_id)
        self._remember_plan_inputs()


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
    morning_limp = models.BooleanField(default=False)  # limping when walking this morning
    # Seen a physiotherapist or doctor about the knee since the last check-in (§11b.2).
    seen_clinician = models.BooleanField(default=False)
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
        indexes = [models.Index(fields=["owner", "day"])]


class PlanSnapshot(models.Model):
    """The plan engine's state at the END of `day` (after its morning, prescription and
    session report) and that day's plan, so a request replays only the days after the latest
    snapshot (design.md §4). Derived data: never exported, deleted by `invalidate_plan`."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_snapshots"
    )
    day = models.DateField()
    # zlib-compressed JSON (plan_store.pack): a state is ~23 kB of JSON with repeated keys
    # and ~2 kB compressed, so two years of days stay around 3 MB a runner.
    state = models.BinaryField()  # PlanState.to_json()
    plan = models.BinaryField()  # kneewise.core.plan.codec.to_json(DayPlan)

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "day"], name="one_plan_snapshot_a_day")
        ]

    def __str__(self) -> str:
        return f"plan snapshot {self.day}"


def invalidate_plan(owner_id: int, from_day: date | None = None) -> None:
    """Forget the stored plan from `from_day` on (all of it for None): its inputs changed.

    Call it inside the transaction that makes the change. The revision goes up first, which
    takes the profile's row lock: a writer storing snapshots (under that lock) either comes
    after and sees the new revision, so stores nothing, or came before and committed, so the
    delete below removes what it stored.
    """
    with transaction.atomic():
        RunnerProfile.objects.filter(user_id=owner_id).update(plan_revision=F("plan_revision") + 1)
        stale = PlanSnapshot.objects.filter(owner_id=owner_id)
        if from_day is not None:
            stale = stale.filter(day__gte=from_day)
        stale.delete()


class PlanOverride(models.Model):
    """A clinician's override of the runner's plan (design.md §3.3 `overrides`; rule CLIN).

    A plan input like a check-in: setting or ending one forgets the stored plan from its first
    affected day. `data` is the override as the engine reads it (core.plan.overrides JSON).
    Ending one early shortens `until`, so the days it already shaped keep their history."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_overrides"
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    set_by_name = models.CharField(max_length=150)  # kept if the clinician's account goes
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    data = models.JSONField()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["owner", "created_at"])]

    def __str__(self) -> str:
        return f"plan override {self.data.get('kind', '?')} from {self.data.get('from', '?')}"


class WeekChoice(models.Model):
    """The runner's own week (issue #12 item 16), a plan input like a check-in: `run_days`
    from `day` on (`weekdays`, 0 = Monday), or `move`: the session of `day` moved to the next
    day. Choices, not rules (core/plan/runner_choices.py)."""

    class Kind(models.TextChoices):
        RUN_DAYS = "run_days"
        MOVE = "move"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="week_choices"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    day = models.DateField()
    weekdays = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "kind", "day"], name="one_week_choice_a_day")
        ]

    def __str__(self) -> str:
        return f"week choice {self.kind} on {self.day}"
