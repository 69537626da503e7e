"""Exercise figures (issue #12): every exercise has start and end keyframes in human ranges, a
loaded knee is never drawn deeper than the catalogue allows (R28), and the SVG is sound."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET

import pytest

from kneewise.core.plan.catalogue_parser import parse_catalogue
from kneewise.core.plan.exercise_model import (
    JOINT_RANGES,
    CatalogueError,
    Exercise,
    Keyframes,
    Orientation,
    Pose,
)
from kneewise.core.plan.exercises import load_catalogue
from kneewise.core.plan.figures import exercise_figure, figure_svg, skeleton
from tests.core.plan.test_exercise_catalogue import catalogue_text, entry

ALL = load_catalogue().exercises
SVG = "{http://www.w3.org/2000/svg}"

# The documented human ranges, written out again so a change to JOINT_RANGES must be deliberate.
HUMAN = {
    "trunk": (-30, 90),
    "hip": (-30, 130),
    "knee": (0, 150),
    "ankle": (-50, 30),
    "other_hip": (-30, 130),
    "other_knee": (0, 150),
    "other_ankle": (-50, 30),
    "arm": (-60, 180),
    "elbow": (0, 150),
}


def poses(e: Exercise) -> tuple[Pose, Pose]:
    assert e.figure is not None, e.id
    return e.figure.start, e.figure.end


def loaded_depth(e: Exercise) -> int | None:
    """The deepest loaded knee bend the catalogue allows, read from its text; None if 'none'."""
    numbers = [int(n) for n in re.findall(r"\d+", e.knee_flexion)]
    return max(numbers) if numbers else None


def test_the_joint_ranges_are_the_documented_human_ranges() -> None:
    assert dict(JOINT_RANGES) == HUMAN


@pytest.mark.parametrize("e", ALL, ids=lambda e: e.id)
def test_every_exercise_has_start_and_end_keyframes(e: Exercise) -> None:
    assert isinstance(e.figure, Keyframes)
    assert isinstance(e.figure.orientation, Orientation)
    assert isinstance(e.figure.start, Pose)
    assert isinstance(e.figure.end, Pose)


@pytest.mark.parametrize("e", ALL, ids=lambda e: e.id)
def test_every_angle_stays_in_human_ranges(e: Exercise) -> None:
    for pose in poses(e):
        for joint, (low, high) in HUMAN.items():
            assert low <= getattr(pose, joint) <= high, (e.id, joint)


@pytest.mark.parametrize("e", [e for e in ALL if loaded_depth(e) is not None], ids=lambda e: e.id)
def test_a_loaded_knee_is_never_drawn_deeper_than_the_catalogue_allows(e: Exercise) -> None:
    limit = loaded_depth(e)
    start, end = poses(e)
    assert limit is not None
    assert end.knee <= limit, e.id  # R28: a 0-45° exercise is never drawn beyond 45°
    assert start.knee <= limit, e.id


def test_moving_exercises_move_and_holds_stay_close_to_their_angle() -> None:
    still = [e.id for e in ALL if poses(e)[0] == poses(e)[1]]
    assert still == []  # every figure shows some change, even a hold's effort
    for e in (x for x in ALL if x.is_hold):
        start, end = poses(e)
        assert abs(start.knee - end.knee) <= 10, e.id


def test_quarter_squat_ends_at_45_degrees_of_knee_bend() -> None:
    squat = next(e for e in ALL if e.id == "squat-0-45")
    assert poses(squat)[1].knee == 45


@pytest.mark.parametrize("e", ALL, ids=lambda e: e.id)
def test_the_figure_is_well_formed_svg_with_a_start_and_an_end_pose(e: Exercise) -> None:
    root = ET.fromstring(exercise_figure(e))
    svgs = root.findall(f"{SVG}svg")
    assert [svg.get("class") for svg in svgs] == [
        "fig-pose fig-pose--start",
        "fig-pose fig-pose--end",
    ]
    for svg in svgs:
        assert len(svg.findall(f"{SVG}line")) >= 9
        assert len(svg.findall(f"{SVG}circle")) == 1
        assert svg.get("viewBox") == svgs[0].get("viewBox")  # same frame: the cross-fade lines up


def test_the_figure_is_deterministic() -> None:
    assert [exercise_figure(e) for e in ALL] == [
        exercise_figure(e) for e in load_catalogue().exercises
    ]


def test_the_figure_escapes_the_name() -> None:
    frames = Keyframes(Orientation.STANDING, Pose(), Pose(knee=20))
    assert 'aria-label="A &lt;b&gt; &amp; c: start and end position"' in figure_svg(
        frames, "A <b> & c"
    )


def test_a_seated_figure_draws_a_chair_and_a_standing_one_does_not() -> None:
    seated = next(e for e in ALL if e.id == "quad-isometric-seated")
    standing = next(e for e in ALL if e.id == "squat-0-45")
    assert 'class="fig-prop"' in exercise_figure(seated)
    assert 'class="fig-prop"' not in exercise_figure(standing)


def test_forward_kinematics_puts_a_standing_body_upright_and_a_right_angle_knee_behind() -> None:
    upright = skeleton(Pose(), Orientation.STANDING).points
    assert upright["shoulder"] == pytest.approx((0.0, 30.0))
    assert upright["ankle"] == pytest.approx((0.0, -48.0))
    bent = skeleton(Pose(knee=90), Orientation.STANDING).points
    assert bent["ankle"] == pytest.approx(
        (-24.0, -24.0)
    )  # the shin swings back, level with the knee


def test_lying_on_the_back_turns_the_head_to_the_left() -> None:
    lying = skeleton(Pose(), Orientation.LYING_BACK).points
    assert lying["shoulder"] == pytest.approx((-30.0, 0.0))


def test_the_far_leg_defaults_to_the_near_leg() -> None:
    parsed = parse_catalogue(catalogue_text(entry(end={"knee": 30})))
    figure = parsed.exercises[0].figure
    assert figure is not None
    assert figure.end == dataclasses.replace(Pose(), knee=30, other_knee=30)


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"figure": "upside_down"}, "figure"),
        ({"end": {"knee": 160}}, "end.knee must be whole degrees from 0 to 150"),
        ({"start": {"hip": -40}}, "start.hip"),
        ({"start": {"elbow": 12.5}}, "start.elbow"),
        ({"end": {"wrist": 10}}, "unknown joint(s) wrist"),
        ({"end": None}, "missing end"),
        ({"start": None}, "missing start"),
    ],
)
def test_the_parser_rejects_bad_keyframes(changes: dict[str, object], problem: str) -> None:
    with pytest.raises(CatalogueError, match=re.escape(problem)):
        parse_catalogue(catalogue_text(entry(**changes)))


def test_the_print_figure_draws_the_same_lines_black_on_white_and_never_animates() -> None:
    e = ALL[0]
    screen, still = exercise_figure(e), exercise_figure(e, static=True)
    coordinates = re.compile(r'(?:x1|y1|x2|y2|cx|cy|r|viewBox)="[^"]*"')
    assert coordinates.findall(still) == coordinates.findall(screen)  # the same drawing
    root = ET.fromstring(still)
    assert root.get("class") == "fig fig--print"
    near = [line for line in root.iter(f"{SVG}line") if line.get("class") == "fig-near"]
    assert near
    assert all(line.get("stroke") == "#000" for line in near)
    assert root.find(f"{SVG}svg/{SVG}circle").get("fill") == "#000"
    assert "animation" not in still
    assert "stroke=" not in screen  # the page's style sheet colours the screen figure
