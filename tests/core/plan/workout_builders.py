"""Days with a run for the watch-workout tests: a walk-run day from a simulated plan, and the
same day turned into a continuous run or a rest day."""

from __future__ import annotations

from dataclasses import replace

from kneewise.core.plan.models import DayPlan, Intensity, RunPrescription, Terrain
from tests.core.plan.rule_scenarios import run, scenario

BASELINE_SPM = 162  # R24: target round(162 × 1.05) = 170


def walk_run_day(cadence: int | None = BASELINE_SPM) -> DayPlan:
    """The first run of a green plan: phase 1, 3 × (run 3 min, walk 2 min) (R23)."""
    days = run(scenario(days=14, baseline_cadence_spm=cadence))
    return next(day for day in days if day.run is not None)


def rest_day() -> DayPlan:
    return replace(walk_run_day(), run=None)


def continuous_day(minutes: float = 20.5, cadence: int | None = 170) -> DayPlan:
    easy = RunPrescription(minutes, minutes, None, 3.2, Terrain.FLAT, Intensity.EASY, cadence)
    return replace(walk_run_day(), run=easy)
