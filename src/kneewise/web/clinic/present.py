"""Plain words for overrides and audit events, shared by the runner's and clinician's pages."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from kneewise.core.dates import spoken_date
from kneewise.core.plan.exercises import load_catalogue
from kneewise.web.clinic.forms import STAGES, WEEKDAYS

STAGE_WORDS = dict(STAGES)
DAY_WORDS = {int(i): name for i, name in WEEKDAYS}


def _day(text: object) -> str:
    return spoken_date(date.fromisoformat(str(text)))


def override_words(data: Mapping[str, object]) -> str:
    """'Held at its current step from Monday 2 March until Friday 13 March.'"""
    kind = data.get("kind")
    if kind == "hold":
        what = "No step up in the plan"
    elif kind == "cap":
        parts = []
        if data.get("stage"):
            parts.append(f"stage at most {STAGE_WORDS.get(str(data['stage']), data['stage'])}")
        if data.get("walk_run_phase"):
            parts.append(f"walk-run phase at most {data['walk_run_phase']}")
        what = "Plan capped: " + " and ".join(parts)
    elif kind == "exclude_exercises":
        catalogue = load_catalogue()
        ids = data.get("exercises") or []
        names = [catalogue.get(str(i)).name if str(i) in catalogue else str(i) for i in ids]  # type: ignore[attr-defined]
        what = "Left out: " + ", ".join(names)
    elif kind == "run_days":
        days = data.get("weekdays") or []
        what = "Runs only on " + ", ".join(DAY_WORDS[int(d)] for d in days)  # type: ignore[attr-defined]
    elif kind == "clear_pause":
        return f"Pause cleared after an assessment on {_day(data['from'])}."
    else:
        what = str(kind)
    until = data.get("until")
    if until:
        return f"{what}, from {_day(data['from'])} until {_day(until)}."
    return f"{what}, from {_day(data['from'])} until your physiotherapist ends it."
