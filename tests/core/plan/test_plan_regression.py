"""Stepping back: R14 (amber, red, limp, two ambers, worse morning), R9, R11, R12, swelling."""

from __future__ import annotations

from kneewise.core.plan.models import DayPlan
from tests.core.plan.rule_scenarios import (
    first_day_at,
    green_day,
    position,
    returning,
    run,
    scenario,
)

# With a green script the runner walks on day 0, hop-tests on day 1 and starts walk-run
# phase 1 on day 2; phase-1 sessions fall on days 2 and 7 (R17 allows one run day in week 1).
WALK_RUN_DAY = 2


def walk_run_runner_with(*responses: dict[str, object], days: int = 21) -> list[DayPlan]:
    """The green runner, with the given responses replacing the green ones on their days."""
    return run(scenario(*[green_day(0), *responses], days=days))


def test_amber_repeats_the_phase() -> None:
    days = walk_run_runner_with(
        green_day(WALK_RUN_DAY, pain_during=3, pain_after_60min=2), green_day(WALK_RUN_DAY + 1)
    )
    after = days[WALK_RUN_DAY + 1]
    assert after.decision.action.value == "hold"
    assert "R14" in after.decision.rules
    assert "amber" in after.decision.message
    assert position(after) == ("ST3", 1)


def test_red_steps_back_one_phase() -> None:
    days = walk_run_runner_with(green_day(WALK_RUN_DAY, pain_during=5), green_day(WALK_RUN_DAY + 1))
    after = days[WALK_RUN_DAY + 1]
    assert after.decision.action.value == "regress"
    assert "R14" in after.decision.rules
    assert "pain 5/10" in after.decision.message.lower()
    assert position(after) == ("ST2", 0)


def test_red_with_a_limp_steps_back_two() -> None:
    days = walk_run_runner_with(
        green_day(WALK_RUN_DAY, pain_during=5, limp=True), green_day(WALK_RUN_DAY + 1)
    )
    after = days[WALK_RUN_DAY + 1]
    assert after.decision.action.value == "regress"
    assert position(after) == ("ST1", 0)
    assert "two steps" in after.decision.message


# A returning runner (rule_scenarios.returning) walks on day 1, hop-tests on day 2 and runs
# walk-run phase 1 on day 3 (Thursday) and day 5 (Saturday), with a rest day between.
FIRST_RUN, REST_DAY, SECOND_RUN = 3, 4, 5


def test_two_ambers_in_a_row_step_back_counted_by_session_11b_3() -> None:
    amber = {"pain_during": 3, "pain_after_60min": 1}
    days = run(
        returning(
            green_day(FIRST_RUN, **amber),
            green_day(REST_DAY),  # a green rest day neither breaks nor extends the streak
            green_day(SECOND_RUN, **amber),
            green_day(SECOND_RUN + 1),
        )
    )
    assert days[FIRST_RUN].run is not None
    assert days[SECOND_RUN].run is not None
    assert days[REST_DAY].decision.action.value == "hold"
    after = days[SECOND_RUN + 1]
    assert after.decision.action.value == "regress"
    assert "two sessions in a row" in after.decision.message
    assert position(after) == ("ST2", 0)


def test_an_amber_rest_day_does_not_make_two_ambers_in_a_row_11b_3() -> None:
    amber = {"pain_during": 3, "pain_after_60min": 1}
    days = run(
        returning(
            green_day(FIRST_RUN, **amber),
            green_day(REST_DAY, **amber),
            green_day(SECOND_RUN),
        )
    )
    assert all(d.decision.action.value != "regress" for d in days[: SECOND_RUN + 2])
    assert position(days[SECOND_RUN + 1]) == ("ST3", 1)


def test_a_next_morning_two_points_worse_steps_back() -> None:
    days = walk_run_runner_with(
        green_day(WALK_RUN_DAY), green_day(WALK_RUN_DAY + 1, morning_pain=3)
    )
    after = days[WALK_RUN_DAY + 1]
    assert after.decision.action.value == "regress"
    assert {"R9", "R14"} <= set(after.decision.rules)
    assert position(after) == ("ST2", 0)


