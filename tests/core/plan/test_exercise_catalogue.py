"""The exercise catalogue (clinical-evidence.md §5; R27–R29, R34) and its loader's checks."""

from __future__ import annotations

import json
import re

import pytest

from kneewise.core.errors import InvalidInput
from kneewise.core.plan.exercises import (
    DEPTH_LIMITED_GROUPS,
    CatalogueError,
    Exercise,
    ExercisePrescription,
    Group,
    Region,
    describe_dose,
    dose_text,
    exercise,
    load_catalogue,
    neighbours,
    parse_catalogue,
)

CATALOGUE = load_catalogue()
ALL = CATALOGUE.exercises
HIP_AND_KNEE = [e for e in ALL if e.region in (Region.HIP, Region.KNEE)]


def deepest(e: Exercise) -> int:
    """Independent reading of knee_flexion: the largest number of degrees in it."""
    return max((int(n) for n in re.findall(r"\d+", e.knee_flexion)), default=0)


# Coverage


def test_catalogue_has_at_least_32_exercises() -> None:
    assert len(ALL) >= 32


def test_catalogue_covers_every_group() -> None:
    assert {e.group for e in ALL} == set(Group)


def test_catalogue_covers_every_level_1_to_5() -> None:
    assert {e.level for e in ALL} == {1, 2, 3, 4, 5}


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_every_level_up_to_4_has_hip_and_knee_exercises(level: int) -> None:
    regions = {e.region for e in ALL if e.level == level}
    assert {Region.HIP, Region.KNEE} <= regions


def test_quadriceps_work_includes_isometric_holds_and_moving_exercises() -> None:
    quads = CATALOGUE.in_group(Group.QUADRICEPS)
    assert any(e.seconds is not None for e in quads)
    assert any(e.reps is not None for e in quads)


def test_around_the_clock_is_a_balance_drill_counted_as_trunk() -> None:
    drill = exercise("around-the-clock")
    assert (drill.group, drill.region) == (Group.BALANCE, Region.TRUNK)


# Every entry is complete


def test_ids_are_unique_and_kebab_case() -> None:
    ids = [e.id for e in ALL]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)


def test_every_exercise_has_steps_cues_and_feel() -> None:
    for e in ALL:
        assert e.name.strip(), e.id
        assert len(e.steps) >= 2, e.id
        assert e.cues, e.id
        assert len(e.feel) > 40, e.id


def test_feel_allows_mild_discomfort_up_to_2_and_says_what_to_do_above() -> None:
    for e in ALL:
        assert "2/10" in e.feel, e.id
        assert re.search(r"less|lighter|lower|smaller|fewer|skip|stop|back to|instead", e.feel), (
            e.id
        )


def test_every_exercise_names_its_sources() -> None:
    for e in ALL:
        assert e.sources, e.id
        assert all(re.fullmatch(r"S[0-4]|L\d{1,2}|E", s) for s in e.sources), e.id


def test_seed_exercises_cite_the_seed_article() -> None:
    for seed in ("banded-side-steps", "step-down-10cm", "step-down-20cm", "around-the-clock"):
        assert "S0" in exercise(seed).sources


def test_hops_cite_the_cannon_routine() -> None:
    assert all("L39" in e.sources for e in CATALOGUE.in_group(Group.PLYOMETRIC))


# Neighbours


def test_every_neighbour_exists_in_the_same_region_and_in_level_order() -> None:
    ids = {e.id for e in ALL}
    for e in ALL:
        if e.easier is not None:
            assert e.easier in ids, e.id
            assert e.easier != e.id, e.id
            assert exercise(e.easier).level <= e.level, e.id
            assert exercise(e.easier).region is e.region, e.id
        if e.harder is not None:
            assert e.harder in ids, e.id
            assert e.harder != e.id, e.id
            assert exercise(e.harder).level >= e.level, e.id
            assert exercise(e.harder).region is e.region, e.id


