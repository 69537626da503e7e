"""Properties of the closed-loop plan over random runners and response scripts (hypothesis).

The scripts mix calm stretches (so runners reach walk-run, continuous running and ST5 and the
caps matter) with rough ones (pains 0–10 with fractions, rare limp, sharp pain, swelling, a limp
in the morning and new load, skipped sessions), stretches without a check-in (`reported: false`,
one day or several), recorded runs (longer than prescribed, on rest days, with downhill), knee
scores and "seen a clinician" answers, and leave days out so the copy-forward of the last
response kicks in. Runners start on Mondays and on Wednesdays. The oracle is the independent
checker in `invariants/`, written from the rules (clinical-evidence.md §11, §11a, §11b).

Each §11b clarification has its own property over scenarios that exercise it, and a positive
control showing the checker catches a hand-broken output (`test_the_checker_catches_…`).
"""

from __future__ import annotations

import copy
import itertools
import math
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.internal.conjecture import engine as hypothesis_engine

from .invariants import check_determinism, check_plan, rung_of
from .scenario_builders import (
    GREEN_FUNCTION,
    PAINFUL_FUNCTION,
    SEE_CLINICIAN_SOON_TRIAGE,
    TYPICAL_TRIAGE,
    URGENT_TRIAGE,
    response,
    runner,
    scenario,
    simulate_json,
)

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
BORDERLINE_FUNCTION = {"sit_30min": 2, "stairs": 2, "squat": 2.5}
RED_FUNCTION = {"sit_30min": 1, "stairs": 4.5, "squat": 2}  # 4.5 rounds up to 5 (R6)
TRIAGES = [TYPICAL_TRIAGE] * 10 + [
    URGENT_TRIAGE,
    SEE_CLINICIAN_SOON_TRIAGE,
    {**TYPICAL_TRIAGE, "onset": "after_trauma"},
    {**TYPICAL_TRIAGE, "age": 52},
    {**TYPICAL_TRIAGE, "fever_or_unwell": True, "hot_red_knee": True},
    {**TYPICAL_TRIAGE, "pain_location": "outside"},
]
WEDNESDAY = 2  # days from the builders' Monday start

# Shrinking a failing 8-week script can take minutes (Hypothesis allows 5); while an engine bug
# is open, stop after this long and report the smallest script found so far.
SHRINK_SECONDS = 10


@pytest.fixture(autouse=True, scope="module")
def bounded_shrinking() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(hypothesis_engine, "MAX_SHRINKING_SECONDS", SHRINK_SECONDS, raising=False)
        yield


calm_pain = st.sampled_from([0, 0, 1, 1, 1, 2, 1.5, 0.5])
# Whole points and slider fractions (rounded up by R6); sampled, so failures shrink fast.
any_pain = st.one_of(
    st.integers(min_value=0, max_value=10),
    st.sampled_from([0.5, 1.5, 2.1, 2.5, 3.5, 4.1, 4.5, 6.5, 9.9]),
)
rough_pain = st.one_of(calm_pain, any_pain, st.none())


def rarely(chance: int = 20) -> st.SearchStrategy[bool]:
    """True about once in `chance` draws."""
    return st.integers(min_value=1, max_value=chance).map(lambda x: x == 1)