def test_a_next_morning_one_point_worse_holds() -> None:
    days = walk_run_runner_with(
        green_day(WALK_RUN_DAY), green_day(WALK_RUN_DAY + 1, morning_pain=2)
    )
    after = days[WALK_RUN_DAY + 1]
    assert after.decision.action.value == "hold"
    assert "R9" in after.decision.rules
    assert position(after) == ("ST3", 1)


def test_pain_not_settled_an_hour_later_counts_as_amber() -> None:
    days = walk_run_runner_with(
        green_day(WALK_RUN_DAY, pain_during=2, pain_after_60min=2, morning_pain=1),
        green_day(WALK_RUN_DAY + 1),
    )
    after = days[WALK_RUN_DAY + 1]
    assert after.decision.action.value == "hold"
    assert "R14" in after.decision.rules
    assert "amber" in after.decision.message
    assert position(after) == ("ST3", 1)


def test_two_reds_in_a_week_pause_running_until_the_knee_settles_r12_11b_2() -> None:
    red = {"pain_during": 6}
    days = run(
        returning(
            green_day(FIRST_RUN, **red), green_day(REST_DAY), green_day(SECOND_RUN, **red),
            green_day(SECOND_RUN + 1),
            days=21,
        )
    )  # fmt: skip
    paused = days[SECOND_RUN + 1]
    assert paused.decision.action.value == "pause_running"
    assert "R12" in paused.decision.rules
    assert paused.stage.value == "ST0"
    # Three settled mornings, then walking, the hop test again and walk-run (§11b.2, R22).
    stages = [d.stage.value for d in days[SECOND_RUN + 1 : SECOND_RUN + 8]]
    assert stages == ["ST0", "ST0", "ST0", "ST1", "ST2", "ST3", "ST3"]
    assert all(d.run is None for d in days[SECOND_RUN + 1 : SECOND_RUN + 6])


def test_a_red_with_a_limp_still_there_next_day_pauses_running() -> None:
    days = run(
        scenario(
            green_day(0),
            green_day(2, pain_during=6, limp=True),
            green_day(3, limp=True),
            green_day(4),
            days=10,
            running_now=True,
        )
    )
    assert days[4].decision.action.value == "pause_running"
    assert "R12" in days[4].decision.rules


def test_swelling_pauses_running_and_refers() -> None:
    days = run(
        scenario(green_day(0), green_day(5, swelling=True), green_day(6), days=10, running_now=True)
    )
    swollen = days[5]
    assert swollen.decision.action.value == "refer"
    assert "R3" in swollen.decision.rules
    assert swollen.stage.value == "ST0"
    assert swollen.run is None
    assert "physiotherapist" in swollen.decision.message


def test_red_in_continuous_running_goes_back_to_the_last_walk_run_phase() -> None:
    days = run(
        scenario(green_day(0), green_day(2, pain_during=5), green_day(3), days=6, running_now=True)
    )
    assert days[2].stage.value == "ST4"
    assert position(days[3]) == ("ST3", 6)


def test_after_a_red_continuous_runs_restart_clearly_shorter() -> None:
    days = run(
        scenario(
            green_day(0), green_day(10, pain_during=5), green_day(11), days=28, running_now=True
        )
    )
    before = max(p.run.distance_km or 0 for p in days[:11] if p.run and p.stage.value == "ST4")
    back = first_day_at(days[12:], "ST4")
    assert back is not None
    again = [p.run.distance_km for p in days[12 + back :] if p.run and p.stage.value == "ST4"]
    assert again
    assert again[0] is not None
    assert again[0] <= 0.8 * before + 0.05


def test_a_much_worse_week_steps_back_one_stage() -> None:
    calm = [green_day(d, morning_pain=0, pain_during=1, pain_after_60min=0) for d in range(7)]
    sore = [green_day(d, morning_pain=3, pain_during=2, pain_after_60min=2) for d in range(7, 14)]
    days = run(scenario(*calm, *sore, green_day(14, morning_pain=3), days=16, running_now=True))
    assert any("R11" in p.decision.rules and p.decision.action.value == "regress" for p in days)
