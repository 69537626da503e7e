"""`kneewise akps --answers FILE|- --json` (design.md §3.2), and its interactive mode."""

from __future__ import annotations

import json

import pytest

from tests.cli.cli_runner import Cli


def test_best_answers_score_100(cli: Cli) -> None:
    run = cli("akps", "--answers", "-", "--json", stdin=json.dumps({"items": [0] * 13}))
    assert run.code == 0
    assert run.json == {
        "score": 100,
        "version": "kujala1993",
        "points": [5, 5, 5, 10, 5, 10, 10, 10, 10, 10, 10, 5, 5],
    }


def test_worst_answers_score_0(cli: Cli) -> None:
    worst = [2, 2, 3, 3, 4, 4, 3, 4, 4, 4, 4, 2, 2]
    run = cli("akps", "--answers", "-", "--json", stdin=json.dumps({"items": worst}))
    assert run.code == 0
    assert run.json["score"] == 0
    assert run.json["points"] == [0] * 13


@pytest.mark.parametrize(
    ("stdin", "complaint"),
    [
        ("nope", "invalid JSON"),
        ("", "empty"),
        ('{"items": [0, 0]}', "13 answers, got 2"),
        ('{"answers": []}', "unknown key(s): answers"),
        ('{"items": "all good"}', "must be a list"),
        ('{"items": [0,0,0,0,0,0,0,0,0,0,0,0,"0"]}', "item 13"),
        ('{"items": [0,0,0,0,0,0,0,0,0,0,0,0,0.5]}', "item 13"),
        ('{"items": [0,0,0,0,0,0,0,0,0,0,0,0,9]}', "item 13 (Flexion deficiency) must be from 0"),
        ('{"items": [-1,0,0,0,0,0,0,0,0,0,0,0,0]}', "item 1 (Limp) must be from 0"),
    ],
)
def test_bad_input_exits_2_with_a_json_error(cli: Cli, stdin: str, complaint: str) -> None:
    run = cli("akps", "--answers", "-", "--json", stdin=stdin)
    assert run.code == 2
    assert set(run.json) == {"error"}
    assert complaint in run.json["error"]


def test_interactive_akps_asks_13_questions_and_prints_the_score(cli: Cli) -> None:
    # Options are numbered from 1 on screen; "2" everywhere picks the second-best answer.
    run = cli("akps", stdin="2\n" * 13)
    assert run.code == 0
    assert "72 / 100" in run.stdout  # 3+3+3+8+4+8+7+8+8+8+6+3+3
    assert run.stderr.count("Your answer") == 13


def test_interactive_akps_asks_again_after_an_invalid_choice(cli: Cli) -> None:
    run = cli("akps", "--json", stdin="7\n" + "1\n" * 13)
    assert run.code == 0
    assert run.json["score"] == 100
