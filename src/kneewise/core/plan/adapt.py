"""The morning adaptation: read the morning report and yesterday's session, decide, say why.

Order of a day (§11a.1): the morning report is read first (this module), then the day is
prescribed (`prescribe.py`), then the session report is recorded (`record_session`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from kneewise.core.education import Topic
from kneewise.core.pain import (
    DayReport,
    GreenPass,
    MorningVerdict,
    SessionAssessment,
    TrendVerdict,
    Zone,
    assess_day,
    in_session_action,
    red_escalation_on,
    weekly_trend,
)
from kneewise.core.plan import cadence
from kneewise.core.plan.ladder import (
    LADDER,
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
from kneewise.core.plan.models import Action, Decision
from kneewise.core.plan.profile import MorningReport, SessionReport
from kneewise.core.plan.reviews import no_progress_review, prognosis_note
from kneewise.core.plan.state import PlanState, SessionKind, SessionRecord
from kneewise.core.reasons import Reason
from kneewise.core.risk import risk_profile
from kneewise.core.triage import PlanAllowed

FREEZE_DAYS = 7  # R20: a week without running progression after new non-running knee load
ALL_GREEN_DAYS = 14  # R19: downhill and normal training only after 2 weeks of all-Green
PAUSE_MIN_DAYS = 7  # R12: running resumes no sooner than a week after the last red (E)
ST4_GROWTH = 1.10  # R15: each step of continuous running at most 10 % longer
ST4_RESTART_SHARE = 0.8  # §11a.6: after a red in continuous running, a clearly shorter run
KEEP_RUNNING_SHARE = 0.8  # R21 + §1.4: "shorter runs" while rehabbing (E)


@dataclass
class _Day:
    """Working notes of one morning's decision."""

    state: PlanState
    day: date
    actions: list[Action] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    education: list[Topic] = field(default_factory=list)
    dropped: int = 0
    block_progress: bool = False

    def note(self, action: Action, *reasons: Reason) -> None:
        self.actions.append(action)
        self.reasons.extend(reasons)

    def drop(self, steps: int) -> None:
        """R14/R11: the largest drop of the day wins; drops do not add up within a day."""
        self.dropped = max(self.dropped, steps)


def apply_morning(state: PlanState, morning: MorningReport) -> tuple[PlanState, Decision]:
    state = replace(state, mornings=(*(m for m in state.mornings if m.day != morning.day), morning))
    work = _Day(state, morning.day)
    if state.plan_allowed is PlanAllowed.NONE:
        work.note(Action.REFER, *state.triage_reasons)
        work.education.append(Topic.NOT_CORE_TREATMENTS)
    elif state.decided_on is None:
        _start(work, morning)
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


def _start(work: _Day, morning: MorningReport) -> None:
    """Day one: where the runner starts (R21 keep-running, R22 re-entry), and why."""
    state, day = work.state, work.day
    runner = state.runner
    function = morning.function or state.baseline_function
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
    elif morning.swelling:
        start = ST0
        work.note(Action.REFER, _swelling_reason())
    elif function is not None and function.green and runner.running_now:
        start = ST4
        usual = runner.usual_run_km
        cap = runner.longest_recent_run_km * 1.10 if runner.longest_recent_run_km > 0 else usual
        st4_km = round(min(usual * KEEP_RUNNING_SHARE, cap), 1)
        work.state = replace(state, st4_km=st4_km)
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
        cadence_factor=cadence.FIRST_FACTOR if runner.baseline_cadence_spm else 0.0,
        cadence_changed_on=day,
        paused_on=day if morning.swelling else None,
    )
    if risk.higher_risk:
        reasons.extend(risk.reasons)
        work.education.extend(risk.education)
    if (note := prognosis_note(runner.symptom_weeks)) is not None:
        reasons.append(note)
        work.education.append(Topic.GRADUAL_RECOVERY)
    if start >= ST3_FIRST and runner.baseline_cadence_spm is not None:
        reasons.append(_cadence_reason(work.state))
    work.note(Action.START, *reasons)
    work.education[:0] = [Topic.COMMON_AND_MANAGEABLE, Topic.KEEP_MOVING]


