"""Kujala Anterior Knee Pain Scale (AKPS): scoring (R30) and meaningful change (R31).

Points follow the table of clinical-evidence.md §8.1 (Kujala 1993 as reproduced in
J Orthop 2023;42:54–62). Web versions differ; this is version "kujala1993".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from kneewise.core.errors import InvalidInput
from kneewise.core.reasons import Reason

AKPS_VERSION = "kujala1993"

# R31: minimal clinically important difference of the AKPS (Crossley 2004) and the
# "treatment success" threshold used in trials (Earl-Boehm 2018).
AKPS_MEANINGFUL_CHANGE = 10
AKPS_TRIAL_SUCCESS = 8
# R31: a 2-point fall of worst pain on the 0–10 scale is a meaningful improvement.
WORST_PAIN_MEANINGFUL_CHANGE = 2
# R30, §11b.10: the knee score is asked again every 4 weeks.
AKPS_INTERVAL_DAYS = 28


@dataclass(frozen=True, slots=True)
class AkpsOption:
    label: str
    points: int


@dataclass(frozen=True, slots=True)
class AkpsItem:
    topic: str
    question: str
    options: tuple[AkpsOption, ...]

    @property
    def max_points(self) -> int:
        return self.options[0].points


def _item(topic: str, question: str, *options: tuple[str, int]) -> AkpsItem:
    return AkpsItem(topic, question, tuple(AkpsOption(label, points) for label, points in options))


# Best option first, as the CLI contract (design.md §3.2) indexes them.
AKPS_ITEMS: tuple[AkpsItem, ...] = (
    _item(
        "Limp",
        "Do you limp?",
        ("None", 5),
        ("Slight or now and then", 3),
        ("Constant", 0),
    ),
    _item(
        "Support",
        "Can you put your full weight on the leg?",
        ("Full support without pain", 5),
        ("Painful", 3),
        ("Weight bearing impossible", 0),
    ),
    _item(
        "Walking",
        "How far can you walk?",
        ("Unlimited", 5),
        ("More than 2 km", 3),
        ("1–2 km", 2),
        ("Unable", 0),
    ),
    _item(
        "Stairs",
        "How are stairs?",
        ("No difficulty", 10),
        ("Slight pain when going down", 8),
        ("Pain both going down and up", 5),
        ("Unable", 0),
    ),
    _item(
        "Squatting",
        "How is squatting?",
        ("No difficulty", 5),
        ("Repeated squatting is painful", 4),
        ("Painful each time", 3),
        ("Possible only with partial weight on the leg", 2),
        ("Unable", 0),
    ),
    _item(
        "Running",
        "How is running?",
        ("No difficulty", 10),
        ("Pain after more than 2 km", 8),
        ("Slight pain from the start", 6),
        ("Severe pain", 3),
        ("Unable", 0),
    ),
    _item(
        "Jumping",
        "How is jumping?",
        ("No difficulty", 10),
        ("Slight difficulty", 7),
        ("Constant pain", 2),
        ("Unable", 0),
    ),
    _item(
        "Prolonged sitting",
        "How is sitting for a long time with your knees bent?",
        ("No difficulty", 10),
        ("Pain after exercise", 8),
        ("Constant pain", 6),
        ("Pain makes me straighten my knees now and then", 4),
        ("Unable", 0),
    ),
    _item(
        "Pain",
        "How much knee pain do you have?",
        ("None", 10),
        ("Slight and occasional", 8),
        ("It disturbs my sleep", 6),
        ("Occasionally severe", 3),
        ("Constant and severe", 0),
    ),
    _item(
        "Swelling",
        "Does your knee swell?",
        ("No", 10),
        ("After hard exertion only", 8),
        ("After daily activities", 6),
        ("Every evening", 4),
        ("Constantly", 0),
    ),
    _item(
        "Kneecap movements",
        "Does your kneecap move abnormally or painfully (slip or partly dislocate)?",
        ("No", 10),
        ("Now and then during sport", 6),
        ("Now and then during daily activities", 4),
        ("At least one confirmed dislocation", 2),
        ("More than two dislocations", 0),
    ),
    _item(
        "Thigh atrophy",
        "Has your thigh muscle become smaller (wasted)?",
        ("No", 5),
        ("Slightly", 3),
        ("Severely", 0),
    ),
    _item(
        "Flexion deficiency",
        "Is bending the knee limited?",
        ("No", 5),
        ("Slightly", 3),
        ("Severely", 0),
    ),
)

AKPS_ITEM_COUNT = len(AKPS_ITEMS)


@dataclass(frozen=True, slots=True)
class AkpsScore:
    score: int
    points: tuple[int, ...]
    version: str = AKPS_VERSION

    def as_json(self) -> dict[str, object]:
        return {"score": self.score, "version": self.version, "points": list(self.points)}


def score_akps(choices: Sequence[int]) -> AkpsScore:
    """R30: the score is the sum of the 13 items' points, 0–100 (100 = no problems)."""
    if len(choices) != AKPS_ITEM_COUNT:
        raise InvalidInput(f"items must hold {AKPS_ITEM_COUNT} answers, got {len(choices)}")
    points: list[int] = []
    for number, (item, choice) in enumerate(zip(AKPS_ITEMS, choices, strict=True), start=1):
        if isinstance(choice, bool) or not isinstance(choice, int):
            raise InvalidInput(f"item {number} ({item.topic}) must be an integer, got {choice!r}")
        if not 0 <= choice < len(item.options):
            raise InvalidInput(
                f"item {number} ({item.topic}) must be from 0 to {len(item.options) - 1}, "
                f"got {choice}"
            )
        points.append(item.options[choice].points)
    return AkpsScore(score=sum(points), points=tuple(points))


