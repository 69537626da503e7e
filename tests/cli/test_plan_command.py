"""`kneewise plan simulate --scenario FILE|- --json` (design.md §3.3), `--table`, `plan ics`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from icalendar import Calendar

from kneewise.cli.plan import first_sentence
from tests.cli.cli_runner import Cli
from tests.core.plan.rule_scenarios import green_day, scenario

DAY_KEYS = {
    "date", "stage", "walk_run_phase", "run", "walk_minutes", "hop_test", "cross_training",
    "exercises", "decision",
}  # fmt: skip
RUN_KEYS = {
    "running_minutes", "total_minutes", "intervals", "distance_km", "terrain", "intensity",
    "cadence_target_spm",
}  # fmt: skip
EXERCISE_KEYS = {"id", "region", "level", "sets", "reps", "seconds", "per_leg"}


def test_simulate_prints_one_day_per_scenario_day_in_the_contract_shape(cli: Cli) -> None:
    document = scenario(days=21, baseline_cadence_spm=162)
    run = cli("plan", "simulate", "--scenario", "-", "--json", stdin=json.dumps(document))
    assert run.code == 0
    output = run.json
    assert len(output["days"]) == 21
    assert {"final_stage", "triage_outcome"} <= set(output["summary"])
    for day in output["days"]:
        assert set(day) >= DAY_KEYS
        assert day["stage"] in {"ST0", "ST1", "ST2", "ST3", "ST4", "ST5"}
        assert set(day["decision"]) >= {"action", "rules", "message"}
        if day["run"] is not None:
            assert set(day["run"]) >= RUN_KEYS
        for exercise in day["exercises"]:
            assert set(exercise) >= EXERCISE_KEYS
            assert exercise["region"] in {"hip", "knee", "trunk", "plyometric"}
    walk_run = [d for d in output["days"] if d["run"] and d["run"]["intervals"]]
    assert walk_run
    # The contract's keys, plus seconds for sessions R16 trims (§3.3: fields may be added).
    assert {"run_min", "walk_min", "repeats"} <= set(walk_run[0]["run"]["intervals"])
    assert walk_run[0]["run"]["cadence_target_spm"] == 170


def test_simulate_reads_a_file_too(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(scenario(days=3)))
    run = cli("plan", "simulate", "--scenario", str(path), "--json")
    assert run.code == 0
    assert run.json["summary"]["triage_outcome"] == "likely_pfp"


def test_simulate_table_prints_a_readable_day_by_day_table(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    run = cli("plan", "simulate", "--scenario", "-", "--table", stdin=json.dumps(scenario(days=5)))
    assert run.code == 0
    assert "Mon 2 Mar" in run.stdout
    assert "Brisk walk" in run.stdout
    assert "Final stage" in run.stdout


def test_the_table_shows_each_days_pain_and_the_reasons_of_its_decision(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue #12 item 11: the rules and the start of the message, and the pain reported."""
    monkeypatch.setenv("COLUMNS", "400")  # wide enough that no cell wraps
    document = scenario(green_day(0), green_day(1, morning_pain=2, pain_during=3), days=3)
    run = cli("plan", "simulate", "--scenario", "-", "--table", stdin=json.dumps(document))
    days = cli("plan", "simulate", "--scenario", "-", "--json", stdin=json.dumps(document)).json
    text = " ".join(run.stdout.split())
    assert "1/1/1" in text  # morning/during/an hour after, day 0
    assert "2/3/1" in text  # day 1
    for day in days["days"]:
        decision = day["decision"]
        assert f"{decision['action']} ({' '.join(decision['rules'])})" in text
        assert " ".join(first_sentence(decision["message"]).split()) in text


def test_simulate_without_json_or_table_prints_the_table(cli: Cli) -> None:
    run = cli("plan", "simulate", "--scenario", "-", stdin=json.dumps(scenario(days=2)))
    assert run.code == 0
    assert "Final stage" in run.stdout
    assert not run.stdout.lstrip().startswith("{")


