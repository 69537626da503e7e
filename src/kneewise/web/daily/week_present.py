"""The runner's own week on Today, the Plan page and Settings (issue #12 item 16): the run-days
form, the move button or its undo, and what tomorrow holds. Presentation only."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from kneewise.core.dates import spoken_date
from kneewise.core.plan.models import DayPlan
from kneewise.web.daily.forms import RunDaysForm
from kneewise.web.daily.present import headline
from kneewise.web.runners.models import CheckIn, RunnerProfile
from kneewise.web.runners.plan_service import PlanView, plan_view
from kneewise.web.runners.week_choices import choice_notes, move_offer, run_weekdays_on


def run_days_form(profile: RunnerProfile, day: date, back: str) -> RunDaysForm:
    chosen = sorted(run_weekdays_on(profile, day))
    return RunDaysForm(initial={"weekdays": [str(d) for d in chosen], "back": back})


def today_context(
    profile: RunnerProfile, day: date, view: PlanView, checkin: CheckIn | None
) -> dict[str, Any]:
    """Today's move button, undo, or what happened to a moved session (Today's block)."""
    plan = view.day(day)
    offer = move_offer(profile, day, plan, view.state, checkin)
    tomorrow: DayPlan | None = None
    if offer.moved:
        tomorrow = plan_view(profile, day, ahead=2).day(day + timedelta(days=1))
    return {
        "week_move": offer,
        "week_tomorrow": tomorrow,
        "week_tomorrow_title": headline(tomorrow, profile.units) if tomorrow else "",
        "week_tomorrow_date": spoken_date(day + timedelta(days=1)),
    }


def plan_context(profile: RunnerProfile, day: date, days: list[DayPlan]) -> dict[str, Any]:
    """The Plan page's block: the run-days form and what the chosen days leave out."""
    return {
        "run_days_form": run_days_form(profile, day, "plan"),
        "run_days_notes": choice_notes(days),
    }
