"""Pain monitoring, rules R6-R12 of clinical-evidence.md §11 with the §11a clarifications.

Pure functions over `DayReport` check-ins; dates are local calendar dates passed in by the caller.
"""

from __future__ import annotations

from kneewise.core.pain.escalation import (
    RED_WINDOW_DAYS,
    SEE_CLINICIAN_SOON,
    RedEscalation,
    red_escalation_on,
    red_escalations,
    red_session_days,
)
from kneewise.core.pain.morning import (
    BASELINE_LOOKBACK_DAYS,
    Baseline,
    MorningVerdict,
    NextMorningCheck,
    baseline_am,
    compare_next_morning,
    next_morning_check,
)
from kneewise.core.pain.records import DayReport, reports_by_day
from kneewise.core.pain.session import (
    GreenPass,
    SessionAssessment,
    Settling,
    SettlingCheck,
    assess_day,
    assess_session,
    settling_check,
)
from kneewise.core.pain.trend import (
    MIN_ENTRIES_PER_WINDOW,
    MIN_HISTORY_DAYS,
    TrendVerdict,
    WeeklyTrend,
    daily_worst_pain,
    weekly_trend,
)
from kneewise.core.pain.zones import (
    AMBER_MAX,
    GREEN_MAX,
    IN_SESSION_ACTION,
    InSessionAction,
    InSessionAdvice,
    Zone,
    ZoneFinding,
    assess_zone,
    in_session_action,
    pain_score,
    worst_zone,
    zone_of,
)

__all__ = [
    "AMBER_MAX",
    "BASELINE_LOOKBACK_DAYS",
    "GREEN_MAX",
    "IN_SESSION_ACTION",
    "MIN_ENTRIES_PER_WINDOW",
    "MIN_HISTORY_DAYS",
    "RED_WINDOW_DAYS",
    "SEE_CLINICIAN_SOON",
    "Baseline",
    "DayReport",
    "GreenPass",
    "InSessionAction",
    "InSessionAdvice",
    "MorningVerdict",
    "NextMorningCheck",
    "RedEscalation",
    "SessionAssessment",
    "Settling",
    "SettlingCheck",
    "TrendVerdict",
    "WeeklyTrend",
    "Zone",
    "ZoneFinding",
    "assess_day",
    "assess_session",
    "assess_zone",
    "baseline_am",
    "compare_next_morning",
    "daily_worst_pain",
    "in_session_action",
    "next_morning_check",
    "pain_score",
    "red_escalation_on",
    "red_escalations",
    "red_session_days",
    "reports_by_day",
    "settling_check",
    "weekly_trend",
    "worst_zone",
    "zone_of",
]
