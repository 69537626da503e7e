"""The progress charts as a service: pain, knee score, weekly load and cadence, each an SVG
with its numbers. The progress page and the physio report both draw them here (one chart code).

Inputs are plain records (check-in-like rows, scores, the core's weeks and flags), so a caller
can pass model rows or its own dataclasses; the window lengths default to the progress page's.
Meaning never rests on colour alone (svg.py): the charts read in black and white too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString, mark_safe

from kneewise.core.akps import AKPS_MEANINGFUL_CHANGE
from kneewise.core.dates import spoken_date
from kneewise.core.load import RUNNING, Flag, LoadActivity, Week, cadence_baseline, monday_of
from kneewise.core.pain import AMBER_MAX, GREEN_MAX
from kneewise.units import in_units
from kneewise.web.progress import svg
from kneewise.web.progress.svg import num

PAIN_DAYS = 56  # 8 weeks
DENSE_DAYS = 120
LOAD_WEEKS = 12
CADENCE_RUNS = 30
GREEN_FILL, AMBER_FILL, RED_FILL = "#dcefe1", "#fbe9c6", "#f8dcd9"
BLUE = "#0b4f9c"
DARK_GREEN = "#1e4d3a"
MAROON = "#7a1d17"
FLAG_LABEL = {
    "single_run_spike": "R15",
    "weekly_increase": "R16",
    "run_days_jump": "R17",
    "downhill_increase": "R19",
    "new_load": "R20",
}


class PainRecord(Protocol):
    """A day's pain scores, as a check-in has them."""

    @property
    def day(self) -> date: ...
    @property
    def morning_pain(self) -> int | None: ...
    @property
    def pain_during(self) -> int | None: ...
    @property
    def pain_after_60min(self) -> int | None: ...


