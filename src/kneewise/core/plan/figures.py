"""Exercise figures: a stick runner drawn as inline SVG from an exercise's keyframes (issue #12).

Forward kinematics on a side-view skeleton with fixed segment lengths; start and end poses are
two <svg> siblings that the static CSS cross-fades (or shows side by side for reduced motion).
Pure and deterministic: the same keyframes always give the same text. The print variant
(`static=True`, for the PDF report) carries its own black-on-white strokes and never animates.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from itertools import pairwise
from types import MappingProxyType

from kneewise.core.plan.exercise_model import Exercise, Keyframes, Orientation, Pose

# Segment lengths in drawing units (a standing runner is about 100 tall).
TRUNK, NECK, HEAD_R = 30.0, 5.0, 6.0
THIGH, SHIN, FOOT = 24.0, 24.0, 8.0
UPPER_ARM, FOREARM = 16.0, 14.0
MARGIN = 8.0

# The whole skeleton's turn per orientation, degrees counter-clockwise: lying figures put the
# head to the left with the front facing up; the plank puts it to the right, facing down.
TURN: Mapping[Orientation, float] = MappingProxyType(
    {
        Orientation.STANDING: 0.0,
        Orientation.SITTING: 0.0,
        Orientation.KNEELING: 0.0,
        Orientation.LYING_BACK: 90.0,
        Orientation.SIDE_LYING: 90.0,
        Orientation.PLANK: -90.0,
    }
)
_LYING = frozenset({Orientation.LYING_BACK, Orientation.SIDE_LYING, Orientation.PLANK})

# The print variant's look as SVG presentation attributes: a PDF has no page style sheet for
# the drawing and no animation, so each line carries its own stroke (black on white).
PRINT_LOOK: Mapping[str, str] = MappingProxyType(
    {
        "fig-near": 'stroke="#000" stroke-width="2.5" stroke-linecap="round"',
        "fig-far": 'stroke="#888" stroke-width="2.5" stroke-linecap="round"',
        "fig-floor": 'stroke="#000" stroke-width="1"',
        "fig-prop": 'stroke="#555" stroke-width="2"',
        "fig-head": 'fill="#000"',
    }
)

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # left, right, top, bottom in figure units


@dataclass(frozen=True, slots=True)
class Skeleton:
    """Joint positions of one pose, y pointing up, pelvis at the origin."""

    points: Mapping[str, Point]
    head: Point

    def lowest(self) -> float:
        return min(min(y for _, y in self.points.values()), self.head[1] - HEAD_R)

    def moved(self, dx: float, dy: float) -> Skeleton:
        points = {name: (x + dx, y + dy) for name, (x, y) in self.points.items()}
        return Skeleton(MappingProxyType(points), (self.head[0] + dx, self.head[1] + dy))


def _step(start: Point, angle: float, length: float) -> Point:
    rad = math.radians(angle)
    return (start[0] + length * math.cos(rad), start[1] + length * math.sin(rad))


def skeleton(pose: Pose, orientation: Orientation) -> Skeleton:
    """Forward kinematics: direction angles from +x, counter-clockwise, facing +x when upright."""
    turn = TURN[orientation]
    trunk = 90.0 - pose.trunk + turn
    pelvis: Point = (0.0, 0.0)
    shoulder = _step(pelvis, trunk, TRUNK)
    # Lying, the head rests level with the body line rather than following a lifted trunk.
    neck_angle = 90.0 + turn if orientation in _LYING else trunk
    head = _step(_step(shoulder, neck_angle, NECK), neck_angle, HEAD_R)
    points: dict[str, Point] = {"pelvis": pelvis, "shoulder": shoulder}
    for prefix, hip, knee, ankle in (
        ("", pose.hip, pose.knee, pose.ankle),
        ("other_", pose.other_hip, pose.other_knee, pose.other_ankle),
    ):
        thigh = trunk - 180.0 + hip
        shin = thigh - knee
        foot = shin + 90.0 + ankle
        points[prefix + "knee"] = _step(pelvis, thigh, THIGH)
        points[prefix + "ankle"] = _step(points[prefix + "knee"], shin, SHIN)
        points[prefix + "toe"] = _step(points[prefix + "ankle"], foot, FOOT)
    upper = trunk - 180.0 + pose.arm
    points["elbow"] = _step(shoulder, upper, UPPER_ARM)
    points["hand"] = _step(points["elbow"], upper + pose.elbow, FOREARM)
    return Skeleton(MappingProxyType(points), head)


def _placed(frames: Keyframes) -> tuple[Skeleton, Skeleton]:
    """Both poses standing on one floor (y = 0), lined up on the part that stays put."""
    placed = []
    for pose in (frames.start, frames.end):
        bones = skeleton(pose, frames.orientation)
        anchor = bones.head[0] if frames.orientation in _LYING else bones.points["other_ankle"][0]
        placed.append(bones.moved(-anchor, -bones.lowest()))
    return placed[0], placed[1]


def _box(skeletons: tuple[Skeleton, Skeleton], chair: bool) -> Box:
    xs = [x for bones in skeletons for x, _ in bones.points.values()]
    ys = [y for bones in skeletons for _, y in bones.points.values()]
    xs += [bones.head[0] + sign * HEAD_R for bones in skeletons for sign in (-1, 1)]
    ys += [bones.head[1] + HEAD_R for bones in skeletons]
    if chair:
        xs += [bones.points["pelvis"][0] - 14 for bones in skeletons]
    left, right = min(xs) - MARGIN, max(xs) + MARGIN
    top, bottom = max(ys) + MARGIN, -MARGIN / 2
    return left, right, top, bottom


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def _look(css: str, static: bool) -> str:
    return f'class="{css}" {PRINT_LOOK[css]}' if static else f'class="{css}"'


def _line(a: Point, b: Point, css: str, static: bool = False) -> str:
    # SVG y points down: flip every y on the way out.
    return (
        f"<line {_look(css, static)} "
        f'x1="{_n(a[0])}" y1="{_n(-a[1])}" x2="{_n(b[0])}" y2="{_n(-b[1])}"/>'
    )


def _limbs(bones: Skeleton, near: bool, static: bool) -> list[str]:
    p = bones.points
    prefix, css = ("", "fig-near") if near else ("other_", "fig-far")
    chain = (p["pelvis"], p[prefix + "knee"], p[prefix + "ankle"], p[prefix + "toe"])
    return [_line(a, b, css, static) for a, b in pairwise(chain)]


def _pose_svg(bones: Skeleton, box: Box, which: str, chair: Point | None, static: bool) -> str:
    left, right, top, bottom = box
    p = bones.points
    parts = [_line((left, 0.0), (right, 0.0), "fig-floor", static)]
    if chair is not None:
        # The chair stays where the runner sat at the start, also when they stand up.
        x, seat = chair[0], chair[1] - 3
        parts += [
            _line((x - 12, seat), (x + 6, seat), "fig-prop", static),
            _line((x - 10, seat), (x - 10, 0.0), "fig-prop", static),
        ]
    parts += _limbs(bones, near=False, static=static)
    parts.append(_line(p["pelvis"], p["shoulder"], "fig-near", static))
    parts.append(_line(p["shoulder"], p["elbow"], "fig-near", static))
    parts.append(_line(p["elbow"], p["hand"], "fig-near", static))
    parts += _limbs(bones, near=True, static=static)
    hx, hy = bones.head
    parts.append(
        f'<circle {_look("fig-head", static)} cx="{_n(hx)}" cy="{_n(-hy)}" r="{_n(HEAD_R)}"/>'
    )
    view = f"{_n(left)} {_n(-top)} {_n(right - left)} {_n(top - bottom)}"
    return (
        f'<svg class="fig-pose fig-pose--{which}" viewBox="{view}" '
        f'xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{which.capitalize()} position">'
        + "".join(parts)
        + "</svg>"
    )


def figure_svg(frames: Keyframes, name: str, *, static: bool = False) -> str:
    """The start and end poses as two inline SVGs in one <div class="fig">, ready to embed;
    `static`: the print variant (class "fig fig--print", strokes inline, side by side)."""
    sitting = frames.orientation is Orientation.SITTING
    start, end = _placed(frames)
    box = _box((start, end), sitting)
    chair = start.points["pelvis"] if sitting else None
    css = "fig fig--print" if static else "fig"
    return (
        f'<div class="{css}" role="group" aria-label="{escape(name)}: start and end position">'
        f"{_pose_svg(start, box, 'start', chair, static)}"
        f"{_pose_svg(end, box, 'end', chair, static)}</div>"
    )


def exercise_figure(exercise: Exercise, *, static: bool = False) -> str:
    """An exercise's figure, or "" when the catalogue entry has no keyframes."""
    if exercise.figure is None:
        return ""
    return figure_svg(exercise.figure, exercise.name, static=static)