def parse_akps_answers(data: object) -> list[int]:
    """Validate `{"items": [13 integers]}` (design.md §3.2); unknown keys are refused."""
    if not isinstance(data, dict):
        raise InvalidInput('the answers must be a JSON object like {"items": [...]}')
    unknown = sorted(str(key) for key in data if key != "items")
    if unknown:
        raise InvalidInput(f"unknown key(s): {', '.join(unknown)}")
    if "items" not in data:
        raise InvalidInput("items is required")
    items = data["items"]
    if not isinstance(items, list):
        raise InvalidInput(f"items must be a list of {AKPS_ITEM_COUNT} integers")
    score_akps(items)  # validates count, types and ranges with item-specific messages
    return items


def akps_due_on(last_score_day: date | None, plan_start: date) -> date:
    """R30: when the knee score is next due: 4 weeks after the last score, or 4 weeks after
    the plan's start when there is none yet."""
    return (last_score_day or plan_start) + timedelta(days=AKPS_INTERVAL_DAYS)


class ChangeVerdict(StrEnum):
    MEANINGFUL_IMPROVEMENT = "meaningful_improvement"
    SMALL_IMPROVEMENT = "small_improvement"
    NO_MEANINGFUL_CHANGE = "no_meaningful_change"
    MEANINGFUL_WORSENING = "meaningful_worsening"


@dataclass(frozen=True, slots=True)
class Change:
    verdict: ChangeVerdict
    delta: float
    reason: Reason

    @property
    def meaningful_improvement(self) -> bool:
        return self.verdict is ChangeVerdict.MEANINGFUL_IMPROVEMENT


def akps_change(before: int, after: int) -> Change:
    """R31: +10 or more is a meaningful improvement; +8–9 is "success" as trials count it."""
    delta = after - before
    if delta >= AKPS_MEANINGFUL_CHANGE:
        verdict = ChangeVerdict.MEANINGFUL_IMPROVEMENT
        words = "a meaningful improvement (10 points or more)"
    elif delta >= AKPS_TRIAL_SUCCESS:
        verdict = ChangeVerdict.SMALL_IMPROVEMENT
        words = "an improvement that trials count as success (8 points or more)"
    elif delta <= -AKPS_MEANINGFUL_CHANGE:
        # (E) the same 10-point step downwards is treated as meaningful worsening.
        verdict = ChangeVerdict.MEANINGFUL_WORSENING
        words = "a meaningful worsening (10 points or more)"
    else:
        verdict = ChangeVerdict.NO_MEANINGFUL_CHANGE
        words = "within the normal ups and downs (less than 10 points)"
    message = f"Knee score (AKPS) {before} → {after} ({delta:+d}): {words}."
    return Change(verdict, delta, Reason("R31", message))


def worst_pain_change(before: float, after: float) -> Change:
    """R31: worst pain down by 2 or more points (0–10) is a meaningful improvement."""
    delta = after - before
    if delta <= -WORST_PAIN_MEANINGFUL_CHANGE:
        verdict = ChangeVerdict.MEANINGFUL_IMPROVEMENT
        words = "a meaningful improvement (2 points or more)"
    elif delta >= WORST_PAIN_MEANINGFUL_CHANGE:
        verdict = ChangeVerdict.MEANINGFUL_WORSENING
        words = "a meaningful worsening (2 points or more)"
    else:
        verdict = ChangeVerdict.NO_MEANINGFUL_CHANGE
        words = "less than the 2 points that count as a real change"
    message = f"Worst pain {before:g}/10 → {after:g}/10 ({delta:+g}): {words}."
    return Change(verdict, delta, Reason("R31", message))
