"""The weekly pain trend R11, clinical-evidence.md §11 and §11a.3."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction

from kneewise.core.pain.records import DayReport, reports_by_day
from kneewise.core.reasons import Reason

WINDOW_DAYS = 7
# §11a.3: two full weeks are needed before the trend means anything.
MIN_HISTORY_DAYS = 2 * WINDOW_DAYS
# R11: fewer daily entries than this in either week is missing data, which holds.
MIN_ENTRIES_PER_WINDOW = 4
# R11 (E): the 0.5 tolerance absorbs day-to-day noise; 2 points is the PFP MCID.
PROGRESS_MAX_DELTA = Fraction(1, 2)
REGRESS_MIN_DELTA = Fraction(2)


def daily_worst_pain(report: DayReport) -> int | None:
    """R11 daily worst pain: the highest of the day's morning pain, pain during and pain 60
    minutes after (session pains only if the session was done); None if none was reported."""
    scores = [report.morning_pain]
    if report.done:
        scores += [report.pain_during, report.pain_after_60min]
    known = [score for score in scores if score is not None]
    return max(known) if known else None


class TrendVerdict(StrEnum):
    """R11 result; NOT_COMPUTED (under 14 days of history) neither holds nor regresses."""

    NOT_COMPUTED = "not_computed"
    PROGRESS_ALLOWED = "progress_allowed"
    HOLD = "hold"
    REGRESS = "regress"


@dataclass(frozen=True, slots=True)
class WeeklyTrend:
    """R11 for the week ending on `as_of`, against the 7 days before it."""

    as_of: date
    verdict: TrendVerdict
    history_days: int
    this_week_entries: int
    last_week_entries: int
    this_week_mean: float | None
    last_week_mean: float | None
    delta: float | None
    reasons: tuple[Reason, ...]

    @property
    def allows_progression(self) -> bool:
        """R11 does not stop a step up (other rules may): allowed, or not yet computed."""
        return self.verdict in (TrendVerdict.PROGRESS_ALLOWED, TrendVerdict.NOT_COMPUTED)

    @property
    def regress_stages(self) -> int:
        """How many stages R11 steps back: one on REGRESS, else none."""
        return 1 if self.verdict is TrendVerdict.REGRESS else 0


def weekly_trend(
    reports: Iterable[DayReport], as_of: date, *, history_start: date | None = None
) -> WeeklyTrend:
    """R11: delta = mean daily worst pain of the 7 days ending on `as_of` minus the 7 before.

    History counts from `history_start` (e.g. the plan's first day) or the first report,
    whichever is earlier; reports after `as_of` are ignored.
    """
    by_day = {day: r for day, r in reports_by_day(reports).items() if day <= as_of}
    starts = [*by_day, *([history_start] if history_start is not None else [])]
    history_days = max((as_of - min(starts)).days + 1, 0) if starts else 0
    this_week = _worst_scores(by_day, as_of, WINDOW_DAYS)
    last_week = _worst_scores(by_day, as_of - timedelta(days=WINDOW_DAYS), WINDOW_DAYS)

    def trend(verdict: TrendVerdict, message: str, delta: Fraction | None = None) -> WeeklyTrend:
        return WeeklyTrend(
            as_of=as_of,
            verdict=verdict,
            history_days=history_days,
            this_week_entries=len(this_week),
            last_week_entries=len(last_week),
            this_week_mean=_as_float(_mean(this_week)),
            last_week_mean=_as_float(_mean(last_week)),
            delta=_as_float(delta),
            reasons=(Reason("R11", message),),
        )

    if history_days < MIN_HISTORY_DAYS:
        return trend(
            TrendVerdict.NOT_COMPUTED,
            f"There are {history_days} days of pain history so far; the weekly trend "
            f"needs {MIN_HISTORY_DAYS}, so it does not hold or step back the plan yet (R11).",
        )
    this_mean, last_mean = _mean(this_week), _mean(last_week)
    if (
        this_mean is None
        or last_mean is None
        or min(len(this_week), len(last_week)) < MIN_ENTRIES_PER_WINDOW
    ):
        return trend(
            TrendVerdict.HOLD,
            f"The weekly trend needs pain reports on at least {MIN_ENTRIES_PER_WINDOW} days of "
            f"each week (this week {len(this_week)}, the week before {len(last_week)}), so "
            "progressions hold until there is enough to compare (R11).",
        )
    delta = this_mean - last_mean
    compared = (
        f"Your average daily worst pain was {_one(this_mean)}/10 this week against "
        f"{_one(last_mean)}/10 the week before (change {_signed(delta)})"
    )
    if delta >= REGRESS_MIN_DELTA:
        return trend(
            TrendVerdict.REGRESS,
            f"{compared}, a rise of 2 points or more. Your knee seems more irritable, so the plan "
            "steps back one stage: keep sessions short and easy and keep up your exercises at a "
            "comfortable level. If it does not settle, a physiotherapist can help (R11).",
            delta,
        )
    if delta > PROGRESS_MAX_DELTA:
        return trend(
            TrendVerdict.HOLD,
            f"{compared}, a rise of more than 0.5: all progressions hold this week (R11).",
            delta,
        )
    return trend(
        TrendVerdict.PROGRESS_ALLOWED,
        f"{compared}, stable or better: progression is allowed (R11).",
        delta,
    )


def _worst_scores(by_day: dict[date, DayReport], last: date, days: int) -> list[int]:
    window = (by_day.get(last - timedelta(days=back)) for back in range(days))
    scores = (daily_worst_pain(report) for report in window if report is not None)
    return [score for score in scores if score is not None]


def _mean(scores: list[int]) -> Fraction | None:
    # Exact arithmetic, so a change of exactly +0.5 or +2 falls on the boundary it should.
    return Fraction(sum(scores), len(scores)) if scores else None


def _as_float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def _one(value: Fraction) -> str:
    return f"{float(value):.1f}"


def _signed(value: Fraction) -> str:
    return f"{float(value):+.2f}"
