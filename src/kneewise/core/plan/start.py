"""Day one: where the plan starts (R21 keep running, R22 re-entry, triage gates), and why."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from kneewise.core.education import Topic
from kneewise.core.load_rules import single_run_limit
from kneewise.core.plan import cadence
from kneewise.core.plan.exercise_ladder import enforce_ceiling
from kneewise.core.plan.gates import cadence_reason
from kneewise.core.plan.ladder import ST0, ST1, ST3_FIRST, ST4
from kneewise.core.plan.models import Action
from kneewise.core.plan.morning import morning_gate, record_akps
from kneewise.core.plan.profile import RunnerProfile
from kneewise.core.plan.reviews import prognosis_note
from kneewise.core.plan.volume import MIN_RUN_KM, floor_to
from kneewise.core.plan.workday import FREEZE_DAYS, DayWork, new_load_reason
from kneewise.core.reasons import Reason
from kneewise.core.risk import risk_profile
from kneewise.core.triage import PlanAllowed

KEEP_RUNNING_SHARE = 0.8  # R21 + §1.4: "shorter runs" while rehabbing (E)


def keeps_a_run(runner: RunnerProfile) -> bool:
    """R21 needs a run to keep: a usual run, and R15's cap from the longest recent run, of at
    least the shortest run the plan prescribes (otherwise the runner comes back through
    walking and walk-run, R22)."""
    limit = single_run_limit(runner.longest_recent_run_km)
    r15_ok = limit is None or limit >= MIN_RUN_KM
    return runner.usual_run_km >= MIN_RUN_KM and r15_ok


def start_day(work: DayWork) -> None:
    """Day one: where the runner starts (R21 keep-running, R22 re-entry), and why."""
    state, day, morning = work.state, work.day, work.morning
    runner = state.runner
    function = (morning.function if morning.reported else None) or state.baseline_function
    risk = risk_profile(runner.risk_answers())
    reasons: list[Reason] = []
    if state.plan_allowed is PlanAllowed.EXERCISE_ONLY:
        start = ST0
        work.note(Action.REFER, *state.triage_reasons)
        reasons.append(
            Reason(
                "R3",
                "Running waits until a clinician has looked at your knee; gentle hip and knee "
                "exercises are fine meanwhile.",
            )
        )
        work.education.append(Topic.NOT_CORE_TREATMENTS)
    elif morning.reported and morning.swelling:
        start = ST0  # the morning gate pauses running and says why (R3)
    elif function is not None and function.green and runner.running_now and keeps_a_run(runner):
        start = ST4
        usual = runner.usual_run_km
        limit = single_run_limit(runner.longest_recent_run_km)
        cap = usual if limit is None else limit
        st4_km = max(MIN_RUN_KM, floor_to(min(usual * KEEP_RUNNING_SHARE, cap), 0.1))
        # §11a.12f: the keep-running path needs no hop test for plyometrics.
        work.state = replace(state, run_km=st4_km, hop_test_required=False)
        reasons.append(
            Reason(
                "R21",
                f"Daily activities are comfortable ({function.describe()}) and you are running, "
                f"so you can keep running: easy, flat runs of about {st4_km:.1f} km "
                "(a little shorter than usual) while the knee settles.",
            )
        )
        work.education.append(Topic.RUNNING_TWEAKS)
    elif function is not None and function.green:
        start = ST1
        reasons.append(
            Reason(
                "R22",
                f"Daily activities are comfortable ({function.describe()}), so you start with "
                "30-minute brisk walks.",
            )
        )
    else:
        start = ST0
        shown = function.describe() if function else "not reported yet"
        reasons.append(
            Reason(
                "R22",
                f"Daily activities still hurt ({shown}); until each is 2/10 or less, the plan "
                "is exercises and easy cross-training.",
            )
        )
    level = 2 if function is not None and function.green else 1
    work.state = replace(
        work.state,
        rung=start,
        exercise_level=level,
        exercise_level_since=day,
        cadence_factor=cadence.FIRST_FACTOR if runner.baseline_cadence_spm else 0.0,
        cadence_changed_on=day,
    )
    if risk.higher_risk:
        reasons.extend(risk.reasons)
        work.education.extend(risk.education)
    if (note := prognosis_note(runner.symptom_weeks)) is not None:
        reasons.append(note)
        work.education.append(Topic.GRADUAL_RECOVERY)
    if start >= ST3_FIRST and runner.baseline_cadence_spm is not None:
        reasons.append(cadence_reason(work.state))
    if morning.reported and morning.new_load is not None:
        until = day + timedelta(days=FREEZE_DAYS)
        work.state = replace(work.state, freeze_until=until)
        reasons.append(new_load_reason(morning.new_load, until))
    work.note(Action.START, *reasons)
    work.education[:0] = [Topic.COMMON_AND_MANAGEABLE, Topic.KEEP_MOVING]
    record_akps(work)
    morning_gate(work, first_day=True)
    enforce_ceiling(work)
