"""The exercise ladder in the plan: R26 every day, R27 days a week, R28 up/stay/down, L5 gate."""

from __future__ import annotations

from kneewise.core.plan.models import DayPlan
from tests.core.plan.rule_scenarios import SORE_FUNCTION, green_day, run, scenario


def levels(days: list[DayPlan]) -> list[int]:
    return [max(e.level for e in p.exercises) for p in days if p.exercises]


def test_every_exercise_day_has_hip_and_knee_work() -> None:
    for plan in run(scenario(days=42)):
        if plan.exercises:
            regions = {e.region for e in plan.exercises}
            assert {"hip", "knee"} <= regions


def test_exercises_are_on_3_to_5_days_every_week() -> None:
    days = run(scenario(days=28))
    for week in range(4):
        count = sum(1 for p in days[week * 7 : week * 7 + 7] if p.exercises)
        assert 3 <= count <= 5


def test_exercises_move_up_a_level_after_two_green_passed_exercise_days() -> None:
    days = run(scenario(days=10))
    ladder = levels(days)
    assert ladder[0] == 2
    assert max(ladder) > 2
    assert any("R28" in p.decision.rules for p in days)


def test_exercises_stay_after_an_amber_exercise_day() -> None:
    # Day 0 and 2 are exercise days; an amber day 2 stops the step up on day 3.
    days = run(
        scenario(
            green_day(0, function=SORE_FUNCTION),
            green_day(2, pain_during=3),
            green_day(3, function=SORE_FUNCTION),
            function=SORE_FUNCTION,
            days=6,
        )
    )
    assert levels(days)[:3] == [1, 1, 1]


def test_exercises_go_down_a_level_after_a_red_day() -> None:
    # Days 6 and 7 are both exercise days (weekdays 6 and 0 of the plan's week).
    days = run(scenario(green_day(0), green_day(6, pain_during=6), green_day(7), days=9))
    before, after = days[6], days[7]
    assert before.exercises
    assert after.exercises
    assert max(e.level for e in after.exercises) == max(e.level for e in before.exercises) - 1


def test_plyometrics_only_after_the_hop_test_has_passed() -> None:
    sore_runner = run(
        scenario(green_day(0, function=SORE_FUNCTION), function=SORE_FUNCTION, days=42)
    )
    assert all(e.region != "plyometric" for p in sore_runner for e in p.exercises)
    walker = run(scenario(days=42))
    hop_passed = next(i for i, p in enumerate(walker) if p.stage.value == "ST3")
    plyo_days = [
        i for i, p in enumerate(walker) if any(e.region == "plyometric" for e in p.exercises)
    ]
    assert plyo_days
    assert min(plyo_days) >= hop_passed
