"""The triage form, generated from the core's question wording so that wording lives in one place.

Only the page structure (section headings, the few free-text questions) is written here; every
yes/no question and every option label comes from `kneewise.core.triage_questions`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from kneewise.core.akps import AKPS_ITEM_COUNT, AKPS_ITEMS
from kneewise.core.errors import InvalidInput
from kneewise.core.reasons import Reason
from kneewise.core.triage import urgent_red_flags
from kneewise.core.triage_answers import (
    FLAG_FIELDS,
    MAX_AGE,
    MIN_AGE,
    TriageAnswers,
    parse_triage_answers,
)
from kneewise.core.triage_questions import (
    AGGRAVATOR_LABELS,
    ONSET_LABELS,
    PAIN_LOCATION_LABELS,
    YES_NO_QUESTIONS,
    QuestionGroup,
)

# A century of symptoms is already implausible; the cap only keeps absurd numbers out of the text.
MAX_SYMPTOM_WEEKS = 52 * MAX_AGE

AGE_ERROR = f"Please enter your age in whole years, from {MIN_AGE} to {MAX_AGE}."
WEEKS_ERROR = "Please enter a number of weeks, 0 or more (for example 6), or leave it empty."
CHOICE_ERROR = "Please choose one of the options."


@dataclass(frozen=True, slots=True)
class SectionSpec:
    """One heading of the questionnaire: some named fields, then a core question group."""

    key: str
    heading: str
    intro: str
    before: tuple[str, ...] = ()
    group: QuestionGroup | None = None
    after: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    heading: str
    intro: str
    fields: tuple[forms.BoundField, ...]


# Warning signs come first so an emergency is never buried under other questions (R1). Age and
# onset come next because the injury and under-16 sections only apply depending on them.
SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        "urgent",
        "Warning signs",
        "Tick any that are true for your knee right now. They come first because a few of them "
        "need a clinician today.",
        group=QuestionGroup.URGENT,
    ),
    SectionSpec("about", "About you", "", before=("age", "onset")),
    SectionSpec(
        "injury",
        "If it started with an injury",
        "Only if your pain began with a fall, a blow or a twist. Otherwise, skip this part.",
        group=QuestionGroup.INJURY,
    ),
    SectionSpec(
        "health",
        "Your health",
        "Tick any that are true for you.",
        group=QuestionGroup.HEALTH,
    ),
    SectionSpec(
        "young",
        "For under-16s",
        "Only if you are under 16. Otherwise, skip this part.",
        group=QuestionGroup.YOUNG,
    ),
    SectionSpec(
        "pattern",
        "Your pain",
        "",
        before=("pain_location", "aggravating"),
        group=QuestionGroup.PATTERN,
        after=("symptom_weeks",),
    ),
)


def _choices(labels: dict[Any, str]) -> list[tuple[str, str]]:
    return [(member.value, label) for member, label in labels.items()]


def section_field_names(spec: SectionSpec) -> list[str]:
    in_group = [q.key for q in YES_NO_QUESTIONS if spec.group is not None and q.group is spec.group]
    return [*spec.before, *in_group, *spec.after]


class TriageForm(forms.Form):
    """Field names are the answer keys of design.md §3.1, so cleaning maps one to one."""

    age = forms.IntegerField(
        label="How old are you?",
        help_text="In whole years.",
        min_value=MIN_AGE,
        max_value=MAX_AGE,
        error_messages={
            "required": AGE_ERROR,
            "invalid": AGE_ERROR,
            "min_value": AGE_ERROR,
            "max_value": AGE_ERROR,
        },
    )
    onset = forms.ChoiceField(
        label="How did the pain start?",
        choices=_choices(ONSET_LABELS),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Please choose how the pain started.",
            "invalid_choice": CHOICE_ERROR,
        },
    )
    pain_location = forms.ChoiceField(
        label="Where is the pain?",
        help_text="Choose the place where it hurts most.",
        choices=_choices(PAIN_LOCATION_LABELS),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Please choose where the pain is.",
            "invalid_choice": CHOICE_ERROR,
        },
    )
    aggravating = forms.MultipleChoiceField(
        label="Which of these bring on the pain?",
        help_text="Tick all that apply.",
        choices=_choices(AGGRAVATOR_LABELS),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": CHOICE_ERROR},
    )
    symptom_weeks = forms.FloatField(
        widget=forms.NumberInput(attrs={"inputmode": "decimal"}),
        label="For how many weeks have you had this pain?",
        help_text="Optional. A rough guess is fine.",
        required=False,
        min_value=0,
        max_value=MAX_SYMPTOM_WEEKS,
        error_messages={"invalid": WEEKS_ERROR, "min_value": WEEKS_ERROR, "max_value": WEEKS_ERROR},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Unticked means "no", exactly as a missing flag does in the core (design.md §3.1).
        for question in YES_NO_QUESTIONS:
            self.fields[question.key] = forms.BooleanField(
                label=question.text, help_text=question.hint, required=False
            )
        self.answers: TriageAnswers | None = None
        # Page order, so that iterating the form (e.g. the error summary) follows the page.
        self.order_fields([name for spec in SECTIONS for name in section_field_names(spec)])

    def sections(self) -> list[Section]:
        return [
            Section(
                spec.key,
                spec.heading,
                spec.intro,
                tuple(self[name] for name in section_field_names(spec)),
            )
            for spec in SECTIONS
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        raw: dict[str, object] = {
            "age": cleaned["age"],
            "onset": cleaned["onset"],
            "pain_location": cleaned["pain_location"],
            "aggravating": list(cleaned["aggravating"]),
            **{q.key: cleaned[q.key] for q in YES_NO_QUESTIONS},
        }
        if cleaned.get("symptom_weeks") is not None:
            raw["symptom_weeks"] = cleaned["symptom_weeks"]
        # The core's parser is the one gate for answers, shared with the CLI.
        try:
            self.answers = parse_triage_answers(raw)
        except InvalidInput as error:
            raise ValidationError(str(error)) from error
        return cleaned

    def urgent_reasons_so_far(self) -> list[Reason]:
        """R1 findings among the answers given, even when other answers are missing.

        Someone with a locked knee should hear "get it checked today" before being asked to fix
        their age. R1 depends only on yes/no flags, never on age or onset, so a placeholder age
        cannot change it.
        """
        cleaned = getattr(self, "cleaned_data", {})
        # Any: mypy cannot tell that every key names one of TriageAnswers' yes/no fields.
        flags: dict[str, Any] = {name: bool(cleaned.get(name)) for name in FLAG_FIELDS}
        return [finding.reason for finding in urgent_red_flags(TriageAnswers(MIN_AGE, **flags))]


@dataclass(frozen=True, slots=True)
class AkpsRow:
    """One answered AKPS item, as shown on the result page."""

    number: int
    topic: str
    answer: str
    points: int
    max_points: int


PREVIOUS_SCORE_ERROR = "Please enter your last score as a whole number from 0 to 100."


class AkpsForm(forms.Form):
    """The 13 Kujala items (R30) as radio groups; nothing preselected, every item required."""

    previous_score = forms.IntegerField(
        label="Your last knee score (optional)",
        help_text="If you have done this before, enter your last score to see whether your knee "
        "has changed meaningfully.",
        required=False,
        min_value=0,
        max_value=100,
        error_messages={
            "invalid": PREVIOUS_SCORE_ERROR,
            "min_value": PREVIOUS_SCORE_ERROR,
            "max_value": PREVIOUS_SCORE_ERROR,
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number, item in enumerate(AKPS_ITEMS, start=1):
            self.fields[item_field_name(number)] = forms.TypedChoiceField(
                label=f"{number}. {item.question}",
                # Option indexes, best first, as the CLI contract counts them (design.md §3.2).
                choices=[(str(index), option.label) for index, option in enumerate(item.options)],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Please choose an answer about {item.topic.lower()}.",
                    "invalid_choice": CHOICE_ERROR,
                },
            )
        # The optional previous score sits after the 13 items on the page; keep that order.
        self.order_fields([*(item_field_name(n) for n in range(1, AKPS_ITEM_COUNT + 1))])

    def item_fields(self) -> list[forms.BoundField]:
        return [self[item_field_name(number)] for number in range(1, AKPS_ITEM_COUNT + 1)]

    def choices(self) -> list[int]:
        return [self.cleaned_data[item_field_name(n)] for n in range(1, AKPS_ITEM_COUNT + 1)]


def item_field_name(number: int) -> str:
    return f"item_{number}"


def akps_rows(choices: list[int], points: tuple[int, ...]) -> list[AkpsRow]:
    return [
        AkpsRow(number, item.topic, item.options[choice].label, item_points, item.max_points)
        for number, (item, choice, item_points) in enumerate(
            zip(AKPS_ITEMS, choices, points, strict=True), start=1
        )
    ]
