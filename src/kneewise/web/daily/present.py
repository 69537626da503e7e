"""A day's plan in display words: headline, details, exercises with their instructions.

Pure presentation of what the engine prescribed (`DayPlan`); no rule lives here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.safestring import SafeString, mark_safe

from kneewise.core.dates import spoken_date
from kneewise.core.education import EDUCATION, EducationMessage, Topic
from kneewise.core.errors import InvalidInput
from kneewise.core.pain.zones import AMBER_MAX, GREEN_MAX, InSessionAdvice, in_session_action
from kneewise.core.plan.exercises import Exercise, ExercisePrescription, dose_text, exercise
from kneewise.core.plan.figures import exercise_figure
from kneewise.core.plan.models import Action, DayPlan, duration_text
from kneewise.ical import session_title
from kneewise.units import km_text

STAGE_NAMES = {
    "ST0": "Exercises and cross-training",
    "ST1": "Brisk walking",
    "ST2": "Hop test",
    "ST3": "Walk-run",
    "ST4": "Easy running",
    "ST5": "Usual training",
}

ACTION_WORDS = {
    Action.START: "Your plan starts",
    Action.PROGRESS: "A step forward",
    Action.HOLD: "Holding steady",
    Action.REGRESS: "A step back",
    Action.PAUSE_RUNNING: "Running is paused",
    Action.REFER: "Please have your knee looked at",
}


def long_date(day: date) -> str:
    """'Monday 2 March 2026'."""
    return spoken_date(day, year=True)


@dataclass(frozen=True, slots=True)
class SessionView:
    """Today's session: a kind (for styling), a headline and label/value details."""

    kind: str  # run, walk_run, walk, hop_test, cross_training, exercises, rest
    title: str
    details: tuple[tuple[str, str], ...]


def session_view(plan: DayPlan, units: str) -> SessionView:
    details: list[tuple[str, str]] = []
    run = plan.run
    if run is not None:
        running = duration_text(run.running_minutes)
        if run.intervals is not None:
            details.append(("Running", f"{running}, {duration_text(run.total_minutes)} in all"))
            details.append(("Intervals", run.intervals.describe()))
        else:
            details.append(("Running", running))
        if run.distance_km:
            details.append(("Distance", f"about {km_text(run.distance_km, units)}"))
        details.append(("Route", "flat" if run.terrain.value == "flat" else "any route"))
        details.append(("Pace", f"{run.intensity.value}"))
        if run.cadence_target_spm:
            details.append(("Step rate", f"{run.cadence_target_spm} steps a minute"))
    if plan.walk_minutes:
        details.append(("Brisk walk", f"{plan.walk_minutes} min"))
    if plan.hop_test:
        details.append(("Hop test", "10 single-leg hops on each leg; pain should stay at 2/10"))
    if plan.cross_training:
        details.append(("Cross-training", plan.cross_training))
    return SessionView(_kind(plan), headline(plan, units), tuple(details))


def _kind(plan: DayPlan) -> str:
    if plan.run is not None:
        return "walk_run" if plan.run.intervals is not None else "run"
    if plan.hop_test:
        return "hop_test"
    if plan.walk_minutes:
        return "walk"
    if plan.exercises:
        return "exercises"
    if plan.cross_training:
        return "cross_training"
    return "rest"


def headline(plan: DayPlan, units: str) -> str:
    """The calendar's title, with a continuous run's distance in the runner's units."""
    return session_title(plan, units)


@dataclass(frozen=True, slots=True)
class ExerciseView:
    prescription: ExercisePrescription
    dose: str
    detail: Exercise | None
    figure: SafeString  # inline SVG from our own renderer (kneewise.core.plan.figures), escaped

    @property
    def hold_seconds(self) -> int | None:
        """Seconds per set for a timed exercise (a hold, R27), for the hold timer."""
        return self.prescription.seconds


def exercise_views(plan: DayPlan) -> list[ExerciseView]:
    views = []
    for prescription in plan.exercises:
        try:
            detail: Exercise | None = exercise(prescription.id)
        except InvalidInput:
            detail = None
        figure = mark_safe(exercise_figure(detail)) if detail else SafeString("")  # noqa: S308
        views.append(ExerciseView(prescription, dose_text(prescription), detail, figure))
    return views


def education_of(plan: DayPlan, latest: Sequence[Topic]) -> list[EducationMessage]:
    """Today's education topics; on a day without any, the first of the latest day's that had
    (the engine keeps them: `PlanState.last_education`)."""
    if plan.education:
        return [EDUCATION[topic] for topic in plan.education]
    return [EDUCATION[latest[0]]] if latest else []


def in_session_guide() -> list[InSessionAdvice]:
    """R7 for the top of each pain zone: what to do the moment pain reaches it."""
    return [in_session_action(pain) for pain in (GREEN_MAX, AMBER_MAX, AMBER_MAX + 1)]
