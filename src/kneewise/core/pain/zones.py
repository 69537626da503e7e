"""Pain zones (R6) and what to do during a session (R7), clinical-evidence.md §11 and §1.6."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from numbers import Real

from kneewise.core.errors import InvalidInput
from kneewise.core.reasons import Reason

PAIN_MIN = 0
PAIN_MAX = 10
# R6: Esculier's running limit is 2/10; the overlapping source boundaries 3 and 5 go to the
# worse zone, so 3 is amber and 5 is red.
GREEN_MAX = 2
AMBER_MAX = 4


class Zone(StrEnum):
    """R6 pain zone of the 0-10 scale; compare zones by `rank`, never by their string value."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"

    @property
    def rank(self) -> int:
        """0 for green, 1 for amber, 2 for red: higher is worse."""
        return _RANK[self]

    @property
    def band(self) -> str:
        """The pain scores of this zone in words, e.g. "3\N{EN DASH}4"."""
        return _BAND[self]


_RANK = {Zone.GREEN: 0, Zone.AMBER: 1, Zone.RED: 2}
_BAND = {
    Zone.GREEN: f"{PAIN_MIN}\N{EN DASH}{GREEN_MAX}",
    Zone.AMBER: f"{GREEN_MAX + 1}\N{EN DASH}{AMBER_MAX}",
    Zone.RED: f"{AMBER_MAX + 1} or more",
}


def worst_zone(first: Zone, *others: Zone) -> Zone:
    """The worst of the given zones (red over amber over green)."""
    return max((first, *others), key=lambda zone: zone.rank)


def pain_score(value: float, what: str = "pain") -> int:
    """Check a 0-10 pain rating and round it up to whole points, so 2.1 counts as 3 (R6)."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise InvalidInput(f"{what} must be a number from 0 to 10, got {value!r}")
    if math.isnan(value) or not PAIN_MIN <= value <= PAIN_MAX:
        raise InvalidInput(f"{what} must be from 0 to 10, got {value!r}")
    return math.ceil(value)


def zone_of(pain: float, *, limp: bool = False, sharp: bool = False) -> Zone:
    """R6: green 0-2, amber 3-4, red 5 or more; a limp or a pain called sharp is always red."""
    score = pain_score(pain)
    if limp or sharp or score > AMBER_MAX:
        return Zone.RED
    if score > GREEN_MAX:
        return Zone.AMBER
    return Zone.GREEN


@dataclass(frozen=True, slots=True)
class ZoneFinding:
    """R6 zone of one pain score, with the reason in words."""

    zone: Zone
    pain: int
    limp: bool
    sharp: bool
    reasons: tuple[Reason, ...]


def assess_zone(
    pain: float, *, limp: bool = False, sharp: bool = False, when: str = "during the session"
) -> ZoneFinding:
    """R6 zone of a pain score; `when` places it in the message ("during the session")."""
    score = pain_score(pain)
    zone = zone_of(score, limp=limp, sharp=sharp)
    reasons = [Reason("R6", f"{zone_phrase(score, zone, when, limp=limp, sharp=sharp)} (R6).")]
    if score != pain:
        note = f"A pain of {float(pain):g} counts as {score}/10, because part-points round up (R6)."
        reasons.append(Reason("R6", note))
    return ZoneFinding(zone=zone, pain=score, limp=limp, sharp=sharp, reasons=tuple(reasons))


def zone_phrase(pain: int, zone: Zone, when: str, *, limp: bool, sharp: bool) -> str:
    """The zone in plain words, e.g. "Pain 4/10 during the session is in the amber zone (3-4)"."""
    signs = [sign for sign, present in (("a limp", limp), ("a sharp pain", sharp)) if present]
    if signs:
        return (
            f"Pain {pain}/10 {when} with {' and '.join(signs)} counts as the red zone, "
            "because a limp or a sharp pain is red whatever the score"
        )
    return f"Pain {pain}/10 {when} is in the {zone} zone ({zone.band})"


class InSessionAction(StrEnum):
    """R7: what to do the moment a pain zone is reached during a run."""

    CONTINUE = "continue"
    END_RUNNING = "end_running"
    STOP_ACTIVITY = "stop_activity"


IN_SESSION_ACTION = {
    Zone.GREEN: InSessionAction.CONTINUE,
    Zone.AMBER: InSessionAction.END_RUNNING,
    Zone.RED: InSessionAction.STOP_ACTIVITY,
}

_ACTION_WORDS = {
    InSessionAction.CONTINUE: "carry on as planned",
    InSessionAction.END_RUNNING: (
        "end the running part for today and walk home or switch to cross-training such as cycling"
    ),
    InSessionAction.STOP_ACTIVITY: "stop the activity for today and let the knee settle",
}


@dataclass(frozen=True, slots=True)
class InSessionAdvice:
    """R7 advice for a pain reached during a run, with its zone and the reason."""

    action: InSessionAction
    zone: Zone
    pain: int
    reasons: tuple[Reason, ...]


def in_session_action(pain: float, *, limp: bool = False, sharp: bool = False) -> InSessionAdvice:
    """R7: green continue, amber end the running part (walk / cross-train), red stop."""
    score = pain_score(pain, "pain during the session")
    zone = zone_of(score, limp=limp, sharp=sharp)
    action = IN_SESSION_ACTION[zone]
    phrase = zone_phrase(score, zone, "during the session", limp=limp, sharp=sharp)
    message = f"{phrase}: {_ACTION_WORDS[action]} (R7)."
    return InSessionAdvice(action=action, zone=zone, pain=score, reasons=(Reason("R7", message),))


_EXERCISE_DAY_WORDS = {
    InSessionAction.CONTINUE: (
        "carry on as planned (R28: two such sessions in a row move the exercises up a level)"
    ),
    InSessionAction.END_RUNNING: (
        "keep the rest of today's exercises easy and leave out any that push the pain higher; "
        "the exercise level stays where it is (R28)"
    ),
    InSessionAction.STOP_ACTIVITY: (
        "stop the exercises for today and let the knee settle; the exercises go one level "
        "easier (R28)"
    ),
}


def exercise_day_action(pain: float, *, limp: bool = False, sharp: bool = False) -> InSessionAdvice:
    """R7's zones for a day without running (exercises, walking, cross-training): no "end the
    running part" when there was none; what the zone means for the exercises (R28)."""
    score = pain_score(pain, "pain during the session")
    zone = zone_of(score, limp=limp, sharp=sharp)
    action = IN_SESSION_ACTION[zone]
    phrase = zone_phrase(score, zone, "during today's session", limp=limp, sharp=sharp)
    message = f"{phrase}: {_EXERCISE_DAY_WORDS[action]}."
    return InSessionAdvice(action=action, zone=zone, pain=score, reasons=(Reason("R28", message),))
