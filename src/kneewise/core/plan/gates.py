"""Moving on the ladder: one step at most (R13, R22 as §11a.2 assigns them), drops (R14),
and R19/R24 timing. A step up that changes a run happens on a run day, so the day that shows
the longer session is the day whose decision says "progress" (§11b.4).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from kneewise.core.education import Topic
from kneewise.core.plan import cadence
from kneewise.core.plan.ladder import (
    ST0,
    ST1,
    ST2,
    ST3_FIRST,
    ST3_LAST,
    ST4,
    ST5,
    rung,
    step_down,
)
from kneewise.core.plan.models import Action
from kneewise.core.plan.pauses import end_pause, start_pause
from kneewise.core.plan.runs import RED_RESTART_SHARE, run_day, usual_run_km
from kneewise.core.plan.state import Outcome, PauseKind, PlanState, RunSize
from kneewise.core.plan.volume import MIN_RUN_KM, floor_to, previous_week
from kneewise.core.plan.workday import DayWork
from kneewise.core.reasons import Reason
from kneewise.core.triage import PlanAllowed

ALL_GREEN_DAYS = 14  # R19: downhill and normal training only after 2 weeks of all-Green
ALL_GREEN_MIN_REPORTED = 10  # §11b.5: reports on at least 10 of those 14 days
RUN_GROWTH = 1.10  # R15 / R13: each step of continuous running at most 10 % longer
USUAL_VOLUME_SHARE = 0.95  # (E) "reached" allows for rounding and a short run


def apply_drop(work: DayWork) -> None:
    """R14 / R11: down one or two rungs; to ST0 it is a pause (§11b.2)."""
    state = work.state
    if work.paused_today or not work.dropped:
        return
    target = step_down(state.rung, work.dropped)
    if target == state.rung:
        return
    work.reasons.append(
        Reason("R14", f"Today: {rung(target).label} (was {rung(state.rung).label}).")
    )
    if state.rung >= ST4 > target:
        _restart_shorter(work)
    if target == ST0:
        start_pause(work, PauseKind.REGRESSION)
        return
    work.state = replace(work.state, rung=target, green_streak=0, amber_streak=0)


def _restart_shorter(work: DayWork) -> None:
    """§11a.6 / §11b.12d: after a Red in continuous running, the next run is at most 90 % of
    it, and continuous running restarts from the walk-run's last session."""
    state = work.state
    entry = state.entry(work.day - timedelta(days=1))
    last = entry.run if entry is not None and entry.outcome is Outcome.RED else None
    if last is None:
        return
    cap = RunSize(last.distance_km * RED_RESTART_SHARE, last.minutes * RED_RESTART_SHARE)
    work.state = replace(state, run_cap_after_red=cap)


def would_progress(state: PlanState, day: date) -> bool:
    """Whether the ladder would move today if nothing held it (so a hold says why)."""
    if state.plan_allowed is not PlanAllowed.FULL:
        return False
    if state.rung == ST0:
        function = state.latest_function(day)
        return function is not None and function.green and not state.awaiting_clinician_answer
    needed = 1 if state.rung in (ST1, ST2) else 2
    return state.rung != ST5 and state.green_streak >= needed


def progress(work: DayWork) -> None:
    """One rung at most (R13); each gate as §11a.2 assigns it."""
    state, day = work.state, work.day
    if state.plan_allowed is not PlanAllowed.FULL or not work.may_progress_running:
        return
    current = state.rung
    cap = work.rung_cap  # a clinician's cap (CLIN): runs may still grow within ST4
    if cap is not None and current >= cap and current != ST4:
        return
    if current == ST0:
        _leave_st0(work)
    elif current == ST1 and state.green_streak >= 1:
        _move(
            work,
            ST2,
            Reason(
                "R22",
                "A 30-minute brisk walk passed without pain, limp or a worse morning: "
                "next is the hop test.",
            ),
        )
    elif current == ST2 and state.green_streak >= 1:
        work.state = replace(state, hop_test_passed=True)
        end_pause(work)
        _move(
            work,
            ST3_FIRST,
            Reason(
                "R22",
                "The hop test passed and the knee was fine this morning: walk-run starts "
                "at phase 1.",
            ),
        )
        work.education.append(Topic.RUNNING_TWEAKS)
    elif state.green_streak >= 2 and ST3_FIRST <= current <= ST4:
        _running_step(work, day)


def _leave_st0(work: DayWork) -> None:
    state = work.state
    function = state.latest_function(work.day)
    waiting = state.awaiting_clinician_answer
    if function is None or not function.green or waiting or work.morning.swelling:
        return
    _move(
        work,
        ST1,
        Reason(
            "R22",
            f"Daily activities are comfortable ({function.describe()}): time for 30-minute "
            "brisk walks.",
        ),
    )


