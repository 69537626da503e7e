"""The morning: read the morning report and yesterday's session, decide, say why (§11a.1).

Order of the decision: yesterday's session by the pain rules (judge.py), the morning's own
gate (§11b.1), the weekly trend (R11), new load (R20), the pause's exit question (§11b.2),
steps back (R14), then, only if nothing holds, one step up (gates.py) and the exercise ladder
(§11b.8). The day is then prescribed (prescribe.py) and the decision labelled by what the
day really asks: a run longer than the last one is a step up (§11b.4).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from fractions import Fraction

from kneewise.core.akps import akps_due_on
from kneewise.core.dates import spoken_date
from kneewise.core.education import Topic
from kneewise.core.load_rules import downhill_increased
from kneewise.core.pain import AMBER_MAX, GREEN_MAX, TrendVerdict, weekly_trend
from kneewise.core.plan import clinician
from kneewise.core.plan.exercise_ladder import enforce_ceiling, level_up_if_due
from kneewise.core.plan.gates import all_green_for, apply_drop, progress, would_progress
from kneewise.core.plan.judge import Judged, judge_yesterday
from kneewise.core.plan.ladder import ST0, ST1, ST2, ST4, ST5
from kneewise.core.plan.models import Action, Decision
from kneewise.core.plan.pauses import follow_pause, start_pause
from kneewise.core.plan.reports import recent_reports
from kneewise.core.plan.reviews import (
    EARLY_REVIEW_EVERY_DAYS,
    WEEK,
    early_review,
    mean_worst_pain,
    no_progress_review,
    prognosis_note,
    worst_pain_of_week,
)
from kneewise.core.plan.runs import usual_run_km
from kneewise.core.plan.state import AkpsScore, Outcome, PauseKind, PlanState
from kneewise.core.plan.volume import previous_week, week_tally
from kneewise.core.plan.workday import FREEZE_DAYS, DayWork, new_load_reason, swelling_reason
from kneewise.core.reasons import Reason
from kneewise.core.triage import PlanAllowed

RED_MIN = AMBER_MAX + 1  # R6: 5/10 and above is red
TREND_DAYS = 14  # R11: this week and the one before


DOWNHILL_REMINDER_M = 200.0  # (E) recorded downhill worth a word while runs should be flat


def adapt(work: DayWork) -> None:
    """Every morning after the first (the first is start.py's)."""
    judged = judge_yesterday(work)
    _recorded_downhill(work, judged)
    record_akps(work)
    morning_gate(work)
    _weekly_trend(work)
    _new_load(work)
    clinician.clear_pause(work, judged is not None and judged.outcome is Outcome.RED)
    follow_pause(work, _red_or_limp(judged))
    apply_drop(work)
    enforce_ceiling(work)
    clinician.restrain(work)  # CLIN: after the rules' own drops, before any step up
    progress(work)
    level_up_if_due(work)
    _reviews(work)


def _red_or_limp(judged: Judged | None) -> bool:
    if judged is None:
        return False
    session = judged.entry.session
    return judged.outcome is Outcome.RED or bool(session and session.reported and session.limp)


def _recorded_downhill(work: DayWork, judged: Judged | None) -> None:
    """R19 with §11b.9: downhill from the files. While runs should be flat, say so after a run
    with real downhill; in usual training, flag a week whose downhill jumps (the same rule as
    `kneewise load`)."""
    if judged is None or judged.entry.session is None:
        return
    run = judged.entry.run  # the day's recorded runs as the day closed (volume.run_done)
    downhill = run.downhill_m if run is not None else 0.0
    if downhill <= 0:
        return
    state, day = work.state, judged.entry.day
    flat = state.rung < ST5 or not all_green_for(state, day)
    if flat and downhill >= DOWNHILL_REMINDER_M:
        work.reasons.append(
            Reason(
                "R19",
                f"Your run on {spoken_date(day)} had {downhill / 1000:.1f} km downhill. Until two "
                "weeks of all-green sessions, keep runs flat: downhills load the kneecap more.",
            )
        )
        work.education.append(Topic.DOWNHILL_AND_STAIRS)
        return
    before = previous_week(state, day).downhill_m
    now = week_tally(state, day, before=day + timedelta(days=1)).downhill_m
    if downhill_increased(before, now):
        work.reasons.append(
            Reason(
                "R19",
                f"Downhill running this week is {now / 1000:.1f} km, up from "
                f"{before / 1000:.1f} km: bring downhills back gradually.",
            )
        )


def morning_gate(work: DayWork, *, first_day: bool = False) -> None:
    """§11b.1: a red morning gates the whole day; an amber one holds every step up; function
    at 3–4 holds running (§11b.12b). A day without a check-in holds too (§11b.5). On the first
    day the decision stays "start" (nothing could step up anyway); the reasons are the same."""
    morning, state = work.morning, work.state
    hold = work.hold
    if first_day:

        def hold(*reasons: Reason) -> None:
            work.hold_all = True
            work.reasons.extend(reasons)

    if not morning.reported:
        hold(
            Reason(
                "R9",
                "There is no check-in this morning yet, so nothing steps up today: the plan "
                "needs your morning report to know how the knee answered.",
            )
        )
        return
    if morning.swelling:
        work.note(Action.REFER, swelling_reason())
        start_pause(work, PauseKind.SWELLING)
        work.education.append(Topic.NOT_CORE_TREATMENTS)
    function = state.latest_function(work.day)
    reds: list[Reason] = []
    pain = morning.morning_pain
    if pain is not None and pain >= RED_MIN:
        reds.append(Reason("R6", f"Morning pain {pain}/10 is in the red zone."))
    if morning.morning_limp:
        reds.append(Reason("R6", "You are limping this morning, which counts as the red zone."))
    if function is not None and max(function.sit_30min, function.stairs, function.squat) >= RED_MIN:
        reds.append(Reason("R22", f"Daily activities hurt this morning ({function.describe()})."))
    if reds or morning.swelling:
        work.red_morning = True
        hold(
            *reds,
            Reason(
                reds[0].rule if reds else "R3",
                "So today has no run, walk-run, brisk walk or hop test, and exercises stay "
                "gentle (level 2 or below).",
            ),
        )
        return
    if pain is not None and pain > GREEN_MAX:
        hold(Reason("R6", f"Morning pain {pain}/10 is in the amber zone: nothing steps up today."))
    if function is not None and not function.green and state.rung != ST0:
        work.hold_running = True
        work.reasons.append(
            Reason(
                "R22",
                f"Daily activities are not quite comfortable ({function.describe()}): running "
                "does not step up until each is 2/10 or less.",
            )
        )


def record_akps(work: DayWork) -> None:
    """R30/R31/R33 (§11b.10): keep the first and the latest knee score; a low first score
    shows R33's message, a meaningful change R31's."""
    score = work.morning.akps  # a knee score is a report of its own, check-in or not
    if score is None:
        return
    state = work.state
    taken = AkpsScore(work.day, score)
    first = state.first_akps
    if first is None or first.day == work.day:
        work.state = replace(state, first_akps=taken, latest_akps=taken)
        note = prognosis_note(None, score)
        if note is not None:
            work.reasons.append(note)
            work.education.append(Topic.GRADUAL_RECOVERY)
        return
    work.state = replace(state, latest_akps=taken)
    change = score - first.score
    if abs(change) >= 10:
        word = "improvement" if change > 0 else "worsening"
        work.reasons.append(
            Reason(
                "R31",
                f"Your knee score went from {first.score} to {score}: a meaningful {word} "
                "(10 points or more).",
            )
        )


def _weekly_trend(work: DayWork) -> None:
    """R11: hold on a rising week, step back one stage on a clearly worse one (once a week)."""
    state = work.state
    yesterday = work.day - timedelta(days=1)
    trend = weekly_trend(
        recent_reports(state, yesterday, TREND_DAYS), yesterday, history_start=state.start
    )
    if trend.verdict is TrendVerdict.HOLD:
        work.hold_all = True
        if would_progress(state, work.day):
            work.note(Action.HOLD, *trend.reasons)
    elif trend.verdict is TrendVerdict.REGRESS:
        last = state.last_trend_regress
        if last is None or (work.day - last).days >= WEEK:
            work.drop(1)
            work.note(Action.REGRESS, *trend.reasons)
            work.state = replace(work.state, last_trend_regress=work.day)
        work.hold_all = True


def _new_load(work: DayWork) -> None:
    """R20: new non-running knee load freezes running progression for a week."""
    morning = work.morning
    if morning.reported and morning.new_load is not None:
        until = work.day + timedelta(days=FREEZE_DAYS)
        work.state = replace(work.state, freeze_until=until)
        work.note(Action.HOLD, new_load_reason(morning.new_load, until))
        work.hold_running = True
        return
    freeze = work.state.freeze_until
    if freeze is not None and work.day < freeze:
        work.hold_running = True
        if would_progress(work.state, work.day):
            work.note(Action.HOLD, new_load_reason_short(freeze))


def new_load_reason_short(until: date) -> Reason:
    return Reason(
        "R20", f"After the new knee load, running does not step up until {spoken_date(until)}."
    )


def _reviews(work: DayWork) -> None:
    """R32 at 4 and 8 weeks, and at once when §11b.3 says so; the knee score when due."""
    state, day = work.state, work.day
    if state.plan_allowed is PlanAllowed.NONE:
        return
    yesterday = day - timedelta(days=1)
    week = recent_reports(state, yesterday, WEEK)
    if (day - state.start).days == WEEK:
        work.state = state = replace(state, first_week_worst=worst_pain_of_week(week, yesterday))
    mean = mean_worst_pain(week)
    best = Fraction(state.best_week_mean) if state.best_week_mean is not None else None
    if mean is not None and (best is None or mean < best):
        work.state = state = replace(state, best_week_mean=float(mean))
    scores = [(s.day, s.score) for s in (state.first_akps, state.latest_akps) if s is not None]
    review = no_progress_review(
        week, state.start, day, scores, first_week_worst=state.first_week_worst
    )
    last = state.last_review_on
    if review is None and (last is None or (day - last).days >= EARLY_REVIEW_EVERY_DAYS):
        review = early_review(
            day=day,
            last_green_pass=state.last_green_pass or state.start - timedelta(days=1),
            week_mean=mean,
            best_week_mean=best,
        )
    if review is not None:
        work.reasons.append(review)
        work.education.append(Topic.NOT_CORE_TREATMENTS)
        work.state = replace(work.state, last_review_on=day)
    latest = state.latest_akps
    if akps_due_on(latest.day if latest else None, state.start) <= day:
        work.notes.append(
            Reason(
                "R30",
                "Your knee score is due: the 13 short questions again show how your knee is doing.",
            )
        )


def decide(work: DayWork) -> Decision:
    actions = work.actions or [Action.HOLD]
    action = max(actions, key=lambda a: a.caution)
    if not work.actions and not work.clinician_holds:
        # Nothing moved today: say where the runner stands and what the next step needs.
        work.reasons.insert(0, holding_reason(work.state))
    rules = tuple(dict.fromkeys(r.rule for r in work.reasons))
    return Decision(action, rules, " ".join(r.tagged for r in work.reasons))


def holding_reason(state: PlanState) -> Reason:
    current = state.current
    if state.rung == ST0 and state.plan_allowed is PlanAllowed.FULL:
        return Reason(
            "R22", "Running waits until sitting, stairs and squatting are each 2/10 or less."
        )
    if state.plan_allowed is not PlanAllowed.FULL:
        return Reason("R3", "Running waits for a clinician's look; keep up the gentle exercises.")
    if state.rung == ST5:
        return Reason("R15", "Your usual training continues within the caps.")
    needed = 1 if state.rung in (ST1, ST2) else 2
    if state.rung == ST4 and state.run_km >= usual_run_km(state) - 1e-9:
        return Reason(
            "R13",
            f"Your runs are at your usual {usual_run_km(state):.1f} km; your usual training "
            "comes back once a whole week has reached your usual distance and number of runs.",
        )
    if state.green_streak >= needed:
        return Reason(
            "R13",
            f"Enough green-passed sessions at {current.label}: the next step comes with your "
            "next run.",
        )
    return Reason(
        "R13",
        f"{state.green_streak} of {needed} green-passed session{'s' if needed > 1 else ''} "
        f"at {current.label} so far; staying here until then.",
    )
