"""Judging what happened: each session by the pain rules (R6–R10), then R14's consequences,
the exercise ladder (R28), Red escalation (R12) and the weekly trend (R11)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from kneewise.core.education import Topic
from kneewise.core.pain import (
    DayReport,
    GreenPass,
    MorningVerdict,
    SessionAssessment,
    TrendVerdict,
    Zone,
    assess_day,
    red_escalation_on,
    weekly_trend,
)
from kneewise.core.plan.gates import would_progress
from kneewise.core.plan.ladder import LADDER, ST1, ST2, rung
from kneewise.core.plan.models import Action
from kneewise.core.plan.state import SessionKind, SessionRecord
from kneewise.core.plan.workday import DayWork
from kneewise.core.reasons import Reason


def assess_sessions(work: DayWork, reports: list[DayReport]) -> None:
    """R6–R10 and R14 on every session whose next morning is now known (or overdue)."""
    state = work.state
    first = state.assessed_through + timedelta(days=1) if state.assessed_through else state.start
    for offset in range((work.day - first).days):
        session_day = first + timedelta(days=offset)
        record = state.record(session_day)
        if record is None or record.done is False:
            continue
        assessment = assess_day(reports, session_day)
        if assessment is None:
            continue
        _judge(work, record, assessment)
        state = work.state
    work.state = replace(work.state, assessed_through=work.day - timedelta(days=1))


def _judge(work: DayWork, record: SessionRecord, assessment: SessionAssessment) -> None:
    state = work.state
    what = _session_name(record)
    when = "yesterday" if record.day == work.day - timedelta(days=1) else record.day.isoformat()
    pain = f"pain {assessment.worst_pain}/10 with {when}'s {what}"
    final = assessment.final_outcome
    verdict = assessment.next_morning.verdict if assessment.next_morning else None
    exercises = record.exercise_level is not None
    if final is Zone.RED:
        steps = 2 if assessment.limp else 1
        work.drop(steps)
        why = "with a limp" if assessment.limp else "in the red zone"
        work.note(
            Action.REGRESS,
            Reason(
                "R14",
                f"{pain.capitalize()} was {why}: the plan steps back "
                f"{'two steps' if steps > 1 else 'one step'}.",
            ),
        )
        work.state = replace(work.state, green_streak=0, amber_streak=0)
        if exercises:
            _exercise_change(work, -1, f"red after {what}")
        return
    if final is Zone.AMBER:
        if verdict is MorningVerdict.REGRESS:
            work.drop(1)
            work.note(
                Action.REGRESS,
                *assessment.next_morning.reasons if assessment.next_morning else (),
                Reason(
                    "R14",
                    f"The knee was worse this morning after {when}'s {what}: "
                    "the plan steps back one step.",
                ),
            )
            work.education.append(Topic.NEXT_MORNING_CHECK)
            work.state = replace(work.state, green_streak=0, amber_streak=0)
        elif state.amber_streak >= 1:
            work.drop(1)
            work.note(
                Action.REGRESS,
                Reason(
                    "R14",
                    f"{pain.capitalize()} was amber again, two in a row: the plan "
                    "steps back one step.",
                ),
            )
            work.state = replace(work.state, green_streak=0, amber_streak=0)
        else:
            work.note(
                Action.HOLD,
                Reason(
                    "R14",
                    f"{pain.capitalize()} was amber (3–4/10): repeating "
                    f"{rung(state.rung).label} rather than moving on.",
                ),
            )
            work.state = replace(work.state, green_streak=0, amber_streak=1)
        work.block_progress = True
        if exercises:
            _exercise_change(work, 0, f"amber after {what}")
        return
    work.state = replace(work.state, amber_streak=0)
    counts = record.rung == state.rung and _matches_rung(record)
    if assessment.green_pass is GreenPass.PASSED:
        if counts:
            work.state = replace(work.state, green_streak=state.green_streak + 1)
        if exercises:
            _exercise_change(work, +1, f"green-passed {what}")
        return
    if not counts and verdict is not MorningVerdict.HOLD:
        # A rest or exercise day that could not be fully checked neither counts for nor
        # breaks the running ladder's streak (R13 counts sessions at the current phase).
        if exercises:
            _exercise_change(work, 0, f"{what} not green-passed")
        return
    # Green but not passed: the next morning was worse (R9 hold) or could not be checked.
    work.state = replace(work.state, green_streak=0)
    work.block_progress = True
    if verdict is MorningVerdict.HOLD:
        work.education.append(Topic.NEXT_MORNING_CHECK)
        reasons = assessment.next_morning.reasons if assessment.next_morning else ()
        work.note(Action.HOLD, *reasons)
    else:
        r10 = [r for r in assessment.reasons if r.rule == "R10"]
        work.note(Action.HOLD, *r10)
    if exercises:
        _exercise_change(work, 0, f"{what} not green-passed")


def _exercise_change(work: DayWork, direction: int, why: str) -> None:
    """R28: two green-passed exercise days up a level (L5 only after the hop test), red down."""
    state = work.state
    level = state.exercise_level
    if direction < 0:
        new_level = max(1, level - 1)
        work.state = replace(state, exercise_level=new_level, exercise_green_streak=0)
        if new_level != level:
            work.reasons.append(Reason("R28", f"Exercises go back to level {new_level} ({why})."))
        return
    if direction == 0:
        work.state = replace(state, exercise_green_streak=0)
        return
    streak = state.exercise_green_streak + 1
    ceiling = 5 if state.hop_test_passed else 4
    if streak >= 2 and level < ceiling and not work.dropped:
        work.state = replace(state, exercise_level=level + 1, exercise_green_streak=0)
        work.reasons.append(
            Reason(
                "R28",
                f"Two green-passed exercise days in a row: exercises move up to level {level + 1}.",
            )
        )
        work.education.append(Topic.HIP_AND_KNEE_STRENGTH)
    else:
        work.state = replace(state, exercise_green_streak=streak)


def check_escalation(work: DayWork, reports: list[DayReport]) -> None:
    """R12: two reds within 7 days, or a red with a limp still there the next day."""
    state = work.state
    first = (
        state.escalations_through + timedelta(days=1) if state.escalations_through else state.start
    )
    for offset in range((work.day - first).days):
        escalation = red_escalation_on(reports, first + timedelta(days=offset))
        if escalation is not None:
            work.note(Action.PAUSE_RUNNING, *escalation.reasons)
            work.drop(len(LADDER))
            work.state = replace(work.state, paused_on=work.day)
            work.education.append(Topic.NOT_CORE_TREATMENTS)
    work.state = replace(work.state, escalations_through=work.day - timedelta(days=1))


def check_weekly_trend(work: DayWork, reports: list[DayReport]) -> None:
    """R11: hold on a rising week, step back one stage on a clearly worse one (once a week)."""
    state = work.state
    trend = weekly_trend(reports, work.day - timedelta(days=1), history_start=state.start)
    if trend.verdict is TrendVerdict.HOLD:
        work.block_progress = True
        if would_progress(work):
            work.note(Action.HOLD, *trend.reasons)
    elif trend.verdict is TrendVerdict.REGRESS:
        last = state.last_trend_regress
        if last is None or (work.day - last).days >= 7:
            work.drop(1)
            work.note(Action.REGRESS, *trend.reasons)
            work.state = replace(work.state, last_trend_regress=work.day)
        work.block_progress = True


def _matches_rung(record: SessionRecord) -> bool:
    kinds = {ST1: SessionKind.WALK, ST2: SessionKind.HOP_TEST}
    return record.kind is kinds.get(record.rung, SessionKind.RUN)


def _session_name(record: SessionRecord) -> str:
    current = rung(record.rung)
    if record.kind is SessionKind.RUN:
        return current.label if current.walk_run else "run"
    return {
        SessionKind.WALK: "walk",
        SessionKind.HOP_TEST: "hop test",
        SessionKind.EXERCISE: "exercises",
        SessionKind.REST: "rest day",
        SessionKind.RUN: "run",
    }[record.kind]
