"""The runner's own week (issue #12 item 16): the days they can run and today's session moved to
tomorrow. Choices, not rules: R17, R23's rest day and the morning gate (§11b.1) still hold."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from kneewise.core.errors import InvalidInput
from kneewise.core.plan.runner_choices import capacity, spread
from kneewise.core.plan.scenario import parse_scenario

from .scenario_builders import (
    date_of,
    decision,
    plan_day,
    response,
    returning_runner,
    run_days,
    running_green_runner,
    simulate_json,
    with_days,
)

MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = range(7)


def choosing(document: dict[str, Any], **choices: Any) -> dict[str, Any]:
    return {**document, **choices}


def notes(output: dict[str, Any], day: int) -> str:
    return " ".join(plan_day(output, day)["notes"])


def walk_run_days(output: dict[str, Any]) -> list[int]:
    return run_days(output, stage="ST3")


# Chosen days -----------------------------------------------------------------------------------


def test_without_the_new_keys_the_plan_is_exactly_as_before() -> None:
    document = returning_runner(28)
    every_day = choosing(document, run_weekdays=list(range(7)), moved_days=[])
    assert simulate_json(every_day) == simulate_json(document)


def test_runs_fall_only_on_the_days_the_runner_chose() -> None:
    output = simulate_json(
        choosing(running_green_runner(28), run_weekdays=[MONDAY, WEDNESDAY, SATURDAY])
    )
    runs = run_days(output)
    assert len(runs) >= 6
    assert {day % 7 for day in runs} <= {MONDAY, WEDNESDAY, SATURDAY}  # day 0 is a Monday


def test_a_day_not_chosen_says_so_and_cites_r17() -> None:
    output = simulate_json(choosing(running_green_runner(14), run_weekdays=[MONDAY, FRIDAY]))
    tuesday = decision(output, 8)
    assert "No run today: runs go on the days you chose (Monday and Friday)" in tuesday["message"]
    assert "R17" in tuesday["rules"]


def test_back_to_back_chosen_days_keep_walk_runs_a_day_apart() -> None:
    output = simulate_json(
        choosing(returning_runner(35), run_weekdays=[TUESDAY, WEDNESDAY, THURSDAY])
    )
    runs = walk_run_days(output)
    assert len(runs) >= 4
    assert all(b - a >= 2 for a, b in itertools.pairwise(runs))  # R23
    assert {day % 7 for day in runs} <= {TUESDAY, THURSDAY}
    said = [notes(output, day) for day in range(35) if "You chose 3 days" in notes(output, day)]
    assert said
    assert all("rest day between runs" in n and "(R23)" in n for n in said)


def test_fewer_chosen_days_than_planned_runs_are_said_not_squeezed() -> None:
    output = simulate_json(
        choosing(running_green_runner(21, usual_runs_per_week=4), run_weekdays=[MONDAY, THURSDAY])
    )
    said = notes(output, 8)
    assert "You chose 2 days; this week's plan would have 3 runs, so it has 2 on the days" in said
    week_two = [day for day in run_days(output) if 7 <= day < 14]
    assert [day % 7 for day in week_two] == [MONDAY, THURSDAY]


def test_the_runners_days_meet_the_clinicians_and_the_decision_says_which() -> None:
    override = {"kind": "run_days", "from": date_of(0), "until": None, "weekdays": [0, 2, 4]}
    document = choosing(
        running_green_runner(21), overrides=[override], run_weekdays=[WEDNESDAY, FRIDAY, SUNDAY]
    )
    output = simulate_json(document)
    assert {day % 7 for day in run_days(output)} <= {WEDNESDAY, FRIDAY}
    message = decision(output, 9)["message"]
    assert "meet on Wednesday and Friday: runs go only on those" in message


def test_a_stricter_choice_than_the_clinicians_is_the_one_that_applies() -> None:
    override = {"kind": "run_days", "from": date_of(0), "until": None, "weekdays": [0, 2, 4]}
    document = choosing(running_green_runner(14), overrides=[override], run_weekdays=[WEDNESDAY])
    output = simulate_json(document)
    assert {day % 7 for day in run_days(output)} == {WEDNESDAY}
    assert "within your physiotherapist's run days" in decision(output, 8)["message"]


# Moving today's session ----------------------------------------------------------------------


def first_walk_run(document: dict[str, Any]) -> int:
    """A walk-run day of the plan without moves, after the first week."""
    return next(day for day in walk_run_days(simulate_json(document)) if day > 7)


def test_a_moved_run_leaves_exercises_today_and_runs_tomorrow() -> None:
    document = returning_runner(28)
    day = first_walk_run(document)
    output = simulate_json(choosing(document, moved_days=[date_of(day)]))
    assert plan_day(output, day)["run"] is None
    assert "moved to tomorrow at your request" in decision(output, day)["message"]
    assert plan_day(output, day + 1)["run"] is not None
    assert "Today has the run you moved from" in decision(output, day + 1)["message"]


def test_a_red_morning_drops_the_moved_run() -> None:
    document = returning_runner(28)
    day = first_walk_run(document)
    red = with_days(document, response(day + 1, morning=6))
    output = simulate_json(choosing(red, moved_days=[date_of(day)]))
    assert plan_day(output, day + 1)["run"] is None
    message = decision(output, day + 1)["message"]
    assert "is dropped: this morning is in the red zone" in message
    assert "§11b.1" in decision(output, day + 1)["rules"]


def test_an_amber_morning_keeps_the_moved_run_without_a_step_up() -> None:
    document = running_green_runner(28)
    day = next(d for d in run_days(simulate_json(document)) if d > 7)
    amber = with_days(document, response(day + 1, morning=3, during=1, after=1))
    output = simulate_json(choosing(amber, moved_days=[date_of(day)]))
    run = plan_day(output, day + 1)["run"]
    before = plan_day(simulate_json(document), day)["run"]
    assert run is not None
    assert run["distance_km"] <= before["distance_km"]
    assert decision(output, day + 1)["action"] != "progress"
    assert "you moved from" in decision(output, day + 1)["message"]


def test_a_moved_walk_run_keeps_r23s_rest_day_after_it() -> None:
    document = returning_runner(35)
    day = first_walk_run(document)
    output = simulate_json(choosing(document, moved_days=[date_of(day)]))
    runs = walk_run_days(output)
    assert day + 1 in runs
    assert all(b - a >= 2 for a, b in itertools.pairwise(runs))


def test_a_session_moved_into_the_next_week_counts_in_the_next_week() -> None:
    document = running_green_runner(28, usual_runs_per_week=4)
    sunday = next(d for d in run_days(simulate_json(document)) if d % 7 == SUNDAY and d > 7)
    output = simulate_json(choosing(document, moved_days=[date_of(sunday)]))
    runs = run_days(output)
    assert sunday not in runs
    assert sunday + 1 in runs
    week_of = [d for d in runs if sunday - 6 <= d <= sunday]
    next_week = [d for d in runs if sunday + 1 <= d <= sunday + 7]
    assert len(next_week) <= len(week_of) + 1  # R17 counts the moved run in its new week


def test_a_moved_session_cannot_be_moved_again() -> None:
    document = returning_runner(28)
    day = first_walk_run(document)
    output = simulate_json(choosing(document, moved_days=[date_of(day), date_of(day + 1)]))
    assert plan_day(output, day + 1)["run"] is not None
    assert "cannot be moved again" in notes(output, day + 1)


def test_a_moved_hop_test_comes_the_next_day() -> None:
    document = returning_runner(10)
    hop = next(d for d in range(10) if plan_day(simulate_json(document), d)["hop_test"])
    output = simulate_json(choosing(document, moved_days=[date_of(hop)]))
    assert not plan_day(output, hop)["hop_test"]
    assert plan_day(output, hop + 1)["hop_test"]
    assert "Today has the hop test you moved from" in decision(output, hop + 1)["message"]


# Spreading the week --------------------------------------------------------------------------


def test_runs_are_spread_as_far_apart_as_the_chosen_days_allow() -> None:
    assert spread(frozenset({0, 1, 2, 3, 4}), 3, walk_run=False) == (0, 2, 4)
    assert spread(frozenset({1, 2}), 2, walk_run=True) == ()
    assert capacity(frozenset({1, 2, 3}), walk_run=True) == 2
    assert capacity(frozenset({1, 2, 3}), walk_run=False) == 3


# The scenario keys ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("choices", "field"),
    [
        ({"run_weekdays": [7]}, "run_weekdays[0]"),
        ({"run_weekdays": []}, "run_weekdays"),
        ({"run_weekdays": [1, 1]}, "run_weekdays"),
        ({"run_weekdays": "mon"}, "run_weekdays"),
        ({"moved_days": ["Monday"]}, "moved_days[0]"),
        ({"moved_days": "2026-03-02"}, "moved_days"),
        ({"moved_days": ["2026-03-02", "2026-03-02"]}, "moved_days[1]"),
    ],
)
def test_bad_choices_are_refused_naming_the_field(choices: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_scenario(choosing(returning_runner(7), **choices))
    assert str(refused.value).startswith(field)
