"""`kneewise triage --answers FILE|- --json` (design.md §3.1), and its interactive mode."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kneewise.core.triage_questions import YES_NO_QUESTIONS, QuestionGroup
from tests.cli.cli_runner import Cli

TYPICAL = {
    "age": 34,
    "onset": "gradual",
    "pain_location": "front",
    "aggravating": ["stairs", "squatting"],
    "squat_painful": True,
}


def test_typical_answers_from_stdin_give_likely_pfp(cli: Cli) -> None:
    run = cli("triage", "--answers", "-", "--json", stdin=json.dumps(TYPICAL))
    assert run.code == 0
    assert run.json["outcome"] == "likely_pfp"
    assert run.json["plan_allowed"] == "full"
    assert run.json["reasons"][0] == {"rule": "R4", "message": run.json["reasons"][0]["message"]}


def test_answers_from_a_file_are_read(cli: Cli, tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({**TYPICAL, "locked_knee": True}))
    run = cli("triage", "--answers", str(answers), "--json")
    assert run.code == 0
    assert run.json["outcome"] == "urgent_care"
    assert run.json["plan_allowed"] == "none"
    assert run.json["reasons"][0]["rule"] == "R1"


def test_a_file_with_a_byte_order_mark_is_read(cli: Cli, tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_bytes(b"\xef\xbb\xbf" + json.dumps(TYPICAL).encode())
    assert cli("triage", "--answers", str(answers), "--json").code == 0


@pytest.mark.parametrize(
    ("stdin", "complaint"),
    [
        ("{not json", "invalid JSON"),
        ("", "empty"),
        ("[1, 2]", "JSON object"),
        ('{"age": NaN}', "invalid JSON"),
        ('{"age": 30, "favourite_colour": "blue"}', "favourite_colour"),
        ('{"onset": "gradual"}', "age is required"),
        ('{"age": "thirty"}', "age must be an integer"),
        ('{"age": 121}', "age must be from 0 to 120"),
        ('{"age": -3}', "age must be from 0 to 120"),
        ('{"age": 30, "swelling": "no"}', "swelling must be true or false"),
        ('{"age": 30, "onset": "sudden"}', "onset must be one of"),
        ('{"age": 30, "aggravating": ["cycling"]}', "aggravating items"),
        ('{"age": 30, "symptom_weeks": -2}', "symptom_weeks"),
    ],
)
def test_bad_input_exits_2_with_a_json_error(cli: Cli, stdin: str, complaint: str) -> None:
    run = cli("triage", "--answers", "-", "--json", stdin=stdin)
    assert run.code == 2
    assert set(run.json) == {"error"}
    assert complaint in run.json["error"]
    assert "Traceback" not in run.stderr


def test_a_missing_file_exits_2_with_a_json_error(cli: Cli, tmp_path: Path) -> None:
    run = cli("triage", "--answers", str(tmp_path / "nope.json"), "--json")
    assert run.code == 2
    assert "no such file" in run.json["error"]


def test_an_unknown_option_exits_2_with_a_json_error(cli: Cli) -> None:
    run = cli("triage", "--answer", "-", "--json")
    assert run.code == 2
    assert "--answer" in run.json["error"]


def test_answers_without_json_flag_print_a_readable_result(cli: Cli) -> None:
    run = cli("triage", "--answers", "-", stdin=json.dumps({**TYPICAL, "swelling": True}))
    assert run.code == 0
    assert "See a physiotherapist or GP soon" in run.stdout
    assert "R3" in run.stdout
    assert "not medical advice" in run.stdout


def test_interactive_triage_stops_at_the_first_emergency(cli: Cli) -> None:
    # the urgent questions in order: weight-bearing "n", deformity "n", locked "y", …; then age
    urgent_answers = ["n", "n", "y"] + ["n"] * 8
    run = cli("triage", stdin="\n".join([*urgent_answers, "41"]) + "\n")
    assert run.code == 0
    assert "Get your knee checked today" in run.stdout
    assert "emergency department" in run.stdout
    assert "How did the pain start" not in run.stderr


def test_interactive_triage_walks_through_every_question(cli: Cli) -> None:
    lines = ["n"] * 11  # urgent warning signs
    lines += ["30"]  # age
    lines += ["1"]  # gradual onset
    lines += ["1"]  # around or behind the kneecap
    lines += ["n"] * 7  # general health
    lines += ["y", "y", "n", "n", "y", "n"]  # squatting, stairs, running
    lines += ["n", "y"]  # not point-like; squat hurts
    lines += ["8"]  # weeks
    run = cli("triage", "--json", stdin="\n".join(lines) + "\n")
    assert run.code == 0
    assert run.json["outcome"] == "likely_pfp"
    assert "How did the pain start" in run.stderr


def test_immunocompromised_is_accepted_and_with_swelling_is_urgent(cli: Cli) -> None:
    alone = cli(
        "triage",
        "--answers",
        "-",
        "--json",
        stdin=json.dumps({**TYPICAL, "immunocompromised": True}),
    )
    assert alone.code == 0
    assert alone.json["outcome"] == "likely_pfp"
    swollen = {**TYPICAL, "immunocompromised": True, "swelling": True}
    run = cli("triage", "--answers", "-", "--json", stdin=json.dumps(swollen))
    assert run.code == 0
    assert run.json["outcome"] == "urgent_care"
    assert run.json["reasons"][0]["rule"] == "R1"


@pytest.mark.parametrize("value", ['"yes"', "1", "null"])
def test_a_non_boolean_immunocompromised_exits_2_naming_it(cli: Cli, value: str) -> None:
    run = cli(
        "triage", "--answers", "-", "--json", stdin=f'{{"age": 30, "immunocompromised": {value}}}'
    )
    assert run.code == 2
    assert set(run.json) == {"error"}
    assert "immunocompromised" in run.json["error"]
    assert "Traceback" not in run.stderr


def test_interactive_triage_asks_about_the_immune_system_and_stops_when_it_is_urgent(
    cli: Cli,
) -> None:
    lines = ["n"] * 7 + ["y"] + ["n"] * 3  # warning signs: only "visibly swollen"
    lines += ["30"]  # age
    lines += ["1", "1"]  # gradual onset; around or behind the kneecap
    lines += ["n", "n", "n", "y", "n", "n", "n"]  # health: a weakened immune system
    run = cli("triage", "--json", stdin="\n".join(lines) + "\n")
    assert run.code == 0
    assert "weakened immune system" in run.stderr
    assert run.json["outcome"] == "urgent_care"
    assert "Which of these bring the pain on" not in run.stderr


def test_interactive_triage_asks_the_warning_signs_before_the_age_r1(cli: Cli) -> None:
    """Issue #12 item 11: an emergency is never behind another question, not even the age."""
    run = cli("triage", stdin="\n".join(["n"] * 11 + ["30", "1", "1"] + ["n"] * 20) + "\n")
    asked = " ".join(run.stderr.split())  # as one line: Rich wraps long questions
    age = asked.index("How old are you")
    urgent = [q.text for q in YES_NO_QUESTIONS if q.group is QuestionGroup.URGENT]
    assert len(urgent) == 11
    assert all(0 <= asked.index(text) < age for text in urgent)
