"""The morning reminder by email (issue #12 item 15): once a day, at the runner's chosen local
time, only if they have not checked in yet; sent by the background worker, each one claimed by
a conditional UPDATE so that several workers never send it twice."""

from __future__ import annotations

import logging
from datetime import date, datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string

from kneewise.web.runners.models import CheckIn, RunnerProfile, local_today

logger = logging.getLogger(__name__)


def unsubscribe_url(profile: RunnerProfile) -> str:
    return f"{settings.KNEEWISE_BASE_URL.rstrip('/')}/reminders/stop/{profile.reminder_token}/"


def due_reminders(now: datetime) -> list[RunnerProfile]:
    """Runners whose reminder time has come today where they live, not yet reminded today,
    not checked in today, with a plan under way and an email address."""
    candidates = (
        RunnerProfile.objects.filter(reminder_time__isnull=False, plan_start__isnull=False)
        .exclude(Q(user__email="") | Q(user__is_active=False))
        .select_related("user")
    )
    due = []
    for profile in candidates:
        local = now.astimezone(profile.zone)
        today = local.date()
        if profile.reminder_time is None or local.time() < profile.reminder_time:
            continue
        if profile.last_reminded_on == today or (profile.plan_start or today) > today:
            continue
        if CheckIn.objects.filter(owner_id=profile.user_id, day=today).exists():
            continue
        due.append(profile)
    return due


def claim(profile: RunnerProfile, today: date) -> bool:
    """Mark today's reminder as sent, once: only one worker's UPDATE matches the row."""
    claimed = (
        RunnerProfile.objects.filter(pk=profile.pk)
        .filter(Q(last_reminded_on__isnull=True) | Q(last_reminded_on__lt=today))
        .update(last_reminded_on=today)
    )
    return claimed == 1


def send_due_reminders(now: datetime) -> int:
    """Send every reminder that is due; how many were sent."""
    sent = 0
    for profile in due_reminders(now):
        if not claim(profile, local_today(profile, now)):
            continue
        stop = unsubscribe_url(profile)
        message = EmailMessage(
            subject="Good morning: how is your knee today?",
            body=render_to_string(
                "runners/reminder_email.txt",
                {
                    "name": profile.user.get_username(),
                    "check_in": f"{settings.KNEEWISE_BASE_URL.rstrip('/')}/check-in/",
                    "stop": stop,
                },
            ),
            to=[profile.user.email],
            headers={
                "List-Unsubscribe": f"<{stop}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        try:
            message.send()
        except OSError:  # the mail server is away: tomorrow's reminder will try again
            logger.warning("morning reminder not sent (mail server unavailable)")
            continue
        sent += 1
    return sent


def stop_reminders(token: str) -> bool:
    """The one-click unsubscribe: turn the reminder off; whether the token was known."""
    if not token or len(token) > 64:
        return False
    return RunnerProfile.objects.filter(reminder_token=token).update(reminder_time=None) == 1
