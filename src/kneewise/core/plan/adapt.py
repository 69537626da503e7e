"""The morning adaptation: read the morning report and yesterday's session, decide, say why.

Order of a day (§11a.1): the morning report is read first (this module), then the day is
prescribed (`prescribe.py`), then the session report is recorded (`record_session`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from kneewise.core.education import Topic
from kneewise.core.pain import AMBER_MAX, in_session_action
from kneewise.core.plan.gates import apply_drop, cadence_step, progress
from kneewise.core.plan.judge import assess_sessions, check_escalation, check_weekly_trend
from kneewise.core.plan.ladder import LADDER, ST0, ST1, ST2, ST5
from kneewise.core.plan.models import Action, Decision
from kneewise.core.plan.profile import MorningReport, SessionReport
from kneewise.core.plan.reviews import no_progress_review
from kneewise.core.plan.start import start_day
from kneewise.core.plan.state import PlanState, SessionKind, SessionRecord
from kneewise.core.plan.workday import FREEZE_DAYS, DayWork, new_load_reason, swelling_reason
from kneewise.core.reasons import Reason
from kneewise.core.triage import PlanAllowed

RED_MIN = AMBER_MAX + 1  # R6: 5/10 and above is red


def apply_morning(state: PlanState, morning: MorningReport) -> tuple[PlanState, Decision]:
    state = replace(state, mornings=(*(m for m in state.mornings if m.day != morning.day), morning))
    work = DayWork(state, morning.day)
    if state.plan_allowed is PlanAllowed.NONE:
        work.note(Action.REFER, *state.triage_reasons)
        work.education.append(Topic.NOT_CORE_TREATMENTS)
    elif state.decided_on is None:
        start_day(work, morning)
    else:
        _adapt(work, morning)
    decision = _decision(work)
    new_state = replace(
        work.state, decision=decision, decided_on=morning.day, education=tuple(work.education)
    )
    return new_state, decision


def record_session(
    state: PlanState, report: SessionReport, planned: SessionRecord
) -> tuple[PlanState, Decision]:
    """Keep the session report for what was `planned`; answer with what the pain rules say
    about it now (R6–R8); the plan itself changes the next morning (R9)."""
    record = replace(planned, done=report.done)
    state = replace(
        state,
        sessions=(*(s for s in state.sessions if s.day != report.day), report),
        records=(*(r for r in state.records if r.day != report.day), record),
    )
    if not report.done or record is None or record.kind is SessionKind.REST:
        message = "Thanks: no session recorded today. The plan picks up tomorrow."
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


def _adapt(work: DayWork, morning: MorningReport) -> None:
    state, day = work.state, work.day
    reports = state.day_reports()
    assess_sessions(work, reports)
    check_escalation(work, reports)
    if morning.swelling:
        work.note(Action.REFER, swelling_reason())
        work.state = replace(work.state, paused_on=day)
        work.drop(len(LADDER))
        work.education.append(Topic.NOT_CORE_TREATMENTS)
    check_weekly_trend(work, reports)
    if morning.new_load is not None:
        until = day + timedelta(days=FREEZE_DAYS)
        work.state = replace(work.state, freeze_until=until)
        work.note(Action.HOLD, new_load_reason(morning.new_load, until))
    if morning.morning_pain is not None and morning.morning_pain >= RED_MIN:
        # (E) Red-zone pain at rest this morning: whatever yesterday's session said, no step up.
        work.block_progress = True
        work.reasons.append(
            Reason(
                "R6",
                f"Morning pain {morning.morning_pain}/10 is in the red zone: no step up today.",
            )
        )
    if work.state.freeze_until is not None and day < work.state.freeze_until:
        work.block_progress = True
    if work.dropped:
        apply_drop(work)
    elif not work.block_progress:
        progress(work, morning)
    cadence_step(work)
    review = no_progress_review(reports, state.start, day)
    if review is not None:
        work.reasons.append(review)
        work.education.append(Topic.NOT_CORE_TREATMENTS)


def _decision(work: DayWork) -> Decision:
    actions = work.actions or [Action.HOLD]
    action = max(actions, key=lambda a: a.caution)
    if not work.actions:
        # Nothing moved today: say where the runner stands and what the next step needs.
        work.reasons.insert(0, _holding_reason(work.state))
    rules = tuple(dict.fromkeys(r.rule for r in work.reasons))
    return Decision(action, rules, " ".join(r.tagged for r in work.reasons))


def _holding_reason(state: PlanState) -> Reason:
    current = state.current
    if state.rung == ST0 and state.plan_allowed is PlanAllowed.FULL:
        return Reason(
            "R22", "Running waits until sitting, stairs and squatting are each 2/10 or less."
        )
    if state.plan_allowed is not PlanAllowed.FULL:
        return Reason("R3", "Running waits for a clinician's look; keep up the gentle exercises.")
    if state.rung == ST5:
        return Reason("R15", "Usual training continues within the caps.")
    needed = 1 if state.rung in (ST1, ST2) else 2
    return Reason(
        "R13",
        f"{state.green_streak} of {needed} green-passed session{'s' if needed > 1 else ''} "
        f"at {current.label} so far; staying here until then.",
    )
