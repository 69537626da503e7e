"""The runner's own week (issue #12 item 16): the weekdays they can run, and today's session
moved to tomorrow. Choices, not rules: R17, R23's rest day and the morning gate (§11b.1) still
hold, and a clinician's run days (CLIN) still bind; the stricter of the two wins.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations, pairwise
from typing import Any

from kneewise.core.dates import spoken_date
from kneewise.core.errors import InvalidInput
from kneewise.core.plan.ladder import ST2, ST3_FIRST, ST3_LAST, rung
from kneewise.core.plan.state import SessionKind, SessionRecord
from kneewise.core.plan.workday import DayWork
from kneewise.core.reasons import Reason

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ALL_WEEKDAYS = frozenset(range(7))
CHOICE_NOTE_START = "You chose"  # the shortfall note starts so (web/runners/week_choices.py)
MOVABLE = (SessionKind.RUN, SessionKind.HOP_TEST)


@dataclass(frozen=True, slots=True)
class WeekdayChoice:
    """From `since` on, the runner can run on `weekdays` (0 = Monday)."""

    since: date
    weekdays: frozenset[int]


@dataclass(frozen=True, slots=True)
class RunnerChoices:
    """Every weekday choice the runner made (the latest on or before a day applies) and the
    days whose session they moved to the next day."""

    run_weekdays: tuple[WeekdayChoice, ...] = ()
    moved_days: frozenset[date] = frozenset()

    def weekdays_on(self, day: date) -> frozenset[int] | None:
        """The runner's run days on `day`; None when they chose none or every day."""
        current = [c for c in self.run_weekdays if c.since <= day]
        if not current:
            return None
        chosen = max(current, key=lambda c: c.since).weekdays
        return None if chosen == ALL_WEEKDAYS else chosen


NO_CHOICES = RunnerChoices()


def names(weekdays: frozenset[int] | set[int]) -> str:
    """'Monday, Wednesday and Friday'."""
    items = [WEEKDAY_NAMES[d] for d in sorted(weekdays)]
    if not items:
        return "no days"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def allowed_weekdays(
    clinician: frozenset[int] | None, chosen: frozenset[int] | None
) -> frozenset[int] | None:
    """The days with runs: the runner's choice within the clinician's (the stricter wins)."""
    if clinician is None:
        return chosen
    if chosen is None:
        return clinician
    return clinician & chosen


def spread(allowed: frozenset[int], count: int, walk_run: bool) -> tuple[int, ...]:
    """`count` of the allowed weekdays, as far apart as they can be (the gap over the weekend
    counts); in walk-run never two days in a row (R23). Empty if none fits."""
    best: tuple[int, ...] = ()
    best_gap = -1
    for picks in combinations(sorted(allowed), count):
        gaps = [b - a for a, b in pairwise(picks)]
        if walk_run and 1 in gaps:
            continue
        gap = min([*gaps, 7 - picks[-1] + picks[0]]) if picks else 7
        if gap > best_gap:
            best, best_gap = picks, gap
    return best


def capacity(allowed: frozenset[int], walk_run: bool) -> int:
    """How many runs a Monday week can hold on those days (R23: a rest day between walk-runs)."""
    for count in range(len(allowed), 0, -1):
        if spread(allowed, count, walk_run):
            return count
    return 0


def fit_days(
    days: int, allowed: frozenset[int], walk_run: bool, chosen_count: int
) -> tuple[int, Reason | None]:
    """The week's run days on the allowed days, and a note when they hold fewer than the plan
    would give (never squeezed onto back-to-back days in walk-run, R23)."""
    room = capacity(allowed, walk_run)
    if room >= days:
        return days, None
    plural = "s" if days != 1 else ""
    said = f"{CHOICE_NOTE_START} {chosen_count} day{'s' if chosen_count != 1 else ''}"
    if walk_run and room < len(allowed):
        return room, Reason(
            "R23",
            f"{said}; this week's plan would have {days} run{plural}. Walk-run needs a rest day "
            f"between runs and some of your days are back to back, so this week has {room} "
            f"on the days you chose.",
        )
    rule = "R17"
    return room, Reason(
        rule,
        f"{said}; this week's plan would have {days} run{plural}, so it has {room} on the "
        "days you chose. Adding days later adds at most one run day a week.",
    )


def scheduled_on(day: date, allowed: frozenset[int], done: int, days: int, walk_run: bool) -> bool:
    """A run today on the week's spread over the allowed days, catching up when one was
    missed (R23's rest day is checked by the caller)."""
    picks = spread(allowed, days, walk_run)
    due = sum(1 for weekday in picks if weekday <= day.weekday())
    return day.weekday() in allowed and done < due


def setup(work: DayWork, choices: RunnerChoices) -> None:
    """The day's choices into the working notes: the runner's weekdays, a move of today's
    session, and a session moved here from yesterday (once only)."""
    work.chosen_weekdays = choices.weekdays_on(work.day)
    yesterday = work.state.entry(work.day - timedelta(days=1))
    moved_here = yesterday.planned.moved if yesterday is not None else None
    work.carried = moved_here
    work.move_today = work.day in choices.moved_days and moved_here is None
    if work.day in choices.moved_days and moved_here is not None:
        work.notes.append(
            Reason(
                "§11b.1",
                "Today's session was already moved here from yesterday; a moved session "
                "cannot be moved again.",
            )
        )


