"""Step-rate target (R24): the runner's own baseline +5 %, later up to +10 %, never a fixed 180.

The baseline is the runner's own figure, or (§11b.9) the median of their recorded runs once at
least 3 carry a cadence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kneewise.core.load_rules import cadence_baseline_spm

if TYPE_CHECKING:
    from kneewise.core.plan.state import PlanState

# R24 (Heiderscheit 2011, Lenhart 2014, Bonacci 2018): +5 % to start, +10 % at most.
FIRST_FACTOR = 1.05
STEP = 0.025
MAX_FACTOR = 1.10
# Expert view (TREK): retraining helps most when the baseline is at or below 170 steps/min.
PRIORITY_BASELINE_SPM = 170


def cadence_target(baseline_spm: int | None, factor: float) -> int | None:
    """R24: round(baseline × factor); None without a measured baseline."""
    if baseline_spm is None or factor <= 0:
        return None
    return round(baseline_spm * min(factor, MAX_FACTOR))


def next_factor(factor: float) -> float:
    """One step up the R24 range: 1.05 → 1.075 → 1.10."""
    return round(min(MAX_FACTOR, factor + STEP), 3)


def baseline_of(state: PlanState) -> int | None:
    """The runner's own baseline, else the median of their recorded runs (≥ 3)."""
    if state.runner.baseline_cadence_spm is not None:
        return state.runner.baseline_cadence_spm
    return cadence_baseline_spm(state.cadence_samples)


def target_of(state: PlanState) -> int | None:
    """The engine's one cadence target (what every page shows)."""
    return cadence_target(baseline_of(state), state.cadence_factor)
