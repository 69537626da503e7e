"""The plan engine's public interface: start a plan, apply a report, prescribe a day.

state = start_plan(...)
state, decision = apply(state, MorningReport(...))   # every morning, before prescribing
plan = prescribe(state, day)                         # today's session, exercises and why
state, feedback = apply(state, SessionReport(...))   # after the session

Days are read in order, one morning each. A day's cost does not depend on the length of the
history: the state keeps a bounded log (state.py), and each morning judges one session.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from kneewise.core.education import Topic
from kneewise.core.errors import InvalidInput
from kneewise.core.load_rules import CADENCE_RUNS
from kneewise.core.pain import in_session_action
from kneewise.core.plan import clinician, runner_choices
from kneewise.core.plan.cadence import FIRST_FACTOR, baseline_of
from kneewise.core.plan.models import Action, DayPlan, Decision
from kneewise.core.plan.morning import adapt, decide
from kneewise.core.plan.overrides import ClinicianOverride
from kneewise.core.plan.prescribe import build_day
from kneewise.core.plan.profile import (
    ActualRun,
    FunctionScores,
    MorningReport,
    RunnerProfile,
    SessionReport,
)
from kneewise.core.plan.runner_choices import NO_CHOICES, RunnerChoices
from kneewise.core.plan.start import start_day
from kneewise.core.plan.state import (
    LOG_DAYS,
    DayEntry,
    PlanState,
    RunDone,
    RunSize,
    SessionKind,
    SessionRecord,
)
from kneewise.core.plan.volume import pace, run_done
from kneewise.core.plan.workday import DayWork
from kneewise.core.triage import PlanAllowed, TriageResult

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


def apply(
    state: PlanState,
    response: MorningReport | SessionReport,
    overrides: Sequence[ClinicianOverride] = (),
    choices: RunnerChoices = NO_CHOICES,
) -> tuple[PlanState, Decision]:
    """Read one report. A morning report gives the day's decision; a session report is
    recorded against what was prescribed that day. `overrides`: all of the runner's
    clinician overrides; a morning uses those active that day (rule CLIN). `choices`: the
    runner's own run days and moved sessions (runner_choices.py)."""
    if isinstance(response, MorningReport):
        return _apply_morning(state, response, tuple(overrides), choices)
    return _apply_session(state, response)


def prescribe(state: PlanState, day: date) -> DayPlan:
    """The plan for `day`, once that day's morning report has been read (§11a.1)."""
    if state.plan is None or state.plan.day != day:
        raise InvalidInput(
            f"read the morning report of {day.isoformat()} before prescribing that day"
        )
    return state.plan


def planned_session(state: PlanState, day: date) -> SessionRecord:
    """What was prescribed for `day` (the current day)."""
    entry = state.entry(day)
    if entry is None:
        raise InvalidInput(f"no plan for {day.isoformat()} yet")
    return entry.planned


def _apply_morning(
    state: PlanState,
    morning: MorningReport,
    overrides: tuple[ClinicianOverride, ...] = (),
    choices: RunnerChoices = NO_CHOICES,
) -> tuple[PlanState, Decision]:
    last = state.decided_on
    if last is not None and morning.day <= last:
        raise InvalidInput(
            f"the morning of {morning.day.isoformat()} comes after {last.isoformat()}: days are "
            "read in order, once each"
        )
    if last is None and morning.day < state.start:
        raise InvalidInput(f"the plan starts on {state.start.isoformat()}")
    # A day skipped by the caller is a day without a check-in (§11b.5), never silently lost.
    while last is not None and last + timedelta(days=1) < morning.day:
        skipped = MorningReport(last + timedelta(days=1), reported=False)
        state, _ = _apply_morning(state, skipped, overrides, choices)
        last = state.decided_on
    state = _open_day(_close_day(state), morning)
    work = DayWork(state, morning.day, morning, overrides=clinician.active(overrides, morning.day))
    clinician.setup(work)
    runner_choices.setup(work, choices)
    if state.plan_allowed is PlanAllowed.NONE:
        work.note(Action.REFER, *state.triage_reasons)
        work.education.append(Topic.NOT_CORE_TREATMENTS)
    elif state.plan is None:
        start_day(work)
        clinician.restrain_start(work)
    else:
        adapt(work)
    plan, record = build_day(work)
    clinician.explain(work)
    runner_choices.explain(work, record)
    decision = decide(work)
    plan = replace(
        plan,
        decision=decision,
        education=tuple(dict.fromkeys(work.education)),
        notes=tuple(dict.fromkeys(n.tagged for n in work.notes)),
    )
    new = work.state
    entry = replace(new.log[-1], planned=record)
    new = replace(
        new,
        log=(*new.log[:-1], entry),
        decision=decision,
        plan=plan,
        education=plan.education,
        last_education=plan.education or new.last_education,
        run_cap_after_red=None if record.kind is SessionKind.RUN else new.run_cap_after_red,
    )
    return new, decision


