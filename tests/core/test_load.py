"""Load analytics: weekly totals, R15 spikes, R16 weekly increases, R17 run days, downhill,
R20 new load, R24 cadence baseline, R36 shoes; ACWR shown but never flagged (R18)."""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kneewise.core.dates import spoken_date
from kneewise.core.load import (
    NEW_LOAD_QUIET_DAYS,
    NON_RUNNING_KNEE_LOAD,
    RUNNING,
    Flag,
    FlagCode,
    LoadActivity,
    Severity,
    Week,
    _acwr_by_day,
    cadence_baseline,
    flag_window,
    load_flags,
    longest_run_in_30_days,
    monday_of,
    new_load,
    shoe_reminder,
    single_run_spikes,
    weekly_load,
)
from kneewise.core.load_rules import (
    WEEKLY_NORMAL,
    WEEKLY_RETURN,
    downhill_increased,
    run_days_limit,
    spike_severity,
    weekly_limit,
    weekly_severity,
)
from kneewise.core.reasons import Reason

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


# One pass, same answers (issue #9) ---------------------------------------------------------------
# The definitions as they were before the one-pass rewrite (quadratic, plainly right): the
# reference the one-pass functions must equal on any history.


def _ref_key(activity: LoadActivity) -> tuple[date, int]:
    return activity.day, activity.order


def reference_weekly_load(activities: list[LoadActivity]) -> list[Week]:
    runs = sorted((a for a in activities if a.sport == RUNNING), key=_ref_key)
    if not runs:
        return []
    trend = _acwr_by_day(runs)
    first, last = monday_of(runs[0].day), monday_of(runs[-1].day)
    weeks: list[Week] = []
    previous: float | None = None
    start = first
    while start <= last:
        in_week = [r for r in runs if start <= r.day < start + timedelta(days=7)]
        distance = sum(r.distance_m for r in in_week)
        change = None if not previous else (distance / previous - 1) * 100
        end = min(start + timedelta(days=6), runs[-1].day)
        weeks.append(
            Week(
                week_start=start,
                runs=len(in_week),
                run_days=len({r.day for r in in_week}),
                distance_m=distance,
                duration_s=sum(r.duration_s for r in in_week),
                downhill_m=sum(r.downhill_m for r in in_week),
                longest_run_m=max((r.distance_m for r in in_week), default=0.0),
                knee_load=sum(r.knee_load or 0.0 for r in in_week),
                change_pct=change,
                training_trend_acwr=trend.get(end),
            )
        )
        previous = distance
        start += timedelta(days=7)
    return weeks


def reference_spikes(runs: list[LoadActivity]) -> list[Flag]:
    flags = []
    for run in runs:
        longest = longest_run_in_30_days(runs, run)  # the quadratic definition, kept in core
        severity = spike_severity(run.distance_m, longest)
        if severity is None:
            continue
        ratio = run.distance_m / longest
        message = (
            f"A {run.distance_m / 1000:.1f} km run, {(ratio - 1) * 100:.0f} % longer than your "
            f"longest run of the previous 30 days ({longest / 1000:.1f} km). Single runs more "
            "than 10 % longer are linked with more injuries."
        )
        flags.append(Flag(run.day, FlagCode.SINGLE_RUN_SPIKE, severity, Reason("R15", message)))
    return flags


def _ref_week_pairs(
    runs: list[LoadActivity],
) -> list[tuple[date, list[LoadActivity], list[LoadActivity]]]:
    weeks = sorted({monday_of(r.day) for r in runs})
    return [
        (
            start,
            [r for r in runs if monday_of(r.day) == start],
            [r for r in runs if monday_of(r.day) == start - timedelta(days=7)],
        )
        for start in weeks[1:]
    ]


