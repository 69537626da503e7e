"""Judging yesterday's session on this morning's report: the pain rules (R6–R10), then what
they mean for the running ladder (R13, R14 with §11b.3), the exercise ladder (R28, §11b.8)
and red escalation (R12).

One session is judged per morning (the log holds consecutive days), from a handful of
days around it: the cost of a day does not depend on the length of the history.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from kneewise.core.dates import spoken_date
from kneewise.core.education import Topic
from kneewise.core.pain import (
    BASELINE_LOOKBACK_DAYS,
    GreenPass,
    MorningVerdict,
    SessionAssessment,
    Zone,
    assess_day,
)
from kneewise.core.plan.exercise_ladder import exercise_outcome
from kneewise.core.plan.ladder import rung
from kneewise.core.plan.models import Action
from kneewise.core.plan.pauses import start_pause
from kneewise.core.plan.reports import recent_reports
from kneewise.core.plan.state import DayEntry, Outcome, PauseKind, PlanState, SessionKind
from kneewise.core.plan.workday import DayWork
from kneewise.core.reasons import Reason

RED_WINDOW_DAYS = 7  # R12: two red sessions within 7 days


@dataclass(frozen=True, slots=True)
class Judged:
    """Yesterday's session as the pain rules see it."""

    entry: DayEntry
    outcome: Outcome
    assessment: SessionAssessment | None = None

    @property
    def limp(self) -> bool:
        return self.assessment is not None and self.assessment.limp

    @property
    def next_morning(self) -> MorningVerdict | None:
        morning = self.assessment.next_morning if self.assessment else None
        return morning.verdict if morning else None


def judge(state: PlanState, entry: DayEntry) -> Judged:
    """R6–R10 on `entry`'s session, with the next morning (today's) as R9 needs it."""
    session, planned = entry.session, entry.planned
    counts = planned.kind is not SessionKind.REST or bool(session and session.actual_runs)
    if session is None or not session.reported:
        return Judged(entry, Outcome.MISSING if counts else Outcome.NONE)
    if not session.done and not session.actual_runs:
        return Judged(entry, Outcome.SKIPPED)
    if not session.judged:
        # §11b.5: a blank session pain is a missing report, not a pass.
        return Judged(entry, Outcome.MISSING if counts else Outcome.NONE)
    reports = recent_reports(state, entry.day + timedelta(days=1), BASELINE_LOOKBACK_DAYS + 2)
    assessment = assess_day(reports, entry.day)
    if assessment is None:
        return Judged(entry, Outcome.MISSING if counts else Outcome.NONE)
    final = assessment.final_outcome
    if final is Zone.RED:
        outcome = Outcome.RED
    elif final is Zone.AMBER:
        outcome = Outcome.AMBER
    elif assessment.green_pass is GreenPass.PASSED:
        outcome = Outcome.GREEN_PASSED
    else:
        outcome = Outcome.NOT_PASSED
    return Judged(entry, outcome, assessment)


def judge_yesterday(work: DayWork) -> Judged | None:
    """Judge yesterday's session and apply what it means; keep the outcome in the log."""
    state = work.state
    entry = state.entry(work.day - timedelta(days=1))
    if entry is None:
        return None
    judged = judge(state, entry)
    log = tuple(replace(e, outcome=judged.outcome) if e is entry else e for e in state.log)
    work.state = replace(state, log=log)
    if judged.outcome is Outcome.GREEN_PASSED:
        work.state = replace(work.state, last_green_pass=entry.day)
    _running_ladder(work, judged)
    exercise_outcome(work, judged.outcome, entry)
    _red_escalation(work, judged)
    return judged


def _running_ladder(work: DayWork, judged: Judged) -> None:
    """R13/R14 with §11b.3: the outcomes of the prescribed sessions at the current rung count,
    in order; rest days and days without a session neither break nor extend a streak."""
    state, entry, outcome = work.state, judged.entry, judged.outcome
    at_rung = entry.planned.kind.ladder_session and entry.planned.rung == state.rung
    what = session_name(entry)
    when = "yesterday's" if entry.day == work.day - timedelta(days=1) else "the"
    assessment = judged.assessment
    pain = f"pain {assessment.worst_pain}/10 with {when} {what}" if assessment else ""
    if outcome is Outcome.RED:
        steps = 2 if judged.limp else 1
        work.drop(steps)
        why = "with a limp" if judged.limp else "in the red zone"
        work.note(
            Action.REGRESS,
            Reason(
                "R14",
                f"{pain.capitalize()} was {why}: the plan steps back "
                f"{'two steps' if steps > 1 else 'one step'}.",
            ),
        )
        work.state = replace(work.state, green_streak=0, amber_streak=0)
        return
    if outcome is Outcome.AMBER:
        _amber(work, judged, at_rung, pain, f"{when} {what}")
        return
    if outcome is Outcome.GREEN_PASSED:
        if at_rung and entry.planned.full:
            work.state = replace(state, green_streak=state.green_streak + 1, amber_streak=0)
        elif at_rung:
            # A session a cap trimmed neither extends nor breaks the streak (R13 counts the
            # rung's whole session), but it is not amber either.
            work.state = replace(state, amber_streak=0)
        return
    if outcome is Outcome.NOT_PASSED:
        if at_rung:
            work.state = replace(state, green_streak=0)
        if judged.next_morning is MorningVerdict.HOLD:
            work.education.append(Topic.NEXT_MORNING_CHECK)
        work.hold(*_not_passed_reasons(judged, morning_reported=work.morning.reported))
        return
    if outcome is Outcome.MISSING and at_rung:
        # §11b.5: missing is not green; it does not break an amber streak either.
        work.state = replace(state, green_streak=0)
        work.hold(
            Reason(
                "R13",
                f"There is no pain report for the {what} on {spoken_date(entry.day)}, so it cannot "
                "count as green: moving on needs two reported green sessions in a row.",
            )
        )


