"""Closed-loop scenarios of the plan engine (design.md §3.3), read as sentences.

Each test builds a runner's days with `scenario_builders`, simulates them and checks what the
plan did, citing the rule (clinical-evidence.md §11, §11a). Every output also passes the
independent invariant checker.
"""

from __future__ import annotations

import itertools
import json

import pytest

from tests.cli.cli_runner import Cli

from .invariants import ST0, ST3_P1, ST3_P6, ST4, ST5, check_plan
from .scenario_builders import (
    SEE_CLINICIAN_SOON_TRIAGE,
    URGENT_TRIAGE,
    all_green_runner,
    amber_day,
    decision,
    first_day,
    green_day,
    plan_day,
    red_day,
    response,
    returning_runner,
    run_days,
    rung,
    rungs,
    running_green_runner,
    simulate_json,
    with_days,
)


def simulate_checked(document: dict) -> dict:
    """Simulate, and insist the independent checker finds nothing wrong."""
    output = simulate_json(document)
    assert check_plan(document, output) == []
    return output


def next_run_day(output: dict, after: int) -> int:
    return next(i for i in run_days(output) if i > after)


# Return to running ----------------------------------------------------------------------------


def test_an_all_green_runner_who_is_not_running_reaches_walk_run_within_21_days() -> None:
    output = simulate_checked(all_green_runner(days=56))
    first_walk_run = first_day(output, "ST3")
    assert first_walk_run is not None
    assert first_walk_run <= 21


def weekly_running_minutes(output: dict) -> list[float]:
    """Running minutes of each Monday week of the plan (the start is a Monday)."""
    days = output["days"]
    return [
        sum(d["run"]["running_minutes"] for d in days[w : w + 7] if d["run"])
        for w in range(0, len(days) - 6, 7)
    ]


def test_walk_run_minutes_grow_every_week_by_at_most_5_percent_r16_11b_6() -> None:
    output = simulate_checked(all_green_runner(days=84))
    weeks = weekly_running_minutes(output)
    growth = [b / a for a, b in itertools.pairwise(weeks) if a]
    assert weeks[0] > 0
    assert all(1.0 < g <= 1.05 + 1e-6 for g in growth)


def test_a_runner_starting_from_nothing_needs_months_to_run_continuously_r16_11b_6() -> None:
    # The consequence of §11b.6: from one 9-minute walk-run session in the first week,
    # 5 % a week takes 11 months to continuous running. Pinned so it is never silently lost.
    output = simulate_checked(all_green_runner(days=400))
    st4 = first_day(output, "ST4")
    assert st4 is not None
    assert 40 * 7 <= st4 <= 52 * 7


def test_the_walk_run_ladder_is_climbed_one_phase_at_a_time() -> None:
    output = simulate_checked(all_green_runner(days=400))
    climbed = [r for r in dict.fromkeys(rungs(output)) if ST3_P1 <= r <= ST3_P6]
    assert climbed == list(range(ST3_P1, ST3_P6 + 1))


def test_an_all_green_runner_who_is_running_keeps_running_from_day_one() -> None:
    output = simulate_checked(running_green_runner(days=28))
    first = plan_day(output, 0)
    assert first["run"] is not None
    assert first["stage"] == "ST4"
    assert "R21" in first["decision"]["rules"]
    assert first["run"]["terrain"] == "flat"
    assert first["run"]["intensity"] == "easy"


def test_a_running_runner_reaches_their_usual_week_and_then_st5_11b_7() -> None:
    output = simulate_checked(running_green_runner(days=56))
    weeks = weekly_running_minutes(output)
    usual_minutes = 24 * 7  # 24 km a week at the 7 min/km estimate
    assert weeks[0] >= 0.75 * usual_minutes
    reached = next(i for i, m in enumerate(weeks) if m >= 0.9 * usual_minutes)
    assert reached < 8
    first_st5 = first_day(output, "ST5")
    assert first_st5 is not None
    assert first_st5 >= 7 * (reached + 1)


def test_hills_and_normal_pace_wait_14_all_green_days_after_an_amber_session_r19() -> None:
    base = running_green_runner(days=70)
    st5 = first_day(simulate_json(base), "ST5")
    assert st5 is not None
    amber_on = next(d for d in run_days(simulate_json(base)) if d > st5 + 3)
    output = simulate_checked(with_days(base, amber_day(amber_on)))
    for day in run_days(output):
        run = plan_day(output, day)["run"]
        if amber_on < day <= amber_on + 14:
            assert (run["terrain"], run["intensity"]) == ("flat", "easy")
    assert any(
        plan_day(output, d)["run"]["terrain"] == "any"
        for d in run_days(output)
        if d > amber_on + 15
    )


