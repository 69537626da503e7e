"""The plan engine's public interface: start a plan, apply a report, prescribe a day.

state = start_plan(...)
state, decision = apply(state, MorningReport(...))   # every morning, before prescribing
plan = prescribe(state, day)                         # today's session, exercises and why
state, feedback = apply(state, SessionReport(...))   # after the session
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from kneewise.core.plan.adapt import apply_morning, record_session
from kneewise.core.plan.models import Decision
from kneewise.core.plan.prescribe import planned_session, prescribe
from kneewise.core.plan.profile import FunctionScores, MorningReport, RunnerProfile, SessionReport
from kneewise.core.plan.state import PlanState
from kneewise.core.triage import TriageResult

__all__ = ["apply", "prescribe", "start_plan"]


def start_plan(
    start: date,
    runner: RunnerProfile,
    triage: TriageResult,
    function: FunctionScores | None = None,
) -> PlanState:
    """A new plan; its first morning report decides where it starts (R21, R22)."""
    return PlanState(
        start=start,
        runner=runner,
        triage_outcome=triage.outcome,
        plan_allowed=triage.plan_allowed,
        triage_reasons=triage.reasons,
        baseline_function=function,
    )


def apply(state: PlanState, response: MorningReport | SessionReport) -> tuple[PlanState, Decision]:
    """Read one report. A morning report gives the day's decision; a session report is
    recorded against what was prescribed that day."""
    if isinstance(response, MorningReport):
        state = _close_unreported_day(state, response.day)
        return apply_morning(state, response)
    return record_session(state, response, planned_session(state, response.day))


def _close_unreported_day(state: PlanState, today: date) -> PlanState:
    """A day prescribed but never reported still counts for the caps (as if run, R15–R17)."""
    day = state.decided_on
    if day is None or day >= today or state.record(day) is not None:
        return state
    return replace(state, records=(*state.records, planned_session(state, day)))
