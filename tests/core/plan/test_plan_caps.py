"""Load caps and guardrails: R15, R16, R17, R18, R19, R20 and the step-rate target R24."""

from __future__ import annotations

import tokenize
from pathlib import Path

import kneewise.core.plan as plan_package
from kneewise.core.plan.models import DayPlan, RunPrescription
from tests.core.plan.rule_scenarios import green_day, run, scenario


def runs(days: list[DayPlan]) -> list[tuple[int, RunPrescription]]:
    return [(i, p.run) for i, p in enumerate(days) if p.run is not None]


def test_a_single_run_never_exceeds_110_percent_of_the_longest_in_30_days() -> None:
    days = run(scenario(days=42, running_now=True, longest_recent_run_km=5, usual_weekly_km=40))
    first = runs(days)[0][1]
    assert first.distance_km is not None
    assert first.distance_km <= 5.5
    done: list[tuple[int, float]] = []
    for index, prescription in runs(days):
        reference = [km for day, km in done if index - 30 <= day < index]
        if index < 30:
            reference.append(5.0)
        assert prescription.distance_km is not None
        assert prescription.distance_km <= 1.10 * max(reference) + 1e-9
        done.append((index, prescription.distance_km))


def test_weekly_running_grows_at_most_5_percent_while_returning() -> None:
    days = run(scenario(days=49, running_now=True, usual_weekly_km=20, usual_runs_per_week=4))
    weekly = [0.0] * 7
    for index, prescription in runs(days):
        weekly[index // 7] += prescription.distance_km or 0.0
    previous = 20.0
    for week, total in enumerate(weekly):
        in_st5 = any(p.stage.value == "ST5" for p in days[week * 7 : week * 7 + 7])
        limit = 1.10 if in_st5 else 1.05
        assert total <= previous * limit + 1e-6, (week, total, previous)
        previous = total


def test_run_days_rise_by_at_most_one_a_week() -> None:
    days = run(scenario(days=42, running_now=False))
    per_week = [0] * 6
    for index, _ in runs(days):
        per_week[index // 7] += 1
    previous = 0
    for count in per_week:
        assert count <= previous + 1
        previous = count
    assert per_week[0] == 1


def test_a_capped_run_day_says_why() -> None:
    days = run(scenario(days=14, running_now=False))
    notes = [note for p in days for note in p.notes]
    assert any("(R17)" in note for note in notes)


def test_acwr_is_never_computed_so_it_cannot_gate_anything() -> None:
    names: set[str] = set()
    for source in Path(plan_package.__file__).parent.glob("*.py"):
        with source.open("rb") as handle:
            tokens = tokenize.tokenize(handle.readline)
            names |= {t.string.lower() for t in tokens if t.type == tokenize.NAME}
    assert not {n for n in names if "acwr" in n or "chronic" in n or "ewma" in n}


def test_rehab_runs_are_easy_and_flat() -> None:
    days = run(scenario(days=42))
    for _, prescription in runs(days):
        assert prescription.terrain.value == "flat"
        assert prescription.intensity.value == "easy"


def test_hills_and_normal_pace_return_only_in_usual_training_after_two_green_weeks() -> None:
    days = run(scenario(days=42, running_now=True))
    normal = [i for i, p in enumerate(days) if p.run and p.run.terrain.value == "any"]
    assert normal
    assert all(days[i].stage.value == "ST5" for i in normal)
    assert min(normal) >= 14


def test_new_knee_load_freezes_progression_for_a_week() -> None:
    days = run(scenario(green_day(0), green_day(1, new_load="hiking"), green_day(2), days=14))
    assert "R20" in days[1].decision.rules
    assert all(p.decision.action.value != "progress" for p in days[1:8])
    assert any(p.decision.action.value == "progress" for p in days[8:])


def test_cadence_target_starts_5_percent_above_the_runners_own_baseline() -> None:
    days = run(scenario(days=10, running_now=True, baseline_cadence_spm=160))
    first = runs(days)[0][1]
    assert first.cadence_target_spm == 168
    assert "R24" in days[0].decision.rules


def test_no_cadence_target_without_a_measured_baseline() -> None:
    days = run(scenario(days=10, running_now=True, baseline_cadence_spm=None))
    assert all(p.cadence_target_spm is None for _, p in runs(days))


def test_cadence_target_never_exceeds_10_percent_and_is_never_a_fixed_180() -> None:
    days = run(scenario(days=70, running_now=True, baseline_cadence_spm=150))
    targets = {p.cadence_target_spm for _, p in runs(days)}
    assert targets <= {158, 161, 165}
    assert 165 in targets  # the full +10 % is reached after weeks of green running
