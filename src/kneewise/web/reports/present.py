"""The timeline in words and charts for the report's templates (PDF and web pages alike).

Charts come from `progress.charts`, the code the progress page draws with; dates are spoken
("Friday 13 March 2026"); every decision keeps its rules (R1–R36, §11b).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from kneewise import NOT_MEDICAL_ADVICE
from kneewise.activities.knee_load import UI_NOTICE
from kneewise.core.dates import spoken_date
from kneewise.core.errors import InvalidInput
from kneewise.core.load import Flag, Week
from kneewise.core.plan.exercises import ExercisePrescription, exercise
from kneewise.core.plan.figures import exercise_figure
from kneewise.core.plan.models import duration_text
from kneewise.units import distance_text, height_text
from kneewise.web.assess.headlines import HEADLINES
from kneewise.web.progress.charts import (
    FLAG_LABEL,
    akps_chart,
    cadence_points_chart,
    load_chart,
    pain_chart,
)
from kneewise.web.reports.timeline_model import RunnerTimeline, RunRecord, TimelineDay


@dataclass(frozen=True, slots=True)
class ReportNote:
    """A clinician's note or a message, shown in the report only when the runner includes
    notes."""

    day: date
    author: str
    text: str


def long_date(day: date) -> str:
    return spoken_date(day, year=True)


def short_date(day: date) -> str:
    return spoken_date(day)


def _pain(value: int | None) -> str:
    return "–" if value is None else str(value)


def report_context(
    timeline: RunnerTimeline, *, notes: Sequence[ReportNote] = (), include_notes: bool
) -> dict[str, Any]:
    """Everything the report's sections show; notes only when `include_notes`."""
    t = timeline
    triage = t.triage
    return {
        "timeline": t,
        "name": t.name,
        "period": f"{long_date(t.first)} to {long_date(t.last)}",
        "generated": long_date(t.today),
        "notice": NOT_MEDICAL_ADVICE,
        "knee_load_notice": UI_NOTICE,
        "units": t.units,
        "triage": None
        if triage is None
        else {
            "outcome": triage.outcome.value,
            "headline": HEADLINES[triage.outcome].title,
            "next_steps": triage.next_steps,
            "reasons": [{"rule": r.rule, "message": r.message} for r in triage.reasons],
        },
        "charts": {
            "pain": pain_chart(t.checked_in_days, t.today, (t.last - t.first).days + 1),
            "akps": akps_chart(t.knee.scores, t.knee.first),
            "load": load_chart(*_load_inputs(t), t.today, t.units, t.weeks),
            "cadence": cadence_points_chart(
                [(p.day, p.spm) for p in t.cadence.runs],
                t.cadence.baseline_spm,
                t.cadence.target_spm,
                t.weeks,
            ),
        },
        "pain_rows": [_pain_row(d) for d in t.days if d.checked_in],
        "run_rows": [_run_row(r, t.units) for r in t.runs],
        "week_rows": [_week_row(w.week_start, w.totals, w.flags, t.units) for w in t.load],
        "knee_rows": [
            {
                "anchor": f"akps-{s.day.isoformat()}",
                "day": long_date(s.day),
                "score": s.score,
                "change": "first score"
                if s.change_from_first is None
                else f"{s.change_from_first:+d}",
                "meaningful": s.meaningful,
            }
            for s in t.knee.scores
        ],
        "stage_rows": [
            {
                "stage": s.stage,
                "phase": s.walk_run_phase,
                "from": short_date(s.first),
                "to": short_date(s.last),
                "days": (s.last - s.first).days + 1,
            }
            for s in t.stages
        ],
        "decision_rows": decision_rows(t.days),
        "adherence": t.adherence,
        "exercise_rows": exercise_rows(t.current_exercises),
        "include_notes": include_notes,
        "notes": [
            {"day": long_date(n.day), "author": n.author, "text": n.text}
            for n in sorted(notes, key=lambda n: n.day)
        ]
        if include_notes
        else [],
    }


def exercise_rows(prescriptions: Sequence[ExercisePrescription]) -> list[dict[str, object]]:
    """The current exercises: name, dose (sets × reps or hold) and the still print figure."""
    rows: list[dict[str, object]] = []
    for prescription in prescriptions:
        try:
            figure = exercise_figure(exercise(prescription.id), static=True)
        except InvalidInput:  # an id the catalogue no longer has: name and dose only
            figure = ""
        # The SVG is our own renderer's output (kneewise.core.plan.figures), names escaped.
        rows.append(
            {
                "name": prescription.name,
                "dose": prescription.dose,
                "figure": mark_safe(figure) if figure else SafeString(""),  # noqa: S308
            }
        )
    return rows