def test_every_exercise_has_a_neighbour_to_step_to() -> None:
    linked = [e for e in ALL if e.easier or e.harder]
    assert len(linked) == len(ALL)


def test_neighbours_gives_the_easier_and_the_harder_exercise() -> None:
    easier, harder = neighbours("step-down-20cm")
    assert easier == exercise("step-down-10cm")
    assert harder == exercise("weighted-step-down")


def test_neighbours_at_the_end_of_a_chain_are_none() -> None:
    assert neighbours("quad-isometric-seated")[0] is None
    assert neighbours("single-leg-broad-hop")[1] is None


def test_unknown_exercise_id_is_invalid_input() -> None:
    with pytest.raises(InvalidInput, match="no-such-exercise"):
        exercise("no-such-exercise")


# R29 seed doses, exact


def test_banded_side_steps_are_3_by_20_seconds() -> None:
    e = exercise("banded-side-steps")
    assert (e.sets, e.reps, e.seconds, e.per_leg) == (3, None, 20, False)


def test_step_downs_start_at_3_by_10_to_12_per_leg() -> None:
    for step_down in ("step-down-10cm", "step-down-20cm"):
        e = exercise(step_down)
        assert (e.sets, e.reps, e.reps_max, e.seconds, e.per_leg) == (3, 10, 12, None, True)


def test_step_downs_progress_to_3_by_8_to_10_weighted() -> None:
    e = exercise("weighted-step-down")
    assert (e.sets, e.reps, e.reps_max, e.per_leg) == (3, 8, 10, True)
    assert any("weight" in item for item in e.equipment)
    assert exercise("step-down-20cm").harder == e.id


def test_around_the_clock_is_3_by_30_seconds_per_leg() -> None:
    e = exercise("around-the-clock")
    assert (e.sets, e.reps, e.seconds, e.per_leg) == (3, None, 30, True)


# R27 dose defaults


def test_quad_isometric_at_level_1_is_5_by_30_to_45_seconds() -> None:
    e = exercise("quad-isometric-seated")
    assert (e.level, e.sets, e.seconds, e.seconds_max) == (1, 5, 30, 45)
    assert e.knee_flexion == "60-90° held"


def test_standing_hip_abduction_isometric_is_4_by_30_seconds() -> None:
    e = exercise("standing-hip-abduction-isometric")
    assert (e.level, e.sets, e.seconds) == (1, 4, 30)


def test_hip_and_knee_exercises_in_reps_are_3_to_4_sets_of_8_to_15() -> None:
    for e in HIP_AND_KNEE:
        if e.reps is not None:
            assert 3 <= e.sets <= 4, e.id
            assert 8 <= e.reps <= (e.reps_max or e.reps) <= 15, e.id


def test_hip_and_knee_holds_are_4_to_5_sets_of_30_seconds_except_side_steps() -> None:
    for e in HIP_AND_KNEE:
        if e.seconds is not None and not e.id.startswith("banded-side-steps"):
            assert 4 <= e.sets <= 5, e.id
            assert e.seconds == 30, e.id


# R28 depth sequence and plyometrics


def test_squat_depth_goes_0_45_then_0_60_then_0_90_by_level() -> None:
    squats = CATALOGUE.in_group(Group.SQUAT)
    deepest_by_level = {
        level: max(deepest(e) for e in squats if e.level == level) for level in (2, 3, 4)
    }
    assert deepest_by_level == {2: 45, 3: 60, 4: 90}
    assert exercise("squat-0-45").knee_flexion == "0-45°"
    assert exercise("wall-squat-0-60").knee_flexion == "0-60°"
    assert exercise("squat-0-90").knee_flexion == "0-90°"


@pytest.mark.parametrize(("level", "limit"), [(2, 45), (3, 60), (4, 90), (5, 90)])
def test_no_weight_bearing_knee_bend_goes_deeper_than_its_level_allows(
    level: int, limit: int
) -> None:
    for e in ALL:
        if e.group in DEPTH_LIMITED_GROUPS and e.level == level:
            assert 0 < deepest(e) <= limit, e.id