def _amber(work: DayWork, judged: Judged, at_rung: bool, pain: str, what: str) -> None:
    state = work.state
    worse_morning = judged.next_morning is MorningVerdict.REGRESS
    if worse_morning:
        work.drop(1)
        morning = judged.assessment.next_morning if judged.assessment else None
        work.note(
            Action.REGRESS,
            *(morning.reasons if morning else ()),
            Reason(
                "R14",
                f"The knee was worse this morning after {what}: the plan steps back one step.",
            ),
        )
        work.education.append(Topic.NEXT_MORNING_CHECK)
        work.state = replace(state, green_streak=0, amber_streak=0)
    elif at_rung and state.amber_streak >= 1:
        work.drop(1)
        work.note(
            Action.REGRESS,
            Reason(
                "R14",
                f"{pain.capitalize()} was amber again, two sessions in a row at "
                f"{rung(state.rung).label}: the plan steps back one step.",
            ),
        )
        work.state = replace(state, green_streak=0, amber_streak=0)
    elif at_rung:
        work.state = replace(state, green_streak=0, amber_streak=1)
        work.hold(
            Reason(
                "R14",
                f"{pain.capitalize()} was amber (3–4/10): repeating {rung(state.rung).label} "
                "rather than moving on.",
            )
        )
    else:
        work.hold(Reason("R14", f"{pain.capitalize()} was amber (3–4/10): nothing steps up today."))


def _not_passed_reasons(judged: Judged, *, morning_reported: bool) -> tuple[Reason, ...]:
    assessment = judged.assessment
    if assessment is None:
        return ()
    if assessment.next_morning is not None and not assessment.next_morning.passed:
        return assessment.next_morning.reasons
    if assessment.next_morning is None:
        if not morning_reported:
            return ()  # the morning gate says once that there is no check-in yet
        return (
            Reason(
                "R9",
                f"There is no morning pain score today, so the session on "
                f"{spoken_date(assessment.day)} cannot count as green yet; nothing steps up today.",
            ),
        )
    return tuple(r for r in assessment.reasons if r.rule == "R10")


def _red_escalation(work: DayWork, judged: Judged) -> None:
    """R12: a second red session within 7 days, or a red with a limp still there the next day
    (the next morning's limp or the next session's)."""
    state, day = work.state, judged.entry.day
    recent = tuple(d for d in state.red_days if (day - d).days <= RED_WINDOW_DAYS)
    reasons: list[Reason] = []
    red_with_limp = state.red_with_limp
    if judged.outcome is Outcome.RED:
        earlier = [d for d in recent if d != day]
        if earlier:
            reasons.append(
                Reason(
                    "R12",
                    f"The sessions on {spoken_date(earlier[-1])} and {spoken_date(day)} both "
                    f"reached the red zone: two red sessions within {RED_WINDOW_DAYS} days.",
                )
            )
        recent = (*earlier, day)
        if judged.limp:
            red_with_limp = day
    session = judged.entry.session
    limping_since = (
        red_with_limp is not None
        and judged.outcome is not Outcome.RED
        and red_with_limp == day - timedelta(days=1)
        and session is not None
        and session.reported
        and session.limp
    )
    limping_today = red_with_limp == day and work.morning.reported and work.morning.morning_limp
    if limping_since or limping_today:
        assert red_with_limp is not None
        reasons.append(
            Reason(
                "R12",
                f"The limp from the red session on {spoken_date(red_with_limp)} was still there "
                "the next day.",
            )
        )
    work.state = replace(work.state, red_days=recent, red_with_limp=red_with_limp)
    if reasons:
        escalate(work, *reasons)


def escalate(work: DayWork, *reasons: Reason) -> None:
    work.note(Action.PAUSE_RUNNING, *reasons, Reason("R12", _R12_ADVICE))
    start_pause(work, PauseKind.RED_ESCALATION)
    work.education.append(Topic.NOT_CORE_TREATMENTS)


_R12_ADVICE = (
    "Please pause running for now and see a physiotherapist or doctor soon, so they can check "
    "what your knee needs. This is a precaution, not a cause for alarm."
)


def session_name(entry: DayEntry) -> str:
    """What the day held, in words ("walk-run phase 3", "run", "exercises", "cross-training")."""
    planned = entry.planned
    if planned.kind is SessionKind.RUN:
        current = rung(planned.rung)
        return current.label if current.walk_run else "run"
    if planned.kind is SessionKind.EXERCISE:
        if planned.exercise_level is not None:
            return "exercises"
        return "cross-training" if planned.cross_training else "session"
    if entry.session is not None and entry.session.actual_runs:
        return "run"
    return {
        SessionKind.WALK: "walk",
        SessionKind.HOP_TEST: "hop test",
        SessionKind.REST: "rest day",
    }.get(planned.kind, "session")
