"""Prescribing a day from the state: session, caps (R15–R17, R19), cadence (R24), exercises."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from kneewise.core.plan import caps
from kneewise.core.plan.cadence import cadence_target
from kneewise.core.plan.exercises import exercise_session
from kneewise.core.plan.gates import ALL_GREEN_DAYS, all_green_for
from kneewise.core.plan.ladder import ST0, ST1, ST2, ST4, ST5, WalkRunPhase, rung
from kneewise.core.plan.models import DayPlan, Intensity, Intervals, RunPrescription, Terrain
from kneewise.core.plan.state import PlanState, SessionKind, SessionRecord
from kneewise.core.reasons import Reason
from kneewise.core.risk import RETURN_TO_RUN_WEEKLY_CAP, risk_profile
from kneewise.core.triage import PlanAllowed

WALK_MINUTES = 30  # R22: a 30-minute brisk walk
# R27 + §11a.4: exercises on 4 days a week (within 3–5), the same weekdays every week.
EXERCISE_DAYS = frozenset({0, 2, 4, 6})
EASY_MIN_PER_KM = 7.0  # (E) to express easy runs in minutes too; an estimate, not a target
NORMAL_MIN_PER_KM = 6.0
MIN_RUN_KM = 1.0  # a capped run shorter than this is not worth going out for (E)
CROSS_TRAINING_ST0 = "Easy cycling or swimming, 20–30 minutes, keeping knee pain at 2/10 or less"
CROSS_TRAINING_OPTIONAL = "Optional: easy cycling or swimming, up to 20 minutes"


def prescribe(state: PlanState, day: date) -> DayPlan:
    """The plan for `day`, from the state after that day's morning report (§11a.1)."""
    return _plan(state, day)[0]


def planned_session(state: PlanState, day: date) -> SessionRecord:
    """What `prescribe` set for `day`, as the caps and the pain rules will remember it."""
    return _plan(state, day)[1]


def _plan(state: PlanState, day: date) -> tuple[DayPlan, SessionRecord]:
    current = rung(state.rung)
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
        education=state.education,
    )
    if state.plan_allowed is PlanAllowed.NONE:
        return base, SessionRecord(day, state.rung, SessionKind.REST)
    exercise_day = (day - state.start).days % 7 in EXERCISE_DAYS
    exercises = (
        exercise_session(
            state.exercise_level,
            plyometrics_allowed=state.hop_test_passed,
            day_index=(day - state.start).days,
        )
        if exercise_day
        else ()
    )
    plan = replace(base, exercises=exercises)
    level = state.exercise_level if exercises else None
    kind = SessionKind.EXERCISE if exercises else SessionKind.REST

    if state.rung == ST0:
        plan = replace(plan, cross_training=CROSS_TRAINING_ST0)
        return plan, SessionRecord(day, state.rung, SessionKind.EXERCISE, exercise_level=level)
    if state.rung == ST1:
        plan = replace(plan, walk_minutes=WALK_MINUTES)
        return plan, SessionRecord(day, state.rung, SessionKind.WALK, exercise_level=level)
    if state.rung == ST2:
        plan = replace(plan, hop_test=True)
        return plan, SessionRecord(day, state.rung, SessionKind.HOP_TEST, exercise_level=level)

    run, notes = _run(state, day)
    plan = replace(plan, notes=tuple(n.tagged for n in notes))
    if run is None:
        if state.rung < ST4:
            plan = replace(plan, cross_training=CROSS_TRAINING_OPTIONAL)
            kind = SessionKind.EXERCISE
        return plan, SessionRecord(day, state.rung, kind, exercise_level=level)
    plan = replace(plan, run=run)
    record = SessionRecord(
        day,
        state.rung,
        SessionKind.RUN,
        distance_km=run.distance_km,
        running_minutes=run.running_minutes,
        exercise_level=level,
    )
    return plan, record


