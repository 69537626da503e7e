"""Reviews and guards: no-progress review (R32), prognosis (R33), myth guard (R34)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from fractions import Fraction

from kneewise.core.akps import WORST_PAIN_MEANINGFUL_CHANGE, akps_change
from kneewise.core.dates import spoken_date
from kneewise.core.pain import GREEN_MAX, MIN_ENTRIES_PER_WINDOW, DayReport, daily_worst_pain
from kneewise.core.reasons import Reason

REVIEW_DAYS = (28, 56)  # R32: 4 and 8 weeks into the programme (not symptom weeks, §11a.8)
NO_GREEN_DAYS = 21  # §11b.3: three weeks in which no session was green-passed
WORSE_THAN_BEST_WEEK = 2  # §11b.3: a week's mean worst pain 2 points above the best week
EARLY_REVIEW_EVERY_DAYS = 7  # (E) an early review is repeated at most weekly while it holds
LONG_SYMPTOM_WEEKS = 52  # R33: more than 12 months
# R33: "baseline AKPS low"; Collins 2013's cut-points were not retrieved (§12.14), so (E):
# below 60 of 100 counts as low (§11b.10).
LOW_AKPS = 60
WEEK = 7


def worst_pain_of_week(reports: Sequence[DayReport], last: date) -> int | None:
    """The highest daily worst pain in the 7 days ending on `last`."""
    first = last - timedelta(days=6)
    scores = [
        score
        for report in reports
        if first <= report.day <= last and (score := daily_worst_pain(report)) is not None
    ]
    return max(scores, default=None)


def mean_worst_pain(reports: Sequence[DayReport]) -> Fraction | None:
    """R11's 7-day mean of daily worst pain, with at least 4 entries, else None."""
    scores = [s for r in reports if (s := daily_worst_pain(r)) is not None]
    if len(scores) < MIN_ENTRIES_PER_WINDOW:
        return None
    return Fraction(sum(scores), len(scores))


def no_progress_review(
    reports: Sequence[DayReport],
    start: date,
    day: date,
    akps_scores: Sequence[tuple[date, int]] = (),
    *,
    first_week_worst: int | None = None,
) -> Reason | None:
    """R32: at 4 weeks without meaningful change (AKPS +10 or worst pain −2) suggest a
    physiotherapist review while continuing; at 8 weeks recommend it strongly."""
    weeks_in = (day - start).days
    if weeks_in not in REVIEW_DAYS:
        return None
    first_week = (
        first_week_worst
        if first_week_worst is not None
        else worst_pain_of_week(reports, start + timedelta(days=6))
    )
    last_week = worst_pain_of_week(reports, day - timedelta(days=1))
    pain_better = (
        first_week is not None
        and last_week is not None
        and first_week - last_week >= WORST_PAIN_MEANINGFUL_CHANGE
    )
    akps_better = len(akps_scores) >= 2 and (
        akps_change(akps_scores[0][1], akps_scores[-1][1]).meaningful_improvement
    )
    # (E) A knee already in the green zone (worst pain ≤ 2) has no 2 points left to lose:
    # it is doing well, so no review is suggested for want of a "meaningful" drop.
    already_green = last_week is not None and last_week <= GREEN_MAX
    if pain_better or akps_better or already_green:
        return None
    shown = (
        f"worst pain {first_week}/10 in the first week and {last_week}/10 in the last"
        if first_week is not None and last_week is not None
        else "not enough pain reports to see a change"
    )
    if weeks_in == REVIEW_DAYS[0]:
        return Reason(
            "R32",
            f"Four weeks in, your knee has not clearly improved yet ({shown}). Please book a "
            "physiotherapist review; keep going with the plan meanwhile.",
        )
    return Reason(
        "R32",
        f"Eight weeks in, your knee has still not clearly improved ({shown}). We strongly "
        "recommend seeing a physiotherapist now; keep going with the plan meanwhile.",
    )


def early_review(
    *,
    day: date,
    last_green_pass: date,
    week_mean: Fraction | None,
    best_week_mean: Fraction | None,
) -> Reason | None:
    """§11b.3: R32's review at once after three weeks without a green-passed session, or a week
    whose mean worst pain is 2 points above the programme's best week."""
    if (day - last_green_pass).days >= NO_GREEN_DAYS:
        return Reason(
            "R32",
            f"No session has been green-passed for three weeks (the last before "
            f"{spoken_date(last_green_pass + timedelta(days=1))}). Please book a physiotherapist "
            "review; keep going with the plan meanwhile.",
        )
    if (
        week_mean is not None
        and best_week_mean is not None
        and week_mean - best_week_mean >= WORSE_THAN_BEST_WEEK
    ):
        return Reason(
            "R32",
            f"Your average daily worst pain this week ({float(week_mean):.1f}/10) is 2 points or "
            f"more above your best week ({float(best_week_mean):.1f}/10). Please book a "
            "physiotherapist review; keep going with the plan meanwhile.",
        )
    return None


def prognosis_note(symptom_weeks: float | None, baseline_akps: int | None = None) -> Reason | None:
    """R33: long-standing symptoms or a low starting AKPS mean recovery may take longer."""
    long_symptoms = symptom_weeks is not None and symptom_weeks > LONG_SYMPTOM_WEEKS
    low_score = baseline_akps is not None and baseline_akps < LOW_AKPS
    if not (long_symptoms or low_score):
        return None
    why = (
        f"you have had symptoms for about {symptom_weeks:.0f} weeks"
        if long_symptoms and symptom_weeks is not None
        else f"your starting knee score was {baseline_akps}/100"
    )
    return Reason(
        "R33",
        f"Because {why}, recovery may take longer. Rehab supervised by a physiotherapist is "
        "recommended alongside this plan.",
    )


# R34 (and R25): advice the app must never give as treatment or prevention. Mentions that
# say *not* to do these things are fine, so each pattern looks for a recommendation.
_MYTHS = {
    "complete rest": re.compile(
        r"\b(complete|total|full|strict)\s+rest\b|\bstop all (activity|exercise)\b", re.I
    ),
    "knee brace": re.compile(r"\b(wear|use|buy|get)\s+(a\s+)?(knee\s+)?(brace|strap)", re.I),
    "pre-run stretching": re.compile(r"\bstretch\w*\s+(before|prior to)\s+(you\s+)?run", re.I),
    "forefoot striking": re.compile(
        r"\b(switch|change|land)\w*\s+(to\s+)?(on\s+)?(your\s+)?"
        r"(forefoot|toes|fore-foot)",
        re.I,
    ),
    "ice or painkillers as treatment": re.compile(
        r"\b(ice|nsaids?|ibuprofen|painkillers?)\b[^.]*\b(treat|cure|heal)", re.I
    ),
}


_NEGATION = re.compile(r"\b(not|never|no|don't|do not|rarely|avoid|isn't|aren't|without)\b", re.I)


def myth_violations(text: str) -> list[str]:
    """R34: the myths a piece of user-facing text would recommend; empty when it is clean.

    A sentence that negates ("… are not core treatments") explains a myth, it does not
    recommend it, so it is let through.
    """
    found: list[str] = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if _NEGATION.search(sentence):
            continue
        found.extend(name for name, pattern in _MYTHS.items() if pattern.search(sentence))
    return list(dict.fromkeys(found))
