"""Property (hypothesis): whatever weekdays the runner chooses and whichever sessions they move,
walk-runs never fall on consecutive days (R23) and a Monday week never has more than one run
day more than the week before (R17)."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .scenario_builders import (
    amber_day,
    date_of,
    plan_day,
    returning_runner,
    run_days,
    running_green_runner,
    simulate_json,
    with_days,
)

DAYS = 35
SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
weekdays = st.sets(st.integers(0, 6), min_size=1).map(sorted)
moves = st.sets(st.integers(0, DAYS - 1), max_size=6).map(sorted)


def with_choices(document: dict[str, Any], chosen: list[int], moved: list[int]) -> dict[str, Any]:
    return {**document, "run_weekdays": chosen, "moved_days": [date_of(d) for d in moved]}


def runs_by_week(output: dict[str, Any]) -> list[int]:
    counts = [0] * (DAYS // 7)
    for day in run_days(output):
        counts[day // 7] += 1  # day 0 is a Monday
    return counts


@SETTINGS
@given(chosen=weekdays, moved=moves, amber=st.integers(0, DAYS - 1))
def test_walk_runs_never_fall_on_consecutive_days(
    chosen: list[int], moved: list[int], amber: int
) -> None:
    document = with_days(returning_runner(DAYS), amber_day(amber))
    output = simulate_json(with_choices(document, chosen, moved))
    walk_runs = run_days(output, stage="ST3")
    assert all(b - a >= 2 for a, b in itertools.pairwise(walk_runs))


@SETTINGS
@given(chosen=weekdays, moved=moves, usual=st.integers(1, 6))
def test_weekly_run_days_never_rise_by_more_than_one(
    chosen: list[int], moved: list[int], usual: int
) -> None:
    document = running_green_runner(DAYS, usual_runs_per_week=usual)
    output = simulate_json(with_choices(document, chosen, moved))
    weeks = [usual, *runs_by_week(output)]  # the week before the plan ran the usual runs
    assert all(after <= before + 1 for before, after in itertools.pairwise(weeks))
    for day in run_days(output):
        when = plan_day(output, day)["date"]
        assert day % 7 in chosen or day - 1 in moved, f"run on {when}: not chosen, not moved"
