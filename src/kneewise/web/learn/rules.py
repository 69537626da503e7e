"""Kneewise's rules (R1–R36 and CLIN of clinical-evidence.md §11) in plain words, each with
why and its sources (keys of `sources.SOURCES`). One place for every rule page's text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    group: str
    title: str
    plain: str  # what the rule means for the runner, kindly
    why: str  # the evidence in one or two sentences
    sources: tuple[str, ...]


TRIAGE, PAIN, LOAD, RETURN, TECHNIQUE, EXERCISE, REVIEW, EDUCATION, CLINIC = (
    "Checking the knee first",
    "Listening to pain",
    "How much running",
    "Getting back to running",
    "How you run",
    "Exercises",
    "Measuring progress",
    "Good to know",
    "Your physiotherapist",
)
GROUPS: Final = (TRIAGE, PAIN, LOAD, RETURN, TECHNIQUE, EXERCISE, REVIEW, EDUCATION, CLINIC)

_RULES = (
    Rule("R1", TRIAGE, "Signs that need care today",
         "A few signs, such as a hot, swollen knee with a fever, not being able to put weight "
         "on the leg, or a knee that is locked, are rare but need a doctor the same day. Then "
         "Kneewise stops its plan and tells you where to go.",
         "These signs can point to an infection, a fracture or a dislocation, which need "
         "a clinician rather than a running plan.",
         ("L40", "L41")),
    Rule("R2", TRIAGE, "Pain that started with a fall, knock or twist",
         "If the pain began with an injury, a clinician should look at it soon; with a few "
         "extra signs (for example being 55 or older) sooner still.",
         "The Ottawa knee rules show which injured knees need an X-ray; an injury needs a "
         "hands-on check that an app cannot give.",
         ("L41", "S0", "S3")),
    Rule("R3", TRIAGE, "Signs worth a clinician's look soon",
         "Swelling, a knee that gives way, pain at night, long morning stiffness or pain in "
         "one exact spot are worth showing to a physiotherapist or GP soon. Gentle exercises "
         "are fine meanwhile; running waits.",
         "Runner's knee usually has none of these; when they are there, something else may be "
         "going on and it is worth checking.",
         ("S0", "S1", "L40")),
    Rule("R4", TRIAGE, "Does it look like runner's knee?",
         "Kneewise says 'this looks like runner's knee' only when the pain is around or behind "
         "the kneecap, came on gradually, and things like stairs, squatting or sitting long "
         "bring it on. Otherwise it suggests a clinician's view.",
         "This is the pattern used to define patellofemoral pain in the research and the "
         "2016 consensus statement.",
         ("L3", "L28", "S0", "S3")),
    Rule("R5", TRIAGE, "The squat check",
         "If squatting does not hurt at all, runner's knee is less likely, and Kneewise says "
         "so. It is a hint, not a diagnosis.",
         "Pain on squatting is found in about 9 of 10 people with runner's knee, so its "
         "absence makes it less likely.",
         ("L42",)),
    Rule("R6", PAIN, "Green, amber and red pain",
         "Pain from 0 to 2 out of 10 is green: fine to carry on. 3 or 4 is amber: ease off. "
         "5 or more, a limp, or sharp pain is red: stop for today. When in doubt Kneewise "
         "picks the more careful colour.",
         "Trials that let runners keep running with pain kept low (about 2 out of 10) did as "
         "well as those who rested.",
         ("S0", "L1", "L5", "S1")),
    Rule("R7", PAIN, "What to do while running",
         "Green: keep going. Amber: stop the running part and walk or cycle instead. Red: "
         "stop the activity for today.",
         "This follows the pain-monitoring approach used with runners in the trials.",
         ("S0", "L5", "S1")),
    Rule("R8", PAIN, "An hour after",
         "If the knee hurts more an hour after the session than before it, the session counts "
         "as amber, even if it felt fine during it.",
         "Pain that settles within about an hour is a sign the knee coped with the load.",
         ("L5",)),
    Rule("R9", PAIN, "The next morning",
         "The best guide is how the knee feels the next morning. The same as before: all "
         "good. One point worse: hold. Two or more points worse: step back a little.",
         "The 24-hour response is the core of pain-monitoring programmes; a 2-point change is "
         "the smallest difference people notice.",
         ("L1", "S1", "L5", "L43", "L44")),
    Rule("R10", PAIN, "A green-passed session",
         "A session 'passes green' when pain stayed at 2 or below, settled within an hour, "
         "and the next morning was no worse. These are the sessions that let you move on.",
         "It combines the three checks runners used in the trials (during, after, next day).",
         ("L5", "E")),
    Rule("R11", PAIN, "The weekly trend",
         "Kneewise compares this week's daily pain with last week's. Steady or better: you "
         "may move on. A little worse: hold for the week. Clearly worse: step back one stage.",
         "The week-to-week check comes from pain-monitoring programmes; the exact thresholds "
         "are Kneewise's careful defaults.",
         ("S1", "L1", "E")),
    Rule("R12", PAIN, "Two red sessions",
         "Two red sessions within a week, or a limp that lasts into the next day, pause "
         "running and suggest a clinician's look. It is a pause, not a setback for good.",
         "Repeated high pain means the load is too much for now and is worth a professional "
         "opinion.",
         ("E",)),
    Rule("R13", LOAD, "One step at a time",
         "You move up one stage or phase at a time, after two green-passed sessions in a row "
         "at the current one.",
         "Return-to-run programmes repeat each phase at least twice before moving on.",
         ("L35", "E")),
    Rule("R14", LOAD, "Stepping back",
         "One amber session: repeat the same step. A red session, two ambers in a row, or a "
         "worse next morning: go back one step. Stepping back is normal and usually short.",
         "Reducing load a little when the knee protests is how pain-monitoring programmes "
         "keep people moving.",
         ("E", "L5")),
    Rule("R15", LOAD, "No single run much longer than usual",
         "A planned run stays within about 10 % of your longest run in the last 30 days.",
         "In a study of over 5,000 runners, single runs much longer than the longest of the "
         "previous month went with more injuries.",
         ("L8",)),
    Rule("R16", LOAD, "Weekly growth",
         "Your weekly running grows by at most 10 %, or 5 % while you return to running.",
         "The evidence for weekly caps is weak, but big jumps in weekly distance were linked "
         "to more injuries; a small cap is a safe default.",
         ("S0", "S2", "L6", "L7")),
    Rule("R17", LOAD, "One more run day at a time",
         "The number of days you run each week goes up by at most one per week.",
         "Adding days gradually spreads the load; it is the seed advice for runners.",
         ("S0",)),
    Rule("R18", LOAD, "No workload ratio",
         "Kneewise may show your training trend, but never uses the 'acute:chronic workload "
         "ratio' to allow or refuse a run.",
         "Later studies found that ratio has mathematical problems and does not predict "
         "injury reliably.",
         ("L9", "L12", "L8")),
    Rule("R19", LOAD, "Easy and flat for now",
         "While the knee is recovering, runs are easy pace on flat routes. Downhills come back "
         "last, after two weeks of all-green sessions.",
         "Running downhill loads the front of the knee more; easy, flat running keeps the "
         "load lower.",
         ("S3", "L5", "S2", "L35", "L22")),
    Rule("R20", LOAD, "Other activities count too",
         "A new activity that loads the knee, like a hike or a cycling commute, is a change in "
         "load: running progression waits a week.",
         "The knee does not know which activity loads it; one change at a time shows what it "
         "tolerates.",
         ("S1", "S3", "E")),
    Rule("R21", RETURN, "Keep running if it stays green",
         "If running keeps pain at 2 or below and the knee settles by the next morning, you "
         "can keep running, with a few changes. No forced break.",
         "Runners in the trials improved while they kept running with pain kept low.",
         ("L4", "L5", "S1")),
    Rule("R22", RETURN, "Ready to start again",
         "After a break you start with walking once sitting, stairs and a squat are each "
         "2/10 or less; then a hop test; then walk-run. Each step opens the next.",
         "Return-to-run programmes use everyday tasks, a brisk walk and hopping as the gates "
         "before running.",
         ("S0", "L36", "L37", "L39", "E")),
    Rule("R23", RETURN, "The walk-run ladder",
         "Walk-run goes in six phases, from 3 minutes running and 2 walking to continuous "
         "running, with a rest day between runs.",
         "The phases follow a published standard return-to-run programme.",
         ("L35",)),
    Rule("R24", TECHNIQUE, "Slightly quicker steps",
         "Once Kneewise knows your usual step rate, it may suggest taking about 5 % more, "
         "shorter steps, later up to 10 %. Never a fixed 180.",
         "A 5–10 % higher step rate lowers the load on the kneecap and improved pain in "
         "runners with runner's knee.",
         ("L13", "L14", "L16", "L18", "L5")),
    Rule("R25", TECHNIQUE, "No need to change how your foot lands",
         "Kneewise does not ask you to switch to landing on the front of your foot.",
         "It eases the knee but moves the load to the calf and Achilles, so it is not a "
         "default.",
         ("L19",)),
    Rule("R26", EXERCISE, "Hip and knee together",
         "Every exercise day has at least one hip and one thigh (knee) exercise.",
         "Combining hip and knee strengthening is the best-supported treatment for runner's "
         "knee.",
         ("L3", "L26", "L25", "S1")),
    Rule("R27", EXERCISE, "How much exercise",
         "Exercises 3 to 5 days a week, usually 3 to 4 sets of 10, for at least 6 weeks "
         "before judging how they work.",
         "These are the doses used in the trials that showed a benefit.",
         ("L47", "L23", "E")),
    Rule("R28", EXERCISE, "Exercises get harder slowly",
         "An exercise level goes up after two green-passed sessions; amber stays; red goes "
         "down one. Deeper knee bends and jumps come last.",
         "Knee-bend depth changes the load on the kneecap; a ladder keeps each step "
         "tolerable.",
         ("S1", "L47", "L39", "E")),
    Rule("R29", EXERCISE, "The seed exercises",
         "Side-steps with a band, step-downs and a balance drill, at the doses runners' "
         "guides give.",
         "These exercises and doses come from the runners' guide Kneewise started from.",
         ("S0",)),
    Rule("R30", REVIEW, "Your knee score",
         "Every 4 weeks Kneewise asks 13 short questions (the Anterior Knee Pain Scale, 0–100) "
         "to see how the knee is really doing.",
         "This scale is reliable and widely used in patellofemoral pain research.",
         ("L45", "L46")),
    Rule("R31", REVIEW, "What counts as real change",
         "A knee score 10 points higher, or your worst pain 2 points lower, is a change that "
         "matters.",
         "These are the smallest changes people notice, from studies of the measures.",
         ("L43", "L48", "L44")),
    Rule("R32", REVIEW, "When to ask a physiotherapist",
         "If after 4 weeks neither score has moved, Kneewise suggests a physiotherapist's "
         "review while you keep going; after 8 weeks it recommends it.",
         "Most people notice a change within 4–6 weeks of the right treatment; if not, a "
         "professional view helps.",
         ("S3", "E")),
    Rule("R33", REVIEW, "Recovery may take longer",
         "If the knee has bothered you for over a year, or the first score is low, recovery "
         "often takes longer, and a clinician's help is worth it.",
         "Long symptom duration and a low first score were the strongest predictors of slow "
         "recovery.",
         ("L30", "L31", "L32")),
    Rule("R34", EDUCATION, "No full rest, braces or stretching as treatment",
         "Kneewise never prescribes complete rest, a knee brace or pre-run stretching. Ice or "
         "painkillers may ease pain for a short while; ask a pharmacist or doctor first.",
         "Active load management and exercise help; stretching did not prevent running "
         "injuries and braces are of uncertain benefit.",
         ("L3", "L26", "L50", "S1")),
    Rule("R35", EDUCATION, "A more careful start for some",
         "If your profile carries more risk (for example a previous episode, little sleep or a "
         "recent jump in training), weekly growth is capped at 5 %.",
         "These factors were linked to knee pain or injury in cohort studies.",
         ("L28", "L29", "L7", "L8", "L34", "L33", "E")),
    Rule("R36", EDUCATION, "Shoe reminder",
         "Around 500 km or 6 months, Kneewise reminds you that your shoes may be due for a "
         "change. It is housekeeping, not an injury rule.",
         "Runners' guides suggest replacing shoes every 300–400 miles (480–640 km); no study "
         "shows a mileage that prevents injury.",
         ("S2", "L35", "E")),
    Rule("CLIN", CLINIC, "Your physiotherapist's changes",
         "A physiotherapist you share with can make your plan more careful, for example hold "
         "it at a step or leave out an exercise. They can never make it less careful than "
         "the rules.",
         "A clinician who has seen your knee knows more than any app; the safety rules still "
         "come first.",
         ("E",)),
)  # fmt: skip

RULES: Final[dict[str, Rule]] = {rule.id: rule for rule in _RULES}


def rules_by_group() -> list[tuple[str, list[Rule]]]:
    """The rules under their group headings, in the order of clinical-evidence.md §11."""
    return [(group, [r for r in _RULES if r.group == group]) for group in GROUPS]