def test_level_1_has_no_loaded_knee_bends_only_holds() -> None:
    for e in CATALOGUE.at_level(1):
        assert e.group not in DEPTH_LIMITED_GROUPS, e.id
        assert e.knee_flexion == "none" or e.knee_flexion.endswith("held"), e.id


def test_step_downs_go_10_cm_at_level_2_then_20_cm_then_weighted_at_level_4() -> None:
    levels = {e.id: e.level for e in CATALOGUE.in_group(Group.STEP_DOWN)}
    assert levels == {"step-down-10cm": 2, "step-down-20cm": 3, "weighted-step-down": 4}
    assert "10 cm" in exercise("step-down-10cm").name
    assert "20 cm" in exercise("step-down-20cm").name


def test_lunges_start_at_0_45_degrees_at_level_3() -> None:
    first = min(CATALOGUE.in_group(Group.LUNGE), key=lambda e: e.level)
    assert (first.level, first.knee_flexion) == (3, "0-45°")


def test_single_leg_squat_is_level_4() -> None:
    assert exercise("single-leg-squat").level == 4


def test_plyometrics_are_only_at_level_5() -> None:
    for e in ALL:
        assert (e.region is Region.PLYOMETRIC) == (e.group is Group.PLYOMETRIC), e.id
        if e.group is Group.PLYOMETRIC:
            assert e.level == 5, e.id


def test_cannon_hop_routine_adds_up_to_470_contacts_per_leg() -> None:
    contacts = sum(
        e.sets * (e.reps or 0) for e in CATALOGUE.in_group(Group.PLYOMETRIC)
    )  # two-leg hops land on both legs; single-leg hops count once for each leg
    assert contacts == 470


def test_hops_go_from_two_legs_to_one_leg_along_the_harder_chain() -> None:
    chain = ["two-leg-hops-in-place"]
    while (harder := exercise(chain[-1]).harder) is not None:
        chain.append(harder)
    assert chain[0].startswith("two-leg")
    assert chain[-1] == "single-leg-broad-hop"
    first_single = next(i for i, c in enumerate(chain) if c.startswith("single-leg"))
    assert all(c.startswith("two-leg") for c in chain[:first_single])
    assert len(chain) == 7


# R34 myth guard and tone (our own word lists, independent of the loader's)

MYTH_WORDS = re.compile(
    r"stretch|\bbrace|\bbracing|complete rest|total rest|rest completely|bed rest|"
    r"stop (all|running)|\bice\b|ibuprofen|painkiller|anti-inflammator",
    re.I,
)
FRIGHTENING_WORDS = re.compile(
    r"damag|\btear|\btorn\b|harm|injur|danger|arthriti|wear and tear|grind|worn|degenerat", re.I
)


def all_texts(e: Exercise) -> list[str]:
    return [e.name, *e.steps, *e.cues, e.feel, *e.equipment]


def test_no_catalogue_text_recommends_stretching_braces_or_complete_rest() -> None:
    found = [(e.id, t) for e in ALL for t in all_texts(e) if MYTH_WORDS.search(t)]
    assert found == []


def test_no_catalogue_text_uses_frightening_words() -> None:
    found = [(e.id, t) for e in ALL for t in all_texts(e) if FRIGHTENING_WORDS.search(t)]
    assert found == []


def test_no_exercise_asks_the_runner_to_kneel() -> None:
    found = [(e.id, t) for e in ALL for t in all_texts(e) if re.search(r"kneel", t, re.I)]
    assert found == []


def test_the_myth_word_scan_would_catch_a_myth() -> None:
    assert MYTH_WORDS.search("Stretch your quads for 10 minutes")
    assert MYTH_WORDS.search("Wear a knee brace and take complete rest")


# Dose text