def sometimes(chance: int, value: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """`value` about once in `chance` draws, else None (the key is then left out)."""
    return rarely(chance).flatmap(lambda yes: value if yes else st.just(None))


@st.composite
def actual_runs(draw: st.DrawFn) -> dict[str, Any]:
    """A recorded run (§11b.9): often longer than a rehab run, sometimes with downhill; any
    figure may be missing, never both the distance and the minutes."""
    km = draw(st.sampled_from([None, 1.2, 2.5, 4.0, 6.0, 9.0, 14.0]))
    pace = draw(st.sampled_from([None, 5.5, 6.5, 7.5]))
    minutes = round(km * pace, 1) if km is not None and pace is not None else None
    if km is None:
        minutes = draw(st.sampled_from([15, 30, 55]))
    return {
        "distance_km": km,
        "running_minutes": minutes,
        "downhill_m": draw(st.sampled_from([None, 0, 120, 450, 900])),
    }


def extras(
    *, recorded: int = 12, akps: int = 25, clinician: int = 30, morning_limp: int = 0
) -> st.SearchStrategy[dict[str, Any]]:
    """The optional §11b response fields, each about once in that many days (0: never)."""
    parts: dict[str, st.SearchStrategy[Any]] = {}
    if recorded:
        parts["actual_run"] = sometimes(recorded, actual_runs())
    if akps:
        parts["akps"] = sometimes(akps, st.integers(min_value=30, max_value=100))
    if clinician:
        parts["seen_clinician"] = sometimes(clinician, st.just(True))
    if morning_limp:
        parts["morning_limp"] = sometimes(morning_limp, st.just(True))
    return st.fixed_dictionaries(parts).map(lambda d: {k: v for k, v in d.items() if v is not None})


def with_extras(
    core: st.SearchStrategy[dict[str, Any]], **chances: int
) -> st.SearchStrategy[dict[str, Any]]:
    return st.tuples(core, extras(**chances)).map(lambda pair: {**pair[0], **pair[1]})


def steady_fields(**chances: int) -> st.SearchStrategy[dict[str, Any]]:
    """A Green-passed day: morning 1/10, session at most 2/10 and settled."""
    core = st.fixed_dictionaries(
        {"morning": st.just(1), "during": calm_pain, "after": st.sampled_from([1, 0])}
    )
    return with_extras(core, **chances)


def calm_fields() -> st.SearchStrategy[dict[str, Any]]:
    """A Green-ish day: low pains, but mornings that move a little (R9 holds and steps back)."""
    core = st.fixed_dictionaries(
        {
            "morning": st.sampled_from([1, 0, 1, 2]),
            "during": calm_pain,
            "after": st.sampled_from([1, 0, 2]),
        }
    )
    return with_extras(core)


def rough_fields() -> st.SearchStrategy[dict[str, Any]]:
    """Any day: pains 0–10 (fractions, missing), rare limp (in the session or the morning),
    sharp, swelling, new load, skips, and now and then a clinician seen."""
    core = st.fixed_dictionaries(
        {
            "morning": st.one_of(calm_pain, any_pain),
            "during": rough_pain,
            "after": rough_pain,
            "limp": rarely(),
            "sharp": rarely(),
            "swelling": rarely(30),
            "function": st.sampled_from(
                [GREEN_FUNCTION, GREEN_FUNCTION, BORDERLINE_FUNCTION, RED_FUNCTION]
            ),
            "new_load": st.sampled_from([None] * 7 + ["strength", "hiking", "cycling_commute"]),
            "done": rarely(6).map(lambda skipped: not skipped),
        }
    )
    return with_extras(core, recorded=10, clinician=8, morning_limp=25)


UNREPORTED: dict[str, Any] = {"reported": False}


def unreported_block() -> st.SearchStrategy[list[dict[str, Any] | None]]:
    """Days without a check-in: one `reported: false` repeated by the days after it, or each
    day said; a recorded run may still come in from a watch."""
    one = st.builds(lambda n: [UNREPORTED] + [None] * n, st.integers(min_value=0, max_value=5))
    each = st.lists(
        st.one_of(
            st.just(UNREPORTED),
            st.builds(lambda run: {**UNREPORTED, "actual_run": run}, actual_runs()),
        ),
        min_size=1,
        max_size=4,
    )
    return st.one_of(one, each)


def make_response(day: int, fields: dict[str, Any]) -> dict[str, Any]:
    """A check-in of the builders' kind with the §11b fields added (design.md §3.3)."""
    core_keys = {
        "morning",
        "during",
        "after",
        "limp",
        "sharp",
        "swelling",
        "function",
        "new_load",
        "done",
    }
    if fields.get("reported") is False:
        made = {k: v for k, v in response(day).items() if k == "date"}
    else:
        made = response(day, **{k: v for k, v in fields.items() if k in core_keys})
    made.update({k: v for k, v in fields.items() if k not in core_keys})
    return made


def starting_on(document: dict[str, Any], shift: int) -> dict[str, Any]:
    """The same scenario `shift` days later (e.g. a Wednesday start instead of a Monday)."""
    if not shift:
        return document

    def later(text: str) -> str:
        return (date.fromisoformat(text) + timedelta(days=shift)).isoformat()

    moved = copy.deepcopy(document)
    moved["start"] = later(moved["start"])
    for r in moved["responses"]:
        r["date"] = later(r["date"])
    return moved


def build(
    script: list[dict[str, Any] | None],
    *,
    days: int,
    profile: dict[str, Any],
    shift: int = 0,
    **changes: Any,
) -> dict[str, Any]:
    responses = [make_response(day, fields) for day, fields in enumerate(script) if fields]
    return starting_on(scenario(responses, days=days, runner_profile=profile, **changes), shift)


start_days = st.sampled_from([0, WEDNESDAY])


@st.composite
def runner_profiles(draw: st.DrawFn) -> dict[str, Any]:
    return runner(
        age=draw(st.integers(min_value=16, max_value=70)),
        sex=draw(st.sampled_from(["female", "male", "other"])),
        prior_pfp=draw(rarely(4)),
        early_specialization=draw(rarely(10)),
        sleep_hours=draw(st.sampled_from([None, 6, 7.5, 8, 9])),
        usual_runs_per_week=draw(st.integers(min_value=0, max_value=7)),
        usual_weekly_km=draw(
            st.one_of(st.integers(min_value=0, max_value=80), st.sampled_from([0.4, 12.5, 33.3]))
        ),
        longest_recent_run_km=draw(
            st.one_of(st.integers(min_value=0, max_value=30), st.sampled_from([0.05, 0.3, 1.5]))
        ),
        baseline_cadence_spm=draw(st.one_of(st.none(), st.integers(min_value=150, max_value=185))),
        running_now=draw(st.booleans()),
    )


@st.composite
def usual_runners(draw: st.DrawFn, running_now: bool | None = None) -> dict[str, Any]:
    """A plausible runner (usual week 2–6 runs, 10–60 km), low or higher risk."""
    runs = draw(st.integers(min_value=2, max_value=6))
    return runner(
        sex=draw(st.sampled_from(["male", "female"])),
        sleep_hours=draw(st.sampled_from([8, 6])),
        usual_runs_per_week=runs,
        usual_weekly_km=draw(st.sampled_from([10, 15, 24, 30, 45, 60])),
        longest_recent_run_km=draw(st.sampled_from([0, 5, 10, 16])),
        baseline_cadence_spm=draw(st.sampled_from([None, 160, 175])),
        running_now=draw(st.booleans()) if running_now is None else running_now,
    )


# A script is a few blocks of days: steady stretches (so runners reach walk-run, continuous
# running and ST5), calm and rough stretches, gaps without responses (copy-forward), days
# without a check-in and stretches with recorded runs.
steady_block = st.lists(steady_fields(), min_size=1, max_size=35)
recorded_block = st.lists(steady_fields(recorded=3), min_size=1, max_size=14)
blocks = st.lists(
    st.one_of(
        steady_block,
        st.lists(st.none(), min_size=1, max_size=5),
        steady_block,
        steady_block,
        st.lists(calm_fields(), min_size=1, max_size=14),
        st.lists(st.one_of(rough_fields(), calm_fields(), st.none()), min_size=1, max_size=10),
        unreported_block(),
        recorded_block,
    ),
    min_size=1,
    max_size=5,
)


@st.composite
def scenarios(draw: st.DrawFn, max_days: int = 56) -> dict[str, Any]:
    script = [fields for block in draw(blocks) for fields in block][:max_days]
    # Days after the script repeat its last response.
    days = draw(st.integers(min_value=max(7, len(script)), max_value=max_days))
    return build(
        script,
        days=days,
        profile=draw(runner_profiles()),
        shift=draw(start_days),
        triage=draw(st.sampled_from(TRIAGES)),
        function=draw(st.sampled_from([GREEN_FUNCTION, BORDERLINE_FUNCTION, PAINFUL_FUNCTION])),
    )


@st.composite
def steady_with(
    draw: st.DrawFn,
    events: st.SearchStrategy[list[dict[str, Any] | None]],
    *,
    running_now: bool | None = None,
    max_days: int = 56,
) -> dict[str, Any]:
    """A plausible runner, steady for 0–4 weeks, then some `events` among steady days."""
    script: list[dict[str, Any] | None] = draw(
        st.lists(steady_fields(recorded=0, akps=0, clinician=0), max_size=28)
    )
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        script += draw(events)
        script += draw(st.lists(steady_fields(recorded=0, akps=0, clinician=0), max_size=10))
    script = script[: max_days - 1]
    days = draw(st.integers(min_value=max(14, len(script) + 1), max_value=max_days))
    return build(
        script,
        days=days,
        profile=draw(usual_runners(running_now)),
        shift=draw(start_days),
    )


def days_of(*choices: st.SearchStrategy[Any], max_size: int = 4) -> st.SearchStrategy[list[Any]]:
    """1 to `max_size` days, each one of `choices` (None: no response, the last one repeats)."""
    return st.lists(st.one_of(*choices), min_size=1, max_size=max_size)


def blocks_of(*choices: st.SearchStrategy[list[Any]]) -> st.SearchStrategy[list[Any]]:
    """1 to 3 blocks of days, each one of `choices`, end to end."""
    return st.lists(st.one_of(*choices), min_size=1, max_size=3).map(
        lambda blocks: [fields for block in blocks for fields in block]
    )


GREEN: dict[str, Any] = {"morning": 1, "during": 1, "after": 1}
RED: dict[str, Any] = {"morning": 1, "during": 6, "after": 3}
RED_WITH_LIMP: dict[str, Any] = {"morning": 1, "during": 3, "after": 2, "limp": True}

# §11b.1: red mornings (pain ≥5, a limp, swelling, a daily activity ≥5) and amber ones, alone
# or repeated by the days after them.
red_mornings = days_of(
    st.builds(
        lambda p: {"morning": p, "during": None, "after": None}, st.sampled_from([5, 6, 4.5, 8])
    ),
    st.just({"morning": 1, "morning_limp": True}),
    st.just({"morning": 2, "swelling": True}),
    st.just({"morning": 1, "function": RED_FUNCTION}),
    st.just({"morning": 3}),  # amber morning
    st.just({"morning": 4, "during": 2, "after": 2}),
    st.none(),
)
# §11b.2: what pauses running (R12, swelling, a step back to ST0), then the days that must
# clear it: settled or not, a clinician seen, limps, pain, missing check-ins, a new flare.
pause_triggers = st.sampled_from(
    [
        [{"morning": 1, "swelling": True}],
        [RED, GREEN, {"morning": 1, "during": 5, "after": 2}],  # two reds in a week
        [RED_WITH_LIMP, {"morning": 1, "morning_limp": True}],  # the limp persists
        [RED_WITH_LIMP, {**GREEN, "limp": True}],
        [{"morning": 2, "during": 7, "after": 5, "limp": True}],  # red + limp: two rungs down
        [{"morning": 1, "seen_clinician": True}],
    ]
)
recovery_days = days_of(
    st.just(GREEN),
    st.just(GREEN),
    st.just({"morning": 1, "morning_limp": True}),
    st.just({"morning": 3}),
    st.just({"morning": 1, "seen_clinician": True}),
    st.just(UNREPORTED),
    st.none(),
    st.just({"morning": 1, "swelling": True}),
    st.just(RED),
    max_size=7,
)
pause_scripts = st.tuples(pause_triggers, recovery_days).map(lambda t: [*t[0], *t[1]])
# §11b.3: ambers by session, with rest days, skips and missing days between them.
amber_sessions = days_of(
    st.builds(lambda p: {"morning": 1, "during": p, "after": 1}, st.sampled_from([3, 4, 2.5])),
    st.just({"morning": 1, "during": 1, "after": 2}),  # R8: not settled
    st.just({"morning": 3, "during": 2, "after": 2}),  # R9 +2 for the day before
    st.just({"morning": 1, "done": False}),
    st.just(UNREPORTED),
    st.none(),
)
# §11b.4: what holds or steps back (R9 +1, amber, new load for a week, an amber morning) and
# recorded runs shorter than prescribed, then the next run.
holds = blocks_of(
    days_of(
        st.just({"morning": 2, "during": 1, "after": 1}),  # R9 +1: hold
        st.just({"morning": 1, "during": 3, "after": 1}),
        st.just({"morning": 3, "during": 1, "after": 1}),
    ),
    st.builds(
        lambda load, n: [{**GREEN, "new_load": load}] + [None] * n,
        st.sampled_from(["strength", "hiking", "cycling_commute", "kneeling_work"]),
        st.integers(min_value=0, max_value=6),
    ),
    days_of(
        st.builds(lambda run: {**GREEN, "actual_run": run}, actual_runs()),
        st.just({**GREEN, "actual_run": {"distance_km": 0.8, "running_minutes": 5}}),
        st.just({**GREEN, "actual_run": {"distance_km": 1.0, "running_minutes": 5}}),  # fast
        st.just({**GREEN, "actual_run": {"distance_km": 1.2, "running_minutes": None}}),
        st.just(GREEN),
    ),
)
# §11b.5: days without a check-in, blank session pains, a missing morning, skips.
missing = blocks_of(
    unreported_block(),
    st.just([{"morning": 1, "during": None, "after": None}]),  # blank session pains
    st.just([{"morning": None, "during": 1, "after": 1}]),
    st.just([{"morning": 1, "done": False}]),
)
# §11b.9: recorded runs on run days and rest days, skipped or unreported days with a file,
# some with a missing distance or missing minutes.
recorded = days_of(
    st.builds(lambda run: {**GREEN, "actual_run": run}, actual_runs()),
    st.builds(lambda run: {**GREEN, "actual_run": run}, actual_runs()),
    st.builds(lambda run: {"morning": 1, "done": False, "actual_run": run}, actual_runs()),
    st.builds(lambda run: {**UNREPORTED, "actual_run": run}, actual_runs()),
    st.just(GREEN),
    max_size=10,
)


@st.composite
def all_green_runners(draw: st.DrawFn) -> dict[str, Any]:
    """Every day reported Green (C13); keep-running or not; 8–10 weeks; Monday or Wednesday.
    The longest recent run is unknown or at least the usual run (a runner who is running now
    runs their usual week before the plan, §11b.12e)."""
    days = draw(st.integers(min_value=56, max_value=70))
    morning = draw(st.sampled_from([0, 1]))
    fields = {"morning": morning, "during": draw(st.sampled_from([0, 1, 2])), "after": morning}
    profile = draw(usual_runners())
    usual_run = profile["usual_weekly_km"] / profile["usual_runs_per_week"]
    profile["longest_recent_run_km"] = draw(
        st.sampled_from([0, math.ceil(usual_run), math.ceil(usual_run * 1.3)])
    )
    return build([fields] * days, days=days, profile=profile, shift=draw(start_days))


@st.composite
def one_bad_day_scenarios(draw: st.DrawFn) -> dict[str, Any]:
    """A runner who is running now, steady for 2–5 weeks (into ST5), then one rough or calm
    day, then steady again: every single-day reaction of the plan in late stages."""
    steady = {"morning": 1, "during": 1, "after": 1}
    script: list[dict[str, Any] | None] = [steady] * draw(st.integers(min_value=14, max_value=35))
    script.append(draw(st.one_of(rough_fields(), calm_fields())))
    script += [steady] * draw(st.integers(min_value=0, max_value=10))
    return build(script, days=len(script) + 3, profile=draw(usual_runners(running_now=True)))


def violations(document: dict[str, Any], *tags: str) -> list[str]:
    """The checker's findings whose prefix ("R16/11b.6: …") names one of `tags` (all if none)."""
    found = check_plan(document, simulate_json(document))
    return [v for v in found if not tags or set(v.split(":")[0].split("/")) & set(tags)]


# The whole rule set over any scenario ---------------------------------------------------------


@settings(SETTINGS, max_examples=150)
@given(scenarios())
def test_every_plan_keeps_every_safety_invariant(document: dict[str, Any]) -> None:
    assert violations(document) == []


@settings(SETTINGS, max_examples=60)
@given(one_bad_day_scenarios())
def test_one_bad_day_after_a_steady_fortnight_keeps_every_invariant(
    document: dict[str, Any],
) -> None:
    assert violations(document) == []


@settings(SETTINGS, max_examples=25)
@given(scenarios(max_days=42))
def test_the_same_scenario_gives_the_same_plan(document: dict[str, Any]) -> None:
    assert check_determinism(document, simulate_json) == []
    # Simulating never changes the caller's scenario.
    before = copy.deepcopy(document)
    simulate_json(document)
    assert document == before


@SETTINGS
@given(scenarios())
def test_the_plan_never_moves_up_more_than_one_rung_a_day(document: dict[str, Any]) -> None:
    output = simulate_json(document)
    ladder = [rung_of(day) for day in output["days"]]
    assert all(b - a <= 1 for a, b in itertools.pairwise(ladder))


@SETTINGS
@given(scenarios())
def test_the_plan_never_progresses_after_amber_red_a_worse_morning_new_load_or_a_failed_gate(
    document: dict[str, Any],
) -> None:
    gates = ("R9", "R11", "R13", "R14", "R19", "R20", "R21", "R22")
    assert [v for v in violations(document, *gates) if "progresses" in v or "starts" in v] == []


@SETTINGS
@given(scenarios())
def test_the_plan_steps_back_whenever_the_pain_rules_say_so(document: dict[str, Any]) -> None:
    assert [v for v in violations(document, "R14") if "progresses" not in v] == []


@SETTINGS
@given(scenarios())
def test_red_escalation_swelling_and_triage_pause_running(document: dict[str, Any]) -> None:
    assert violations(document, "R1", "R3", "R12") == []


@SETTINGS
@given(scenarios())
def test_runs_stay_easy_and_flat_and_cadence_stays_in_range(document: dict[str, Any]) -> None:
    assert violations(document, "R19", "R24") == []


@SETTINGS
@given(scenarios())
def test_the_load_caps_r15_to_r17_and_rest_days_hold(document: dict[str, Any]) -> None:
    assert violations(document, "R15", "R16", "R17", "R23") == []


@SETTINGS
@given(scenarios())
def test_every_exercise_day_has_hip_and_knee_work(document: dict[str, Any]) -> None:
    assert violations(document, "R26") == []


# §11b, one property each ----------------------------------------------------------------------


@settings(SETTINGS, max_examples=80)
@given(steady_with(red_mornings))
def test_a_red_morning_gates_the_whole_day_11b_1(document: dict[str, Any]) -> None:
    assert violations(document, "11b.1") == []


@settings(SETTINGS, max_examples=80)
@given(steady_with(pause_scripts))
def test_pauses_are_gentle_and_forget_the_hop_test_11b_2(document: dict[str, Any]) -> None:
    assert violations(document, "11b.2", "R12", "R3") == []


@settings(SETTINGS, max_examples=80)
@given(steady_with(amber_sessions))
def test_ambers_are_counted_by_session_11b_3(document: dict[str, Any]) -> None:
    assert violations(document, "11b.3", "R14") == []


@settings(SETTINGS, max_examples=80)
@given(steady_with(holds))
def test_a_step_back_never_adds_load_11b_4(document: dict[str, Any]) -> None:
    assert violations(document, "11b.4") == []


@settings(SETTINGS, max_examples=80)
@given(steady_with(missing))
def test_missing_reports_are_not_green_11b_5(document: dict[str, Any]) -> None:
    assert violations(document, "11b.5", "R13", "R19", "R22") == []


@settings(SETTINGS, max_examples=60)
@given(st.one_of(steady_with(amber_sessions, running_now=False), steady_with(holds)))
def test_r16_caps_walk_run_minutes_11b_6(document: dict[str, Any]) -> None:
    assert violations(document, "11b.6", "R16", "R17") == []


@settings(SETTINGS, max_examples=30)
@given(all_green_runners())
def test_all_green_runners_keep_growing_11b_7(document: dict[str, Any]) -> None:
    assert violations(document, "11b.7") == []


@settings(SETTINGS, max_examples=80)
@given(st.one_of(steady_with(pause_scripts), steady_with(red_mornings), scenarios()))
def test_exercise_levels_move_slowly_11b_8(document: dict[str, Any]) -> None:
    assert violations(document, "11b.8", "R28") == []


@settings(SETTINGS, max_examples=80)
@given(steady_with(recorded))
def test_recorded_runs_count_in_the_caps_11b_9(document: dict[str, Any]) -> None:
    assert violations(document, "11b.9", "R15", "R16", "R17", "R23") == []


# The checker is not vacuous: it catches each kind of broken plan ----------------------------


def _green(days: int = 28, **changes: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """An all-Green runner (keep-running unless `running_now=False`) and their plan."""
    changes.setdefault("running_now", True)
    document = build(
        [{"morning": 1, "during": 1, "after": 1}] * days, days=days, profile=runner(**changes)
    )
    return document, simulate_json(document)


def _first_run(output: dict[str, Any], stage: str | None = None) -> dict[str, Any]:
    day: dict[str, Any] = next(
        d for d in output["days"] if d["run"] is not None and stage in (None, d["stage"])
    )
    return day


def _index(output: dict[str, Any], day: dict[str, Any]) -> int:
    index: int = output["days"].index(day)
    return index


def _found(document: dict[str, Any], output: dict[str, Any], tag: str) -> list[str]:
    """The violations tagged `tag` in a hand-broken `output` that the engine's own plan for
    `document` does not have (so a control never passes on an engine bug)."""
    engine = set(check_plan(document, simulate_json(document)))
    found = check_plan(document, output)
    return [v for v in found if tag in v.split(":")[0].split("/") and v not in engine]


def _with(document: dict[str, Any], day: int, **fields: Any) -> dict[str, Any]:
    """`document` with day `day`'s check-in changed (the plan itself is not re-simulated)."""
    changed = copy.deepcopy(document)
    when = (date.fromisoformat(changed["start"]) + timedelta(days=day)).isoformat()
    target = next(r for r in changed["responses"] if r["date"] == when)
    target.update(fields)
    return changed


def test_the_checker_catches_a_run_beyond_the_single_run_cap() -> None:
    document, output = _green(baseline_cadence_spm=160)
    _first_run(output)["run"]["distance_km"] = 50.0
    assert _found(document, output, "R15")


def test_the_checker_catches_hills_before_st5() -> None:
    document, output = _green(baseline_cadence_spm=160)
    _first_run(output)["run"]["terrain"] = "any"
    assert _found(document, output, "R19")


def test_the_checker_catches_a_fixed_180_cadence() -> None:
    document, output = _green(baseline_cadence_spm=160)
    _first_run(output)["run"]["cadence_target_spm"] = 180
    assert _found(document, output, "R24")


def test_the_checker_catches_an_exercise_day_without_knee_work() -> None:
    document, output = _green()
    day = next(d for d in output["days"] if d["exercises"])
    day["exercises"] = [e for e in day["exercises"] if e["region"] != "knee"]
    assert _found(document, output, "R26")


def test_the_checker_catches_back_to_back_walk_runs() -> None:
    document, output = _green(running_now=False)
    first = _index(output, _first_run(output, "ST3"))
    output["days"][first + 1]["run"] = copy.deepcopy(output["days"][first]["run"])
    assert _found(document, output, "R23")


def test_the_checker_catches_progress_after_a_red_session() -> None:
    document, _ = _green()
    document = _with(document, 2, pain_during=6, pain_after_60min=3)
    output = simulate_json(document)
    output["days"][3]["stage"], output["days"][3]["walk_run_phase"] = "ST5", None
    output["days"][3]["decision"]["action"] = "progress"
    assert [v for v in _found(document, output, "R14") if "progresses" in v]


def test_the_checker_catches_running_on_an_urgent_triage() -> None:
    document, output = _green()
    assert _found({**document, "triage": URGENT_TRIAGE}, output, "R1")


def test_the_checker_catches_a_missing_field() -> None:
    document, output = _green()
    del output["days"][0]["decision"]
    assert _found(document, output, "shape")


def test_the_checker_catches_a_run_on_a_red_morning_11b_1() -> None:
    document, output = _green()
    run_day = _index(output, _first_run(output))
    for red in ({"morning_limp": True}, {"morning_pain": 5}, {"function": RED_FUNCTION}):
        assert _found(_with(document, run_day, **red), output, "11b.1"), red


def test_the_checker_catches_hard_exercises_and_an_early_return_while_paused_11b_2() -> None:
    document, _ = _green()
    document = _with(document, 5, swelling=True)
    output = simulate_json(document)
    paused = next(d for d in output["days"][5:] if d["exercises"])
    assert paused["stage"] == "ST0"
    paused["exercises"][0]["level"] = 4
    assert _found(document, output, "11b.2")
    output = simulate_json(document)
    output["days"][6]["stage"] = "ST1"  # the day after the swelling: nothing has settled yet
    assert any("leaves ST0" in v for v in _found(document, output, "11b.2"))


def test_the_checker_catches_two_ambers_in_a_row_without_a_step_back_11b_3() -> None:
    document, output = _green(running_now=False, days=21)
    runs = [i for i, d in enumerate(output["days"]) if d["run"] and d["stage"] == "ST3"]
    for i in runs[:2]:
        document = _with(document, i, pain_during=3)
    output = simulate_json(document)
    second, after = output["days"][runs[1]], output["days"][runs[1] + 1]
    after["stage"], after["walk_run_phase"] = second["stage"], second["walk_run_phase"]
    after["decision"]["action"] = "hold"
    assert _found(document, output, "11b.3")


def test_the_checker_catches_a_longer_run_on_a_hold_day_11b_4() -> None:
    document, output = _green(days=21)
    runs = [d for d in output["days"] if d["run"]]
    runs[1]["decision"]["action"] = "hold"
    runs[1]["run"]["distance_km"] = runs[0]["run"]["distance_km"] + 0.5
    assert _found(document, output, "11b.4")


def test_the_checker_catches_a_step_up_after_an_unreported_walk_11b_5() -> None:
    document, output = _green(running_now=False, days=14)
    assert output["days"][0]["stage"] == "ST1"
    document = _with(document, 0, reported=False)
    assert _found(document, output, "11b.5")


def test_the_checker_catches_a_full_walk_run_week_beyond_r16_11b_6() -> None:
    document, output = _green(running_now=False, days=21)
    week_two = [d for d in output["days"][7:14] if d["run"]]
    full = {"run_min": 3, "walk_min": 2, "repeats": 3, "run_s": 180, "walk_s": 120}
    for day in week_two:
        day["stage"], day["walk_run_phase"] = "ST3", 1
        day["run"].update(running_minutes=9, total_minutes=15, distance_km=1.6, intervals=full)
    assert _found(document, output, "11b.6")


def test_the_checker_catches_an_all_green_runner_left_without_growth_11b_7() -> None:
    document, output = _green(days=56, usual_weekly_km=30, usual_runs_per_week=4)
    first = _first_run(output)["run"]
    for i, day in enumerate(output["days"]):  # one run of the same length every Monday
        day["run"] = copy.deepcopy(first) if i % 7 == 0 else None
    found = _found(document, output, "11b.7")
    assert any("without growth" in v for v in found)
    assert any("90 %" in v for v in found)


def test_the_checker_catches_exercise_levels_that_move_too_fast_11b_8() -> None:
    document, output = _green(days=28)
    exercise_days = [d for d in output["days"] if d["exercises"]]
    for e in exercise_days[1]["exercises"]:
        e["level"] = min(5, e["level"] + 2)
    assert _found(document, output, "11b.8")


def test_the_checker_catches_a_walk_run_after_a_recorded_unplanned_run_11b_9() -> None:
    document, output = _green(running_now=False, days=14)
    first = _index(output, _first_run(output, "ST3"))
    rest_day_before = first - 1
    assert output["days"][rest_day_before]["run"] is None
    big = {"distance_km": 8.0, "running_minutes": 50, "downhill_m": 300}
    document = _with(document, rest_day_before, actual_run=big)
    assert _found(document, output, "11b.9")
