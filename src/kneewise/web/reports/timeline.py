"""One runner's timeline over a window of whole weeks (issue #11 item 4), as plain data.

The physio report (PDF), a clinician's timeline page and the JSON API all read it. Its cost
does not grow with the runner's history (design.md §4): the plan is brought up to date once
(`plan_service.load_numbers`, from the latest snapshot), then every read is bounded by the
window: the days' stored plan snapshots in one query, the window's check-ins, runs and knee
scores, the stored load weeks (`activities.history`, core.load's one load model) and at most
30 runs for the cadence baseline. Never a GPS point: runs are read as summaries.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import User

from kneewise.core.akps import AKPS_MEANINGFUL_CHANGE
from kneewise.core.load import RUNNING, Flag, cadence_baseline, monday_of
from kneewise.core.load_rules import CADENCE_RUNS
from kneewise.core.plan.models import DayPlan
from kneewise.ical import session_title
from kneewise.web.activities.history import cadence_runs, local_day, stored_weeks
from kneewise.web.activities.models import Activity
from kneewise.web.reports.timeline_model import (
    Adherence,
    Cadence,
    CadencePoint,
    KneeScore,
    KneeScores,
    PlanOfDay,
    RunnerTimeline,
    RunRecord,
    StageSpan,
    TimelineDay,
    WeekLoad,
)
from kneewise.web.runners.access import owned
from kneewise.web.runners.models import AkpsRecord, CheckIn, PlanSnapshot, RunnerProfile
from kneewise.web.runners.plan_service import load_numbers, triage_result
from kneewise.web.runners.plan_store import decode_plan

MIN_WEEKS, MAX_WEEKS = 1, 104
EXERCISES_NOTE = (
    "Exercises done one by one are not recorded: the check-in asks whether the day's session "
    "was done, so a session done includes that day's exercises."
)
_RUN_FIELDS = (
    "id",
    "start_time", "distance_m", "moving_s", "elapsed_s", "descent_m", "downhill_m",
    "avg_cadence_spm", "knee_load",
)  # fmt: skip


def window_of(today: date, weeks: int) -> tuple[date, date]:
    """The window's first day (the Monday `weeks` - 1 weeks before this week's) and today."""
    return monday_of(today) - timedelta(weeks=weeks - 1), today


def runner_timeline(profile: RunnerProfile, today: date, weeks: int = 12) -> RunnerTimeline:
    """The runner's last `weeks` Monday weeks up to `today` (their local date)."""
    weeks = max(MIN_WEEKS, min(MAX_WEEKS, weeks))
    user: User = profile.user
    zone = profile.zone
    first, last = window_of(today, weeks)
    numbers = load_numbers(profile, today)  # the plan replayed once: snapshots are current
    plans = _plans(profile, first, last)
    checkins = {
        c.day: c for c in owned(user, CheckIn.objects.filter(day__gte=first, day__lte=last))
    }
    days = tuple(_day(d, checkins, plans.get(d), profile.units) for d in _dates(first, last))
    runs = _runs(user, profile, first, last, checkins)
    starts = [first + timedelta(weeks=i) for i in range(weeks)]
    history = stored_weeks(user, zone, numbers.weekly_factor, starts)
    load = tuple(
        WeekLoad(
            start,
            history.weeks.get(start),
            tuple(_flags_of_week(history.flags_by_day, start)),
        )
        for start in starts
    )
    baseline = profile.baseline_cadence_spm or _measured_baseline(user, profile, today)
    cadence = Cadence(
        tuple(CadencePoint(r.day, r.avg_cadence_spm) for r in runs if r.avg_cadence_spm),
        baseline,
        numbers.cadence_target,
    )
    return RunnerTimeline(
        runner=user.get_username(),
        name=user.get_full_name() or user.get_username(),
        today=today,
        first=first,
        last=last,
        weeks=weeks,
        time_zone=profile.time_zone,
        units=profile.units,
        plan_start=profile.plan_start,
        triage=triage_result(profile) if profile.triage_answers else None,
        days=days,
        runs=runs,
        load=load,
        knee=_knee_scores(user, first, last),
        cadence=cadence,
        stages=_stages(days),
        adherence=_adherence(days, runs),
        current_exercises=plans[max(plans)].exercises if plans else (),
    )