def prescription(
    *,
    sets: int = 3,
    reps: int | None = None,
    seconds: int | None = None,
    per_leg: bool = False,
    reps_max: int | None = None,
    seconds_max: int | None = None,
) -> ExercisePrescription:
    return ExercisePrescription(
        id="x",
        name="X",
        region=Region.KNEE,
        group=Group.SQUAT,
        level=2,
        sets=sets,
        reps=reps,
        seconds=seconds,
        per_leg=per_leg,
        reps_max=reps_max,
        seconds_max=seconds_max,
    )


def test_dose_text_reads_3_by_10_per_leg() -> None:
    assert dose_text(prescription(reps=10, per_leg=True)) == "3 × 10 per leg"


def test_dose_text_reads_4_by_30_s() -> None:
    assert dose_text(prescription(sets=4, seconds=30)) == "4 × 30 s"


def test_dose_text_shows_a_range() -> None:
    assert dose_text(prescription(reps=10, reps_max=12, per_leg=True)) == "3 × 10–12 per leg"
    assert dose_text(prescription(sets=5, seconds=30, seconds_max=45)) == "5 × 30–45 s"


def test_dose_text_says_per_side_for_trunk_work() -> None:
    side_plank = exercise("side-plank").prescribe()
    assert dose_text(side_plank) == "3 × 30 s per side"


def test_around_the_clock_reads_3_by_30_s_per_leg() -> None:
    assert dose_text(exercise("around-the-clock").prescribe()) == "3 × 30 s per leg"
    assert describe_dose(exercise("around-the-clock").prescribe()) == "3 × 30 s per leg"


# The loader checks the data (text in, so no real file is touched)

VALID: dict[str, object] = {
    "id": "wall-push",
    "name": "Wall push",
    "region": "hip",
    "group": "hip_abductors",
    "level": 1,
    "sets": 4,
    "seconds": 30,
    "per_leg": True,
    "knee_flexion": "none",
    "equipment": [],
    "steps": ["Stand by a wall.", "Push."],
    "cues": ["Stand tall."],
    "feel": "Hip works. Up to 2/10 is fine; above 2/10 push less.",
    "easier": "",
    "harder": "",
    "sources": ["L47"],
    "figure": "standing",
    "start": {},
    "end": {"knee": 20},
}


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value)


def catalogue_text(*entries: dict[str, object]) -> str:
    tables = []
    for entry in entries:
        lines = [f"{key} = {toml_value(value)}" for key, value in entry.items()]
        tables.append("[[exercise]]\n" + "\n".join(lines))
    return "\n\n".join(tables) + "\n"


def entry(**changes: object) -> dict[str, object]:
    """VALID with changes; a change to None removes the key."""
    merged = VALID | changes
    return {k: v for k, v in merged.items() if v is not None}


def test_parse_accepts_a_minimal_valid_catalogue() -> None:
    parsed = parse_catalogue(catalogue_text(entry()))
    assert [e.id for e in parsed.exercises] == ["wall-push"]
    assert parsed.get("wall-push").region is Region.HIP