def reference_weekly_increases(runs: list[LoadActivity], factor: float) -> list[Flag]:
    flags = []
    for week_start, week_runs, previous in _ref_week_pairs(runs):
        previous_km = sum(r.distance_m for r in previous)
        limit = weekly_limit(previous_km, factor)
        if limit is None:
            continue
        total = 0.0
        crossed: LoadActivity | None = None
        for run in week_runs:
            total += run.distance_m
            if crossed is None and total > limit:
                crossed = run
        severity = weekly_severity(total, previous_km, factor)
        if crossed is None or severity is None:
            continue
        ratio = total / previous_km
        percent = round((factor - 1) * 100)
        message = (
            f"The week of {spoken_date(week_start)} reached {total / 1000:.1f} km, "
            f"{(ratio - 1) * 100:.0f} % more than the week before ({previous_km / 1000:.1f} km); "
            f"the guide is at most {percent} % (5 % while returning from pain)."
        )
        flags.append(Flag(crossed.day, FlagCode.WEEKLY_INCREASE, severity, Reason("R16", message)))
    return flags


def reference_run_day_jumps(runs: list[LoadActivity]) -> list[Flag]:
    flags = []
    for week_start, week_runs, previous in _ref_week_pairs(runs):
        allowed = run_days_limit(len({r.day for r in previous}))
        days_seen: list[date] = []
        for run in week_runs:
            if run.day not in days_seen:
                days_seen.append(run.day)
            if len(days_seen) == allowed + 1:
                message = (
                    f"The week of {spoken_date(week_start)} has {len(days_seen)} or more run days "
                    f"after {allowed - 1} the week before; add at most one run day per week."
                )
                flags.append(
                    Flag(run.day, FlagCode.RUN_DAYS_JUMP, Severity.WARN, Reason("R17", message))
                )
                break
    return flags


def reference_downhill(runs: list[LoadActivity]) -> list[Flag]:
    flags = []
    for week_start, week_runs, previous in _ref_week_pairs(runs):
        before = sum(r.downhill_m for r in previous)
        now = sum(r.downhill_m for r in week_runs)
        if not downhill_increased(before, now):
            continue
        day = max(week_runs, key=lambda r: r.downhill_m).day
        message = (
            f"Downhill running in the week of {spoken_date(week_start)}: {now / 1000:.1f} km on "
            f"grades of −5 % or steeper, up from {before / 1000:.1f} km. Downhills load the "
            "kneecap more; bring them back gradually."
        )
        flags.append(Flag(day, FlagCode.DOWNHILL_INCREASE, Severity.WARN, Reason("R19", message)))
    return flags


def reference_new_load(activities: list[LoadActivity]) -> list[Flag]:
    flags = []
    for activity in activities:
        if activity.sport not in NON_RUNNING_KNEE_LOAD:
            continue
        quiet_from = activity.day - timedelta(days=NEW_LOAD_QUIET_DAYS)
        earlier = [
            a
            for a in activities
            if a.sport == activity.sport
            and quiet_from <= a.day
            and _ref_key(a) < _ref_key(activity)
        ]
        seen_before = any(a.day < activity.day for a in activities)
        if earlier or not seen_before:
            continue
        message = (
            f"New {activity.sport} on {spoken_date(activity.day)}: non-running knee load counts "
            "as a load change; keep running steady for a week."
        )
        flags.append(Flag(activity.day, FlagCode.NEW_LOAD, Severity.WARN, Reason("R20", message)))
    return flags


def reference_load_flags(
    activities: list[LoadActivity], weekly_factor: float = WEEKLY_NORMAL
) -> list[Flag]:
    everything = sorted(activities, key=_ref_key)
    runs = [a for a in everything if a.sport == RUNNING]
    flags = [
        *reference_spikes(runs),
        *reference_weekly_increases(runs, weekly_factor),
        *reference_run_day_jumps(runs),
        *reference_downhill(runs),
        *reference_new_load(everything),
    ]
    return sorted(flags, key=lambda f: (f.day, f.code.value))


SPORTS = ["running", "running", "running", "cycling", "hiking", "walking", "swimming"]
# Round lengths make ties and exact thresholds (10 km then 11 km) common; floats the rest.
METRES = st.one_of(
    st.sampled_from([0.0, 1000.0, 5000.0, 5500.0, 10000.0, 11000.0, 13000.0, 13001.0]),
    st.floats(0, 40000, allow_nan=False, allow_infinity=False),
)


