"""The ten education messages of clinical-evidence.md §10, in our own plain words."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class Topic(IntEnum):
    """Message numbers as in §10, so rules can name the message they show."""

    COMMON_AND_MANAGEABLE = 1
    KEEP_MOVING = 2
    NEXT_MORNING_CHECK = 3
    HIP_AND_KNEE_STRENGTH = 4
    RUNNING_TWEAKS = 5
    NO_BIG_JUMPS = 6
    DOWNHILL_AND_STAIRS = 7
    SLEEP_AND_FUEL = 8
    GRADUAL_RECOVERY = 9
    NOT_CORE_TREATMENTS = 10


@dataclass(frozen=True, slots=True)
class EducationMessage:
    topic: Topic
    title: str
    text: str


EDUCATION: dict[Topic, EducationMessage] = {
    message.topic: message
    for message in (
        EducationMessage(
            Topic.COMMON_AND_MANAGEABLE,
            "Common and manageable",
            "Runner's knee is common and you can manage it. It usually means the knee has "
            "become sensitive to load, not that the kneecap is damaged or out of line.",
        ),
        EducationMessage(
            Topic.KEEP_MOVING,
            "Keep moving, adjust the load",
            "You rarely need to stop everything. Adjust the load so pain stays low (2/10 or "
            "less when running) and has settled by the next morning.",
        ),
        EducationMessage(
            Topic.NEXT_MORNING_CHECK,
            "Check the next morning",
            "How the knee feels the next morning tells you most. If it is worse, the last "
            "session was a bit too much: hold or step back rather than push on.",
        ),
        EducationMessage(
            Topic.HIP_AND_KNEE_STRENGTH,
            "Strength for hip and knee",
            "Strength work for both the hip and the knee is the best-supported treatment. "
            "Expect to build it up over several weeks.",
        ),
        EducationMessage(
            Topic.RUNNING_TWEAKS,
            "Small running tweaks",
            "Shorter, more frequent runs, a slower pace, walk breaks, flat routes and slightly "
            "quicker, shorter steps (5–10 % more steps per minute) all ease the knee for now.",
        ),
        EducationMessage(
            Topic.NO_BIG_JUMPS,
            "Avoid big jumps",
            "Keep any single run within about 10 % of your longest run in the last month.",
        ),
        EducationMessage(
            Topic.DOWNHILL_AND_STAIRS,
            "Downhills and stairs last",
            "Running downhill and on stairs loads the kneecap more. Bring them back last.",
        ),
        EducationMessage(
            Topic.SLEEP_AND_FUEL,
            "Sleep and fuel",
            "Sleep, stress and eating enough all affect how much load your body can take. "
            "Aim for 8 hours of sleep and eat enough for your training.",
        ),
        EducationMessage(
            Topic.GRADUAL_RECOVERY,
            "Recovery is gradual",
            "Many people notice progress within 4–6 weeks, but full recovery can take months "
            "and about half still feel something after a year. Keep the routine going.",
        ),
        EducationMessage(
            Topic.NOT_CORE_TREATMENTS,
            "What is not core treatment",
            "Braces, ice and stretching are not core treatments. See a clinician if warning "
            "signs appear or nothing improves after 4 weeks.",
        ),
    )
}