class ScoreRecord(Protocol):
    """A knee score (AKPS) of a day."""

    @property
    def day(self) -> date: ...
    @property
    def score(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Chart:
    """One chart for the template: the SVG, or why there is none yet and where to start."""

    svg: SafeString | None = None
    summary: str = ""
    empty: str = ""
    action_url: str = ""
    action_text: str = ""
    rows: list[dict[str, object]] = field(default_factory=list)
    notes: list[dict[str, str]] = field(default_factory=list)


def _period(days: int) -> str:
    """ "8 weeks" for 56 days (a part week counts): how every window here is named."""
    weeks = max(1, -(-days // 7))
    return f"{weeks} week{'s' if weeks != 1 else ''}"


MIN_PAIN_DAYS = 7


def pain_chart(checkins: Iterable[PainRecord], today: date, days: int = PAIN_DAYS) -> Chart:
    """Daily pain of the last `days` days: the worse of during/after, and the next morning."""
    by_day = {c.day: c for c in checkins}
    period = _period(days)
    # The axis starts at the first check-in (a week at least), not weeks of empty space before.
    start = today - timedelta(days=days - 1)
    if by_day:
        start = max(start, min(min(by_day), today - timedelta(days=MIN_PAIN_DAYS - 1)))
    window = [start + timedelta(days=i) for i in range((today - start).days + 1)]
    session: list[float | None] = []
    next_morning: list[float | None] = []
    marks: list[svg.Mark] = []
    rows: list[dict[str, object]] = []
    for index, day in enumerate(window):
        checkin, following = by_day.get(day), by_day.get(day + timedelta(days=1))
        worse = _higher(checkin.pain_during, checkin.pain_after_60min) if checkin else None
        morning_after = following.morning_pain if following else None
        session.append(worse)
        next_morning.append(morning_after)
        delta = None
        if checkin and checkin.morning_pain is not None and morning_after is not None:
            delta = morning_after - checkin.morning_pain
            if delta > 0:
                marks.append(svg.Mark(index, f"+{delta}"))
        if checkin or morning_after is not None:
            rows.append(
                {
                    "day": _long_date(day),
                    "morning": _or_dash(checkin.morning_pain if checkin else None),
                    "during": _or_dash(checkin.pain_during if checkin else None),
                    "after": _or_dash(checkin.pain_after_60min if checkin else None),
                    "next_morning": _or_dash(morning_after),
                    "worse": delta is not None and delta > 0,
                    "delta": delta,
                }
            )
    if not any(v is not None for v in [*session, *next_morning]):
        return Chart(
            empty=f"No check-ins in the last {period} yet. Once you check in each morning and "
            "after your session, your daily pain shows here.",
            action_url=_first_url("daily:check_in", "daily:today", fallback="/today/"),
            action_text="Check in now",
        )
    reported = [v for v in session if v is not None]
    summary = (
        f"{len(rows)} days with pain scores in the last {period}, from "
        f"{_long_date(window[0])} to {_long_date(today)}. Pain during or after the session: "
        f"highest {num(max(reported))}/10, {sum(1 for v in reported if v <= GREEN_MAX)} of "
        f"{len(reported)} days green (0–{GREEN_MAX})."
        if reported
        else f"{len(rows)} days with morning pain scores in the last {period}."
    )
    summary += f" The next morning was worse than that day's morning on {len(marks)} days."
    # Past about 4 months a marker a day blots the line out: then solid against dashed alone.
    dots = days <= DENSE_DAYS
    chart = svg.line_chart(
        chart_id="pain-chart",
        title=f"Daily pain, last {period}",
        desc=summary,
        categories=[_short_date(d) for d in window],
        x_labels=_pain_labels(window),
        series=[
            svg.Series(
                "During/after (higher)", session, colour=svg.INK, marker="circle", markers=dots
            ),
            svg.Series(
                "Next morning",
                next_morning,
                colour=BLUE,
                marker="square",
                dashed=True,
                markers=dots,
            ),
        ],
        y_range=(0, 10),
        y_ticks=[0, 2, 4, 6, 8, 10],
        bands=[
            svg.Band(0, GREEN_MAX + 0.5, f"Green 0–{GREEN_MAX}", GREEN_FILL),
            svg.Band(
                GREEN_MAX + 0.5, AMBER_MAX + 0.5, f"Amber {GREEN_MAX + 1}–{AMBER_MAX}", AMBER_FILL
            ),
            svg.Band(AMBER_MAX + 0.5, 10, f"Red {AMBER_MAX + 1}+", RED_FILL),
        ],
        marks=marks,
        mark_legend="Next morning worse",
    )
    return Chart(svg=_safe(chart), summary=summary, rows=rows)


def _pain_labels(window: list[date]) -> list[str]:
    """Every Monday labelled, up to 8 of them; over more weeks, every nth (they would overlap)."""
    mondays = [d for d in window if d.weekday() == 0]
    step = 1 if len(mondays) <= PAIN_DAYS // 7 else -(-len(mondays) // 6)
    shown = set(mondays[::step])
    return [_short_date(d) if d in shown else "" for d in window]


def akps_chart(scores: Iterable[ScoreRecord], first: ScoreRecord | None = None) -> Chart:
    """AKPS over time with the ±10-point band around the first score (R31); `first` is the
    runner's first score when `scores` starts later (a report's window)."""
    scores = list(scores)
    if not scores:
        return Chart(
            empty="No knee scores saved yet. Your knee score (AKPS) shows here once you have "
            "filled it in; repeat it every few weeks to see real change.",
            action_url=_first_url("daily:akps", "onboarding:akps", fallback="/today/"),
            action_text="Fill in the knee score",
        )
    retake = _first_url("daily:akps", "onboarding:akps", fallback="/today/")
    first, last = first or scores[0], scores[-1]
    low, high = max(0, first.score - AKPS_MEANINGFUL_CHANGE), first.score + AKPS_MEANINGFUL_CHANGE
    change = last.score - first.score
    summary = (
        f"{len(scores)} knee score{'s' if len(scores) != 1 else ''}: first {first.score} on "
        f"{_long_date(first.day)}, latest {last.score} on {_long_date(last.day)} "
        f"({change:+d} points). A change of {AKPS_MEANINGFUL_CHANGE} points or more is "
        f"meaningful (R31); scores from {low} to {min(high, 100)} are within the normal ups "
        "and downs of the first score."
    )
    chart = svg.line_chart(
        chart_id="akps-chart",
        title="Knee score (AKPS) over time",
        desc=summary,
        categories=[_short_date(s.day) for s in scores],
        series=[svg.Series("Knee score", [s.score for s in scores], value_labels=True)],
        y_range=(0, 100),
        y_ticks=[0, 20, 40, 60, 80, 100],
        bands=[
            svg.Band(low, min(high, 100), f"±{AKPS_MEANINGFUL_CHANGE} of first score", "#e4e7f2")
        ],
    )
    rows = [{"day": _long_date(s.day), "score": s.score} for s in scores]
    return Chart(svg=_safe(chart), summary=summary, rows=rows, action_url=retake)


def load_weeks(today: date, weeks: int = LOAD_WEEKS) -> list[date]:
    """The Mondays of the `weeks` weeks the load chart shows, the last one this week's."""
    first_week = monday_of(today) - timedelta(weeks=weeks - 1)
    return [first_week + timedelta(weeks=i) for i in range(weeks)]


def load_chart(
    weeks: dict[date, Week],
    flags_by_day: dict[date, list[Flag]],
    today: date,
    units: str,
    count: int = LOAD_WEEKS,
) -> Chart:
    """Running distance per Monday week, knee load under each week, load flags above it:
    the weeks' totals and flags as `core.load` computed them over the whole history."""
    starts = load_weeks(today, count)
    period = _period(count * 7)
    weeks = {start: weeks[start] for start in starts if start in weeks}
    if not any(w.runs for w in weeks.values()):
        return Chart(
            empty=f"No runs in the last {period} yet. Import your runs from a watch or app "
            "export and your weekly running load shows here.",
            action_url=_first_url("activities:upload", "activities:list", fallback="/activities/"),
            action_text="Import activities",
        )
    by_week: dict[date, list[Flag]] = {}
    for day in sorted(flags_by_day):
        by_week.setdefault(monday_of(day), []).extend(flags_by_day[day])
    distances, knee_loads, rows = [], [], []
    marks: list[svg.Mark] = []
    for index, start in enumerate(starts):
        week = weeks.get(start)
        distance = _distance(week.distance_m if week else 0.0, units)
        knee = round(week.knee_load) if week else 0
        distances.append(distance)
        knee_loads.append(knee)
        flags = by_week.get(start, [])
        codes = sorted({FLAG_LABEL.get(f.code.value, f.reason.rule) for f in flags})
        marks.extend(svg.Mark(index, code) for code in codes)
        rows.append(
            {
                "week": _short_date(start),
                "distance": num(distance),
                "runs": week.runs if week else 0,
                "knee_load": knee,
                "flags": ", ".join(codes),
                "rules": codes,  # each a link to its rule page (issue #12 defect 8)
            }
        )
    notes = [
        {"rule": f.reason.rule, "day": _long_date(f.day), "message": f.reason.message}
        for start in starts
        for f in by_week.get(start, [])
    ]
    total_flags = len(notes)
    every = 2 if count <= LOAD_WEEKS else (count + 5) // 6
    summary = (
        f"Running distance per week (Monday to Sunday) for the {period} from "
        f"{_long_date(starts[0])}: highest {num(max(distances))} {units}, this week "
        f"{num(distances[-1])} {units}. {total_flags} load flag{'s' if total_flags != 1 else ''}."
    )
    chart = svg.bar_chart(
        chart_id="load-chart",
        title="Weekly running distance with load flags",
        desc=summary,
        categories=[_short_date(s) if i % every == 0 else "" for i, s in enumerate(starts)],
        values=distances,
        name=f"Distance ({units})",
        value_labels=[num(d) if d else "" for d in distances],
        # Knee load is in flat-km, so under each bar it only repeated the distance: it stays in
        # the table below the chart, with its unit.
        marks=marks,
        mark_legend="Load flag",
        colour=DARK_GREEN,
    )
    return Chart(svg=_safe(chart), summary=summary, rows=rows, notes=notes)


def cadence_chart(
    activities: list[LoadActivity], today: date, profile_spm: int | None, target: int | None
) -> Chart:
    """Average cadence of each run with the baseline (the runner's, else measured from the
    files) and the plan's step-rate target (R24): the target is the engine's, never worked
    out here. `activities` holds at least the last 30 runs with a cadence of the 12 weeks and
    the last 10 of all (`history.cadence_runs`)."""
    first_day = monday_of(today) - timedelta(weeks=LOAD_WEEKS - 1)
    runs = [a for a in activities if a.sport == RUNNING and a.avg_cadence_spm]
    shown = [(r.day, float(r.avg_cadence_spm or 0)) for r in runs if r.day >= first_day]
    baseline = profile_spm or cadence_baseline(runs).baseline_spm
    return cadence_points_chart(shown[-CADENCE_RUNS:], baseline, target, LOAD_WEEKS)


def cadence_points_chart(
    shown: Sequence[tuple[date, float]], baseline: int | None, target: int | None, weeks: int
) -> Chart:
    """Cadence of the runs shown (day, steps/min) against the baseline and the plan's R24
    target, both worked out by the caller (the runner's, the files', the engine's)."""
    if not shown:
        return Chart(
            empty=f"No runs with cadence in the last {_period(weeks * 7)} yet. Runs recorded "
            "with a watch that counts steps show their cadence here.",
            action_url=_first_url("activities:upload", "activities:list", fallback="/activities/"),
            action_text="Import activities",
        )
    values = [value for _, value in shown]
    rules: list[svg.Rule] = []
    span: list[float] = [*values]
    if baseline:
        rules.append(svg.Rule(baseline, f"Baseline {baseline}", colour=svg.INK))
        span.append(baseline)
        targets = f" Your baseline is {baseline} steps/min."
    else:
        targets = " There is no baseline yet: it needs 3 runs with cadence (R24)."
    if target:
        rules.append(svg.Rule(target, f"Target {target}", colour=MAROON, dashed=False))
        span.append(target)
        targets += f" Your plan's step-rate target (R24) is {target} steps/min."
    else:
        targets += " Your plan has no step-rate target yet."
    low, high = min(span) - 4, max(span) + 4
    summary = (
        f"{len(shown)} run{'s' if len(shown) != 1 else ''} with cadence since "
        f"{_long_date(shown[0][0])}: from {num(min(values), 0)} to {num(max(values), 0)} "
        f"steps/min, latest {num(values[-1], 0)}.{targets}"
    )
    labels = [_short_date(day) for day, _ in shown]
    chart = svg.line_chart(
        chart_id="cadence-chart",
        title="Cadence per run against your target",
        desc=summary,
        categories=labels,
        x_labels=_every_nth(labels, max(1, len(shown) // 6 + 1)),
        series=[svg.Series("Cadence (steps/min)", values, colour=BLUE, marker="diamond")],
        y_range=(low, high),
        rules=rules,
    )
    rows: list[dict[str, object]] = [
        {"day": _long_date(day), "cadence": num(value, 0)} for day, value in shown
    ]
    return Chart(svg=_safe(chart), summary=summary, rows=rows)


def _first_url(*names: str, fallback: str) -> str:
    """The first of these named pages that exists (sibling apps are still being built)."""
    for name in names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return fallback


def _safe(chart: str) -> SafeString:
    return mark_safe(chart)  # noqa: S308 - svg.py escapes every text it draws


def _distance(metres: float, units: str) -> float:
    return round(in_units(metres, units), 1)


def _higher(*values: int | None) -> int | None:
    known = [v for v in values if v is not None]
    return max(known) if known else None


def _every_nth(labels: list[str], n: int) -> list[str]:
    return [label if i % n == 0 else "" for i, label in enumerate(labels)]


def _short_date(day: date) -> str:
    return f"{day.day} {day:%b}"


def _long_date(day: date) -> str:
    return spoken_date(day, year=True)


def _or_dash(value: int | None) -> str:
    return "–" if value is None else str(value)
