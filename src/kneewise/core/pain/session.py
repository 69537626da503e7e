"""One session's outcome: zone (R6), settling (R8), next morning (R9) and Green-passed (R10)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from kneewise.core.dates import spoken_date
from kneewise.core.errors import InvalidInput
from kneewise.core.pain.morning import MorningVerdict, NextMorningCheck, next_morning_check
from kneewise.core.pain.records import DayReport, reports_by_day
from kneewise.core.pain.zones import GREEN_MAX, Zone, assess_zone, worst_zone
from kneewise.core.reasons import Reason


class Settling(StrEnum):
    """R8 result; UNKNOWN (no pain before or 60 minutes after) is not a pass."""

    SETTLED = "settled"
    NOT_SETTLED = "not_settled"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class SettlingCheck:
    """R8: was pain 60 minutes after the session back to the pre-session level?"""

    result: Settling
    pain_before: int | None
    pain_after_60min: int | None
    reasons: tuple[Reason, ...]


def settling_check(pain_before: int | None, pain_after_60min: int | None) -> SettlingCheck:
    """R8: pain 60 minutes after above the pre-session pain makes the session amber."""
    if pain_after_60min is None:
        result = Settling.UNKNOWN
        message = (
            "There is no pain score from 60 minutes after the session, so settling could not be "
            "checked and the session cannot count as green-passed (R8)."
        )
    elif pain_before is None:
        result = Settling.UNKNOWN
        message = (
            f"Pain 60 minutes after was {pain_after_60min}/10, but there is no morning pain score "
            "from that day to compare with, so settling could not be checked and the session "
            "cannot count as green-passed (R8)."
        )
    elif pain_after_60min > pain_before:
        result = Settling.NOT_SETTLED
        message = (
            f"Pain 60 minutes after was {pain_after_60min}/10, above the {pain_before}/10 before "
            "the session, so the knee had not settled yet and the session counts as amber (R8)."
        )
    else:
        result = Settling.SETTLED
        message = (
            f"Pain 60 minutes after was {pain_after_60min}/10, no higher than the {pain_before}/10 "
            "before the session: the knee settled (R8)."
        )
    return SettlingCheck(result, pain_before, pain_after_60min, (Reason("R8", message),))


class GreenPass(StrEnum):
    """R10 status; PENDING until the next morning's report arrives (§11a.1)."""

    PASSED = "passed"
    FAILED = "failed"
    PENDING = "pending"


@dataclass(frozen=True, slots=True)
class SessionAssessment:
    """Everything the pain rules say about one session; `next_morning` is None while pending."""

    day: date
    worst_pain: int
    limp: bool
    sharp: bool
    zone: Zone
    settling: SettlingCheck
    outcome: Zone
    next_morning: NextMorningCheck | None
    green_pass: GreenPass
    reasons: tuple[Reason, ...]

    @property
    def final_outcome(self) -> Zone:
        """`outcome`, raised to amber when R9 says regress (§1.6: "treat as Amber outcome")."""
        if self.next_morning is not None and self.next_morning.verdict is MorningVerdict.REGRESS:
            return worst_zone(self.outcome, Zone.AMBER)
        return self.outcome

    def as_json(self) -> dict[str, object]:
        return {
            "date": self.day.isoformat(),
            "worst_pain": self.worst_pain,
            "zone": str(self.zone),
            "settling": str(self.settling.result),
            "outcome": str(self.outcome),
            "next_morning": None if self.next_morning is None else str(self.next_morning.verdict),
            "green_pass": str(self.green_pass),
            "reasons": [reason.as_json() for reason in self.reasons],
        }


def assess_session(
    report: DayReport, next_morning: NextMorningCheck | None = None
) -> SessionAssessment:
    """R6 on the worst of pain during and 60 minutes after (§11a.5), then R8, R9 and R10.

    The pre-session pain for R8 is that day's morning pain, the last score before the session.
    """
    worst = report.session_pain
    if worst is None:
        raise InvalidInput(
            f"no session to assess on {report.day.isoformat()}: it was skipped or its pain "
            "during and 60 minutes after were not reported"
        )
    if next_morning is not None and next_morning.session_day != report.day:
        raise InvalidInput(
            f"the next-morning check is for {next_morning.session_day.isoformat()}, "
            f"not for the session on {report.day.isoformat()}"
        )
    zone = assess_zone(worst, limp=report.limp, sharp=report.sharp, when=_when(report))
    settling = settling_check(report.morning_pain, report.pain_after_60min)
    outcome = zone.zone
    if settling.result is Settling.NOT_SETTLED:
        outcome = worst_zone(outcome, Zone.AMBER)
    green_pass, summary = _green_pass(report, worst, settling, next_morning)
    reasons = [*zone.reasons, *settling.reasons]
    if next_morning is not None:
        reasons.extend(next_morning.reasons)
    reasons.append(summary)
    return SessionAssessment(
        day=report.day,
        worst_pain=worst,
        limp=report.limp,
        sharp=report.sharp,
        zone=zone.zone,
        settling=settling,
        outcome=outcome,
        next_morning=next_morning,
        green_pass=green_pass,
        reasons=tuple(reasons),
    )


def assess_day(reports: Iterable[DayReport], day: date) -> SessionAssessment | None:
    """Assess the session on `day` from all reports; None if no session was done or reported."""
    by_day = reports_by_day(reports)
    report = by_day.get(day)
    if report is None or not report.has_session:
        return None
    return assess_session(report, next_morning_check(day, by_day.values()))


def _when(report: DayReport) -> str:
    parts = []
    if report.pain_during is not None:
        parts.append(f"during {report.pain_during}/10")
    if report.pain_after_60min is not None:
        parts.append(f"60 minutes after {report.pain_after_60min}/10")
    return f"around the session ({', '.join(parts)})"


def _green_pass(
    report: DayReport, worst: int, settling: SettlingCheck, next_morning: NextMorningCheck | None
) -> tuple[GreenPass, Reason]:
    """R10: worst pain <= 2 (no limp, not sharp) AND R8 settled AND R9 OK."""
    day = spoken_date(report.day)
    failed = []
    if worst > GREEN_MAX:
        failed.append(f"the worst pain was {worst}/10, above {GREEN_MAX}/10")
    if report.limp:
        failed.append("there was a limp")
    if report.sharp:
        failed.append("the pain felt sharp")
    if settling.result is Settling.NOT_SETTLED:
        failed.append("the pain had not settled 60 minutes after")
    elif settling.result is Settling.UNKNOWN:
        failed.append("settling could not be checked")
    if next_morning is not None and next_morning.delta is not None and next_morning.delta > 0:
        points = "point" if next_morning.delta == 1 else "points"
        failed.append(f"the next morning was {next_morning.delta} {points} above the baseline")
    elif next_morning is not None and next_morning.verdict is MorningVerdict.NO_BASELINE:
        failed.append("there was no baseline morning pain to compare the next morning with")
    if failed:
        message = f"The session on {day} is not green-passed: {'; '.join(failed)} (R10)."
        return GreenPass.FAILED, Reason("R10", message)
    if next_morning is None:
        message = (
            f"The session on {day} stayed green and settled; it counts as green-passed once the "
            "next morning's pain is reported and is no higher than the baseline (R10)."
        )
        return GreenPass.PENDING, Reason("R10", message)
    message = (
        f"The session on {day} is green-passed: pain stayed at {GREEN_MAX}/10 or below, settled "
        "within 60 minutes and was no higher the next morning (R10)."
    )
    return GreenPass.PASSED, Reason("R10", message)