# Stepping back (R14, R9) ----------------------------------------------------------------------


def first_run_at_phase_2(document: dict) -> int:
    """The first walk-run session at phase 2 (a returning runner reaches it in week two)."""
    output = simulate_json(document)
    day = first_day(output, "ST3", phase=2)
    assert day is not None
    return next_run_day(output, day - 1)


def test_a_red_day_steps_back_one_rung() -> None:
    base = returning_runner(days=42)
    red_on = first_run_at_phase_2(base)
    output = simulate_checked(with_days(base, red_day(red_on, pain=6)))
    assert rung(output, red_on + 1) == rung(output, red_on) - 1
    assert decision(output, red_on + 1)["action"] == "regress"
    assert "R14" in decision(output, red_on + 1)["rules"]


def test_a_red_day_with_a_limp_steps_back_two_rungs() -> None:
    base = returning_runner(days=42)
    red_on = first_run_at_phase_2(base)
    output = simulate_checked(with_days(base, red_day(red_on, pain=6, limp=True)))
    assert rung(output, red_on + 1) == rung(output, red_on) - 2
    assert decision(output, red_on + 1)["action"] == "regress"
    assert "R14" in decision(output, red_on + 1)["rules"]


def test_a_red_in_continuous_running_goes_back_to_walk_run_or_a_shorter_run() -> None:
    base = running_green_runner(days=28)
    red_on = run_days(simulate_json(base))[2]
    output = simulate_checked(with_days(base, red_day(red_on)))
    assert decision(output, red_on + 1)["action"] == "regress"
    # §11a.6: back to the last walk-run phase, or the same stage with a clearly shorter run.
    if rung(output, red_on + 1) >= ST4:
        red_km = plan_day(output, red_on)["run"]["distance_km"]
        next_km = plan_day(output, next_run_day(output, red_on))["run"]["distance_km"]
        assert next_km < red_km


def test_an_amber_session_repeats_the_phase() -> None:
    base = returning_runner(days=28)
    green = simulate_json(base)
    # After a second green-passed session at phase 1, the next session is at phase 2.
    second_run = run_days(green, stage="ST3")[1]
    after = next_run_day(green, second_run)
    assert rung(green, after) == rung(green, second_run) + 1
    output = simulate_checked(with_days(base, amber_day(second_run)))
    assert rung(output, second_run + 1) == rung(output, second_run)
    assert decision(output, second_run + 1)["action"] == "hold"
    assert "R14" in decision(output, second_run + 1)["rules"]
    again = next_run_day(output, second_run)
    assert (
        plan_day(output, again)["walk_run_phase"] == plan_day(output, second_run)["walk_run_phase"]
    )


def test_two_amber_sessions_in_a_row_step_back() -> None:
    base = returning_runner(days=42)
    first = first_run_at_phase_2(base)
    output = simulate_json(with_days(base, amber_day(first), response(first + 1, done=False)))
    second = next_run_day(output, first)
    skipped = [response(d, done=False) for d in range(first + 1, second)]
    document = with_days(base, amber_day(first), *skipped, amber_day(second))
    output = simulate_checked(document)
    assert rung(output, second + 1) == rung(output, second) - 1
    assert decision(output, second + 1)["action"] == "regress"
    assert "R14" in decision(output, second + 1)["rules"]


def test_a_next_morning_two_points_worse_steps_back() -> None:
    base = returning_runner(days=42)
    run_on = first_run_at_phase_2(base)
    output = simulate_checked(with_days(base, green_day(run_on + 1, morning=3)))
    assert rung(output, run_on + 1) == rung(output, run_on) - 1
    assert decision(output, run_on + 1)["action"] == "regress"
    assert {"R9", "R14"} <= set(decision(output, run_on + 1)["rules"])


def test_a_next_morning_one_point_worse_holds() -> None:
    base = returning_runner(days=28)
    green = simulate_json(base)
    second_run = run_days(green, stage="ST3")[1]
    output = simulate_checked(with_days(base, green_day(second_run + 1, morning=2)))
    assert rung(output, second_run + 1) == rung(output, second_run)
    assert decision(output, second_run + 1)["action"] == "hold"
    assert "R9" in decision(output, second_run + 1)["rules"]


def test_the_decision_for_a_regression_names_the_pain_and_the_session() -> None:
    base = returning_runner(days=42)
    red_on = first_run_at_phase_2(base)
    output = simulate_checked(with_days(base, red_day(red_on, pain=6)))
    message = decision(output, red_on + 1)["message"]
    assert "pain 6/10" in message.lower()
    assert "walk-run phase 2" in message


# Pausing and referring (R12, R3, R1) ----------------------------------------------------------


