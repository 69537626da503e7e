"""The runner's plan, replayed from their check-ins with the pure engine (core/plan).

Replaying from the plan's first day makes late check-ins for earlier days simply re-run the
plan from that day. Days after today are a projection: each repeats the latest check-in, as
a scenario's missing days do (design.md §3.3).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from kneewise.core.plan.engine import apply, prescribe, start_plan
from kneewise.core.plan.models import DayPlan
from kneewise.core.plan.profile import (
    FunctionScores,
    MorningReport,
    NewLoad,
    SessionReport,
)
from kneewise.core.plan.profile import (
    RunnerProfile as EngineRunner,
)
from kneewise.core.plan.state import PlanState
from kneewise.core.risk import Sex
from kneewise.core.triage import TriageResult, evaluate_triage
from kneewise.core.triage_answers import parse_triage_answers
from kneewise.web.runners.models import CheckIn, RunnerProfile

MAX_PLAN_DAYS = 400  # a year and a bit of history replays in well under a second


@dataclass(frozen=True)
class PlanView:
    """Past and projected days of a runner's plan, and the state after today."""

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


def morning_of(checkin: CheckIn, day: date) -> MorningReport:
    values = (checkin.function_sit_30min, checkin.function_stairs, checkin.function_squat)
    function = (
        FunctionScores(*(int(v) for v in values)) if all(v is not None for v in values) else None
    )
    return MorningReport(
        day=day,
        morning_pain=checkin.morning_pain,
        swelling=checkin.swelling,
        function=function,
        new_load=NewLoad(checkin.new_load) if checkin.new_load else None,
    )


def session_of(checkin: CheckIn, day: date) -> SessionReport | None:
    if checkin.done is None:
        return None
    return SessionReport(
        day=day,
        pain_during=checkin.pain_during,
        pain_after_60min=checkin.pain_after_60min,
        limp=checkin.limp,
        sharp=checkin.sharp,
        done=checkin.done,
    )


def plan_view(profile: RunnerProfile, today: date, *, ahead: int = 14) -> PlanView:
    """Replay the plan from its first day through today, then project `ahead` days."""
    start = profile.plan_start or today
    first = max(start, today - timedelta(days=MAX_PLAN_DAYS))
    checkins = {c.day: c for c in CheckIn.objects.filter(owner=profile.user, day__gte=first)}
    runner, triage = engine_runner(profile), triage_result(profile)
    state = start_plan(first, runner, triage, baseline_function(profile))
    days: list[DayPlan] = []
    latest: CheckIn | None = None
    after_today: PlanState | None = None
    for offset in range((today - first).days + ahead):
        day = first + timedelta(days=offset)
        checkin = checkins.get(day) if day <= today else None
        if checkin is not None:
            latest = checkin
        source = checkin if checkin is not None else (latest if day > today else None)
        morning = morning_of(source, day) if source is not None else MorningReport(day)
        state, _ = apply(state, morning)
        days.append(prescribe(state, day))
        session = session_of(source, day) if source is not None else None
        if session is not None:
            state, _ = apply(state, session)
        if day == today:
            after_today = state
    return PlanView(tuple(days), today, after_today or state)
