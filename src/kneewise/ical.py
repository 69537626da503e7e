"""A plan as an iCalendar feed: one all-day event per day with the session and exercises."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from icalendar import Calendar, Event

from kneewise import NOT_MEDICAL_ADVICE
from kneewise.core.plan.exercises import describe_dose
from kneewise.core.plan.models import DayPlan, duration_text
from kneewise.units import km_text

PRODUCT_ID = "-//Kneewise//Return-to-run plan//EN"


def session_title(plan: DayPlan, units: str = "km") -> str:
    """A short headline for a day: what to do, in calendar-friendly words."""
    run = plan.run
    if run is not None and run.intervals is not None:
        return f"Walk-run phase {plan.walk_run_phase}: {run.intervals.describe()}"
    if run is not None:
        distance = f" ({km_text(run.distance_km, units)})" if run.distance_km else ""
        minutes = duration_text(run.running_minutes)
        return f"{run.intensity.value.capitalize()} run, {minutes}{distance}"
    if plan.hop_test:
        return "Hop test: 10 single-leg hops each side"
    if plan.walk_minutes:
        return f"Brisk walk, {plan.walk_minutes} min"
    if plan.exercises:
        return "Hip and knee exercises"
    if plan.cross_training:
        return "Cross-training"
    return "Rest day"


def session_description(plan: DayPlan) -> str:
    lines: list[str] = []
    run = plan.run
    if run is not None:
        running = duration_text(run.running_minutes)
        if run.intervals is not None and run.total_minutes > run.running_minutes:
            running = f"{running} running of {duration_text(run.total_minutes)}"  # walk-run
        lines.append(f"Run: {running}, {run.terrain.value} route, {run.intensity.value} pace.")
        if run.cadence_target_spm:
            lines.append(f"Step-rate target: {run.cadence_target_spm} steps/min.")
    if plan.walk_minutes:
        lines.append(f"Brisk walk: {plan.walk_minutes} minutes.")
    if plan.hop_test:
        lines.append("Hop test: 10 single-leg hops on each leg; pain should stay at 2/10 or less.")
    if plan.cross_training:
        lines.append(plan.cross_training + ".")
    if plan.exercises:
        lines.append("Exercises:")
        lines.extend(f"- {e.name}: {describe_dose(e)}" for e in plan.exercises)
    lines.append("")
    lines.append(f"Why: {plan.decision.message}")
    lines.append("Stop and check in if pain goes above 2/10 while running (R6, R7).")
    lines.append(NOT_MEDICAL_ADVICE)
    return "\n".join(lines)


def plan_calendar(
    days: Iterable[DayPlan], *, stamp: datetime, name: str = "Kneewise", units: str = "km"
) -> bytes:
    """The days as all-day events; `stamp` (UTC) is when the feed was made (RFC 5545 DTSTAMP)."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for plan in days:
        event = Event()
        event.add("uid", f"{plan.day.isoformat()}@kneewise.plan")
        event.add("dtstamp", stamp)
        event.add("dtstart", plan.day)
        event.add("dtend", plan.day + timedelta(days=1))
        event.add("summary", session_title(plan, units))
        event.add("description", session_description(plan))
        event.add("categories", [plan.stage.value])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    ics: bytes = calendar.to_ical()
    return ics
