"""What needs a clinician's attention across a caseload, most urgent first (issue #11 item 3).

`attention_for` reads a fixed number of queries for any number of runners (see
`caseload_plans`): each runner's latest stored plan snapshot (brought to today by replaying
only the missing days, stored as the runner's own pages would), its last check-in, and its
activities of the load rules' window (`caseload_load`). The flags come from the plan state
(`attention_rules`), so they say what the engine decided, with the engine's rules. Which
runners a clinician may see is decided by the caller (the clinic app's access layer).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from kneewise.core.load_rules import WEEKLY_NORMAL
from kneewise.core.plan import volume
from kneewise.core.plan.ladder import Stage
from kneewise.core.reasons import Reason
from kneewise.web.runners import attention_rules as rules
from kneewise.web.runners.attention_rules import AttentionFlag, Evidence, EvidenceKind, Urgency
from kneewise.web.runners.caseload_load import load_span, recent_load_flags
from kneewise.web.runners.caseload_plans import (
    CaseloadRows,
    CurrentPlan,
    activity_rows,
    caseload_rows,
    current_plans,
    day_span,
    replay_span,
)
from kneewise.web.runners.models import RunnerProfile, local_today
from kneewise.web.runners.plan_service import triage_result

__all__ = [
    "AttentionFlag",
    "Evidence",
    "EvidenceKind",
    "RunnerAttention",
    "Urgency",
    "attention_for",
    "most_urgent_first",
]


@dataclass(frozen=True, slots=True)
class RunnerAttention:
    """One runner's row of the caseload: flags most urgent first, and where the plan stands."""

    profile_id: int
    flags: tuple[AttentionFlag, ...]
    last_check_in: date | None
    stage: Stage | None
    walk_run_phase: int | None
    urgency: int  # the most urgent flag's (Urgency.CALM without flags)


def attention_for(
    profiles: Sequence[RunnerProfile],
    today_of: Callable[[RunnerProfile], date] | None = None,
) -> dict[int, RunnerAttention]:
    """Each profile's attention row, keyed by profile id; `today_of` gives a runner's today
    (their local today unless given)."""
    profiles = list(profiles)
    if not profiles:
        return {}
    todays = {p.pk: (today_of or local_today)(p) for p in profiles}
    load_spans = {p: day_span(p, *load_span(todays[p.pk])) for p in profiles}
    # One cut for "an activity before the window" for everyone; each runner's rows are read
    # from it, so whatever lies between it and their own window is read, not missed.
    cut = min(since for since, _ in load_spans.values())
    until = max(end for _, end in load_spans.values())
    rows = caseload_rows(profiles, max(todays.values()), cut)
    activities = activity_rows(
        [p.user_id for p in profiles], cut, until, _replays_from(profiles, todays, rows)
    )
    plans = current_plans(profiles, todays, rows, activities)
    return {p.pk: _attention(p, plans[p.pk], rows, activities.get(p.user_id, [])) for p in profiles}


def most_urgent_first(attention: Mapping[int, RunnerAttention]) -> list[RunnerAttention]:
    """The caseload's order: most urgent flag first, then more flags, then profile id."""
    return sorted(attention.values(), key=lambda a: (a.urgency, -len(a.flags), a.profile_id))


def _replays_from(
    profiles: Iterable[RunnerProfile], todays: Mapping[int, date], rows: CaseloadRows
) -> dict[int, datetime]:
    """Where each runner whose snapshot is behind today needs its runs from (by owner)."""
    found = {}
    for profile in profiles:
        snapshot = rows.snapshot.get(profile.pk)
        missing = replay_span(snapshot[0] if snapshot else None, todays[profile.pk])
        if missing is not None:
            found[profile.user_id] = day_span(profile, *missing)[0]
    return found


def _attention(
    profile: RunnerProfile,
    current: CurrentPlan,
    rows: CaseloadRows,
    activities: Iterable[tuple[object, ...]],
) -> RunnerAttention:
    today, state, plan = current.today, current.state, current.plan
    flags = rules.triage_flags(profile.triage_outcome, _triage_reasons(profile, current))
    factor = WEEKLY_NORMAL if state is None else volume.weekly_factor(state)
    recent = recent_load_flags(
        list(activities),
        profile.zone,
        today,
        factor,
        ran_before=rows.ran_before.get(profile.pk, False),
        active_before=rows.active_before.get(profile.pk, False),
    )
    flags += rules.load_attention(recent)
    last_check_in = rows.last_check_in.get(profile.pk)
    if last_check_in is not None and last_check_in > today:
        last_check_in = None  # a day after this runner's today (a caller's earlier today)
    if state is not None:
        reports = rules.pain_reports(state, today)
        flags += rules.red_session_flags(state, today, reports)
        flags += rules.pause_flags(state)
        flags += rules.trend_flags(state, today, reports)
        flags += rules.review_flags(state, today)
        flags += rules.reported_load_flags(state, today)
        flags += rules.check_in_flags(last_check_in, state.start, today)
        flags += rules.knee_score_flags(state, today)
    ordered = tuple(sorted(flags, key=_order))
    return RunnerAttention(
        profile_id=profile.pk,
        flags=ordered,
        last_check_in=last_check_in,
        stage=plan.stage if plan is not None else None,
        walk_run_phase=plan.walk_run_phase if plan is not None else None,
        urgency=ordered[0].urgency if ordered else Urgency.CALM,
    )


def _triage_reasons(profile: RunnerProfile, current: CurrentPlan) -> tuple[Reason, ...]:
    if current.state is not None:
        return current.state.triage_reasons
    if not profile.triage_answers:
        return ()
    return triage_result(profile).reasons


def _order(flag: AttentionFlag) -> tuple[int, int]:
    """Most urgent first; within one urgency the newest first."""
    return flag.urgency, -(flag.day or date.min + timedelta(days=1)).toordinal()
