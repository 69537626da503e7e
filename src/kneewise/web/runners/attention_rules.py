"""What needs a clinician's attention in one runner's plan, each finding with its rule and the
record it rests on (issue #11, clinical-evidence.md §11, §11a, §11b). Pure: no database."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum, StrEnum

from kneewise.core.akps import akps_due_on
from kneewise.core.dates import spoken_date
from kneewise.core.load import FlagCode
from kneewise.core.load_rules import Severity, monday_of
from kneewise.core.pain import DayReport, TrendVerdict, red_session_days, weekly_trend
from kneewise.core.plan.reports import recent_reports
from kneewise.core.plan.reviews import NO_GREEN_DAYS, REVIEW_DAYS
from kneewise.core.plan.state import PauseKind, PlanState
from kneewise.core.reasons import Reason
from kneewise.core.triage import TriageOutcome
from kneewise.web.runners.caseload_load import RECENT_DAYS, RecentFlag

RED_SESSION_DAYS = 7  # issue #11: red sessions of the last 7 days (R12's window)
TREND_DAYS = 14  # R11: this week against the one before
# (E) A review stays on the caseload for two weeks after the plan raised it: the early
# review (§11b.3) repeats weekly while it holds, the 4- and 8-week ones are raised once.
REVIEW_SHOWN_DAYS = 14
NO_CHECK_IN_DAYS = 3  # issue #11 and §11b.5: missing is not green


class Urgency(IntEnum):
    """Lower is more urgent; a caseload sorts by its runners' most urgent flag."""

    URGENT_CARE = 0
    REFER = 1
    RED_SESSION = 2
    PAUSE = 3
    WORSENING_TREND = 4
    REVIEW = 5
    LOAD = 6
    NO_CHECK_IN = 7
    KNEE_SCORE_DUE = 8
    CALM = 99  # no flag at all


class EvidenceKind(StrEnum):
    """What a flag's evidence is, so a page can link to it on the runner's timeline."""

    TRIAGE = "triage"
    DAY = "day"
    WEEK = "week"  # a Monday week
    AKPS = "akps"
    ACTIVITY = "activity"


@dataclass(frozen=True, slots=True)
class Evidence:
    kind: EvidenceKind
    day: date | None = None
    activity_id: int | None = None

    @property
    def anchor(self) -> str:
        """The timeline's fragment: "day-2026-03-02", "activity-12", "akps-2026-03-02"…"""
        if self.kind is EvidenceKind.ACTIVITY and self.activity_id is not None:
            return f"activity-{self.activity_id}"
        if self.day is None:
            return self.kind.value
        return f"{self.kind.value}-{self.day.isoformat()}"


@dataclass(frozen=True, slots=True)
class AttentionFlag:
    code: str
    urgency: int
    rule: str
    day: date | None
    message: str
    evidence: Evidence

    @property
    def reason(self) -> Reason:
        return Reason(self.rule, self.message)


def triage_flags(outcome: str, reasons: tuple[Reason, ...]) -> list[AttentionFlag]:
    """A red flag (R1, R2) or any other outcome that refers the runner (R2–R4, §11b.11)."""
    if outcome not in (o.value for o in TriageOutcome) or outcome == TriageOutcome.LIKELY_PFP:
        return []
    rule = reasons[0].rule if reasons else "R4"
    urgent = outcome == TriageOutcome.URGENT_CARE
    what = "urgent care, a red flag" if urgent else "see a clinician"
    why = f" {reasons[0].message}" if reasons else ""
    return [
        AttentionFlag(
            code="triage_urgent_care" if urgent else "triage_refer",
            urgency=Urgency.URGENT_CARE if urgent else Urgency.REFER,
            rule=rule,
            day=None,
            message=f"Triage: {what} ({rule}).{why}",
            evidence=Evidence(EvidenceKind.TRIAGE),
        )
    ]


def pain_reports(state: PlanState, today: date) -> list[DayReport]:
    """The last two weeks' pain reports, as the pain rules read them (R6, R11)."""
    return recent_reports(state, today, TREND_DAYS)


