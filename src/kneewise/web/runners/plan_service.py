"""The runner's plan: the pure engine (core/plan) run over their check-ins, knee scores and
recorded runs, one day after another, with a stored snapshot per day (design.md §4).

A request starts from the latest snapshot on or before today and replays only the days after
it, so a day costs the same at day 700 as at day 7. A change to a day's inputs deletes the
snapshots from that day on (`models.invalidate_plan`), so a late check-in re-runs the plan
from its day. Days after today are a projection, never stored: each repeats the latest
check-in, as a scenario's missing days do (design.md §3.3).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from kneewise.core.load_rules import WEEKLY_NORMAL
from kneewise.core.plan import cadence, volume
from kneewise.core.plan.engine import apply, prescribe, start_plan
from kneewise.core.plan.models import DayPlan
from kneewise.core.plan.overrides import ClinicianOverride
from kneewise.core.plan.profile import FunctionScores, MorningReport, SessionReport
from kneewise.core.plan.profile import RunnerProfile as EngineRunner
from kneewise.core.plan.runner_choices import NO_CHOICES, RunnerChoices
from kneewise.core.plan.state import PlanState
from kneewise.core.risk import Sex
from kneewise.core.triage import TriageResult, evaluate_triage
from kneewise.core.triage_answers import parse_triage_answers
from kneewise.web.runners.models import RunnerProfile
from kneewise.web.runners.plan_changes import overrides_of
from kneewise.web.runners.plan_inputs import (
    inputs_between,
    latest_checkin_before,
    projected_morning,
    projected_session,
)
from kneewise.web.runners.plan_store import (
    latest_snapshot,
    store_snapshots,
)
from kneewise.web.runners.week_choices import revision_and_choices


@dataclass(frozen=True)
class PlanView:
    """Days of a runner's plan (the replayed ones up to today, then the projection) and the
    engine state at the end of today."""

    days: tuple[DayPlan, ...]
    today: date
    state: PlanState

    def day(self, day: date) -> DayPlan | None:
        return next((d for d in self.days if d.day == day), None)

    def upcoming(self, count: int = 14) -> list[DayPlan]:
        return [d for d in self.days if d.day >= self.today][:count]


def triage_result(profile: RunnerProfile) -> TriageResult:
    answers = profile.triage_answers or {"age": profile.age or 0}
    return evaluate_triage(parse_triage_answers(answers))


def engine_runner(profile: RunnerProfile) -> EngineRunner:
    return EngineRunner(
        age=profile.age or 0,
        sex=Sex(profile.sex),
        prior_pfp=profile.prior_pfp,
        early_specialization=profile.early_specialization,
        sleep_hours=profile.sleep_hours,
        symptom_weeks=profile.symptom_weeks,
        usual_runs_per_week=profile.usual_runs_per_week,
        usual_weekly_km=profile.usual_weekly_km,
        longest_recent_run_km=profile.longest_recent_run_km,
        baseline_cadence_spm=profile.baseline_cadence_spm,
        running_now=profile.running_now,
    )


def baseline_function(profile: RunnerProfile) -> FunctionScores | None:
    values = (profile.function_sit_30min, profile.function_stairs, profile.function_squat)
    if any(v is None for v in values):
        return None
    sit, stairs, squat = values
    return FunctionScores(int(sit or 0), int(stairs or 0), int(squat or 0))


def _days(first: date, last: date) -> Iterator[date]:
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)


def run_day(
    state: PlanState,
    morning: MorningReport,
    session: SessionReport | None,
    overrides: Sequence[ClinicianOverride] = (),
    choices: RunnerChoices = NO_CHOICES,
) -> tuple[PlanState, DayPlan]:
    """One day in the engine's order: the morning (with any clinician's overrides and the
    runner's own week), the day's plan, then the session."""
    state, _ = apply(state, morning, overrides=overrides, choices=choices)
    plan = prescribe(state, morning.day)
    if session is not None:
        state, _ = apply(state, session)
    return state, plan


def new_plan(profile: RunnerProfile, start: date) -> PlanState:
    return start_plan(
        start, engine_runner(profile), triage_result(profile), baseline_function(profile)
    )


def plan_view(profile: RunnerProfile, today: date, *, ahead: int = 14) -> PlanView:
    """The plan through today (from the latest snapshot, storing one per replayed day), then
    `ahead` days from today in all (today included) projected and not stored."""
    start = profile.plan_start or today
    revision, choices = revision_and_choices(profile)  # one query for both (item 16)
    base = latest_snapshot(profile, start, today) if today >= start else None
    if base is None:
        state, first, days = new_plan(profile, start), start, []
    else:
        state, first, days = base.state, base.day + timedelta(days=1), [base.plan]
    inputs = inputs_between(profile, first, today)
    overrides = overrides_of(profile)
    replayed: list[tuple[date, PlanState, DayPlan]] = []
    for day in _days(first, today):
        morning, session = inputs.morning(day), inputs.session(day)
        state, plan = run_day(state, morning, session, overrides, choices)
        replayed.append((day, state, plan))
        days.append(plan)
    if profile.plan_start is not None:
        store_snapshots(profile, revision, replayed)
    after_today = state
    latest = inputs.latest_checkin() or latest_checkin_before(profile, first, start)
    for day in _days(max(start, today + timedelta(days=1)), today + timedelta(days=ahead - 1)):
        morning, session = projected_morning(day, latest), projected_session(day, latest)
        state, plan = run_day(state, morning, session, overrides, choices)
        days.append(plan)
    return PlanView(tuple(days), today, after_today if today >= start else state)


def asks_clinician_question(view: PlanView) -> bool:
    """Whether the plan waits to hear that the runner saw a clinician (§11b.2): then the
    check-in asks."""
    return bool(view.state.awaiting_clinician_answer)


def weekly_factor(profile: RunnerProfile, today: date) -> float:
    """R16's factor for this runner now, as the plan caps with it (§11b.9: the activity pages'
    flags and the plan's caps are the same rule): 1.05 while returning or at higher risk."""
    if profile.plan_start is None or profile.plan_start > today:
        return WEEKLY_NORMAL
    return volume.weekly_factor(plan_view(profile, today, ahead=1).state)


def cadence_target(view: PlanView) -> int | None:
    """The plan's step-rate target (R24) in steps a minute: the one number every page shows
    (None while the plan has none). Today's run carries the same number."""
    return cadence.target_of(view.state)


@dataclass(frozen=True, slots=True)
class LoadNumbers:
    """What the activity and progress pages take from the plan: R16's factor for their flags
    and the R24 step-rate target for their cadence charts."""

    weekly_factor: float
    cadence_target: int | None


def load_numbers(profile: RunnerProfile, today: date) -> LoadNumbers:
    """Both numbers from one look at the plan (a page reads the plan once)."""
    if profile.plan_start is None:
        return LoadNumbers(WEEKLY_NORMAL, None)
    view = plan_view(profile, today, ahead=1)
    factor = WEEKLY_NORMAL if profile.plan_start > today else volume.weekly_factor(view.state)
    return LoadNumbers(factor, cadence_target(view))
