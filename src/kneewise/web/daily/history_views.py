"""Check-in history as a month calendar (issue #12 item 17): each day coloured and named by
its zone (R6, never colour alone), a tap opens that day's check-in to read or edit."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from kneewise.core.dates import spoken_date
from kneewise.core.pain.zones import Zone, zone_of
from kneewise.web.daily.views import runner_with_plan
from kneewise.web.runners.access import owned
from kneewise.web.runners.models import CheckIn, RunnerProfile, local_today
from kneewise.web.typing import AuthenticatedHttpRequest

ZONE_WORDS = {Zone.GREEN: "green", Zone.AMBER: "amber", Zone.RED: "red"}


@dataclass(frozen=True, slots=True)
class CalendarDay:
    day: date
    zone: str  # green, amber, red, none (no check-in), future, before (the plan had not begun)
    label: str  # said to screen readers and shown as a letter: the zone in words
    can_open: bool


def day_zone(checkin: CheckIn) -> Zone:
    """The day's worst zone: morning pain, session pains, limp or sharp pain (R6)."""
    pains = [
        p
        for p in (checkin.morning_pain, checkin.pain_during, checkin.pain_after_60min)
        if p is not None
    ]
    limp = checkin.limp or checkin.morning_limp
    return zone_of(max(pains, default=0), limp=limp, sharp=checkin.sharp)


def month_of(value: str | None, today: date) -> date:
    """The first of the asked month (?month=2026-03), else this month's."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


def month_days(
    first: date, today: date, start: date, by_day: dict[date, CheckIn]
) -> list[list[CalendarDay | None]]:
    """Weeks (Monday first) of the month, None outside it."""
    weeks: list[list[CalendarDay | None]] = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        row: list[CalendarDay | None] = []
        for day in week:
            if day.month != first.month:
                row.append(None)
            elif day > today:
                row.append(CalendarDay(day, "future", "", False))
            elif day < start:
                row.append(CalendarDay(day, "before", "before your plan", False))
            elif day in by_day:
                zone = ZONE_WORDS[day_zone(by_day[day])]
                row.append(CalendarDay(day, zone, zone, True))
            else:
                row.append(CalendarDay(day, "none", "no check-in", True))
        weeks.append(row)
    return weeks


@never_cache
@require_safe
@runner_with_plan
def history(request: AuthenticatedHttpRequest, profile: RunnerProfile) -> HttpResponse:
    today = local_today(profile)
    first = month_of(request.GET.get("month"), today)
    start = profile.plan_start or today
    following = (first + timedelta(days=32)).replace(day=1)
    rows = owned(request.user, CheckIn.objects.filter(day__gte=first, day__lt=following))
    weeks = month_days(first, today, start, {c.day: c for c in rows})
    earlier = (first - timedelta(days=1)).replace(day=1)
    context = {
        "month": first,
        "weeks": weeks,
        "previous": earlier if first > start.replace(day=1) else None,
        "next": following if following <= today else None,
        "today_words": spoken_date(today),
    }
    return render(request, "daily/history.html", context)
