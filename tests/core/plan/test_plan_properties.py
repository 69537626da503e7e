"""Properties of the closed-loop plan over random runners and response scripts (hypothesis).

The scripts mix calm stretches (so runners reach walk-run, continuous running and ST5 and the
caps matter) with rough ones (pains 0–10 with fractions, rare limp, sharp pain, swelling and new
load, skipped sessions) and leave days out so the copy-forward of the last response kicks in.
The oracle is the independent checker in `invariants.py`, written from the rules.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.internal.conjecture import engine as hypothesis_engine

from .invariants import check_determinism, check_plan, rung_of
from .scenario_builders import (
    GREEN_FUNCTION,
    PAINFUL_FUNCTION,
    SEE_CLINICIAN_SOON_TRIAGE,
    TYPICAL_TRIAGE,
    URGENT_TRIAGE,
    response,
    runner,
    scenario,
    simulate_json,
)

SETTINGS = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
BORDERLINE_FUNCTION = {"sit_30min": 2, "stairs": 2, "squat": 2.5}
TRIAGES = [TYPICAL_TRIAGE] * 10 + [
    URGENT_TRIAGE,
    SEE_CLINICIAN_SOON_TRIAGE,
    {**TYPICAL_TRIAGE, "onset": "after_trauma"},
    {**TYPICAL_TRIAGE, "age": 52},
    {**TYPICAL_TRIAGE, "fever_or_unwell": True, "hot_red_knee": True},
    {**TYPICAL_TRIAGE, "pain_location": "outside"},
]

# Shrinking a failing 8-week script can take minutes (Hypothesis allows 5); while an engine bug
# is open, stop after this long and report the smallest script found so far.
SHRINK_SECONDS = 10


@pytest.fixture(autouse=True, scope="module")
def bounded_shrinking() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(hypothesis_engine, "MAX_SHRINKING_SECONDS", SHRINK_SECONDS, raising=False)
        yield


calm_pain = st.sampled_from([0, 0, 1, 1, 1, 2, 1.5, 0.5])
# Whole points and slider fractions (rounded up by R6); sampled, so failures shrink fast.
any_pain = st.one_of(
    st.integers(min_value=0, max_value=10),
    st.sampled_from([0.5, 1.5, 2.1, 2.5, 3.5, 4.1, 4.5, 6.5, 9.9]),
)
rough_pain = st.one_of(calm_pain, any_pain, st.none())


def rarely(chance: int = 20) -> st.SearchStrategy[bool]:
    """True about once in `chance` draws."""
    return st.integers(min_value=1, max_value=chance).map(lambda x: x == 1)


@st.composite
def runner_profiles(draw: st.DrawFn) -> dict[str, Any]:
    return runner(
        age=draw(st.integers(min_value=16, max_value=70)),
        sex=draw(st.sampled_from(["female", "male", "other"])),
        prior_pfp=draw(rarely(4)),
        early_specialization=draw(rarely(10)),
        sleep_hours=draw(st.sampled_from([None, 6, 7.5, 8, 9])),
        usual_runs_per_week=draw(st.integers(min_value=0, max_value=7)),
        usual_weekly_km=draw(
            st.one_of(st.integers(min_value=0, max_value=80), st.sampled_from([0.4, 12.5, 33.3]))
        ),
        longest_recent_run_km=draw(
            st.one_of(st.integers(min_value=0, max_value=30), st.sampled_from([0.05, 0.3, 1.5]))
        ),
        baseline_cadence_spm=draw(st.one_of(st.none(), st.integers(min_value=150, max_value=185))),
        running_now=draw(st.booleans()),
    )


def steady_fields() -> st.SearchStrategy[dict[str, Any]]:
    """A Green-passed day: morning 1/10, session at most 2/10 and settled."""
    return st.fixed_dictionaries(
        {"morning": st.just(1), "during": calm_pain, "after": st.sampled_from([1, 0])}
    )


def calm_fields() -> st.SearchStrategy[dict[str, Any]]:
    """A Green-ish day: low pains, but mornings that move a little (R9 holds and steps back)."""
    return st.fixed_dictionaries(
        {
            "morning": st.sampled_from([1, 0, 1, 2]),
            "during": calm_pain,
            "after": st.sampled_from([1, 0, 2]),
        }
    )


def rough_fields() -> st.SearchStrategy[dict[str, Any]]:
    """Any day: pains 0–10 (fractions, missing), rare limp, sharp, swelling, new load, skips."""
    return st.fixed_dictionaries(
        {
            "morning": st.one_of(calm_pain, any_pain),
            "during": rough_pain,
            "after": rough_pain,
            "limp": rarely(),
            "sharp": rarely(),
            "swelling": rarely(30),
            "function": st.sampled_from([GREEN_FUNCTION, GREEN_FUNCTION, BORDERLINE_FUNCTION]),
            "new_load": st.sampled_from([None] * 7 + ["strength", "hiking", "cycling_commute"]),
            "done": rarely(6).map(lambda skipped: not skipped),
        }
    )


# A script is a few blocks of days: steady stretches (so runners reach walk-run, continuous
# running and ST5), calm and rough stretches, and gaps without responses (copy-forward).
steady_block = st.lists(steady_fields(), min_size=1, max_size=35)
blocks = st.lists(
    st.one_of(
        steady_block,
        st.lists(st.none(), min_size=1, max_size=5),
        steady_block,
        steady_block,
        st.lists(calm_fields(), min_size=1, max_size=14),
        st.lists(st.one_of(rough_fields(), calm_fields(), st.none()), min_size=1, max_size=10),
    ),
    min_size=1,
    max_size=5,
)


@st.composite
def scenarios(draw: st.DrawFn, max_days: int = 56) -> dict[str, Any]:
    script = [fields for block in draw(blocks) for fields in block][:max_days]
    # Days after the script repeat its last response.
    days = draw(st.integers(min_value=max(7, len(script)), max_value=max_days))
    responses = [response(day, **fields) for day, fields in enumerate(script) if fields]
    return scenario(
        responses,
        days=days,
        runner_profile=draw(runner_profiles()),
        triage=draw(st.sampled_from(TRIAGES)),
        function=draw(st.sampled_from([GREEN_FUNCTION, BORDERLINE_FUNCTION, PAINFUL_FUNCTION])),
    )


@st.composite
def one_bad_day_scenarios(draw: st.DrawFn) -> dict[str, Any]:
    """A runner who is running now, steady for 2–5 weeks (into ST5), then one rough or calm
    day, then steady again: every single-day reaction of the plan in late stages."""
    steady = {"morning": 1, "during": 1, "after": 1}
    script = [steady] * draw(st.integers(min_value=14, max_value=35))
    script.append(draw(st.one_of(rough_fields(), calm_fields())))
    script += [steady] * draw(st.integers(min_value=0, max_value=10))
    profile = runner(
        sex=draw(st.sampled_from(["male", "female"])),
        sleep_hours=draw(st.sampled_from([8, 6])),
        usual_runs_per_week=draw(st.integers(min_value=2, max_value=7)),
        usual_weekly_km=draw(st.sampled_from([30, 15, 50, 80])),
        longest_recent_run_km=draw(st.sampled_from([10, 0, 5, 21])),
        baseline_cadence_spm=draw(st.sampled_from([None, 160, 175])),
        running_now=True,
    )
    return scenario(
        [response(day, **fields) for day, fields in enumerate(script)],
        days=len(script) + 3,
        runner_profile=profile,
    )


def violations(document: dict[str, Any], *rules: str) -> list[str]:
    found = check_plan(document, simulate_json(document))
    return [v for v in found if not rules or v.split(":")[0] in rules]


@settings(SETTINGS, max_examples=200)
@given(scenarios())
def test_every_plan_keeps_every_safety_invariant(document: dict[str, Any]) -> None:
    assert violations(document) == []


@settings(SETTINGS, max_examples=100)
@given(one_bad_day_scenarios())
def test_one_bad_day_after_a_steady_fortnight_keeps_every_invariant(
    document: dict[str, Any],
) -> None:
    assert violations(document) == []


@settings(SETTINGS, max_examples=40)
@given(scenarios(max_days=42))
def test_the_same_scenario_gives_the_same_plan(document: dict[str, Any]) -> None:
    assert check_determinism(document, simulate_json) == []
    # Simulating never changes the caller's scenario.
    before = copy.deepcopy(document)
    simulate_json(document)
    assert document == before


@SETTINGS
@given(scenarios())
def test_the_plan_never_moves_up_more_than_one_rung_a_day(document: dict[str, Any]) -> None:
    output = simulate_json(document)
    ladder = [rung_of(day) for day in output["days"]]
    assert all(b - a <= 1 for a, b in itertools.pairwise(ladder))


@SETTINGS
@given(scenarios())
def test_the_plan_never_progresses_after_amber_red_a_worse_morning_new_load_or_a_failed_gate(
    document: dict[str, Any],
) -> None:
    gates = ("R9", "R11", "R13", "R14", "R19", "R20", "R21", "R22")
    assert [v for v in violations(document, *gates) if "progresses" in v or "starts" in v] == []


@SETTINGS
@given(scenarios())
def test_the_plan_steps_back_whenever_the_pain_rules_say_so(document: dict[str, Any]) -> None:
    assert [v for v in violations(document, "R14") if "progresses" not in v] == []


@SETTINGS
@given(scenarios())
def test_red_escalation_swelling_and_triage_pause_running(document: dict[str, Any]) -> None:
    assert violations(document, "R1", "R3", "R12") == []


@SETTINGS
@given(scenarios())
def test_runs_stay_easy_and_flat_and_cadence_stays_in_range(document: dict[str, Any]) -> None:
    assert violations(document, "R19", "R24") == []


@SETTINGS
@given(scenarios())
def test_the_load_caps_r15_to_r17_and_rest_days_hold(document: dict[str, Any]) -> None:
    assert violations(document, "R15", "R16", "R17", "R23") == []


@SETTINGS
@given(scenarios())
def test_every_exercise_day_has_hip_and_knee_work(document: dict[str, Any]) -> None:
    output = simulate_json(document)
    for day in output["days"]:
        if day["exercises"]:
            regions = {exercise["region"] for exercise in day["exercises"]}
            assert {"hip", "knee"} <= regions, day["date"]


# The checker is not vacuous: it catches each kind of broken plan ----------------------------


def _green_output() -> tuple[dict[str, Any], dict[str, Any]]:
    from .scenario_builders import running_green_runner

    document = running_green_runner(days=28, baseline_cadence_spm=160)
    return document, simulate_json(document)


def _first_run(output: dict[str, Any]) -> dict[str, Any]:
    day: dict[str, Any] = next(d for d in output["days"] if d["run"] is not None)
    return day


def test_the_checker_catches_a_run_beyond_the_single_run_cap() -> None:
    document, output = _green_output()
    _first_run(output)["run"]["distance_km"] = 50.0
    assert any(v.startswith("R15") for v in check_plan(document, output))


def test_the_checker_catches_hills_before_st5() -> None:
    document, output = _green_output()
    _first_run(output)["run"]["terrain"] = "any"
    assert any(v.startswith("R19") for v in check_plan(document, output))


def test_the_checker_catches_a_fixed_180_cadence() -> None:
    document, output = _green_output()
    _first_run(output)["run"]["cadence_target_spm"] = 180
    assert any(v.startswith("R24") for v in check_plan(document, output))


def test_the_checker_catches_an_exercise_day_without_knee_work() -> None:
    document, output = _green_output()
    day = next(d for d in output["days"] if d["exercises"])
    day["exercises"] = [e for e in day["exercises"] if e["region"] != "knee"]
    assert any(v.startswith("R26") for v in check_plan(document, output))


def test_the_checker_catches_back_to_back_runs_in_st4() -> None:
    document, output = _green_output()
    first = output["days"].index(_first_run(output))
    output["days"][first + 1]["run"] = copy.deepcopy(output["days"][first]["run"])
    assert any(v.startswith("R23") for v in check_plan(document, output))


def test_the_checker_catches_progress_after_a_red_session() -> None:
    from .scenario_builders import red_day, with_days

    document, _ = _green_output()
    document = with_days(document, red_day(2))
    output = simulate_json(document)
    output["days"][3]["stage"], output["days"][3]["walk_run_phase"] = "ST5", None
    output["days"][3]["decision"]["action"] = "progress"
    found = check_plan(document, output)
    assert any(v.startswith("R14") and "progresses" in v for v in found)


def test_the_checker_catches_running_on_an_urgent_triage() -> None:
    document, output = _green_output()
    urgent = {**document, "triage": URGENT_TRIAGE}
    assert any(v.startswith("R1") for v in check_plan(urgent, output))


def test_the_checker_catches_a_missing_field() -> None:
    document, output = _green_output()
    del output["days"][0]["decision"]
    assert any(v.startswith("shape") for v in check_plan(document, output))
