"""A clinician's override as data (design.md §3.3 `overrides`): its JSON form, what is
invalid, and the refusals known without a plan (R26, R29; docs/clinical-rules.md, CLIN)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from kneewise.core.errors import InvalidInput
from kneewise.core.plan.exercises import exercise_session, load_catalogue
from kneewise.core.plan.ladder import ST2, ST3_FIRST, ST3_LAST, ST4
from kneewise.core.plan.overrides import (
    ClinicianOverride,
    OverrideKind,
    cap_rung,
    override_from_json,
    override_to_json,
    refusal,
    swap_excluded,
)

HOLD = {"kind": "hold", "from": "2026-03-02", "until": "2026-03-13", "note": "Let it settle"}


@pytest.mark.parametrize(
    "obj",
    [
        HOLD,
        {"kind": "cap", "from": "2026-03-02", "until": None, "stage": "ST3", "walk_run_phase": 3},
        {"kind": "cap", "from": "2026-03-02", "stage": "ST2"},
        {"kind": "exclude_exercises", "from": "2026-03-02", "exercises": ["goblet-squat"]},
        {"kind": "clear_pause", "from": "2026-03-02"},
        {"kind": "run_days", "from": "2026-03-02", "weekdays": [3, 0, 3]},
    ],
)
def test_every_kind_round_trips_through_its_json(obj: dict[str, Any]) -> None:
    override = override_from_json(obj)
    assert override_from_json(override_to_json(override)) == override


def test_a_hold_reads_its_dates_and_note() -> None:
    override = override_from_json(HOLD)
    assert override.kind is OverrideKind.HOLD
    assert override.start == date(2026, 3, 2)
    assert override.until == date(2026, 3, 13)
    assert override.note == "Let it settle"


def test_an_override_is_active_from_its_first_day_to_its_until_date_included() -> None:
    override = override_from_json(HOLD)
    assert not override.active_on(date(2026, 3, 1))
    assert override.active_on(date(2026, 3, 2))
    assert override.active_on(date(2026, 3, 13))
    assert not override.active_on(date(2026, 3, 14))


def test_an_override_without_until_stays_active() -> None:
    override = ClinicianOverride(OverrideKind.HOLD, date(2026, 3, 2))
    assert override.active_on(date(2030, 1, 1))


def test_run_days_are_kept_sorted_without_repeats() -> None:
    override = override_from_json({"kind": "run_days", "from": "2026-03-02", "weekdays": [4, 0, 4]})
    assert override.weekdays == (0, 4)


def test_a_phase_cap_is_a_walk_run_cap_and_a_stage_cap_covers_the_whole_stage() -> None:
    phase = override_from_json({"kind": "cap", "from": "2026-03-02", "walk_run_phase": 2})
    assert phase.stage == "ST3"
    assert cap_rung(phase) == ST3_FIRST + 1
    whole = override_from_json({"kind": "cap", "from": "2026-03-02", "stage": "ST3"})
    assert cap_rung(whole) == ST3_LAST
    assert (
        cap_rung(override_from_json({"kind": "cap", "from": "2026-03-02", "stage": "ST2"})) == ST2
    )
    assert (
        cap_rung(override_from_json({"kind": "cap", "from": "2026-03-02", "stage": "ST4"})) == ST4
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "pause"}, "kind"),
        ({"from": "13 March"}, "from"),
        ({"from": None}, "from"),
        ({"until": "2026-03-01"}, "until"),
        ({"note": "x" * 2001}, "note"),
        ({"note": 5}, "note"),
        ({"colour": "red"}, "colour"),
        ({"stage": "ST2"}, "stage"),
        ({"exercises": ["goblet-squat"]}, "exercises"),
        ({"weekdays": [1]}, "weekdays"),
    ],
)
def test_an_invalid_override_names_its_field(change: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput, match=field):
        override_from_json({**HOLD, **change})


@pytest.mark.parametrize(
    ("obj", "field"),
    [
        ({"kind": "cap", "from": "2026-03-02"}, "stage"),
        ({"kind": "cap", "from": "2026-03-02", "stage": "ST6"}, "stage"),
        ({"kind": "cap", "from": "2026-03-02", "walk_run_phase": 7}, "walk_run_phase"),
        ({"kind": "cap", "from": "2026-03-02", "stage": "ST4", "walk_run_phase": 2}, "ST3"),
        ({"kind": "exclude_exercises", "from": "2026-03-02", "exercises": []}, "exercises"),
        ({"kind": "exclude_exercises", "from": "2026-03-02", "exercises": ["yoga"]}, "'yoga'"),
        ({"kind": "run_days", "from": "2026-03-02", "weekdays": []}, "weekdays"),
        ({"kind": "run_days", "from": "2026-03-02", "weekdays": [7]}, r"weekdays\[0\]"),
        ({"kind": "run_days", "from": "2026-03-02", "weekdays": [True]}, r"weekdays\[0\]"),
    ],
)
def test_an_incomplete_override_names_what_it_needs(obj: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput, match=field):
        override_from_json(obj)


def test_an_override_must_be_an_object() -> None:
    with pytest.raises(InvalidInput, match="JSON object"):
        override_from_json(["hold"])


def _exclude(*ids: str) -> ClinicianOverride:
    return ClinicianOverride(OverrideKind.EXCLUDE_EXERCISES, date(2026, 3, 2), exercises=ids)


def test_leaving_out_deep_squats_and_plyometrics_is_accepted() -> None:
    hops = [e.id for e in load_catalogue().exercises if e.region.value == "plyometric"]
    assert refusal(_exclude("squat-0-90", "goblet-squat", *hops)) is None


def test_leaving_out_every_exercise_is_refused_by_r26() -> None:
    everything = tuple(e.id for e in load_catalogue().exercises)
    message = refusal(_exclude(*everything))
    assert message is not None
    assert "R26" in message


def test_leaving_out_every_knee_exercise_is_refused_by_r26() -> None:
    knee = tuple(e.id for e in load_catalogue().exercises if e.region.value == "knee")
    message = refusal(_exclude(*knee))
    assert message is not None
    assert "R26" in message


def test_leaving_out_both_balance_drills_is_refused_by_r29() -> None:
    message = refusal(_exclude("around-the-clock", "single-leg-balance"))
    assert message is not None
    assert "R29" in message


@pytest.mark.parametrize("kind", ["hold", "clear_pause"])
def test_the_other_kinds_are_never_refused_without_a_plan(kind: str) -> None:
    assert refusal(override_from_json({"kind": kind, "from": "2026-03-02"})) is None


def test_an_excluded_exercise_is_swapped_for_one_of_its_group_and_level() -> None:
    session = exercise_session(4, plyometrics_allowed=False, day_index=2)
    assert "goblet-squat" in [e.id for e in session]
    kept, swaps = swap_excluded(session, {"goblet-squat"})
    ((old, new),) = swaps
    assert old == "goblet-squat"
    assert new is not None
    swapped = load_catalogue().get(new)
    assert (swapped.group.value, swapped.level) == ("squat", 4)
    assert new in [e.id for e in kept]
    assert "goblet-squat" not in [e.id for e in kept]


def test_an_exercise_without_a_suitable_stand_in_is_left_out() -> None:
    session = exercise_session(2, plyometrics_allowed=False, day_index=0)
    kept, swaps = swap_excluded(session, {"squat-0-45", "knee-extension-mid-range"})
    assert ("squat-0-45", None) in swaps
    assert len(kept) == len(session) - 1