def test_two_reds_within_7_days_pause_running_until_3_settled_days_r12_11b_2() -> None:
    base = running_green_runner(days=42)
    first_red = run_days(simulate_json(base))[2]
    after_first = simulate_json(with_days(base, red_day(first_red)))
    second_red = next_run_day(after_first, first_red)
    assert second_red - first_red <= 7
    output = simulate_checked(with_days(base, red_day(first_red), red_day(second_red)))
    paused = second_red + 1
    assert decision(output, paused)["action"] == "pause_running"
    assert "R12" in decision(output, paused)["rules"]
    assert plan_day(output, paused)["stage"] == "ST0"
    # Three settled mornings after the pause (paused + 1 … + 3), then R22's way back: walking,
    # the hop test, walk-run.
    stages = [plan_day(output, d)["stage"] for d in range(paused, paused + 4)]
    assert stages == ["ST0", "ST0", "ST0", "ST1"]
    assert all(plan_day(output, d)["run"] is None for d in range(paused, paused + 5))
    back = first_day({"days": output["days"][paused:]}, "ST3")
    assert back is not None
    assert [plan_day(output, paused + back - k)["stage"] for k in (2, 1)] == ["ST1", "ST2"]


def test_seeing_a_clinician_ends_the_wait_after_a_red_escalation_r12_11b_2() -> None:
    base = running_green_runner(days=42)
    reds = run_days(simulate_json(base))[2:4]
    document = with_days(base, *(red_day(d) for d in reds))
    paused = reds[1] + 1
    waiting = simulate_json(document)
    seen = simulate_checked(with_days(document, green_day(paused + 1, seen_clinician=True)))
    assert plan_day(waiting, paused + 1)["stage"] == "ST0"
    assert plan_day(seen, paused + 1)["stage"] == "ST1"
    assert "saw a clinician" in decision(seen, paused + 1)["message"]


def test_morning_swelling_pauses_running_and_refers() -> None:
    base = running_green_runner(days=28)
    run_on = run_days(simulate_json(base))[3]
    output = simulate_checked(with_days(base, green_day(run_on, swelling=True)))
    day = plan_day(output, run_on)
    assert day["run"] is None
    assert day["stage"] == "ST0"
    assert day["decision"]["action"] == "refer"
    assert "R3" in day["decision"]["rules"]


def test_swelling_on_the_first_morning_refers_before_any_running() -> None:
    document = with_days(running_green_runner(days=14), green_day(0, swelling=True))
    output = simulate_checked(document)
    assert plan_day(output, 0)["run"] is None
    assert plan_day(output, 0)["decision"]["action"] == "refer"


def test_urgent_triage_gives_refer_and_nothing_else_every_day() -> None:
    document = {**all_green_runner(days=21), "triage": URGENT_TRIAGE}
    output = simulate_checked(document)
    assert output["summary"]["triage_outcome"] == "urgent_care"
    for day in output["days"]:
        assert day["decision"]["action"] == "refer"
        assert day["run"] is None
        assert day["exercises"] == []
        assert day["walk_minutes"] is None
        assert day["hop_test"] is False


def test_see_clinician_soon_triage_gives_exercises_but_never_running() -> None:
    document = {**running_green_runner(days=42), "triage": SEE_CLINICIAN_SOON_TRIAGE}
    output = simulate_checked(document)
    assert output["summary"]["triage_outcome"] == "see_clinician_soon"
    assert any(day["exercises"] for day in output["days"])
    for day in output["days"]:
        assert day["run"] is None
        assert day["stage"] not in ("ST3", "ST4", "ST5")


# Load (R20, R11) ------------------------------------------------------------------------------


def test_new_non_running_load_freezes_progression_for_a_week() -> None:
    base = returning_runner(days=42)
    green = simulate_json(base)
    # The morning the runner would move from walk-run phase 1 to phase 2.
    moves = [i for i in range(1, 42) if rung(green, i) > rung(green, i - 1) and i > 5]
    load_on = moves[0]
    output = simulate_checked(with_days(base, green_day(load_on, new_load="cycling_commute")))
    assert "R20" in decision(output, load_on)["rules"]
    frozen = range(load_on, load_on + 7)
    assert all(decision(output, d)["action"] != "progress" for d in frozen)
    assert all(rung(output, d) <= rung(output, load_on - 1) for d in frozen)
    assert max(rungs(output)[load_on + 7 :]) > rung(output, load_on - 1)


def test_new_load_on_the_first_morning_also_freezes_progression_for_a_week() -> None:
    # R20 applies from the first check-in as well: a new strength routine on day 0.
    document = with_days(all_green_runner(days=14), green_day(0, new_load="strength"))
    output = simulate_json(document)
    assert [decision(output, d)["action"] for d in range(1, 7)] == ["hold"] * 6
    assert rungs(output)[:7] == [rung(output, 0)] * 7
    assert check_plan(document, output) == []