def _dates(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _plans(profile: RunnerProfile, first: date, last: date) -> dict[date, DayPlan]:
    """The stored plans of the window's days, in one query."""
    rows = PlanSnapshot.objects.filter(owner_id=profile.user_id, day__gte=first, day__lte=last)
    return {day: decode_plan(bytes(plan)) for day, plan in rows.values_list("day", "plan")}


def _day(day: date, checkins: dict[date, CheckIn], plan: DayPlan | None, units: str) -> TimelineDay:
    checkin, following = checkins.get(day), checkins.get(day + timedelta(days=1))
    morning = checkin.morning_pain if checkin else None
    next_morning = following.morning_pain if following else None
    change = None if morning is None or next_morning is None else next_morning - morning
    return TimelineDay(
        day=day,
        checked_in=checkin is not None,
        morning_pain=morning,
        swelling=bool(checkin and checkin.swelling),
        morning_limp=bool(checkin and checkin.morning_limp),
        done=checkin.done if checkin else None,
        pain_during=checkin.pain_during if checkin else None,
        pain_after_60min=checkin.pain_after_60min if checkin else None,
        limp=bool(checkin and checkin.limp),
        sharp=bool(checkin and checkin.sharp),
        next_morning_pain=next_morning,
        next_morning_change=change,
        plan=None if plan is None else _plan_of_day(plan, units),
        decision=None if plan is None else plan.decision,
    )


def _plan_of_day(plan: DayPlan, units: str) -> PlanOfDay:
    return PlanOfDay(
        stage=plan.stage.value,
        walk_run_phase=plan.walk_run_phase,
        session=session_title(plan, units),
        run=plan.run,
        exercises=len(plan.exercises),
        has_session=plan.has_session,
    )


def _midnight(day: date, profile: RunnerProfile) -> datetime:
    return datetime.combine(day, time.min, tzinfo=profile.zone)


def _runs(
    user: User, profile: RunnerProfile, first: date, last: date, checkins: dict[date, CheckIn]
) -> tuple[RunRecord, ...]:
    """The window's runs (one per run, alternates left out), each with the pain around it."""
    zone = profile.zone
    rows = (
        owned(user, Activity.objects.runs())
        .filter(
            sport=RUNNING,
            start_time__gte=_midnight(first - timedelta(days=1), profile),
            start_time__lt=_midnight(last + timedelta(days=2), profile),
        )
        .order_by("start_time", "id")
        .values_list(*_RUN_FIELDS)
    )
    runs = []
    for pk, start, distance, moving, elapsed, descent, downhill, cadence, knee in rows:
        day = local_day(start, zone)
        if not first <= day <= last:
            continue
        same = checkins.get(day)
        runs.append(
            RunRecord(
                day=day,
                start=start.astimezone(zone).strftime("%H:%M"),
                distance_m=distance,
                running_s=moving or elapsed,
                descent_m=descent,
                downhill_m=downhill,
                avg_cadence_spm=cadence,
                knee_load=knee,
                pain_during=same.pain_during if same else None,
                pain_after_60min=same.pain_after_60min if same else None,
                next_morning_pain=_morning(checkins, day + timedelta(days=1)),
                second_morning_pain=_morning(checkins, day + timedelta(days=2)),
                activity_id=pk,
            )
        )
    return tuple(runs)


def _morning(checkins: dict[date, CheckIn], day: date) -> int | None:
    checkin = checkins.get(day)
    return checkin.morning_pain if checkin else None


def _flags_of_week(flags_by_day: dict[date, list[Flag]], start: date) -> list[Flag]:
    return [
        flag
        for day in sorted(flags_by_day)
        if monday_of(day) == start
        for flag in flags_by_day[day]
    ]


def _measured_baseline(user: User, profile: RunnerProfile, today: date) -> int | None:
    """R24's baseline from the latest 30 runs with a cadence (as the progress page has it)."""
    return cadence_baseline(cadence_runs(user, profile.zone, today, 0)[-CADENCE_RUNS:]).baseline_spm


def _knee_scores(user: User, first: date, last: date) -> KneeScores:
    """The window's scores and the runner's first score, the R31 baseline (two queries)."""
    mine = owned(user, AkpsRecord.objects.all())
    initial = mine.order_by("day", "id").values_list("day", "score").first()
    rows = mine.filter(day__gte=first, day__lte=last).order_by("day", "id")
    if initial is None:
        return KneeScores(None, (), None, None)
    base = initial[1]
    first_score = KneeScore(initial[0], base, None, False)

    def scored(day: date, score: int) -> KneeScore:
        if (day, score) == initial:
            return first_score
        change = score - base
        return KneeScore(day, score, change, abs(change) >= AKPS_MEANINGFUL_CHANGE)

    scores = tuple(scored(day, score) for day, score in rows.values_list("day", "score"))
    low, high = max(0, base - AKPS_MEANINGFUL_CHANGE), min(100, base + AKPS_MEANINGFUL_CHANGE)
    return KneeScores(first_score, scores, low, high)


def _stages(days: Sequence[TimelineDay]) -> tuple[StageSpan, ...]:
    spans: list[StageSpan] = []
    for day in days:
        if day.plan is None:
            continue
        key = (day.plan.stage, day.plan.walk_run_phase)
        previous = spans[-1] if spans else None
        if previous and (previous.stage, previous.walk_run_phase) == key:
            spans[-1] = StageSpan(previous.stage, previous.walk_run_phase, previous.first, day.day)
        else:
            spans.append(StageSpan(*key, day.day, day.day))
    return tuple(spans)


def _adherence(days: Sequence[TimelineDay], runs: Sequence[RunRecord]) -> Adherence:
    planned = [d for d in days if d.plan is not None]
    sessions = [d for d in planned if d.plan is not None and d.plan.has_session]
    prescribed_runs = [d for d in planned if d.plan is not None and d.plan.run is not None]
    run_days = {r.day for r in runs}
    return Adherence(
        sessions_prescribed=len(sessions),
        sessions_done=sum(1 for d in sessions if d.done is True),
        sessions_not_done=sum(1 for d in sessions if d.done is False),
        sessions_unreported=sum(1 for d in sessions if d.done is None),
        runs_prescribed=len(prescribed_runs),
        runs_recorded=sum(1 for d in prescribed_runs if d.day in run_days),
        check_in_days=sum(1 for d in days if d.checked_in),
        days=len(days),
        exercises_recorded=False,
        note=EXERCISES_NOTE,
    )
