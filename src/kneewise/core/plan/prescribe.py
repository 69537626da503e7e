"""Prescribing the day the morning decided: session (walk, hop test, run with its caps),
cross-training, cadence (R24) and exercises (R26–R29), and what the day is remembered as."""

from __future__ import annotations

from dataclasses import replace

from kneewise.core.plan import runner_choices
from kneewise.core.plan.cadence import target_of
from kneewise.core.plan.exercise_ladder import is_exercise_day, plyometrics_allowed
from kneewise.core.plan.exercises import exercise_session
from kneewise.core.plan.gates import all_green_for, cadence_step
from kneewise.core.plan.ladder import ST0, ST1, ST2, ST5
from kneewise.core.plan.models import Action, DayPlan
from kneewise.core.plan.overrides import swap_excluded
from kneewise.core.plan.runs import run_day, size_run
from kneewise.core.plan.state import SessionKind, SessionRecord
from kneewise.core.plan.workday import DayWork
from kneewise.core.reasons import Reason
from kneewise.core.triage import PlanAllowed

WALK_MINUTES = 30  # R22: a 30-minute brisk walk
CROSS_TRAINING_ST0 = "Easy cycling or swimming, 20–30 minutes, keeping knee pain at 2/10 or less"
CROSS_TRAINING_OPTIONAL = "Optional: easy cycling or swimming, up to 20 minutes"
CROSS_TRAINING_GENTLE = "Optional: easy cycling or swimming if it does not hurt, up to 20 minutes"


def build_day(work: DayWork) -> tuple[DayPlan, SessionRecord]:
    """The day's plan (its decision is filled in by the caller) and what was prescribed."""
    state, day = work.state, work.day
    current = state.current
    base = DayPlan(
        day=day,
        stage=current.stage,
        walk_run_phase=current.phase,
        run=None,
        walk_minutes=None,
        hop_test=False,
        cross_training=None,
        exercises=(),
        decision=state.decision,
    )
    if state.plan_allowed is PlanAllowed.NONE:
        return base, SessionRecord(day, state.rung, SessionKind.REST)
    exercises = (
        exercise_session(
            state.exercise_level,
            plyometrics_allowed=plyometrics_allowed(state, day) and not work.red_morning,
            day_index=(day - state.start).days,
        )
        if is_exercise_day(state, day)
        else ()
    )
    if work.excluded and exercises:
        # CLIN: a clinician's exclusions, each swapped for a suitable exercise where one exists.
        exercises, work.swaps = swap_excluded(exercises, work.excluded)
    plan = replace(base, exercises=exercises)
    level = state.exercise_level if exercises else None
    rest = SessionRecord(day, state.rung, SessionKind.EXERCISE if exercises else SessionKind.REST,
                         exercise_level=level)  # fmt: skip
    if state.rung == ST0 or work.red_morning:
        gentle = CROSS_TRAINING_GENTLE if work.red_morning else CROSS_TRAINING_ST0
        plan = replace(plan, cross_training=gentle)
        return plan, replace(rest, kind=SessionKind.EXERCISE, cross_training=True)
    if state.rung == ST1:
        plan = replace(plan, walk_minutes=WALK_MINUTES)
        return plan, replace(rest, kind=SessionKind.WALK)
    if state.rung == ST2:
        if work.move_today:  # the runner moved it to tomorrow (runner_choices.py)
            return plan, runner_choices.moved_away(work, rest, SessionKind.HOP_TEST)
        return replace(plan, hop_test=True), replace(rest, kind=SessionKind.HOP_TEST)
    return _running_day(work, plan, rest)


def _running_day(
    work: DayWork, plan: DayPlan, rest: SessionRecord
) -> tuple[DayPlan, SessionRecord]:
    state, day = work.state, work.day
    # The day a runner reaches a running rung (or starts on one) has its first session.
    first = work.moved or state.plan is None
    slot = run_day(
        state,
        day,
        state.rung,
        first_at_rung=first,
        weekdays=work.run_weekdays,
        chosen=work.chosen_weekdays,
        carried=work.carried is not None,
    )
    work.carried_why_not = slot.why_not
    notes: list[Reason] = list(slot.notes)
    sized = None
    if slot.runs and work.move_today:
        # The runner moved today's run to tomorrow: exercises only today (runner_choices.py).
        work.notes.extend(notes)
        return plan, runner_choices.moved_away(work, rest, SessionKind.RUN)
    if slot.runs:
        cadence_step(work)
        state = work.state
        normal = state.rung == ST5 and all_green_for(state, day)
        sized, size_notes = size_run(
            state,
            day,
            slot,
            may_grow=work.may_progress_running,
            normal=normal,
            cadence=target_of(state),
        )
        notes.extend(size_notes)
    work.notes.extend(notes)
    if sized is None:
        if state.rung < ST5:
            plan = replace(plan, cross_training=CROSS_TRAINING_OPTIONAL)
            rest = replace(rest, kind=SessionKind.EXERCISE, cross_training=True)
        return plan, rest
    run = sized.prescription
    if not sized.full:
        # Issue #8.6: a day that shows a shorter run than the plan's length says why, in the
        # decision itself (e.g. "grows to 6.6 km" next to a 6.1 km run and R16's room).
        work.reasons.extend(n for n in sized.notes if n not in work.reasons)
    if sized.grew and not work.progressed:
        work.note(
            Action.PROGRESS,
            Reason(
                "R16",
                "Today's run is a little longer than your last one: this week's room allows it, "
                "and nothing holds the plan back.",
            ),
        )
    record = replace(
        rest,
        kind=SessionKind.RUN,
        distance_km=run.distance_km,
        running_minutes=run.running_minutes,
        full=sized.full,
    )
    return replace(plan, run=run), record