def red_session_flags(
    state: PlanState, today: date, reports: Sequence[DayReport]
) -> list[AttentionFlag]:
    """R6: each red session of the last 7 days (of `pain_reports`), newest first."""
    week = [r for r in reports if (today - r.day).days < RED_SESSION_DAYS]
    flags = []
    for day in reversed(red_session_days(week)):
        entry = state.entry(day)
        session = entry.session if entry is not None else None
        details = []
        if session is not None:
            pains = [p for p in (session.pain_during, session.pain_after_60min) if p is not None]
            details += [f"pain {max(pains)}/10"] if pains else []
            details += ["limp"] if session.limp else []
            details += ["sharp pain"] if session.sharp else []
        shown = f" ({', '.join(details)})" if details else ""
        flags.append(
            AttentionFlag(
                code="red_session",
                urgency=Urgency.RED_SESSION,
                rule="R6",
                day=day,
                message=f"Red session on {spoken_date(day)}{shown} (R6).",
                evidence=Evidence(EvidenceKind.DAY, day),
            )
        )
    return flags


def pause_flags(state: PlanState) -> list[AttentionFlag]:
    """§11b.2: running paused after R12 or a swollen knee (not a plain step back)."""
    pause = state.pause
    if pause is None or pause.kind is PauseKind.REGRESSION:
        return []
    why = "red sessions" if pause.kind is PauseKind.RED_ESCALATION else "a swollen knee"
    if pause.cleared_by is None:
        waits = "waiting for a clinician's look or 3 settled days (§11b.2)"
    elif pause.cleared_by == "seen_clinician":
        waits = f"seen by a clinician on {spoken_date(pause.cleared_on or pause.since)}"
    else:
        waits = f"settled by {spoken_date(pause.cleared_on or pause.since)}"
    return [
        AttentionFlag(
            code="pause",
            urgency=Urgency.PAUSE,
            rule=pause.kind.value,
            day=pause.since,
            message=(
                f"Running paused since {spoken_date(pause.since)} after {why}; {waits} "
                f"({pause.kind.value})."
            ),
            evidence=Evidence(EvidenceKind.DAY, pause.since),
        )
    ]


def trend_flags(state: PlanState, today: date, reports: Sequence[DayReport]) -> list[AttentionFlag]:
    """R11: this week's mean daily worst pain rising more than 0.5 over the week before."""
    trend = weekly_trend(reports, today, history_start=state.start)
    if trend.delta is None or trend.verdict not in (TrendVerdict.HOLD, TrendVerdict.REGRESS):
        return []  # stable, too early, or too few reports (the check-in flag says so)
    steps = "steps back a stage" if trend.verdict is TrendVerdict.REGRESS else "holds"
    return [
        AttentionFlag(
            code="worsening_trend",
            urgency=Urgency.WORSENING_TREND,
            rule="R11",
            day=today,
            message=(
                f"Weekly pain worsening: mean daily worst pain {trend.this_week_mean:.1f}/10, "
                f"up {trend.delta:+.1f} on the week before; the plan {steps} (R11)."
            ),
            evidence=Evidence(EvidenceKind.WEEK, monday_of(today)),
        )
    ]


def review_flags(state: PlanState, today: date) -> list[AttentionFlag]:
    """R32: the review the plan raised in the last two weeks (4 or 8 weeks, or §11b.3's)."""
    raised = state.last_review_on
    if raised is None or (today - raised).days >= REVIEW_SHOWN_DAYS:
        return []
    weeks_in = (raised - state.start).days
    if weeks_in in REVIEW_DAYS:
        why = f"no meaningful change in knee score or worst pain after {weeks_in // 7} weeks"
    else:
        last_green = state.last_green_pass or state.start - timedelta(days=1)
        why = (
            "three weeks without a green-passed session (§11b.3)"
            if (raised - last_green).days >= NO_GREEN_DAYS
            else "a week 2 points or more above the best week (§11b.3)"
        )
    return [
        AttentionFlag(
            code="review",
            urgency=Urgency.REVIEW,
            rule="R32",
            day=raised,
            message=f"Physiotherapist review suggested on {spoken_date(raised)}: {why} (R32).",
            evidence=Evidence(EvidenceKind.DAY, raised),
        )
    ]


