"""What the plan engine reads for a span of days: the runner's check-ins, knee scores and
recorded runs, as the engine's morning and session reports.

Every query here is bounded by the span (indexed on owner and day), never the whole history.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from kneewise.core.plan.profile import (
    ActualRun,
    FunctionScores,
    MorningReport,
    NewLoad,
    SessionReport,
)
from kneewise.web.activities.runs_for_plan import runs_for_plan
from kneewise.web.runners.models import AkpsRecord, CheckIn, RunnerProfile


@dataclass(frozen=True)
class DayInputs:
    """The records of the days from `first` to `last` (both included)."""

    first: date
    last: date
    checkins: dict[date, CheckIn]
    scores: dict[date, int]
    runs: dict[date, tuple[ActualRun, ...]]

    def morning(self, day: date) -> MorningReport:
        return morning_report(day, self.checkins.get(day), self.scores.get(day))

    def session(self, day: date) -> SessionReport | None:
        return session_report(day, self.checkins.get(day), self.runs.get(day, ()))

    def latest_checkin(self) -> CheckIn | None:
        return self.checkins[max(self.checkins)] if self.checkins else None


def inputs_between(profile: RunnerProfile, first: date, last: date) -> DayInputs:
    """The check-ins, knee scores and runs of `first`..`last` (none when first > last)."""
    if first > last:
        return DayInputs(first, last, {}, {}, {})
    owner = profile.user_id
    checkins = {
        c.day: c for c in CheckIn.objects.filter(owner_id=owner, day__gte=first, day__lte=last)
    }
    scores: dict[date, int] = {}
    rows = AkpsRecord.objects.filter(owner_id=owner, day__gte=first, day__lte=last)
    for day, score in rows.order_by("day", "id").values_list("day", "score"):
        scores[day] = score  # the day's last score wins
    if first == profile.plan_start and first not in scores:
        # The onboarding score may be a day or more older than the plan (onboarding spread
        # over days): it is still the baseline R31–R33 compare with, read on the first day.
        before = AkpsRecord.objects.filter(owner_id=owner, day__lt=first).order_by("-day", "-id")
        baseline = before.values_list("score", flat=True).first()
        if baseline is not None:
            scores[first] = baseline
    return DayInputs(first, last, checkins, scores, runs_for_plan(profile, first, last))


def latest_checkin_before(profile: RunnerProfile, day: date, since: date) -> CheckIn | None:
    """The most recent check-in from `since` up to the day before `day` (one indexed row)."""
    rows = CheckIn.objects.filter(owner_id=profile.user_id, day__gte=since, day__lt=day)
    return rows.order_by("-day").first()


def function_of(checkin: CheckIn) -> FunctionScores | None:
    values = (checkin.function_sit_30min, checkin.function_stairs, checkin.function_squat)
    if any(v is None for v in values):
        return None
    return FunctionScores(*(int(v or 0) for v in values))


def morning_report(day: date, checkin: CheckIn | None, akps: int | None = None) -> MorningReport:
    """The day's morning report; a day without a check-in is unreported (§11b.5)."""
    if checkin is None:
        return MorningReport(day, akps=akps, reported=False)
    return MorningReport(
        day=day,
        morning_pain=checkin.morning_pain,
        swelling=checkin.swelling,
        function=function_of(checkin),
        new_load=NewLoad(checkin.new_load) if checkin.new_load else None,
        morning_limp=checkin.morning_limp,
        seen_clinician=checkin.seen_clinician,
        akps=akps,
    )


def session_report(
    day: date, checkin: CheckIn | None, runs: tuple[ActualRun, ...] = ()
) -> SessionReport | None:
    """The day's session report: the check-in's, with what was really run (§11b.9); a day
    with runs but no session check-in still reports the runs, as unreported."""
    if checkin is None or checkin.done is None:
        return SessionReport(day, reported=False, actual_runs=runs) if runs else None
    return SessionReport(
        day=day,
        pain_during=checkin.pain_during,
        pain_after_60min=checkin.pain_after_60min,
        limp=checkin.limp,
        sharp=checkin.sharp,
        done=checkin.done,
        actual_runs=runs,
    )


def projected_morning(day: date, latest: CheckIn | None) -> MorningReport:
    """A day still to come repeats the latest check-in (design.md §3.3), without its one-off
    answers: no knee score, and no visit to a clinician that has not happened yet."""
    return replace(morning_report(day, latest), seen_clinician=False)


def projected_session(day: date, latest: CheckIn | None) -> SessionReport | None:
    return session_report(day, latest)
