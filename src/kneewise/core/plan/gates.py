"""Moving on the ladder: one step up at most (R13, R22), drops (R14), and R19/R24 timing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from kneewise.core.education import Topic
from kneewise.core.pain import GreenPass, assess_day
from kneewise.core.plan import cadence
from kneewise.core.plan.caps import floor_km
from kneewise.core.plan.ladder import (
    ST0,
    ST1,
    ST2,
    ST3_FIRST,
    ST3_LAST,
    ST4,
    ST5,
    WALK_RUN_PHASES,
    rung,
    step_down,
)
from kneewise.core.plan.models import Action
from kneewise.core.plan.profile import MorningReport
from kneewise.core.plan.state import PlanState
from kneewise.core.plan.workday import DayWork
from kneewise.core.reasons import Reason
from kneewise.core.triage import PlanAllowed

ALL_GREEN_DAYS = 14  # R19: downhill and normal training only after 2 weeks of all-Green
PAUSE_MIN_DAYS = 7  # R12: running resumes no sooner than a week after the last red (E)
ST4_GROWTH = 1.10  # R15: each step of continuous running at most 10 % longer
ST4_RESTART_SHARE = 0.8  # §11a.6: after a red in continuous running, a clearly shorter run


def apply_drop(work: DayWork) -> None:
    state = work.state
    target = step_down(state.rung, work.dropped)
    if any(a in (Action.PAUSE_RUNNING, Action.REFER) for a in work.actions):
        target = ST0
    st4_km = state.st4_km
    if state.rung >= ST4 > target or (state.rung == ST5 and target == ST4):
        # §11a.6: after continuous running, the next continuous run is clearly shorter.
        st4_km = max(WALK_RUN_PHASES[-1].distance_km, floor_km(st4_km * ST4_RESTART_SHARE))
    if target != state.rung:
        work.reasons.append(
            Reason("R14", f"Today: {rung(target).label} (was {rung(state.rung).label}).")
        )
    work.state = replace(state, rung=target, green_streak=0, st4_km=st4_km)


def would_progress(work: DayWork) -> bool:
    state = work.state
    needed = 1 if state.rung in (ST1, ST2) else 2
    return state.rung != ST0 and state.rung != ST5 and state.green_streak >= needed


def progress(work: DayWork, morning: MorningReport) -> None:
    """One rung at most (R13); each gate as §11a.2 assigns it."""
    state, day = work.state, work.day
    current = state.rung
    if state.plan_allowed is not PlanAllowed.FULL:
        return
    if current == ST0:
        function = state.latest_function(day)
        paused = state.paused_on is not None and (day - state.paused_on).days < PAUSE_MIN_DAYS
        if function is not None and function.green and not paused and not morning.swelling:
            _move(
                work,
                ST1,
                Reason(
                    "R22",
                    f"Daily activities are comfortable ({function.describe()}): time for 30-minute "
                    "brisk walks.",
                ),
            )
        return
    if current == ST1 and state.green_streak >= 1:
        _move(
            work,
            ST2,
            Reason(
                "R22",
                "A 30-minute brisk walk passed without pain, limp or a worse morning: "
                "next is the hop test.",
            ),
        )
        return
    if current == ST2 and state.green_streak >= 1:
        work.state = replace(work.state, hop_test_passed=True)
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
        return
    if state.green_streak < 2:
        return
    if ST3_FIRST <= current < ST3_LAST:
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
        work.state = replace(work.state, st4_km=max(state.st4_km, WALK_RUN_PHASES[-1].distance_km))
        _move(
            work,
            ST4,
            Reason(
                "R13",
                "Two green-passed continuous runs in a row: on to continuous easy running.",
            ),
        )
        work.education.append(Topic.NO_BIG_JUMPS)
    elif current == ST4:
        usual = state.runner.usual_run_km
        if state.st4_km < usual:
            longer = floor_km(min(state.st4_km * ST4_GROWTH, usual))
            work.state = replace(state, st4_km=longer, green_streak=0)
            work.note(
                Action.PROGRESS,
                Reason(
                    "R13",
                    f"Two green-passed runs in a row: your easy run grows from "
                    f"{state.st4_km:.1f} to {longer:.1f} km.",
                ),
                Reason("R15", "Each step is at most 10 % longer than before."),
            )
            work.education.append(Topic.NO_BIG_JUMPS)
        elif all_green_for(state, day, ALL_GREEN_DAYS):
            _move(
                work,
                ST5,
                Reason(
                    "R13",
                    f"Two green-passed runs at your usual {usual:.1f} km: back to your usual "
                    "training, with the caps still on.",
                ),
                Reason(
                    "R19",
                    "Two weeks of all-green sessions: hills and normal pace may return gradually.",
                ),
            )
            work.education.append(Topic.DOWNHILL_AND_STAIRS)


def _move(work: DayWork, target: int, *reasons: Reason) -> None:
    work.state = replace(work.state, rung=target, green_streak=0)
    work.note(Action.PROGRESS, *reasons)


def all_green_for(state: PlanState, day: date, days: int) -> bool:
    """R19: every session of the last `days` days green-passed, and running all that time."""
    first = day - timedelta(days=days)
    records = [r for r in state.records if first <= r.day < day]
    if len(records) < days or any(r.rung < ST3_FIRST for r in records):
        return False
    reports = state.day_reports()
    for record in records:
        if record.done is False:
            continue
        assessment = assess_day(reports, record.day)
        if assessment is not None and assessment.green_pass is not GreenPass.PASSED:
            return False
    return True


def cadence_step(work: DayWork) -> None:
    """R24: +5 % first; another small step after each 2 weeks of all-green running."""
    state = work.state
    if state.cadence_factor <= 0 or state.cadence_factor >= cadence.MAX_FACTOR:
        return
    since = state.cadence_changed_on or state.start
    if (work.day - since).days >= ALL_GREEN_DAYS and all_green_for(state, work.day, ALL_GREEN_DAYS):
        factor = cadence.next_factor(state.cadence_factor)
        work.state = replace(state, cadence_factor=factor, cadence_changed_on=work.day)
        work.reasons.append(cadence_reason(work.state))


def cadence_reason(state: PlanState) -> Reason:
    baseline = state.runner.baseline_cadence_spm
    target = cadence.cadence_target(baseline, state.cadence_factor)
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