_LOAD_NAMES = {
    FlagCode.SINGLE_RUN_SPIKE: "Single-run spike",
    FlagCode.WEEKLY_INCREASE: "Weekly increase",
    FlagCode.RUN_DAYS_JUMP: "Run-day jump",
    FlagCode.DOWNHILL_INCREASE: "Downhill increase",
    FlagCode.NEW_LOAD: "New load",
}


def load_attention(recent: list[RecentFlag]) -> list[AttentionFlag]:
    """R15–R17, R19, R20 from the recorded activities of the last 14 days, newest first."""
    flags = []
    for item in sorted(recent, key=lambda f: (f.flag.day, f.flag.code.value), reverse=True):
        flag = item.flag
        first_sentence = flag.reason.message.split(". ")[0].rstrip(".")
        strong = " (strong)" if flag.severity is Severity.STRONG else ""
        evidence = (
            Evidence(EvidenceKind.ACTIVITY, flag.day, item.activity_id)
            if item.activity_id is not None
            else Evidence(EvidenceKind.DAY, flag.day)
        )
        flags.append(
            AttentionFlag(
                code=flag.code.value,
                urgency=Urgency.LOAD,
                rule=flag.reason.rule,
                day=flag.day,
                message=(
                    f"{_LOAD_NAMES[flag.code]}{strong} on {spoken_date(flag.day)}: "
                    f"{first_sentence} ({flag.reason.rule})."
                ),
                evidence=evidence,
            )
        )
    return flags


def reported_load_flags(state: PlanState, today: date) -> list[AttentionFlag]:
    """R20: new non-running knee load the runner reported in a check-in of the last 14 days."""
    flags = []
    for entry in reversed(state.entries_between(today - timedelta(days=RECENT_DAYS - 1), today)):
        morning = entry.morning
        if morning.reported and morning.new_load is not None:
            what = morning.new_load.value.replace("_", " ")
            flags.append(
                AttentionFlag(
                    code="new_load_reported",
                    urgency=Urgency.LOAD,
                    rule="R20",
                    day=entry.day,
                    message=f"New knee load reported on {spoken_date(entry.day)}: {what} (R20).",
                    evidence=Evidence(EvidenceKind.DAY, entry.day),
                )
            )
    return flags


def check_in_flags(
    last_check_in: date | None, plan_start: date, today: date
) -> list[AttentionFlag]:
    """§11b.5: no check-in for 3 days or more (missing is not green)."""
    since = last_check_in or plan_start
    gap = (today - since).days
    if gap < NO_CHECK_IN_DAYS:
        return []
    what = (
        f"No check-in for {gap} days (last on {spoken_date(last_check_in)})"
        if last_check_in is not None
        else f"No check-in since the plan began on {spoken_date(plan_start)} ({gap} days)"
    )
    return [
        AttentionFlag(
            code="no_check_in",
            urgency=Urgency.NO_CHECK_IN,
            rule="§11b.5",
            day=last_check_in,
            message=f"{what}: missing is not green (§11b.5).",
            evidence=Evidence(EvidenceKind.DAY, since),
        )
    ]


def knee_score_flags(state: PlanState, today: date) -> list[AttentionFlag]:
    """R30: the knee score is due every 4 weeks (as the plan asks the runner, §11b.10)."""
    latest = state.latest_akps
    due = akps_due_on(latest.day if latest else None, state.start)
    if due > today:
        return []
    last = f"last {latest.score}/100 on {spoken_date(latest.day)}" if latest else "none yet"
    return [
        AttentionFlag(
            code="knee_score_due",
            urgency=Urgency.KNEE_SCORE_DUE,
            rule="R30",
            day=due,
            message=f"Knee score (AKPS) due since {spoken_date(due)} ({last}) (R30).",
            evidence=Evidence(EvidenceKind.AKPS, latest.day if latest else None),
        )
    ]
