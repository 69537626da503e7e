"""Builders for the daily page tests (Today, check-in, plan): runners with a plan under way."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from kneewise.web.runners.check_ins import save_check_in
from kneewise.web.runners.models import CheckIn, RunnerProfile

TRIAGE = {
    "age": 34,
    "onset": "gradual",
    "pain_location": "front",
    "aggravating": ["stairs", "squatting"],
    "squat_painful": True,
}


def today() -> date:
    """The runners' local today (their time zone is UTC unless a test changes it)."""
    return timezone.now().date()


def runner_with_plan_started(
    days_ago: int | None = 0, *, username: str = "ana", **changes: object
) -> RunnerProfile:
    """A runner who finished onboarding `days_ago` days ago (None: onboarding not finished),
    with comfortable daily activities, so the plan starts with brisk walks (R22)."""
    user = get_user_model().objects.create_user(username=username, password="a long password")
    fields: dict[str, object] = {
        "user": user,
        "age": 34,
        "sex": "female",
        "sleep_hours": 8,
        "triage_answers": TRIAGE,
        "triage_outcome": "likely_pfp",
        "function_sit_30min": 0,
        "function_stairs": 1,
        "function_squat": 1,
        "plan_start": None if days_ago is None else today() - timedelta(days=days_ago),
    }
    fields.update(changes)
    return RunnerProfile.objects.create(**fields)


def client_for(profile: RunnerProfile, **options: object) -> Client:
    client = Client(**options)
    client.force_login(profile.user)
    return client


def green_checkin(profile: RunnerProfile, day: date, **changes: object) -> CheckIn:
    """A green check-in (session done, pain 1/10), saved as the check-in page saves one (the
    stored plan recomputes from `day`)."""
    fields: dict[str, object] = {
        "morning_pain": 1,
        "function_sit_30min": 0,
        "function_stairs": 1,
        "function_squat": 1,
        "done": True,
        "pain_during": 1,
        "pain_after_60min": 1,
    }
    fields.update(changes)
    return save_check_in(profile.user, day, fields)


def checkin_form(day: date, **changes: object) -> dict[str, object]:
    """POST data of a green check-in for `day` with the session done."""
    data: dict[str, object] = {
        "day": day.isoformat(),
        "morning_pain": "1",
        "swelling": "no",
        "morning_limp": "no",
        "function_sit_30min": "0",
        "function_stairs": "1",
        "function_squat": "1",
        "new_load": "",
        "done": "yes",
        "pain_during": "1",
        "pain_after_60min": "1",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}