def _adapt(work: _Day, morning: MorningReport) -> None:
    state, day = work.state, work.day
    reports = state.day_reports()
    _assess_sessions(work, reports)
    _check_escalation(work, reports)
    if morning.swelling:
        work.note(Action.REFER, _swelling_reason())
        work.state = replace(work.state, paused_on=day)
        work.drop(len(LADDER))
        work.education.append(Topic.NOT_CORE_TREATMENTS)
    _weekly_trend(work, reports)
    if morning.new_load is not None:
        until = day + timedelta(days=FREEZE_DAYS)
        work.state = replace(work.state, freeze_until=until)
        work.note(
            Action.HOLD,
            Reason(
                "R20",
                f"New knee load ({morning.new_load.value.replace('_', ' ')}) counts as a load "
                f"change: no running progression until {until.isoformat()}.",
            ),
        )
    if work.state.freeze_until is not None and day < work.state.freeze_until:
        work.block_progress = True
    if work.dropped:
        _apply_drop(work)
    elif not work.block_progress:
        _progress(work, morning)
    _cadence_step(work)
    review = no_progress_review(reports, state.start, day)
    if review is not None:
        work.reasons.append(review)
        work.education.append(Topic.NOT_CORE_TREATMENTS)


def _assess_sessions(work: _Day, reports: list[DayReport]) -> None:
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


def _judge(work: _Day, record: SessionRecord, assessment: SessionAssessment) -> None:
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


def _exercise_change(work: _Day, direction: int, why: str) -> None:
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


def _check_escalation(work: _Day, reports: list[DayReport]) -> None:
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


def _weekly_trend(work: _Day, reports: list[DayReport]) -> None:
    """R11: hold on a rising week, step back one stage on a clearly worse one (once a week)."""
    state = work.state
    trend = weekly_trend(reports, work.day - timedelta(days=1), history_start=state.start)
    if trend.verdict is TrendVerdict.HOLD:
        work.block_progress = True
        if _would_progress(work):
            work.note(Action.HOLD, *trend.reasons)
    elif trend.verdict is TrendVerdict.REGRESS:
        last = state.last_trend_regress
        if last is None or (work.day - last).days >= 7:
            work.drop(1)
            work.note(Action.REGRESS, *trend.reasons)
            work.state = replace(work.state, last_trend_regress=work.day)
        work.block_progress = True


def _apply_drop(work: _Day) -> None:
    state = work.state
    target = step_down(state.rung, work.dropped)
    if any(a in (Action.PAUSE_RUNNING, Action.REFER) for a in work.actions):
        target = ST0
    st4_km = state.st4_km
    if state.rung >= ST4 > target or (state.rung == ST5 and target == ST4):
        # §11a.6: after continuous running, the next continuous run is clearly shorter.
        st4_km = max(WALK_RUN_PHASES[-1].distance_km, round(st4_km * ST4_RESTART_SHARE, 1))
    if target != state.rung:
        work.reasons.append(
            Reason("R14", f"Today: {rung(target).label} (was {rung(state.rung).label}).")
        )
    work.state = replace(state, rung=target, green_streak=0, st4_km=st4_km)


def _would_progress(work: _Day) -> bool:
    state = work.state
    needed = 1 if state.rung in (ST1, ST2) else 2
    return state.rung != ST0 and state.rung != ST5 and state.green_streak >= needed


def _progress(work: _Day, morning: MorningReport) -> None:
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
            longer = round(min(state.st4_km * ST4_GROWTH, usual), 1)
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


def _move(work: _Day, target: int, *reasons: Reason) -> None:
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
        if record.kind is SessionKind.REST or record.done is False:
            continue
        assessment = assess_day(reports, record.day)
        if assessment is not None and assessment.green_pass is not GreenPass.PASSED:
            return False
    return True


def _cadence_step(work: _Day) -> None:
    """R24: +5 % first; another small step after each 2 weeks of all-green running."""
    state = work.state
    if state.cadence_factor <= 0 or state.cadence_factor >= cadence.MAX_FACTOR:
        return
    since = state.cadence_changed_on or state.start
    if (work.day - since).days >= ALL_GREEN_DAYS and all_green_for(state, work.day, ALL_GREEN_DAYS):
        factor = cadence.next_factor(state.cadence_factor)
        work.state = replace(state, cadence_factor=factor, cadence_changed_on=work.day)
        work.reasons.append(_cadence_reason(work.state))


def _cadence_reason(state: PlanState) -> Reason:
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


def _swelling_reason() -> Reason:
    return Reason(
        "R3",
        "Your knee is swollen this morning. Running is paused and a physiotherapist or GP "
        "should look at it soon; gentle exercises that do not hurt are fine.",
    )


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


def _decision(work: _Day) -> Decision:
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
