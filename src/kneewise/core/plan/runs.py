"""Today's run: whether the week has one today (R17, R23, §11b.7) and how long it is (R16
with §11b.6, R15 from ST4 on, §11b.12d after a Red, §11b.4 never more than the last run
unless the plan steps up today).

A walk-run session is the R23 phase's session, trimmed to the week's room when R16 binds: the
walk breaks and repeats stay, the running intervals get shorter (to the second).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from kneewise.core.plan import runner_choices
from kneewise.core.plan.ladder import ST3_FIRST, ST3_LAST, ST4, WalkRunPhase, rung
from kneewise.core.plan.models import Intensity, Intervals, RunPrescription, Terrain
from kneewise.core.plan.state import PlanState, RunSize
from kneewise.core.plan.volume import (
    MIN_RUN_KM,
    WeekRoom,
    floor_to,
    pace,
    planned_run_days,
    ran_on,
    scheduled_today,
    single_run_cap_km,
    target_runs_per_week,
    week_room,
)
from kneewise.core.reasons import Reason

MIN_WALK_RUN_MINUTES = 1.0  # (E) one running minute at least
GROWTH_EPSILON = 0.005
ROUNDING = 1e-6  # so 4.65 minutes of a 9-minute session is 279 s, not 278.99999
RED_RESTART_SHARE = 0.9  # §11b.12d: after a Red in ST4/ST5, the next run at most 90 % of it


@dataclass(frozen=True, slots=True)
class FullSession:
    """The session the rung asks for before any cap: running minutes and distance."""

    minutes: float
    km: float
    phase: WalkRunPhase | None = None


def full_session(state: PlanState, at_rung: int) -> FullSession:
    phase = rung(at_rung).walk_run
    if phase is not None:
        return FullSession(phase.running_minutes, phase.distance_km, phase)
    km = state.run_km if at_rung == ST4 else max(state.run_km, usual_run_km(state))
    return FullSession(km * pace(state), km)


def usual_run_km(state: PlanState) -> float:
    return state.runner.usual_run_km


@dataclass(frozen=True, slots=True)
class RunDay:
    """Whether the week has a run today, and the room each remaining run has; `why_not`: the
    rule that keeps a run moved here from yesterday away (R17, R23, CLIN)."""

    runs: bool
    notes: tuple[Reason, ...]
    room: WeekRoom
    days_planned: int
    per_run_minutes: float | None = None
    per_run_km: float | None = None
    why_not: Reason | None = None


def run_day(
    state: PlanState,
    day: date,
    at_rung: int,
    *,
    first_at_rung: bool = False,
    weekdays: frozenset[int] | None = None,
    chosen: frozenset[int] | None = None,
    carried: bool = False,
) -> RunDay:
    """R23 rest days in walk-run, R17 run days, the week's spread (§11b.7) and R16's room.

    `first_at_rung`: the runner reached this rung today, so the first session is today if the
    caps allow it, whatever the week's spread says. `weekdays`: a clinician's run days (CLIN),
    no run on any other weekday. `chosen`: the runner's own run days (runner_choices.py), within
    the clinician's; `carried`: yesterday's session moved here at the runner's request."""
    room = week_room(state, day)
    full = full_session(state, at_rung)
    target = target_runs_per_week(state, at_rung)
    days = planned_run_days(room, target, full.minutes, full.km)
    done = room.so_far.run_days
    walk_run = ST3_FIRST <= at_rung <= ST3_LAST
    notes: list[Reason] = []
    if days < min(target, room.run_days_limit):
        notes.append(_room_note(room, days))
    allowed = runner_choices.allowed_weekdays(weekdays, chosen)
    if chosen is not None and allowed is not None:
        days, short = runner_choices.fit_days(days, allowed, walk_run, len(chosen))
        notes.extend([short] if short is not None else [])
    if done >= room.run_days_limit:
        r17 = _r17_note(room, done)
        return RunDay(False, (*notes, r17), room, days, why_not=r17)
    if carried:
        return _carried_day(state, day, room, days, done, weekdays, walk_run, notes)
    if done >= days or (allowed is not None and day.weekday() not in allowed):
        return RunDay(False, tuple(notes), room, days)
    # A clinician's run days replace the week's even spread: run on those days while the
    # week still has runs to give (R16, R17 and R23's rest day still hold). The runner's own
    # days spread the week's runs over them.
    if chosen is not None and allowed is not None:
        scheduled = runner_choices.scheduled_on(day, allowed, done, days, walk_run)
    else:
        scheduled = weekdays is not None or scheduled_today(day, done, days)
    if walk_run and ran_on(state, day - timedelta(days=1)):
        return RunDay(False, tuple(notes), room, days)  # R23: a rest day between sessions
    if not first_at_rung and not scheduled:
        return RunDay(False, tuple(notes), room, days)
    return _with_room(room, days, done, notes)