def _pain_row(day: TimelineDay) -> dict[str, object]:
    signs = [
        label
        for label, present in (
            ("swelling", day.swelling),
            ("limp in the morning", day.morning_limp),
            ("limp", day.limp),
            ("sharp pain", day.sharp),
        )
        if present
    ]
    change = day.next_morning_change
    return {
        "anchor": f"day-{day.day.isoformat()}",
        "day": short_date(day.day),
        "morning": _pain(day.morning_pain),
        "during": _pain(day.pain_during),
        "after": _pain(day.pain_after_60min),
        "next_morning": _pain(day.next_morning_pain),
        "change": "" if change is None else ("same" if change == 0 else f"{change:+d}"),
        "worse": change is not None and change > 0,
        "done": {True: "done", False: "not done", None: "–"}[day.done],
        "signs": ", ".join(signs),
    }


def _run_row(run: RunRecord, units: str) -> dict[str, object]:
    return {
        "anchor": f"activity-{run.activity_id}",
        "day": short_date(run.day),
        "start": run.start,
        "distance": distance_text(run.distance_m, units),
        "time": "–" if not run.running_s else duration_text(run.running_s / 60),
        "descent": height_text(run.descent_m, units),
        "downhill": distance_text(run.downhill_m, units),
        "cadence": "–" if not run.avg_cadence_spm else f"{run.avg_cadence_spm:.0f}",
        "knee_load": "–" if run.knee_load is None else f"{run.knee_load:.0f}",
        "pain": f"{_pain(run.pain_during)} / {_pain(run.pain_after_60min)}",
        "next_morning": _pain(run.next_morning_pain),
        "second_morning": _pain(run.second_morning_pain),
    }


def _week_row(
    start: date, week: Week | None, flags: Sequence[Flag], units: str
) -> dict[str, object]:
    return {
        "anchor": f"week-{start.isoformat()}",
        "week": short_date(start),
        "runs": week.runs if week else 0,
        "run_days": week.run_days if week else 0,
        "distance": distance_text(week.distance_m if week else 0.0, units, places=1),
        "downhill": distance_text(week.downhill_m if week else 0.0, units, places=1),
        "knee_load": f"{week.knee_load:.0f}" if week else "0",
        "change": "–" if week is None or week.change_pct is None else f"{week.change_pct:+.0f} %",
        "flags": [
            {
                "label": FLAG_LABEL.get(f.code.value, f.reason.rule),
                "rule": f.reason.rule,
                "severity": f.severity.value,
                "day": short_date(f.day),
                "message": f.reason.message,
            }
            for f in flags
        ],
    }


def _load_inputs(timeline: RunnerTimeline) -> tuple[dict[date, Week], dict[date, list[Flag]]]:
    """The stored weeks and their flags by day, as `load_chart` reads them."""
    weeks = {w.week_start: w.totals for w in timeline.load if w.totals is not None}
    by_day: dict[date, list[Flag]] = {}
    for week in timeline.load:
        for flag in week.flags:
            by_day.setdefault(flag.day, []).append(flag)
    return weeks, by_day


def decision_rows(days: Sequence[TimelineDay]) -> list[dict[str, object]]:
    """Every day's decision with its rules; days in a row with the same decision, stage and
    session are one row (a span of dates), so a long hold reads as one line."""
    rows: list[dict[str, Any]] = []
    for day in days:
        if day.decision is None or day.plan is None:
            continue
        key = (
            day.decision.action.value,
            day.decision.rules,
            day.decision.message,
            day.plan.stage,
            day.plan.walk_run_phase,
            day.plan.session,
        )
        if rows and rows[-1]["key"] == key and rows[-1]["last"] == day.day.toordinal() - 1:
            rows[-1]["last"] = day.day.toordinal()
            rows[-1]["to"] = short_date(day.day)
            rows[-1]["days"] += 1
            continue
        rows.append(
            {
                "key": key,
                "last": day.day.toordinal(),
                "from": short_date(day.day),
                "to": short_date(day.day),
                "days": 1,
                "action": day.decision.action.value.replace("_", " "),
                "rules": ", ".join(day.decision.rules) or "–",
                "message": day.decision.message,
                "stage": day.plan.stage,
                "phase": day.plan.walk_run_phase,
                "session": day.plan.session,
            }
        )
    return rows