def test_parse_accepts_neighbours_in_level_order() -> None:
    easy = entry(harder="wall-push-2")
    hard = entry(id="wall-push-2", level=2, easier="wall-push")
    parsed = parse_catalogue(catalogue_text(easy, hard))
    assert parsed.neighbours("wall-push") == (None, parsed.get("wall-push-2"))


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"region": "ankle"}, "region"),
        ({"group": "calves"}, "group"),
        ({"region": "knee"}, "belongs to region hip"),
        ({"level": 6}, "level"),
        ({"level": 0}, "level"),
        ({"reps": 10}, "exactly one of reps or seconds"),
        ({"seconds": None}, "exactly one of reps or seconds"),
        ({"reps_max": 12}, "reps_max"),
        ({"seconds_max": 20}, "seconds_max"),
        ({"sets": 0}, "sets"),
        ({"per_leg": "yes"}, "per_leg"),
        ({"steps": []}, "steps"),
        ({"cues": [""]}, "cues"),
        ({"feel": "Hip works."}, "2/10"),
        ({"feel": None}, "missing feel"),
        ({"sources": ["Wikipedia"]}, "source"),
        ({"sources": []}, "sources"),
        ({"reps_per_side": 10}, "unknown key"),
        ({"id": "Wall Push"}, "kebab-case"),
        ({"knee_flexion": "deep"}, "knee_flexion"),
        ({"knee_flexion": "45°"}, "needs a range"),
        ({"easier": "missing-one"}, "does not exist"),
        ({"harder": "wall-push"}, "itself"),
        ({"region": "plyometric", "group": "plyometric", "level": 4}, "level 5"),
        ({"region": "knee", "group": "squat", "knee_flexion": "0-60°", "level": 2}, "depth"),
        ({"region": "knee", "group": "squat", "knee_flexion": "0-30°", "level": 1}, "depth"),
        ({"region": "knee", "group": "lunge", "knee_flexion": "none", "level": 3}, "depth"),
        ({"cues": ["Stretch your calves first."]}, "stretching"),
        ({"feel": "Up to 2/10 is fine; wear a brace if it hurts."}, "braces"),
        ({"feel": "Above 2/10, take complete rest for a week."}, "complete rest"),
        ({"feel": "Above 2/10, ice the knee."}, "ice"),
        ({"steps": ["Go slowly so you don't damage the joint."]}, "frightening"),
    ],
)
def test_loader_rejects_a_broken_entry_and_names_it(
    changes: dict[str, object], problem: str
) -> None:
    broken = entry(**changes)
    with pytest.raises(CatalogueError, match=re.escape(problem)) as error:
        parse_catalogue(catalogue_text(broken))
    assert str(error.value).startswith(f"exercise {broken['id']!r}")


def test_loader_rejects_a_duplicate_id() -> None:
    with pytest.raises(CatalogueError, match="'wall-push': duplicate id"):
        parse_catalogue(catalogue_text(entry(), entry()))


def test_loader_rejects_an_easier_neighbour_at_a_higher_level() -> None:
    easy = entry(easier="wall-push-2")
    hard = entry(id="wall-push-2", level=2)
    with pytest.raises(CatalogueError, match="'wall-push': easier neighbour 'wall-push-2'"):
        parse_catalogue(catalogue_text(easy, hard))


def test_loader_rejects_a_harder_neighbour_at_a_lower_level() -> None:
    easy = entry()
    hard = entry(id="wall-push-2", level=2, harder="wall-push")
    with pytest.raises(CatalogueError, match="'wall-push-2': harder neighbour 'wall-push'"):
        parse_catalogue(catalogue_text(easy, hard))


def test_loader_rejects_a_neighbour_in_another_region() -> None:
    hip = entry(harder="dead-bug-2")
    trunk = entry(id="dead-bug-2", region="trunk", group="trunk")
    with pytest.raises(CatalogueError, match="another region"):
        parse_catalogue(catalogue_text(hip, trunk))


def test_loader_rejects_a_loop_of_harder_neighbours() -> None:
    one = entry(harder="wall-push-2")
    two = entry(id="wall-push-2", harder="wall-push")
    with pytest.raises(CatalogueError, match="loops"):
        parse_catalogue(catalogue_text(one, two))


def test_loader_rejects_text_that_is_not_toml() -> None:
    with pytest.raises(CatalogueError, match="not valid TOML"):
        parse_catalogue("[[exercise]\nid = ")


def test_loader_rejects_a_file_without_exercises() -> None:
    with pytest.raises(CatalogueError, match=r"\[\[exercise\]\]"):
        parse_catalogue('title = "exercises"\n')


def test_shipped_catalogue_is_loaded_once_and_cached() -> None:
    assert load_catalogue() is load_catalogue()