def _run(state: PlanState, day: date) -> tuple[RunPrescription | None, list[Reason]]:
    """Today's run, if any: spacing, then R17, R15 and R16 in that order."""
    notes: list[Reason] = []
    last_run = max((r.day for r in state.records if r.ran and r.day < day), default=None)
    if not _run_day_by_spacing(state, day, last_run):
        return None, notes
    allowed, why = caps.run_day_allowed(state, day)
    if not allowed:
        return None, [why]

    current = rung(state.rung)
    phase = current.walk_run
    if phase is not None:
        target_km = phase.distance_km
    elif state.rung == ST4:
        target_km = state.st4_km
    else:
        target_km = state.runner.usual_run_km
    planned_km = target_km

    cap, cap_reason = caps.single_run_cap(state, day)
    if cap is not None and planned_km > cap:
        planned_km = cap
        if cap_reason:
            notes.append(cap_reason)
    if state.rung >= ST4:
        weekly_cap = _weekly_cap(state)
        room, room_reason = caps.weekly_room_km(state, day, weekly_cap)
        if room is not None and planned_km > room:
            notes.append(room_reason)
            # A stub run to fill the week helps nobody: below half the run, rest instead.
            if room < max(MIN_RUN_KM, planned_km / 2):
                return None, notes
            planned_km = room
    planned_km = caps.floor_km(planned_km)
    if planned_km < MIN_RUN_KM:
        # The caps leave too little for a real run (a tiny reference run or week): rest.
        notes.append(Reason("R15", f"The caps leave only {planned_km:.1f} km today: no run."))
        return None, notes

    normal = state.rung == ST5 and all_green_for(state, day, ALL_GREEN_DAYS)
    cadence = cadence_target(state.runner.baseline_cadence_spm, state.cadence_factor)
    terrain = Terrain.ANY if normal else Terrain.FLAT
    intensity = Intensity.NORMAL if normal else Intensity.EASY
    if phase is not None:
        return _walk_run(phase, planned_km, terrain, intensity, cadence), notes
    pace = NORMAL_MIN_PER_KM if normal else EASY_MIN_PER_KM
    minutes = max(1, round(planned_km * pace))
    run = RunPrescription(
        running_minutes=minutes,
        total_minutes=minutes,
        intervals=None,
        distance_km=planned_km,
        terrain=terrain,
        intensity=intensity,
        cadence_target_spm=cadence,
    )
    return run, notes


def _walk_run(
    phase: WalkRunPhase,
    planned_km: float,
    terrain: Terrain,
    intensity: Intensity,
    cadence: int | None,
) -> RunPrescription:
    """R23: the phase's intervals; shortened in proportion if a cap cut the distance."""
    share = min(1.0, planned_km / phase.distance_km)
    repeats = max(1, int(phase.repeats * share))
    if phase.continuous:
        minutes = max(1, round(phase.run_min * share))
        return RunPrescription(minutes, minutes, None, planned_km, terrain, intensity, cadence)
    return RunPrescription(
        running_minutes=phase.run_min * repeats,
        total_minutes=(phase.run_min + phase.walk_min) * repeats,
        intervals=Intervals(phase.run_min, phase.walk_min, repeats),
        distance_km=planned_km,
        terrain=terrain,
        intensity=intensity,
        cadence_target_spm=cadence,
    )


def _run_day_by_spacing(state: PlanState, day: date, last_run: date | None) -> bool:
    """R23: at least one rest day between runs while rehabbing (ST3, ST4); in ST5 the runner's
    usual number of runs, back to back only when the week needs it."""
    yesterday = day - timedelta(days=1)
    if last_run is None or last_run < yesterday:
        if state.rung != ST5:
            return True
    elif state.rung != ST5:
        return False
    wanted = max(1, state.runner.usual_runs_per_week)
    done = caps.week_load(state, day, before_day=True).run_days
    if done >= wanted:
        return False
    _, last_day = state.week_bounds(day)
    days_left = (last_day - day).days + 1
    rested = last_run is None or last_run < yesterday
    return rested or days_left <= wanted - done


def _weekly_cap(state: PlanState) -> float:
    """R16: 1.05 in return-to-run (ST3–ST4) and for the higher-risk profile (R35), else 1.10."""
    if state.rung < ST5:
        return RETURN_TO_RUN_WEEKLY_CAP
    return risk_profile(state.runner.risk_answers()).weekly_volume_cap