def test_first_sentence_keeps_numbers_and_stops_at_the_end_of_a_sentence() -> None:
    message = "Weekly running may grow by 5.5 % (R16). Sleep matters too (R35)."
    assert first_sentence(message) == "Weekly running may grow by 5.5 % (R16)."


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"start": "March 2nd"}, "start must be a date"),
        ({"days": 0}, "days must be an integer"),
        ({"days": "28"}, "days must be an integer"),
        ({"triage": {"age": 30, "colour": 1}}, "triage: unknown key(s): colour"),
        ({"runner": {"age": 30, "sex": "robot"}}, "runner.sex"),
        ({"runner": {"age": 300}}, "runner.age"),
        ({"responses": [green_day(0, pain_during=11)]}, "pain_during"),
        ({"responses": [green_day(0, limp="no")]}, "limp must be true or false"),
        ({"responses": [green_day(0, new_load="yoga")]}, "new_load"),
        ({"responses": [green_day(0, date="2026-02-30")]}, "date"),
        ({"responses": [green_day(0), green_day(0)]}, "a second response"),
        ({"function": {"sit_30min": 1}}, "function.stairs is required"),
        ({"overrides": {"kind": "hold"}}, "overrides must be a list"),
        ({"overrides": [{"kind": "freeze", "from": "2026-03-02"}]}, "overrides[0]: kind"),
        ({"overrides": [{"kind": "cap", "from": "2026-03-02"}]}, "overrides[0]: a cap needs"),
        (
            {"overrides": [{"kind": "hold", "from": "2026-03-05", "until": "2026-03-04"}]},
            "overrides[0]: until",
        ),
        (
            {
                "overrides": [
                    {
                        "kind": "exclude_exercises",
                        "from": "2026-03-02",
                        "exercises": ["around-the-clock", "single-leg-balance"],
                    }
                ]
            },
            "overrides[0]: Refused (R29)",
        ),
    ],
)
def test_a_bad_scenario_exits_2_with_a_json_error(
    cli: Cli, change: dict[str, object], complaint: str
) -> None:
    document = {**scenario(days=3), **change}
    run = cli("plan", "simulate", "--scenario", "-", "--json", stdin=json.dumps(document))
    assert run.code == 2
    assert complaint in run.json["error"]


def test_a_scenario_without_triage_exits_2(cli: Cli) -> None:
    document = scenario(days=3)
    del document["triage"]
    run = cli("plan", "simulate", "--scenario", "-", "--json", stdin=json.dumps(document))
    assert run.code == 2
    assert "triage is required" in run.json["error"]


def test_unknown_scenario_keys_are_reported_as_warnings_not_errors(cli: Cli) -> None:
    document = {**scenario(days=2), "comment": "from the physio"}
    run = cli("plan", "simulate", "--scenario", "-", "--json", stdin=json.dumps(document))
    assert run.code == 0
    assert any("comment" in warning for warning in run.json["warnings"])


def test_ics_writes_one_event_per_day_that_parses_back(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "plan.ics"
    document = scenario(days=14)
    run = cli("plan", "ics", "--scenario", "-", "--out", str(out), stdin=json.dumps(document))
    assert run.code == 0
    assert f"Wrote 14 days of the plan to {out}." in run.stdout
    calendar = Calendar.from_ical(out.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 14
    first = events[0]
    assert first.decoded("dtstart").isoformat() == "2026-03-02"
    assert str(first.get("summary")) == "Brisk walk, 30 min"
    description = str(first.get("description"))
    assert "Exercises:" in description
    assert "Why:" in description
    assert "not medical advice" in description.lower()
    assert len({str(event.get("uid")) for event in events}) == 14


def test_ics_with_json_prints_the_path_and_the_days(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "plan.ics"
    document = json.dumps(scenario(days=3))
    run = cli("plan", "ics", "--scenario", "-", "--out", str(out), "--json", stdin=document)
    assert run.code == 0
    assert run.json == {"path": str(out), "days": 3}
    assert "Wrote 3 days" in run.stderr


def test_ics_to_an_unwritable_place_exits_2(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "missing" / "plan.ics"
    run = cli(
        "plan", "ics", "--scenario", "-", "--out", str(out), stdin=json.dumps(scenario(days=2))
    )
    assert run.code == 2
    assert "cannot write" in run.json["error"]


def test_the_readme_example_scenario_runs(cli: Cli) -> None:
    example = Path(__file__).resolve().parents[2] / "docs" / "examples" / "plan-scenario.json"
    run = cli("plan", "simulate", "--scenario", str(example), "--json")
    assert run.code == 0
    assert len(run.json["days"]) == 56
    # A runner who is not running now is still in walk-run after 8 weeks: §11b.6 lets their
    # running minutes grow 5 % a week from the first week's single session.
    assert run.json["summary"]["final_stage"] == "ST3"
    assert any(day["run"] for day in run.json["days"])


def test_calendar_titles_use_the_runners_units() -> None:
    from datetime import UTC, datetime

    from kneewise.core.plan.scenario import parse_scenario, simulate
    from kneewise.ical import plan_calendar

    days = simulate(parse_scenario(scenario(days=3, running_now=True))).days
    miles = Calendar.from_ical(plan_calendar(days, stamp=datetime.now(UTC), units="mi"))
    first = next(iter(miles.walk("VEVENT")))
    assert "3.7 mi" in str(first.get("summary"))  # 6.0 km


def test_simulate_applies_a_clinicians_hold_and_explains_it(cli: Cli) -> None:
    hold = {"kind": "hold", "from": "2026-03-02", "until": "2026-03-13", "note": "Settle first"}
    document = {**scenario(days=14), "overrides": [hold]}
    run = cli("plan", "simulate", "--scenario", "-", "--json", stdin=json.dumps(document))
    assert run.code == 0
    days = run.json["days"]
    assert {day["stage"] for day in days[:12]} == {days[0]["stage"]}
    decision = days[3]["decision"]
    assert decision["action"] == "hold"
    assert "CLIN" in decision["rules"]
    assert "by your physiotherapist until Friday 13 March" in decision["message"]
    assert 'Their note: "Settle first"' in decision["message"]