def _open_day(state: PlanState, morning: MorningReport) -> PlanState:
    entry = DayEntry(morning.day, morning, SessionRecord(morning.day, state.rung, SessionKind.REST))
    log = (*state.log, entry)[-LOG_DAYS:]
    return replace(state, log=log)


def _close_day(state: PlanState) -> PlanState:
    """Yesterday's running, as the load rules will count it (§11b.9)."""
    if not state.log:
        return state
    entry = state.log[-1]
    session = entry.session
    actual = session.actual_runs if session is not None else ()
    reported = session is not None and session.reported
    run = run_done(
        entry.planned,
        actual,
        confirmed=reported,
        skipped=reported and session is not None and not session.done,
        pace=pace(state),
    )
    state = replace(state, log=(*state.log[:-1], replace(entry, run=run)))
    if run is not None:
        state = replace(state, last_run=_last_run(entry.planned, run, bool(actual)))
    return _learn_cadence(state, actual)


def _last_run(planned: SessionRecord, run: RunDone, recorded: bool) -> RunSize:
    """§11b.4's "last run": what was prescribed, or less if less was run (each of distance and
    running minutes on its own)."""
    if planned.distance_km is None or not recorded:
        return RunSize(run.distance_km, run.minutes)
    minutes = planned.running_minutes if planned.running_minutes is not None else run.minutes
    return RunSize(min(planned.distance_km, run.distance_km), min(minutes, run.minutes))


def _learn_cadence(state: PlanState, actual: tuple[ActualRun, ...]) -> PlanState:
    """R24 from recorded runs (§11b.9): keep the last cadences; start the target once a
    baseline exists."""
    samples = [float(run.cadence_spm) for run in actual if run.cadence_spm is not None]
    if not samples:
        return state
    had = baseline_of(state)
    kept = (*state.cadence_samples, *samples)[-CADENCE_RUNS:]
    state = replace(state, cadence_samples=kept)
    if had is None and baseline_of(state) is not None and state.cadence_factor <= 0:
        state = replace(state, cadence_factor=FIRST_FACTOR, cadence_changed_on=state.decided_on)
    return state


def _apply_session(state: PlanState, report: SessionReport) -> tuple[PlanState, Decision]:
    """Keep the session report for what was prescribed; answer with what the pain rules say
    about it now (R6–R8); the plan itself changes the next morning (R9)."""
    entry = state.log[-1] if state.log else None
    if entry is None or entry.day != report.day:
        raise InvalidInput(
            f"the session report of {report.day.isoformat()} must follow that day's morning"
        )
    state = replace(state, log=(*state.log[:-1], replace(entry, session=report)))
    if not report.judged:
        message = "Thanks: no session pain recorded today. The plan picks up tomorrow."
        return state, Decision(Action.HOLD, (), message)
    worst = max(
        (p for p in (report.pain_during, report.pain_after_60min) if p is not None), default=0
    )
    advice = in_session_action(worst, limp=report.limp, sharp=report.sharp)
    rules = tuple(dict.fromkeys(r.rule for r in advice.reasons))
    message = " ".join(r.message for r in advice.reasons) + (
        " Tomorrow morning's check (R9) decides the next step."
    )
    return state, Decision(Action.HOLD, rules, message)
