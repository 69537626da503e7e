"""What a triage outcome means for the runner, in one headline: where to go and when."""

from __future__ import annotations

from dataclasses import dataclass

from kneewise.core.triage import TriageOutcome


@dataclass(frozen=True, slots=True)
class Headline:
    title: str
    where: str
    when: str
    tone: str  # a CSS modifier: "urgent", "soon" or "ok"


HEADLINES = {
    TriageOutcome.URGENT_CARE: Headline(
        "Please get your knee checked today",
        "an emergency department or an urgent care centre",
        "today",
        "urgent",
    ),
    TriageOutcome.SEE_CLINICIAN_SOON: Headline(
        "Please see a physiotherapist or GP soon",
        "a physiotherapist or GP",
        "within the next week or so",
        "soon",
    ),
    TriageOutcome.UNCLEAR_SEE_CLINICIAN: Headline(
        "A physiotherapist or GP should take a look",
        "a physiotherapist or GP",
        "within the next week or so",
        "soon",
    ),
    TriageOutcome.LIKELY_PFP: Headline(
        "Your answers fit runner's knee",
        "",
        "",
        "ok",
    ),
}
