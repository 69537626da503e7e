"""Property (hypothesis): a clinician's override never makes a day less conservative than the
same scenario without it: stage, phase and running minutes are never higher (rule CLIN).
Run days only move a run to an allowed weekday, so they are checked week by week."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kneewise.core.plan.ladder import WALK_RUN_PHASES
from kneewise.core.plan.overrides import override_from_json

from .scenario_builders import (
    START,
    amber_day,
    date_of,
    plan_day,
    red_day,
    returning_runner,
    rung,
    running_green_runner,
    simulate_json,
    with_days,
)

DAYS = 28
CONSERVATIVE = ("hold", "cap", "exclude_exercises")
SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@st.composite
def overrides(draw: st.DrawFn, kinds: tuple[str, ...]) -> dict[str, Any]:
    start = draw(st.integers(0, DAYS - 1))
    length = draw(st.none() | st.integers(0, 14))
    item: dict[str, Any] = {
        "from": date_of(start),
        "until": None if length is None else date_of(start + length),
    }
    kind = draw(st.sampled_from(kinds))
    item["kind"] = kind
    if kind == "cap":
        stage = draw(st.sampled_from(["ST0", "ST1", "ST2", "ST3", "ST4", "ST5"]))
        item["stage"] = stage
        if stage == "ST3":
            item["walk_run_phase"] = draw(st.none() | st.integers(1, 6))
    elif kind == "run_days":
        item["weekdays"] = draw(st.lists(st.integers(0, 6), min_size=1, max_size=4, unique=True))
    elif kind == "exclude_exercises":
        item["exercises"] = draw(
            st.lists(st.sampled_from(["squat-0-90", "goblet-squat", "step-down-10cm",
                                      "around-the-clock", "single-leg-hops-in-place"]),
                     min_size=1, max_size=3, unique=True)
        )  # fmt: skip
    return item


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    base = draw(st.sampled_from([returning_runner, running_green_runner]))(DAYS)
    rough = draw(
        st.lists(
            st.tuples(st.integers(1, DAYS - 1), st.sampled_from(["amber", "red"])),
            max_size=3,
            unique_by=lambda item: item[0],
        )
    )
    days = [amber_day(day) if kind == "amber" else red_day(day) for day, kind in rough]
    return with_days(base, *days)


GREEN_MAX = 2  # R6


def max_pain(response: dict[str, Any]) -> int:
    pains = [response.get(k) for k in ("morning_pain", "pain_during", "pain_after_60min")]
    worst = max((p for p in pains if p is not None), default=0)
    return 10 if response.get("limp") or response.get("sharp") else int(worst)


def running_minutes(output: dict[str, Any], day: int) -> float:
    run = plan_day(output, day)["run"]
    return 0.0 if run is None else float(run["running_minutes"])


def longest_so_far(output: dict[str, Any]) -> list[float]:
    """The longest single session's running minutes prescribed up to each day."""
    longest, result = 0.0, []
    for day in range(DAYS):
        longest = max(longest, running_minutes(output, day))
        result.append(longest)
    return result


@SETTINGS
@given(documents(), st.lists(overrides(CONSERVATIVE), min_size=1, max_size=2))
def test_a_hold_cap_or_exclusion_never_makes_a_day_less_conservative(
    document: dict[str, Any], items: list[dict[str, Any]]
) -> None:
    """While an override is active: stage and phase never higher, and no session longer than
    the longest one without it so far; on an all-green history, never higher on any day.
    (An amber or red day is a date: after an override ends, it meets a different session in
    each plan, so either may then be a step ahead, each by the rules. A held runner may run a
    shorter session on a day the other rests, so one day's minutes are not compared.)"""
    free = simulate_json(document)
    shaped = simulate_json({**document, "overrides": items})
    longest = longest_so_far(free)
    active = [override_from_json(item) for item in items]
    green = all(max_pain(response) <= GREEN_MAX for response in document["responses"])
    for day in range(DAYS):
        on = any(o.active_on(START + timedelta(days=day)) for o in active)
        if on or green:
            assert rung(shaped, day) <= rung(free, day), day
        if on:
            assert running_minutes(shaped, day) <= longest[day] + 1e-6, day


@SETTINGS
@given(documents(), overrides(("run_days",)))
def test_run_days_keep_runs_on_those_days_and_no_longer(
    document: dict[str, Any], item: dict[str, Any]
) -> None:
    """Run days move a run (and the step it brings) to an allowed weekday, so the stage may
    come a day sooner and R16's weekly room may split differently: no run falls on another
    weekday, and none is longer than the rung's full session."""
    free = simulate_json(document)
    shaped = simulate_json({**document, "overrides": [item]})
    override = override_from_json(item)
    assert free["days"]
    for day in range(DAYS):
        minutes = running_minutes(shaped, day)
        when = START + timedelta(days=day)
        if minutes and override.active_on(when):
            assert when.weekday() in override.weekdays, day
        assert minutes <= full_session_minutes(plan_day(shaped, day)) + 1e-6, day


def full_session_minutes(day: dict[str, Any]) -> float:
    """R23's running minutes of the day's walk-run phase (no cap for continuous running)."""
    phase = day["walk_run_phase"]
    return float(WALK_RUN_PHASES[phase - 1].running_minutes) if phase else float("inf")