def _running_step(work: DayWork, day: date) -> None:
    """Walk-run phases, continuous running, its growth and usual training: on run days only."""
    state = work.state
    current = state.rung
    slot = run_day(
        state,
        day,
        current,
        weekdays=work.run_weekdays,
        chosen=work.chosen_weekdays,
        carried=work.carried is not None,
    )
    if not slot.runs or work.move_today:
        return  # the step comes with the next run (holding_reason says so)
    if current < ST3_LAST:
        phase = current - ST3_FIRST + 1
        _move(
            work,
            current + 1,
            Reason(
                "R13",
                f"Two green-passed sessions in a row at walk-run phase {phase}: on to "
                f"phase {phase + 1}.",
            ),
            Reason("R23", "Walk-run phases follow the 6-step ladder with a rest day between runs."),
        )
    elif current == ST3_LAST:
        last = state.last_run
        start_km = last.distance_km if last and last.distance_km else 0.0
        work.state = replace(state, run_km=max(MIN_RUN_KM, floor_to(start_km, 0.1)))
        _move(
            work,
            ST4,
            Reason(
                "R13", "Two green-passed continuous runs in a row: on to continuous easy running."
            ),
        )
        work.education.append(Topic.NO_BIG_JUMPS)
    elif current == ST4:
        _grow_or_reach_usual(work, day)


def _grow_or_reach_usual(work: DayWork, day: date) -> None:
    """§11b.7: runs grow to the usual run; ST5 once the usual week is reached."""
    state = work.state
    usual = usual_run_km(state)
    if state.run_km < usual - 1e-9:
        longer = floor_to(min(state.run_km * RUN_GROWTH, usual), 0.1)
        if longer <= state.run_km:
            longer = min(usual, state.run_km + 0.1)
        work.state = replace(state, run_km=longer, green_streak=0)
        work.note(
            Action.PROGRESS,
            Reason(
                "R13",
                f"Two green-passed runs in a row: your easy run grows from {state.run_km:.1f} to "
                f"{longer:.1f} km.",
            ),
            Reason("R15", "Each step is at most 10 % longer than before."),
        )
        work.education.append(Topic.NO_BIG_JUMPS)
        return
    if not usual_week_reached(state, day) or (work.rung_cap is not None and work.rung_cap <= ST4):
        return
    _move(
        work,
        ST5,
        Reason(
            "R13",
            f"Two green-passed runs at your usual {usual:.1f} km and a usual week behind you: back "
            "to your usual training, with the caps still on. A good moment to retake the knee "
            "score.",
        ),
    )
    work.education.append(Topic.DOWNHILL_AND_STAIRS)


def usual_week_km(state: PlanState) -> float:
    runner = state.runner
    if runner.usual_weekly_km > 0:
        return runner.usual_weekly_km
    return runner.usual_runs * usual_run_km(state)


def usual_week_reached(state: PlanState, day: date) -> bool:
    """§11b.7: last week reached the usual volume and number of runs."""
    week = previous_week(state, day)
    runs = state.runner.usual_runs
    return week.km >= USUAL_VOLUME_SHARE * usual_week_km(state) and week.run_days >= runs


def _move(work: DayWork, target: int, *reasons: Reason) -> None:
    work.state = replace(work.state, rung=target, green_streak=0, amber_streak=0)
    work.moved = True
    work.note(Action.PROGRESS, *reasons)


def all_green_for(state: PlanState, day: date, days: int = ALL_GREEN_DAYS) -> bool:
    """R19 with §11b.5: in the `days` days before `day`, running all the time, every session
    reported and green-passed, and reports on at least 10 of 14 days."""
    first = day - timedelta(days=days)
    entries = state.entries_between(first, day - timedelta(days=1))
    if len(entries) < days or any(e.planned.rung < ST3_FIRST for e in entries):
        return False
    reported = sum(1 for e in entries if e.morning.reported or (e.session and e.session.reported))
    if reported * ALL_GREEN_DAYS < ALL_GREEN_MIN_REPORTED * days:
        return False
    return all(e.outcome in (Outcome.GREEN_PASSED, Outcome.SKIPPED, Outcome.NONE) for e in entries)


def cadence_step(work: DayWork) -> None:
    """R24 on a day with a run: +5 % first; another small step after each 2 weeks of
    all-green running."""
    state = work.state
    if not work.may_progress_running:
        return
    if state.cadence_factor <= 0 or state.cadence_factor >= cadence.MAX_FACTOR:
        return
    since = state.cadence_changed_on or state.start
    if (work.day - since).days < ALL_GREEN_DAYS or not all_green_for(state, work.day):
        return
    factor = cadence.next_factor(state.cadence_factor)
    work.state = replace(state, cadence_factor=factor, cadence_changed_on=work.day)
    work.note(Action.PROGRESS, cadence_reason(work.state))


def cadence_reason(state: PlanState) -> Reason:
    baseline = cadence.baseline_of(state)
    target = cadence.target_of(state)
    percent = round((state.cadence_factor - 1) * 100, 1)
    extra = (
        " With a baseline at or below 170, this tweak is one of the most useful."
        if baseline is not None and baseline <= cadence.PRIORITY_BASELINE_SPM
        else ""
    )
    return Reason(
        "R24",
        f"Step-rate target {target} steps/min: your own {baseline} plus {percent:g} %, "
        f"slightly quicker, shorter steps (never a fixed 180).{extra}",
    )