def activities(days: int) -> st.SearchStrategy[LoadActivity]:
    return st.builds(
        LoadActivity,
        day=st.integers(0, days).map(lambda d: MONDAY + timedelta(days=d)),
        sport=st.sampled_from(SPORTS),
        distance_m=METRES,
        duration_s=st.floats(0, 20000, allow_nan=False),
        downhill_m=st.one_of(st.sampled_from([0.0, 200.0, 800.0, 1500.0]), st.floats(0, 4000)),
        knee_load=st.none() | st.floats(0, 100, allow_nan=False),
        avg_cadence_spm=st.none() | st.floats(140, 190),
        order=st.integers(0, 3),  # several activities may share a day and even an order
    )


HISTORY = st.lists(activities(150), max_size=80)
DENSE = st.lists(activities(60), max_size=60)  # many weeks with several runs


@settings(max_examples=300, deadline=None)
@given(HISTORY)
def test_one_pass_weekly_load_equals_the_reference(history: list[LoadActivity]) -> None:
    assert weekly_load(history) == reference_weekly_load(history)


@settings(max_examples=300, deadline=None)
@given(HISTORY, st.sampled_from([WEEKLY_NORMAL, WEEKLY_RETURN]))
def test_one_pass_flags_equal_the_reference(history: list[LoadActivity], factor: float) -> None:
    assert load_flags(history, weekly_factor=factor) == reference_load_flags(history, factor)


@settings(max_examples=200, deadline=None)
@given(HISTORY)
def test_spikes_and_new_load_equal_the_reference_in_any_input_order(
    history: list[LoadActivity],
) -> None:
    runs = [a for a in history if a.sport == RUNNING]  # not sorted: callers may pass any order
    assert single_run_spikes(runs) == reference_spikes(runs)
    assert [longest_run_in_30_days(runs, r) for r in runs] == [
        max(
            (
                e.distance_m
                for e in runs
                if e.day >= r.day - timedelta(30) and _ref_key(e) < _ref_key(r)
            ),
            default=0.0,
        )
        for r in runs
    ]
    assert new_load(history) == reference_new_load(history)


def window_of(history: list[LoadActivity], first: date, last: date) -> list[LoadActivity]:
    """What `flag_window` says decides the flags of first..last: its days, plus the latest run
    and the latest activity before them (what the web's queries read)."""
    start, end = flag_window(first, last)
    ordered = sorted(history, key=_ref_key)
    before = [a for a in ordered if a.day < start]
    latest_run = [r for r in before if r.sport == RUNNING][-1:]
    markers = [*latest_run, *(a for a in before[-1:] if a not in latest_run)]
    return [*markers, *(a for a in ordered if start <= a.day <= end)]


@settings(max_examples=500, deadline=None)
@given(DENSE, st.integers(0, 65), st.integers(0, 13), st.sampled_from([1.10, 1.05]))
def test_the_flags_of_a_few_days_need_only_their_window(
    history: list[LoadActivity], offset: int, span: int, factor: float
) -> None:
    first = MONDAY + timedelta(days=offset)
    last = first + timedelta(days=span)
    window = window_of(history, first, last)
    expected = [f for f in load_flags(history, weekly_factor=factor) if first <= f.day <= last]
    got = [f for f in load_flags(window, weekly_factor=factor) if first <= f.day <= last]
    assert got == expected


def test_the_window_of_one_day_reaches_30_days_back_and_to_the_end_of_its_week() -> None:
    thursday = MONDAY + timedelta(days=3)
    assert flag_window(thursday, thursday) == (
        thursday - timedelta(days=30),
        MONDAY + timedelta(days=6),
    )
    sunday = MONDAY + timedelta(days=6)
    assert flag_window(sunday, sunday)[0] == sunday - timedelta(days=30)  # before last Monday


def test_one_pass_is_linear_enough_for_a_long_history() -> None:
    # 20 years of a run a day: the quadratic version took minutes; one pass takes well under 1 s.
    history = [run_on(d, 5 + (d * 7) % 9, downhill_m=(d * 131) % 900) for d in range(7300)]
    history += [run_on(d, 20, sport="cycling") for d in range(0, 7300, 45)]
    started = time.perf_counter()
    weekly_load(history)
    load_flags(history)
    assert time.perf_counter() - started < 2.0
