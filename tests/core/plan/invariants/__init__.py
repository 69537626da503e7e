"""An independent checker of the plan's safety invariants, written from the rules.

`check_plan(scenario, output)` reads a `kneewise plan simulate` JSON output the way an external
acceptance checker would (design.md §3.3) and returns every violation it finds, one sentence
each, naming the date and the rule ("R16/11b.6: 2026-03-10 …"; a prefix may name several tags,
separated by "/"). It re-derives zones, the next-morning rule, the weekly trend, the caps and
the §11b clarifications from clinical-evidence.md §11/§11a/§11b itself, with the engine's
documented conventions where the rules leave room (C1–C14, quoted in each module); it imports
nothing from the engine.

- facts.py: the scenario's days after copy-forward, and the pain rules about them;
- plan.py: the output next to the scenario (what was run, Monday weeks, pauses, levels);
- shape.py: the JSON contract;
- progression.py: triage, start, moving up and stepping back (R1–R3, R9, R11–R14, R20–R22);
- caps.py: R15–R17, R19, R23, R24 (§11b.5, §11b.6, §11b.9);
- section_11b.py: §11b.1–§11b.4 and §11b.7;
- exercises.py: R26–R28 and §11b.8.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .caps import check_single_run_cap, check_terrain_and_cadence, check_walk_run, check_weekly_caps
from .exercises import check_exercise_days, check_levels
from .facts import (
    ST0,
    ST1,
    ST2,
    ST3_P1,
    ST3_P6,
    ST4,
    ST5,
    Facts,
    Input,
    effective_inputs,
    rung_name,
    rung_of,
)
from .plan import Plan
from .progression import (
    check_escalations,
    check_progression,
    check_regression,
    check_start,
    check_triage,
    most_allowed_by_flags,
)
from .section_11b import (
    check_ambers_by_session,
    check_growth,
    check_no_added_load,
    check_pauses,
    check_red_mornings,
)
from .shape import check_shape

__all__ = [
    "ST0", "ST1", "ST2", "ST3_P1", "ST3_P6", "ST4", "ST5", "Input", "check_determinism",
    "check_plan", "effective_inputs", "most_allowed_by_flags", "rung_name", "rung_of",
]  # fmt: skip


def check_plan(scenario: Mapping[str, Any], output: Mapping[str, Any]) -> list[str]:
    """Every violation of the plan's safety invariants in one simulate output."""
    errors = check_shape(scenario, output)
    if errors:
        return errors
    plan = Plan(Facts(scenario), output["days"])
    return [
        *check_triage(plan, output),
        *check_start(plan),
        *check_progression(plan),
        *check_regression(plan),
        *check_escalations(plan),
        *check_single_run_cap(plan),
        *check_weekly_caps(plan),
        *check_walk_run(plan),
        *check_terrain_and_cadence(plan),
        *check_exercise_days(plan),
        *check_levels(plan),
        *check_red_mornings(plan),
        *check_pauses(plan),
        *check_ambers_by_session(plan),
        *check_no_added_load(plan),
        *check_growth(plan, output["summary"]["triage_outcome"]),
    ]


def check_determinism(
    scenario: Mapping[str, Any], simulate_json: Callable[[Mapping[str, Any]], Any]
) -> list[str]:
    """The same scenario twice gives identical JSON."""
    first, second = simulate_json(scenario), simulate_json(scenario)
    if first == second:
        return []
    for a, b in zip(first["days"], second["days"], strict=False):
        if a != b:
            return [f"determinism: {a['date']} differs between two runs"]
    return ["determinism: the outputs differ"]
