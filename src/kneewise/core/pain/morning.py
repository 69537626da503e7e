"""The next-morning (24-hour) rule R9 and its baseline, clinical-evidence.md §11 and §1.6."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from kneewise.core.dates import spoken_date
from kneewise.core.pain.records import DayReport, reports_by_day
from kneewise.core.reasons import Reason

# R9: "the most recent morning value within 72 h". Reports carry calendar dates only, so
# 72 hours is counted as the 3 mornings before the session day (morning to morning = 72 h).
BASELINE_LOOKBACK_DAYS = 3
# R9: a 2-point rise matches the minimal clinically important change in PFP pain scales.
HOLD_DELTA = 1
REGRESS_DELTA = 2


@dataclass(frozen=True, slots=True)
class Baseline:
    """The morning pain R9 compares against, and the morning it was reported."""

    pain: int
    day: date


def baseline_am(session_day: date, reports: Iterable[DayReport]) -> Baseline | None:
    """R9 baseline: morning pain of the session day, else the latest within 72 h, else None."""
    by_day = reports_by_day(reports)
    for back in range(BASELINE_LOOKBACK_DAYS + 1):
        report = by_day.get(session_day - timedelta(days=back))
        if report is not None and report.morning_pain is not None:
            return Baseline(pain=report.morning_pain, day=report.day)
    return None


class MorningVerdict(StrEnum):
    """R9 outcome; NO_BASELINE means the check could not be made and so is not passed."""

    OK = "ok"
    HOLD = "hold"
    REGRESS = "regress"
    NO_BASELINE = "no_baseline"


@dataclass(frozen=True, slots=True)
class NextMorningCheck:
    """R9 for the session on `session_day`: the next morning compared with the baseline."""

    session_day: date
    verdict: MorningVerdict
    next_morning_pain: int
    baseline: Baseline | None
    delta: int | None
    reasons: tuple[Reason, ...]

    @property
    def passed(self) -> bool:
        """True only for OK: a missing baseline counts as not passed (R9)."""
        return self.verdict is MorningVerdict.OK


def compare_next_morning(
    session_day: date, next_morning_pain: int, baseline: Baseline | None
) -> NextMorningCheck:
    """R9: delta = next morning pain - baseline; <=0 OK, 1 HOLD, >=2 REGRESS; no baseline fails."""
    morning = spoken_date(session_day + timedelta(days=1))
    if baseline is None:
        message = (
            f"Morning pain on {morning} was {next_morning_pain}/10, but there is no morning pain "
            f"score from {spoken_date(session_day)} or the 72 hours before it to compare with, so "
            "the next-morning check is not passed and the plan will not step up yet (R9)."
        )
        return NextMorningCheck(
            session_day=session_day,
            verdict=MorningVerdict.NO_BASELINE,
            next_morning_pain=next_morning_pain,
            baseline=None,
            delta=None,
            reasons=(Reason("R9", message),),
        )
    delta = next_morning_pain - baseline.pain
    compared = (
        f"Morning pain on {morning} was {next_morning_pain}/10 against "
        f"{baseline.pain}/10 on the morning of {spoken_date(baseline.day)}"
    )
    if delta >= REGRESS_DELTA:
        verdict = MorningVerdict.REGRESS
        message = (
            f"{compared}, {delta} points higher: the session was a bit much for the knee, so the "
            "plan steps back a little (R9)."
        )
    elif delta == HOLD_DELTA:
        verdict = MorningVerdict.HOLD
        message = f"{compared}, 1 point higher: hold the plan, with no step up next session (R9)."
    else:
        verdict = MorningVerdict.OK
        message = f"{compared}, no higher: the knee settled overnight (R9)."
    return NextMorningCheck(
        session_day=session_day,
        verdict=verdict,
        next_morning_pain=next_morning_pain,
        baseline=baseline,
        delta=delta,
        reasons=(Reason("R9", message),),
    )


def next_morning_check(session_day: date, reports: Iterable[DayReport]) -> NextMorningCheck | None:
    """R9 for a session from the reports; None while the next morning is not reported yet."""
    by_day = reports_by_day(reports)
    following = by_day.get(session_day + timedelta(days=1))
    if following is None or following.morning_pain is None:
        return None
    return compare_next_morning(
        session_day, following.morning_pain, baseline_am(session_day, by_day.values())
    )