def _with_room(room: WeekRoom, days: int, done: int, notes: list[Reason]) -> RunDay:
    left = max(1, days - done)
    minutes = None if room.minutes_left is None else room.minutes_left / left
    km = None if room.km_left is None else room.km_left / left
    return RunDay(True, tuple(notes), room, days, minutes, km)


def _carried_day(
    state: PlanState,
    day: date,
    room: WeekRoom,
    days: int,
    done: int,
    weekdays: frozenset[int] | None,
    walk_run: bool,
    notes: list[Reason],
) -> RunDay:
    """The runner moved yesterday's session here: it runs today even on a day they did not
    choose (they asked), but a clinician's days (CLIN), R23's rest day and R17 still hold."""
    why_not: Reason | None = None
    if weekdays is not None and day.weekday() not in weekdays:
        why_not = Reason("CLIN", "today is not one of your physiotherapist's run days.")
    elif walk_run and ran_on(state, day - timedelta(days=1)):
        why_not = Reason("R23", "walk-run needs a rest day after yesterday's run.")
    if why_not is not None:
        return RunDay(False, tuple(notes), room, days, why_not=why_not)
    return _with_room(room, max(days, done + 1), done, notes)


@dataclass(frozen=True, slots=True)
class SizedRun:
    prescription: RunPrescription
    notes: tuple[Reason, ...]
    grew: bool  # longer than the last run (minutes or distance): a step up (§11b.4)
    full: bool  # the rung's whole session: only these count towards the next step (R13)


def size_run(
    state: PlanState,
    day: date,
    slot: RunDay,
    *,
    may_grow: bool,
    normal: bool,
    cadence: int | None,
) -> tuple[SizedRun | None, tuple[Reason, ...]]:
    """Today's run, or None (with the cap that left too little)."""
    full = full_session(state, state.rung)
    notes: list[Reason] = []
    share = 1.0
    room_share = _room_share(slot, full)
    if room_share < share:
        share = room_share
        notes.append(_r16_trim_note(slot))
    if state.rung >= ST4:
        cap, longest = single_run_cap_km(state, day)
        if cap is not None and full.km * share > cap:
            share = cap / full.km
            notes.append(
                Reason(
                    "R15",
                    f"Your longest run in the last 30 days was {longest:.1f} km, so no single run "
                    f"goes beyond {cap:.1f} km (10 % more).",
                )
            )
    # Below these a session is not worth going out for; shorter sessions are fine otherwise,
    # so the engine never empties a week itself (an empty week would exempt the next from R16).
    too_short = (
        full.km * share < MIN_RUN_KM
        if full.phase is None
        else full.minutes * share < MIN_WALK_RUN_MINUTES
    )
    if too_short:
        notes.append(
            Reason(
                notes[-1].rule if notes else "R16",
                "The caps leave too little for a real run today, so today is a rest day.",
            )
        )
        return None, tuple(notes)
    for limit, why in _hard_limits(state, may_grow):
        limited = _share_within(full, limit)
        if limited < share:
            share = limited
            notes.append(why)
    if share <= 0:
        return None, tuple(notes)
    prescription = _prescription(full, share, normal, cadence, pace(state))
    last = state.last_run
    grew = last is not None and _longer(prescription, last)
    full_size = share >= 1.0 - 1e-6
    if not full_size and full.phase is not None:
        notes.append(
            Reason(
                "R13",
                f"Walk-run phase {full.phase.number} counts as done after two green-passed full "
                f"sessions ({full.phase.running_minutes} running minutes).",
            )
        )
    return SizedRun(prescription, tuple(notes), grew, full_size), tuple(notes)


def _room_share(slot: RunDay, full: FullSession) -> float:
    return _share_within(full, RunSize(slot.per_run_km, slot.per_run_minutes))


