"""Load analytics: weekly totals, R15 spikes, R16 weekly increases, R17 run days, downhill,
R20 new load, R24 cadence baseline, R36 shoes; ACWR shown but never flagged (R18)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kneewise.core.load import (
    Flag,
    FlagCode,
    LoadActivity,
    Severity,
    cadence_baseline,
    load_flags,
    monday_of,
    shoe_reminder,
    weekly_load,
)

MONDAY = date(2026, 3, 2)


def run_on(day: int, km: float, **changes: object) -> LoadActivity:
    """A run `day` days after a Monday, `km` long, at an easy 6 min/km."""
    fields: dict[str, object] = {
        "day": MONDAY + timedelta(days=day),
        "sport": "running",
        "distance_m": km * 1000,
        "duration_s": km * 360,
        "knee_load": km,
    }
    fields.update(changes)
    return LoadActivity(**fields)  # type: ignore[arg-type]


def steady_weeks(
    weeks: int, km: float = 5, days: tuple[int, ...] = (0, 2, 4)
) -> list[LoadActivity]:
    return [run_on(7 * w + d, km) for w in range(weeks) for d in days]


def codes(flags: list[Flag]) -> list[str]:
    return [f.code.value for f in flags]


def test_weeks_start_on_monday_and_sum_the_runs() -> None:
    weeks = weekly_load([run_on(0, 5), run_on(2, 6), run_on(8, 7, downhill_m=300)])
    assert [w.week_start for w in weeks] == [MONDAY, MONDAY + timedelta(days=7)]
    assert weeks[0].runs == 2
    assert weeks[0].distance_m == 11000
    assert weeks[0].longest_run_m == 6000
    assert weeks[1].downhill_m == 300
    assert weeks[1].change_pct == pytest.approx(7 / 11 * 100 - 100)


def test_an_empty_week_in_between_is_kept_with_zero() -> None:
    weeks = weekly_load([run_on(0, 5), run_on(15, 5)])
    assert [w.runs for w in weeks] == [1, 0, 1]


def test_non_running_activities_do_not_count_as_running_load() -> None:
    weeks = weekly_load([run_on(0, 5), run_on(1, 30, sport="cycling")])
    assert weeks[0].distance_m == 5000


def test_a_steady_history_raises_no_flag() -> None:
    assert load_flags(steady_weeks(6)) == []


def test_a_run_10_percent_longer_than_the_longest_in_30_days_is_fine() -> None:
    assert load_flags([run_on(0, 10), run_on(3, 11)]) == []


def test_a_run_more_than_10_percent_longer_is_a_spike() -> None:
    flags = load_flags([run_on(0, 10), run_on(3, 11.5)])
    assert codes(flags) == ["single_run_spike"]
    assert flags[0].severity is Severity.WARN
    assert flags[0].reason.rule == "R15"
    assert flags[0].day == MONDAY + timedelta(days=3)


def test_a_run_more_than_30_percent_longer_is_a_strong_spike() -> None:
    flags = load_flags([run_on(0, 10), run_on(3, 13.5)])
    assert flags[0].severity is Severity.STRONG


def test_runs_older_than_30_days_are_not_the_reference() -> None:
    flags = load_flags([run_on(0, 20), run_on(31, 5), run_on(33, 6)])
    spikes = [f for f in flags if f.code is FlagCode.SINGLE_RUN_SPIKE]
    assert [f.day for f in spikes] == [MONDAY + timedelta(days=33)]


def test_the_first_run_ever_is_not_a_spike() -> None:
    assert load_flags([run_on(0, 42)]) == []


def test_a_week_more_than_10_percent_up_is_flagged_on_the_run_that_crossed() -> None:
    history = [run_on(0, 10), run_on(2, 10), run_on(7, 10), run_on(9, 9), run_on(11, 4)]
    flags = [f for f in load_flags(history) if f.code is FlagCode.WEEKLY_INCREASE]
    assert len(flags) == 1
    assert flags[0].day == MONDAY + timedelta(days=11)
    assert flags[0].reason.rule == "R16"
    assert flags[0].severity is Severity.WARN


def test_a_week_more_than_30_percent_up_is_strong() -> None:
    history = [run_on(0, 10), run_on(7, 7), run_on(9, 7)]
    flags = [f for f in load_flags(history) if f.code is FlagCode.WEEKLY_INCREASE]
    assert flags[0].severity is Severity.STRONG


def test_going_from_one_to_three_run_days_is_a_run_day_jump() -> None:
    history = [run_on(0, 5), run_on(7, 3), run_on(9, 3), run_on(11, 3)]
    flags = [f for f in load_flags(history) if f.code is FlagCode.RUN_DAYS_JUMP]
    assert len(flags) == 1
    assert flags[0].day == MONDAY + timedelta(days=11)
    assert flags[0].reason.rule == "R17"


def test_one_extra_run_day_is_fine() -> None:
    history = [run_on(0, 5), run_on(7, 2), run_on(9, 2)]
    assert FlagCode.RUN_DAYS_JUMP not in {f.code for f in load_flags(history)}


def test_a_jump_in_downhill_running_is_flagged() -> None:
    history = [run_on(0, 10, downhill_m=200), run_on(7, 10, downhill_m=1500)]
    flags = [f for f in load_flags(history) if f.code is FlagCode.DOWNHILL_INCREASE]
    assert len(flags) == 1
    assert flags[0].reason.rule == "R19"


def test_a_small_downhill_change_is_not_flagged() -> None:
    history = [run_on(0, 10, downhill_m=100), run_on(7, 10, downhill_m=400)]
    assert FlagCode.DOWNHILL_INCREASE not in {f.code for f in load_flags(history)}


def test_a_new_cycling_commute_is_new_knee_load() -> None:
    history = [*steady_weeks(5), run_on(30, 12, sport="cycling"), run_on(31, 12, sport="cycling")]
    flags = [f for f in load_flags(history) if f.code is FlagCode.NEW_LOAD]
    assert [f.day for f in flags] == [MONDAY + timedelta(days=30)]
    assert flags[0].reason.rule == "R20"


def test_acwr_is_shown_as_a_trend_but_never_raises_a_flag() -> None:
    # A huge acute block after a quiet month: ACWR is high, yet only the real rules flag.
    history = [run_on(d, 3) for d in range(0, 28, 7)] + [run_on(28 + d, 3) for d in range(7)]
    weeks = weekly_load(history)
    assert weeks[-1].training_trend_acwr is not None
    assert weeks[-1].training_trend_acwr > 1.5
    assert all(f.reason.rule in {"R15", "R16", "R17", "R19", "R20"} for f in load_flags(history))
    assert "training_trend_acwr" in weeks[-1].as_json()


def test_cadence_baseline_needs_three_measured_runs() -> None:
    two = cadence_baseline([run_on(0, 5, avg_cadence_spm=160), run_on(2, 5, avg_cadence_spm=162)])
    assert two.baseline_spm is None
    assert two.target_spm is None
    three = cadence_baseline(
        [run_on(d, 5, avg_cadence_spm=c) for d, c in [(0, 160), (2, 164), (4, 170)]]
    )
    assert three.baseline_spm == 164
    assert three.target_spm == 172
    assert three.reason.rule == "R24"
    assert "180" in three.reason.message


def test_shoe_reminder_at_500_km_or_6_months() -> None:
    assert shoe_reminder(499, 100) is None
    reminder = shoe_reminder(500, 100)
    assert reminder is not None
    assert reminder.rule == "R36"
    assert shoe_reminder(100, 183) is not None
    assert shoe_reminder(600, 10, limit_km=640) is None
    with pytest.raises(ValueError, match="480 to 640"):
        shoe_reminder(10, 10, limit_km=300)


@given(st.lists(st.tuples(st.integers(0, 90), st.floats(0.5, 40)), min_size=1, max_size=60))
def test_weekly_totals_always_add_up_to_the_history(runs: list[tuple[int, float]]) -> None:
    history = [run_on(day, km) for day, km in runs]
    weeks = weekly_load(history)
    assert sum(w.distance_m for w in weeks) == pytest.approx(sum(km * 1000 for _, km in runs))
    assert all(w.week_start == monday_of(w.week_start) for w in weeks)
    assert all(w.longest_run_m <= w.distance_m + 1e-9 for w in weeks)
