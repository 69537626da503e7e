"""Kujala AKPS scoring (R30) with the exact table of clinical-evidence.md §8.1."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kneewise.core.akps import (
    AKPS_ITEMS,
    AKPS_VERSION,
    akps_due_on,
    parse_akps_answers,
    score_akps,
)
from kneewise.core.errors import InvalidInput

# §8.1, option points per item, best first: the table is the specification.
EXPECTED_POINTS = [
    [5, 3, 0],
    [5, 3, 0],
    [5, 3, 2, 0],
    [10, 8, 5, 0],
    [5, 4, 3, 2, 0],
    [10, 8, 6, 3, 0],
    [10, 7, 2, 0],
    [10, 8, 6, 4, 0],
    [10, 8, 6, 3, 0],
    [10, 8, 6, 4, 0],
    [10, 6, 4, 2, 0],
    [5, 3, 0],
    [5, 3, 0],
]

ALL_BEST = [0] * 13
ALL_WORST = [len(item.options) - 1 for item in AKPS_ITEMS]


def test_the_item_table_matches_kujala_1993_as_reproduced() -> None:
    assert [[o.points for o in item.options] for item in AKPS_ITEMS] == EXPECTED_POINTS


def test_best_answers_score_100() -> None:
    assert score_akps(ALL_BEST).score == 100


def test_worst_answers_score_0() -> None:
    assert score_akps(ALL_WORST).score == 0


def test_the_score_carries_the_version_tag() -> None:
    assert score_akps(ALL_BEST).version == AKPS_VERSION == "kujala1993"


def test_a_mixed_answer_sums_its_item_points() -> None:
    # Slight limp (3), full support (5), >2 km (3), pain down stairs (8), repeated squat (4),
    # pain after 2 km (8), slight jump difficulty (7), pain after exercise sitting (8),
    # slight pain (8), no swelling (10), no subluxation (10), no atrophy (5), no deficit (5).
    result = score_akps([1, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0])
    assert result.points == (3, 5, 3, 8, 4, 8, 7, 8, 8, 10, 10, 5, 5)
    assert result.score == 84


choices_strategy = st.tuples(*(st.integers(0, len(item.options) - 1) for item in AKPS_ITEMS))


@given(choices_strategy)
def test_score_is_always_0_to_100_and_the_sum_of_item_points(choices: tuple[int, ...]) -> None:
    result = score_akps(list(choices))
    assert 0 <= result.score <= 100
    assert result.score == sum(result.points)
    assert list(result.points) == [EXPECTED_POINTS[i][choice] for i, choice in enumerate(choices)]


@pytest.mark.parametrize(
    ("data", "complaint"),
    [
        ([0] * 13, "JSON object"),
        ({}, "items is required"),
        ({"items": ALL_BEST, "extra": 1}, "unknown key(s): extra"),
        ({"items": "0" * 13}, "items must be a list of 13 integers"),
        ({"items": [0] * 12}, "items must hold 13 answers, got 12"),
        ({"items": [0] * 14}, "items must hold 13 answers, got 14"),
        ({"items": [*[0] * 12, True]}, "item 13 (Flexion deficiency) must be an integer"),
        ({"items": [*[0] * 12, 1.0]}, "item 13 (Flexion deficiency) must be an integer"),
        ({"items": ["0", *[0] * 12]}, "item 1 (Limp) must be an integer"),
        ({"items": [-1, *[0] * 12]}, "item 1 (Limp) must be from 0 to 2, got -1"),
        ({"items": [0, 0, 0, 0, 5, *[0] * 8]}, "item 5 (Squatting) must be from 0 to 4, got 5"),
        ({"items": [3, *[0] * 12]}, "item 1 (Limp) must be from 0 to 2, got 3"),
    ],
)
def test_invalid_akps_answers_are_refused_with_a_specific_message(
    data: Any, complaint: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_akps_answers(data)
    assert complaint in str(refused.value)


def test_the_knee_score_is_due_again_4_weeks_after_the_last_one() -> None:
    assert akps_due_on(date(2026, 3, 5), plan_start=date(2026, 3, 2)) == date(2026, 4, 2)


def test_without_a_score_it_is_due_4_weeks_after_the_plan_starts() -> None:
    assert akps_due_on(None, plan_start=date(2026, 3, 2)) == date(2026, 3, 30)


def test_a_score_taken_before_the_plan_started_counts_from_its_own_day() -> None:
    assert akps_due_on(date(2026, 2, 27), plan_start=date(2026, 3, 2)) == date(2026, 3, 27)


@given(st.dates(max_value=date(9999, 1, 1)), st.dates(max_value=date(9999, 1, 1)))
def test_the_next_score_is_always_exactly_28_days_after_the_last_or_the_start(
    last: date, start: date
) -> None:
    assert akps_due_on(last, start) - last == timedelta(days=28)
    assert akps_due_on(None, start) - start == timedelta(days=28)