def _hard_limits(state: PlanState, may_grow: bool) -> list[tuple[RunSize, Reason]]:
    limits: list[tuple[RunSize, Reason]] = []
    if state.run_cap_after_red is not None:
        limits.append(
            (
                state.run_cap_after_red,
                Reason(
                    "R14",
                    "After the red run, the next run is clearly shorter: at most 90 % of it.",
                ),
            )
        )
    if not may_grow and state.last_run is not None:
        limits.append(
            (
                state.last_run,
                Reason(
                    "R14",
                    "Nothing steps up today, so today's run is no longer than your last one.",
                ),
            )
        )
    return limits


def _share_within(full: FullSession, limit: RunSize) -> float:
    share = 1.0
    if limit.minutes is not None and full.minutes > 0:
        share = min(share, limit.minutes / full.minutes)
    if limit.distance_km is not None and full.km > 0:
        share = min(share, limit.distance_km / full.km)
    return max(0.0, share)


def _longer(run: RunPrescription, last: RunSize) -> bool:
    minutes_more = last.minutes is not None and run.running_minutes > last.minutes + GROWTH_EPSILON
    km_more = (
        last.distance_km is not None
        and run.distance_km is not None
        and run.distance_km > last.distance_km + GROWTH_EPSILON
    )
    return minutes_more or km_more


def _prescription(
    full: FullSession, share: float, normal: bool, cadence: int | None, minutes_per_km: float
) -> RunPrescription:
    terrain = Terrain.ANY if normal else Terrain.FLAT
    intensity = Intensity.NORMAL if normal else Intensity.EASY
    phase = full.phase
    if phase is None:
        km = floor_to(full.km * share)
        minutes = floor_to(km * minutes_per_km)
        return RunPrescription(minutes, minutes, None, km, terrain, intensity, cadence)
    if phase.continuous:
        minutes = floor_to(phase.running_minutes * share)
        km = floor_to(phase.distance_km * minutes / phase.running_minutes)
        return RunPrescription(minutes, minutes, None, km, terrain, intensity, cadence)
    intervals = _trimmed_intervals(phase, phase.running_minutes * share)
    running = intervals.run_seconds * intervals.repeats / 60
    km = floor_to(phase.distance_km * running / phase.running_minutes)
    return RunPrescription(
        running_minutes=floor_to(running),
        total_minutes=floor_to(intervals.total_seconds / 60),
        intervals=intervals,
        distance_km=km,
        terrain=terrain,
        intensity=intensity,
        cadence_target_spm=cadence,
    )


def _trimmed_intervals(phase: WalkRunPhase, minutes: float) -> Intervals:
    """The phase's run/walk repeats with the running parts shortened to fit `minutes`; each run
    part at least a minute (fewer repeats if need be)."""
    if minutes >= phase.running_minutes - 1e-9:
        return Intervals(phase.run_min * 60, phase.walk_min * 60, phase.repeats)
    repeats = phase.repeats
    run_seconds = math.floor(minutes * 60 / repeats + ROUNDING)
    if run_seconds < 60:
        repeats = max(1, math.floor(minutes + ROUNDING))
        run_seconds = math.floor(minutes * 60 / repeats + ROUNDING)
    return Intervals(run_seconds, phase.walk_min * 60, repeats)


def _room_note(room: WeekRoom, days: int) -> Reason:
    return Reason(
        "R16",
        f"This week has room for {days} run{'s' if days != 1 else ''}: running may grow by at "
        f"most {round((room.factor - 1) * 100)} % on last week, so fewer, fuller sessions "
        "rather than many very short ones.",
    )


def _r16_trim_note(slot: RunDay) -> Reason:
    room = slot.room
    previous = room.previous
    parts = []
    if room.minutes_limit is not None:
        parts.append(f"{room.minutes_limit:.1f} running minutes")
    if room.km_limit is not None:
        parts.append(f"{room.km_limit:.1f} km")
    return Reason(
        "R16",
        f"This week's running may reach {' and '.join(parts)} ({round((room.factor - 1) * 100)} "
        f"% more than last week's {previous.minutes:.1f} minutes, {previous.km:.1f} km); "
        f"{room.so_far.minutes:.1f} minutes done so far, so today's session is shorter to fit.",
    )


def _r17_note(room: WeekRoom, done: int) -> Reason:
    return Reason(
        "R17",
        f"You have run on {done} day{'s' if done != 1 else ''} this week; at most "
        f"{room.run_days_limit} (one more than last week) keeps the change gentle, so no run "
        "today.",
    )
