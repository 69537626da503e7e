"""The runner's own week as plan inputs (issue #12 item 16): the days they can run and today's
session moved to tomorrow. Stored as `WeekChoice` rows, handed to the engine as
`RunnerChoices`; saving one forgets the stored plan from today (never a past day).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef

from kneewise.core.plan.models import DayPlan
from kneewise.core.plan.runner_choices import (
    ALL_WEEKDAYS,
    CHOICE_NOTE_START,
    RunnerChoices,
    WeekdayChoice,
)
from kneewise.core.plan.state import PlanState
from kneewise.web.runners.models import CheckIn, RunnerProfile, WeekChoice, invalidate_plan


class MoveRefused(ValueError):
    """Today's session cannot be moved (or the move undone); says why in plain words."""


def choices_of(profile: RunnerProfile) -> RunnerChoices:
    return choices_by_owner([profile.user_id]).get(profile.user_id, RunnerChoices())


def choices_by_owner(owner_ids: Iterable[int]) -> dict[int, RunnerChoices]:
    """Every listed runner's choices, read in one query (the caseload replays many runners)."""
    weekdays: dict[int, list[WeekdayChoice]] = {}
    moved: dict[int, set[date]] = {}
    rows = WeekChoice.objects.filter(owner_id__in=list(owner_ids))
    for owner, kind, day, days in rows.values_list("owner_id", "kind", "day", "weekdays"):
        if kind == WeekChoice.Kind.RUN_DAYS:
            weekdays.setdefault(owner, []).append(WeekdayChoice(day, frozenset(days)))
        else:
            moved.setdefault(owner, set()).add(day)
    return {
        owner: RunnerChoices(tuple(weekdays.get(owner, ())), frozenset(moved.get(owner, ())))
        for owner in {*weekdays, *moved}
    }


def revision_and_choices(profile: RunnerProfile) -> tuple[int, RunnerChoices]:
    """The plan's revision in the database now (as `plan_store.current_revision`) and the
    runner's choices: one query for a runner who never chose (most), two otherwise."""
    chose = WeekChoice.objects.filter(owner_id=OuterRef("user_id"))
    rows = RunnerProfile.objects.filter(pk=profile.pk).annotate(chose=Exists(chose))
    revision, has_choices = rows.values_list("plan_revision", "chose").get()
    return revision, choices_of(profile) if has_choices else RunnerChoices()


def run_weekdays_on(profile: RunnerProfile, day: date) -> frozenset[int]:
    """The weekdays the runner can run on `day` (every day when they never chose)."""
    return choices_of(profile).weekdays_on(day) or ALL_WEEKDAYS


def set_run_weekdays(profile: RunnerProfile, weekdays: frozenset[int], today: date) -> bool:
    """Save the runner's run days from today on; the plan is recomputed from today (the past
    keeps the days it had). False when nothing changed."""
    if run_weekdays_on(profile, today) == weekdays:
        return False
    with transaction.atomic():
        WeekChoice.objects.update_or_create(
            owner_id=profile.user_id,
            kind=WeekChoice.Kind.RUN_DAYS,
            day=today,
            defaults={"weekdays": sorted(weekdays)},
        )
        invalidate_plan(profile.user_id, today)
    return True


@dataclass(frozen=True)
class MoveOffer:
    """What Today offers: move today's session, undo a move, or say it was moved here."""

    can_move: bool
    moved: bool  # today's session was moved to tomorrow (undo while it is still today)
    carried: bool  # today holds the session moved from yesterday: it cannot move again
    what: str  # "run", "walk-run", "hop test"
    tomorrow: DayPlan | None = None


def _what(plan: DayPlan) -> str:
    if plan.hop_test:
        return "hop test"
    if plan.run is not None and plan.run.intervals is not None:
        return "walk-run"
    return "run"


def moved_today(profile: RunnerProfile, day: date) -> bool:
    rows = WeekChoice.objects.filter(owner_id=profile.user_id, kind=WeekChoice.Kind.MOVE)
    return rows.filter(day=day).exists()


def carried_into(state: PlanState, day: date) -> bool:
    """Whether `day` holds the session moved from the day before (the engine's record)."""
    before = state.entry(day - timedelta(days=1))
    return before is not None and before.planned.moved is not None


def move_offer(
    profile: RunnerProfile,
    day: date,
    plan: DayPlan | None,
    state: PlanState,
    checkin: CheckIn | None,
    tomorrow: DayPlan | None = None,
) -> MoveOffer:
    """Today's move button: only while today's run, walk-run or hop test is not reported."""
    if plan is None:
        return MoveOffer(False, False, False, "session")
    if moved_today(profile, day):
        return MoveOffer(False, True, False, "session", tomorrow)
    carried = carried_into(state, day)
    has_session = plan.run is not None or plan.hop_test
    reported = checkin is not None and checkin.done is not None
    return MoveOffer(has_session and not carried and not reported, False, carried, _what(plan))


def move_today(profile: RunnerProfile, day: date, plan: DayPlan | None, state: PlanState,
               checkin: CheckIn | None) -> None:  # fmt: skip
    """Move today's session to tomorrow; refused when there is none, it was reported, or it
    was itself moved here."""
    offer = move_offer(profile, day, plan, state, checkin)
    if offer.moved:
        raise MoveRefused("Today's session is already moved to tomorrow.")
    if offer.carried:
        raise MoveRefused("Today's session was moved here from yesterday; it cannot move again.")
    if not offer.can_move:
        raise MoveRefused(
            "There is no run, walk-run or hop test left to move today (or it is reported)."
        )
    with transaction.atomic():
        WeekChoice.objects.get_or_create(
            owner_id=profile.user_id, kind=WeekChoice.Kind.MOVE, day=day
        )
        invalidate_plan(profile.user_id, day)


def undo_move(profile: RunnerProfile, day: date) -> None:
    """Put today's session back on today (only today's own move: yesterday's is history)."""
    with transaction.atomic():
        deleted, _ = WeekChoice.objects.filter(
            owner_id=profile.user_id, kind=WeekChoice.Kind.MOVE, day=day
        ).delete()
        if not deleted:
            raise MoveRefused("Today's session was not moved, so there is nothing to undo.")
        invalidate_plan(profile.user_id, day)


def choice_notes(days: Sequence[DayPlan]) -> list[str]:
    """The plan's words about the days the runner chose (fewer runs than planned, R17/R23),
    once each, in the order they come."""
    found = [note for d in days for note in d.notes if note.startswith(CHOICE_NOTE_START)]
    return list(dict.fromkeys(found))
