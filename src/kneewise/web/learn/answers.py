"""Answers to what runners ask (issue #12 item 19), short and kind, each with its sources
(clinical-evidence.md §3.4, §7, §9, §10) and the rules it relates to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class Answer:
    anchor: str
    question: str
    paragraphs: tuple[str, ...]
    sources: tuple[str, ...]
    rules: tuple[str, ...] = ()


ANSWERS: Final = (
    Answer(
        "clicking",
        "My knee clicks and crackles. Is that bad?",
        (
            "Clicking, cracking and crunching sounds are common, in painful and in healthy "
            "knees alike. On their own they are not a sign of damage and not a warning sign.",
            "What matters is how the knee feels: pain, swelling or a knee that gives way are "
            "worth noting in your check-in; noise alone is not.",
        ),
        ("S3",),
    ),
    Answer(
        "what-else",
        "Could it be something else?",
        (
            "Runner's knee is usually a diffuse ache around or behind the kneecap, brought on "
            "by stairs, squatting, sitting long or running. A few other problems feel "
            "different:",
            "Patellar tendon pain sits at one point just below the kneecap and is worst with "
            "jumping. Fat pad irritation is felt under and beside the tendon, often when the "
            "knee is pushed fully straight. Bursitis shows as a soft swelling on the front of "
            "the kneecap, often after kneeling. Iliotibial band pain is on the outside of the "
            "knee and tends to come at the same point of each run. Arthritis is more likely "
            "from about 50, with morning stiffness and sometimes swelling.",
            "If your pain is in one exact spot, the knee swells, or you are 50 or over with a "
            "new knee pain, Kneewise suggests a physiotherapist or GP has a look: they tell "
            "these apart with a few simple tests.",
        ),
        ("S1", "S3", "L40", "E"),
        ("R3", "R4"),
    ),
    Answer(
        "taping-insoles",
        "Do taping or insoles help? What is not worth the money?",
        (
            "Exercise is the treatment. Alongside it, ready-made (prefabricated) foot "
            "orthoses can ease pain in the short term, and the 2016 consensus recommends "
            "combining such short-term aids with exercise rather than using them alone. "
            "Kneecap taping may help some people for a while; the evidence is uncertain. "
            "Both are optional.",
            "Things not worth spending money on for runner's knee: knee braces (benefit "
            "uncertain) and ultrasound or laser treatments (not recommended). The advice on "
            "insoles is about ready-made ones, so there is no need to start with expensive "
            "custom-made ones.",
        ),
        ("L3", "L26"),
        ("R34",),
    ),
    Answer(
        "shoes",
        "Do my shoes matter?",
        (
            "Many runners' guides suggest new shoes every 480–640 km (300–400 miles). Kneewise "
            "reminds you around 500 km or 6 months, as housekeeping: no study has found a "
            "mileage that prevents injury.",
            "There is no need to switch to minimalist shoes: they lower the load on the "
            "kneecap a little, but changing over moves load to the calf and foot.",
        ),
        ("S2", "L35", "L16", "E"),
        ("R36", "R25"),
    ),
    Answer(
        "timeline",
        "How long will this take?",
        (
            "Most people notice a change within 4 to 6 weeks of steady exercise and sensible "
            "running. Mild cases often settle in 6 to 8 weeks; full recovery can take months.",
            "About half of people still have some symptoms after a year, often mild, so keep "
            "the routine going even when the knee feels better. Steady progress matters more "
            "than speed.",
            "If nothing has changed after 4 weeks, Kneewise suggests a physiotherapist's review.",
        ),
        ("S3", "L4", "L30", "L52"),
        ("R32", "R33"),
    ),
    Answer(
        "coming-back",
        "Will it come back? How can I prevent it?",
        (
            "Knee pain like this can linger or return, especially when training jumps up "
            "quickly. The best protection is what you are doing now: keep some hip and thigh "
            "strength work going, increase running gradually, "
            "and avoid single runs much longer than your recent longest.",
            "Sleep, stress and eating enough affect how much load your body can take. If the "
            "knee grumbles again, ease the load early and come back to the plan.",
        ),
        ("L26", "L30", "L8", "L34", "L33"),
        ("R15", "R16", "R26"),
    ),
    Answer(
        "damage",
        "Will this damage my knee or cause arthritis?",
        (
            "Runner's knee is a knee that has become sensitive to load. A kneecap that "
            "'tracks badly' has not been shown to cause it. Running while pain stays within "
            "the plan's limits is how the knee gets used to load again; the limits are there "
            "so it can adapt.",
            "In a study that followed people 5 to 8 years after their diagnosis, 98 % of "
            "those X-rayed had no signs of arthritis. You can keep using your knee with "
            "confidence.",
        ),
        ("L3", "L31", "S1"),
        ("R6", "R21"),
    ),
)
