"""Step-rate target (R24): the runner's own baseline +5 %, later up to +10 %, never a fixed 180."""

from __future__ import annotations

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
