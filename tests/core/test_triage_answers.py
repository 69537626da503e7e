"""Strict parsing of triage answers (design.md §3.1): every problem names its key."""

from __future__ import annotations

from typing import Any

import pytest

from kneewise.core.errors import InvalidInput
from kneewise.core.triage_answers import Aggravator, Onset, PainLocation, parse_triage_answers


def test_a_complete_answer_set_parses() -> None:
    answers = parse_triage_answers(
        {
            "age": 34,
            "onset": "gradual",
            "pain_location": "front",
            "aggravating": ["stairs", "running"],
            "squat_painful": True,
            "symptom_weeks": 6.5,
        }
    )
    assert answers.age == 34
    assert answers.onset is Onset.GRADUAL
    assert answers.pain_location is PainLocation.FRONT
    assert answers.aggravating == {Aggravator.STAIRS, Aggravator.RUNNING}
    assert answers.squat_painful is True
    assert answers.symptom_weeks == 6.5


def test_missing_booleans_default_to_false() -> None:
    answers = parse_triage_answers({"age": 30})
    assert answers.locked_knee is False
    assert answers.swelling is False


@pytest.mark.parametrize(
    ("data", "complaint"),
    [
        ([], "JSON object"),
        ("age", "JSON object"),
        ({}, "age is required"),
        ({"age": 30, "colour": "red"}, "unknown key(s): colour"),
        ({"age": 30, "zeta": 1, "alpha": 2}, "unknown key(s): alpha, zeta"),
        ({"age": "30"}, "age must be an integer"),
        ({"age": 30.0}, "age must be an integer"),
        ({"age": 30.5}, "age must be an integer"),
        ({"age": True}, "age must be an integer"),
        ({"age": None}, "age must be an integer"),
        ({"age": -1}, "age must be from 0 to 120"),
        ({"age": 121}, "age must be from 0 to 120"),
        ({"age": 30, "locked_knee": "yes"}, "locked_knee must be true or false"),
        ({"age": 30, "locked_knee": 1}, "locked_knee must be true or false"),
        ({"age": 30, "swelling": None}, "swelling must be true or false"),
        ({"age": 30, "onset": "sudden"}, "onset must be one of"),
        ({"age": 30, "onset": None}, "onset must be one of"),
        ({"age": 30, "pain_location": "FRONT"}, "pain_location must be one of"),
        ({"age": 30, "aggravating": "stairs"}, "aggravating must be a list"),
        ({"age": 30, "aggravating": ["cycling"]}, "aggravating items must be among"),
        ({"age": 30, "aggravating": [1]}, "aggravating items must be among"),
        ({"age": 30, "symptom_weeks": -1}, "symptom_weeks must be a number of weeks"),
        ({"age": 30, "symptom_weeks": "6"}, "symptom_weeks must be a number"),
        ({"age": 30, "symptom_weeks": True}, "symptom_weeks must be a number"),
    ],
)
def test_invalid_answers_are_refused_with_a_specific_message(data: Any, complaint: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_triage_answers(data)
    assert complaint in str(refused.value)


@pytest.mark.parametrize("age", [0, 120])
def test_ages_at_the_limits_are_accepted(age: int) -> None:
    assert parse_triage_answers({"age": age}).age == age


def test_immunocompromised_is_an_optional_flag_that_defaults_to_false() -> None:
    assert parse_triage_answers({"age": 30}).immunocompromised is False
    assert parse_triage_answers({"age": 30, "immunocompromised": True}).immunocompromised is True


@pytest.mark.parametrize("value", ["yes", 1, 0, None, [True]])
def test_immunocompromised_must_be_a_json_boolean(value: object) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_triage_answers({"age": 30, "immunocompromised": value})
    assert "immunocompromised must be true or false" in str(refused.value)