def test_a_week_with_daily_worst_pain_2_higher_steps_back_r11() -> None:
    quiet = [green_day(d, morning=0, during=0, after=0) for d in range(14)]
    sore = [green_day(d, morning=0, during=2, after=0) for d in range(14, 28)]
    document = with_days(running_green_runner(days=28), *quiet, *sore)
    output = simulate_checked(document)
    # Day 21 compares days 14–20 (worst 2/10 each day) with days 7–13 (0/10): +2.
    assert rung(output, 21) < rung(output, 20)
    assert decision(output, 21)["action"] == "regress"
    assert "R11" in decision(output, 21)["rules"]
    assert all(decision(output, d)["action"] != "regress" for d in range(1, 21))


# Cadence (R24) --------------------------------------------------------------------------------


def test_a_baseline_cadence_of_160_gives_a_first_target_of_168() -> None:
    output = simulate_checked(running_green_runner(days=14, baseline_cadence_spm=160))
    first_run = plan_day(output, run_days(output)[0])
    assert first_run["run"]["cadence_target_spm"] == 168


def test_no_baseline_cadence_gives_no_target() -> None:
    output = simulate_checked(running_green_runner(days=28, baseline_cadence_spm=None))
    assert run_days(output)
    assert all(plan_day(output, d)["run"]["cadence_target_spm"] is None for d in run_days(output))


def test_the_cadence_target_never_exceeds_baseline_plus_10_percent() -> None:
    output = simulate_checked(running_green_runner(days=70, baseline_cadence_spm=170))
    targets = {plan_day(output, d)["run"]["cadence_target_spm"] for d in run_days(output)}
    assert max(targets) <= round(170 * 1.10)
    assert 180 not in targets or round(170 * 1.10) >= 180


# Engine bugs found by this review (each the smallest scenario found) ---------------------------


def test_a_limp_reported_without_pain_numbers_still_steps_back_two_rungs() -> None:
    # R6: any limp is red whatever the pain score; R14: red with a limp drops two rungs.
    base = running_green_runner(days=14)
    run_on = run_days(simulate_json(base))[1]
    document = with_days(base, response(run_on, during=None, after=None, limp=True))
    output = simulate_json(document)
    assert rung(output, run_on + 1) <= rung(output, run_on) - 2
    assert decision(output, run_on + 1)["action"] == "regress"


def test_hills_and_normal_pace_wait_after_amber_pain_on_a_rest_day() -> None:
    # R19: easy, flat running while any pain flag is up; pain on a day without a session
    # counts for the pain rules (engine convention), and the engine itself holds for it (R14).
    base = running_green_runner(days=56)
    green = simulate_json(base)
    st5 = first_day(green, "ST5")
    assert st5 is not None
    rest = next(
        d
        for d in range(st5, 55)
        if plan_day(green, d)["run"] is None and (d + 1) in run_days(green)
    )
    output = simulate_json(with_days(base, response(rest, during=3, after=1)))
    run = plan_day(output, rest + 1)["run"]
    assert run is not None
    assert (run["terrain"], run["intensity"]) == ("flat", "easy")


def test_a_runner_with_tiny_usual_runs_is_never_prescribed_a_zero_km_run() -> None:
    document = running_green_runner(days=7, usual_weekly_km=0.4, usual_runs_per_week=6)
    output = simulate_json(document)
    assert all(plan_day(output, d)["run"]["distance_km"] > 0 for d in run_days(output))
    assert check_plan(document, output) == []


# The external contract -------------------------------------------------------------------------


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(monkeypatch, capsys)


def test_the_cli_prints_the_same_plan_and_it_passes_the_checker(cli: Cli) -> None:
    document = with_days(
        running_green_runner(days=35, baseline_cadence_spm=158),
        red_day(6),
        amber_day(12),
        green_day(20, new_load="hiking"),
        green_day(21),
    )
    run = cli("plan", "simulate", "--scenario", "-", "--json", stdin=json.dumps(document))
    assert run.code == 0
    assert run.json == simulate_json(document)
    assert check_plan(document, run.json) == []


def test_every_rung_change_in_a_mixed_scenario_is_at_most_one_step_up() -> None:
    document = with_days(
        all_green_runner(days=56),
        red_day(10),
        amber_day(20),
        amber_day(21),
        green_day(30, morning=3),
    )
    output = simulate_checked(document)
    ups = [b - a for a, b in itertools.pairwise(rungs(output))]
    assert max(ups) <= 1
    assert min(rungs(output)) >= ST0
    assert max(rungs(output)) <= ST5