def moved_away(work: DayWork, record: SessionRecord, kind: SessionKind) -> SessionRecord:
    """Today's session moves to tomorrow at the runner's request: today is exercises only."""
    what = "run" if kind is SessionKind.RUN else "hop test"
    work.reasons.append(
        Reason(
            "§11b.1",
            f"Today's {what} moved to tomorrow at your request; today is exercises only. "
            "Tomorrow morning's check-in still decides whether it goes ahead.",
        )
    )
    return SessionRecord(
        record.day,
        record.rung,
        SessionKind.EXERCISE if record.exercise_level is not None else SessionKind.REST,
        exercise_level=record.exercise_level,
        cross_training=record.cross_training,
        moved=kind,
    )


def explain(work: DayWork, record: SessionRecord) -> None:
    """Once the day is built: what happened to a session moved here, and a day without a run
    because it is not one of the days the runner chose."""
    carried = work.carried
    if carried is not None:
        work.reasons.append(_carried_reason(work, record, carried, work.carried_why_not))
    allowed = allowed_weekdays(work.run_weekdays, work.chosen_weekdays)
    state = work.state
    if work.chosen_weekdays is None or allowed is None or not rung(state.rung).runs:
        return
    if work.run_weekdays is not None:
        work.reasons.append(_both_reason(work.run_weekdays, work.chosen_weekdays))
    if work.day.weekday() not in allowed and record.kind is not SessionKind.RUN:
        work.reasons.append(
            Reason(
                "R17",
                f"No run today: runs go on the days you chose ({names(allowed)}), never more "
                "run days a week than R17 allows.",
            )
        )


def _carried_reason(
    work: DayWork, record: SessionRecord, carried: SessionKind, why_not: Reason | None
) -> Reason:
    yesterday = spoken_date(work.day - timedelta(days=1))
    what = "run" if carried is SessionKind.RUN else "hop test"
    if record.kind in MOVABLE:
        if work.dropped:
            return Reason(
                "R14",
                f"Today has the {what} you moved from {yesterday}, one step back: the plan "
                "stepped back this morning.",
            )
        if work.hold_all or not work.may_progress_running:
            return Reason(
                "§11b.1",
                f"Today has the {what} you moved from {yesterday}, held at its size: nothing "
                "steps up this morning.",
            )
        return Reason("§11b.1", f"Today has the {what} you moved from {yesterday}.")
    if work.red_morning:
        return Reason(
            "§11b.1",
            f"The {what} you moved from {yesterday} is dropped: this morning is in the red "
            "zone, so no run or hop test today.",
        )
    if why_not is not None:
        return Reason(
            why_not.rule,
            f"The {what} you moved from {yesterday} is dropped today: {why_not.message}",
        )
    if work.state.rung < ST2 or (carried is SessionKind.RUN and work.state.rung == ST2):
        return Reason(
            "R14",
            f"The {what} you moved from {yesterday} is dropped: the plan stepped back this "
            f"morning ({rung(work.state.rung).label}).",
        )
    return Reason(
        "R16", f"The {what} you moved from {yesterday} is dropped: the week has no room for it."
    )


def _both_reason(clinician: frozenset[int], chosen: frozenset[int]) -> Reason:
    if chosen <= clinician:
        text = (
            f"The days you chose ({names(chosen)}) are within your physiotherapist's run days, "
            "so runs go on the days you chose."
        )
    elif clinician <= chosen:
        text = (
            f"Your physiotherapist's run days ({names(clinician)}) are stricter than the days "
            "you chose, so theirs apply."
        )
    else:
        text = (
            f"Your physiotherapist's run days ({names(clinician)}) and the days you chose "
            f"({names(chosen)}) meet on {names(clinician & chosen)}: runs go only on those."
        )
    return Reason("CLIN", text)


def walk_run_rung(at_rung: int) -> bool:
    return ST3_FIRST <= at_rung <= ST3_LAST


def parse_choices(scenario: Mapping[str, Any], start: date) -> RunnerChoices:
    """design.md §3.3 `run_weekdays` ([0–6], 0 = Monday, from the start) and `moved_days`
    (["YYYY-MM-DD", …]); every problem names its field (InvalidInput, exit 2)."""
    weekdays = scenario.get("run_weekdays")
    chosen: tuple[WeekdayChoice, ...] = ()
    if weekdays is not None:
        chosen = (WeekdayChoice(start, weekdays_from(weekdays, "run_weekdays")),)
    moved = scenario.get("moved_days", [])
    if not isinstance(moved, list):
        raise InvalidInput('moved_days must be a list of dates like "2026-03-02"')
    days: set[date] = set()
    for index, item in enumerate(moved):
        where = f"moved_days[{index}]"
        try:
            day = date.fromisoformat(item) if isinstance(item, str) else None
        except ValueError:
            day = None
        if day is None:
            raise InvalidInput(f'{where} must be a date like "2026-03-02", got {item!r}')
        if day in days:
            raise InvalidInput(f"{where}: {day.isoformat()} is moved twice; one move a day")
        days.add(day)
    return RunnerChoices(chosen, frozenset(days))


def weekdays_from(value: object, where: str) -> frozenset[int]:
    """A list of weekday numbers 0–6 (0 = Monday), at least one, each once."""
    if not isinstance(value, list) or not value:
        raise InvalidInput(f"{where} must be a non-empty list of weekdays 0–6 (0 = Monday)")
    for index, item in enumerate(value):
        if isinstance(item, bool) or not isinstance(item, int) or not 0 <= item <= 6:
            raise InvalidInput(
                f"{where}[{index}] must be a weekday from 0 (Monday) to 6 (Sunday), got {item!r}"
            )
    if len(set(value)) != len(value):
        raise InvalidInput(f"{where} lists a weekday twice")
    return frozenset(value)
