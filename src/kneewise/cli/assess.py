"""`kneewise triage` and `kneewise akps` (design.md §3.1–3.2), scripted or interactive."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.panel import Panel
from rich.prompt import Confirm, IntPrompt, Prompt
from rich.table import Table

from kneewise import NOT_MEDICAL_ADVICE
from kneewise.cli.answers import read_json_document
from kneewise.cli.output import emit_json, fail_usage
from kneewise.core.akps import AKPS_ITEMS, AkpsScore, parse_akps_answers, score_akps
from kneewise.core.errors import InvalidInput
from kneewise.core.triage import TriageOutcome, TriageResult, evaluate_triage
from kneewise.core.triage_answers import (
    MAX_AGE,
    MIN_AGE,
    Onset,
    PainLocation,
    TriageAnswers,
    parse_triage_answers,
)
from kneewise.core.triage_questions import (
    AGGRAVATOR_LABELS,
    ONSET_LABELS,
    PAIN_LOCATION_LABELS,
    YES_NO_QUESTIONS,
    QuestionGroup,
    YesNoQuestion,
)

C = TypeVar("C", Onset, PainLocation)

AnswersOption = Annotated[
    str | None,
    typer.Option(
        "--answers",
        metavar="FILE|-",
        help="JSON answers from a file, or - for standard input. Without it, asks you.",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON on stdout.")]

OUTCOME_STYLE = {
    TriageOutcome.URGENT_CARE: ("Get your knee checked today", "bold white on red"),
    TriageOutcome.SEE_CLINICIAN_SOON: ("See a physiotherapist or GP soon", "bold black on yellow"),
    TriageOutcome.UNCLEAR_SEE_CLINICIAN: ("Let a clinician have a look", "bold black on yellow"),
    TriageOutcome.LIKELY_PFP: ("This looks like runner's knee", "bold white on green"),
}


def triage(answers: AnswersOption = None, as_json: JsonOption = False) -> None:
    """Check whether your knee pain looks like runner's knee or needs a clinician (R1–R5)."""
    if answers is None:
        parsed = ask_triage_questions(Console(stderr=True))
    else:
        try:
            parsed = parse_triage_answers(read_json_document(answers))
        except InvalidInput as error:
            fail_usage(str(error))
    result = evaluate_triage(parsed)
    if as_json:
        emit_json(result.as_json())
    else:
        show_triage_result(Console(), result)


def akps(answers: AnswersOption = None, as_json: JsonOption = False) -> None:
    """Score the Kujala Anterior Knee Pain Scale (R30): 13 questions, 0–100."""
    if answers is None:
        choices = ask_akps_questions(Console(stderr=True))
    else:
        try:
            choices = parse_akps_answers(read_json_document(answers))
        except InvalidInput as error:
            fail_usage(str(error))
    score = score_akps(choices)
    if as_json:
        emit_json(score.as_json())
    else:
        show_akps_result(Console(), score)


def ask_triage_questions(console: Console) -> TriageAnswers:
    """Ask in the order that matters: emergencies first, and stop early when one is found."""
    console.print(Panel(NOT_MEDICAL_ADVICE, title="Kneewise knee check", border_style="blue"))
    # R1: the warning signs come before anything else, even the age (issue #12 item 11).
    console.print("\n[bold]First, some warning signs.[/bold]")
    flags: dict[str, Any] = {}  # yes/no fields of TriageAnswers by name (bools; Any for mypy)
    for question in _questions(QuestionGroup.URGENT):
        flags[question.key] = Confirm.ask(question.text, console=console, default=False)
    age = _ask_age(console)
    early = TriageAnswers(age=age, **flags)
    if _is_urgent(early):
        return early

    onset = _choose(console, "How did the pain start?", ONSET_LABELS)
    if onset is Onset.AFTER_TRAUMA:
        for question in _questions(QuestionGroup.INJURY):
            flags[question.key] = Confirm.ask(question.text, console=console, default=False)
    location = _choose(console, "Where is the pain?", PAIN_LOCATION_LABELS)

    console.print("\n[bold]Your health in general.[/bold]")
    for question in _questions(QuestionGroup.HEALTH):
        if question.hint:
            console.print(f"[dim]{question.hint}[/dim]")
        flags[question.key] = Confirm.ask(question.text, console=console, default=False)
    if age < 16:
        for question in _questions(QuestionGroup.YOUNG):
            flags[question.key] = Confirm.ask(question.text, console=console, default=False)
    # Later answers can also make it urgent (an Ottawa item after an injury, R2; a weakened
    # immune system with a swollen knee, R1): stop here rather than ask about the pattern first.
    so_far = TriageAnswers(
        age=age, onset=onset, pain_location=location, aggravating=frozenset(), **flags
    )
    if _is_urgent(so_far):
        return so_far

    console.print("\n[bold]Which of these bring the pain on?[/bold]")
    aggravating = frozenset(
        activity
        for activity, label in AGGRAVATOR_LABELS.items()
        if Confirm.ask(f"  {label}?", console=console, default=False)
    )
    for question in _questions(QuestionGroup.PATTERN):
        flags[question.key] = Confirm.ask(question.text, console=console, default=False)
    weeks = IntPrompt.ask("Roughly how many weeks have you had it?", console=console, default=0)
    return TriageAnswers(
        age=age,
        onset=onset,
        pain_location=location,
        aggravating=aggravating,
        symptom_weeks=float(max(weeks, 0)),
        **flags,
    )


def _ask_age(console: Console) -> int:
    age = IntPrompt.ask("\nHow old are you?", console=console)
    while not MIN_AGE <= age <= MAX_AGE:
        console.print(f"[red]Please give an age from {MIN_AGE} to {MAX_AGE}.[/red]")
        age = IntPrompt.ask("How old are you?", console=console)
    return age


def ask_akps_questions(console: Console) -> list[int]:
    console.print(
        Panel(
            "13 questions about your knee over the last week. Pick the answer that fits best.",
            title="Kujala knee score (AKPS)",
            border_style="blue",
        )
    )
    choices: list[int] = []
    for number, item in enumerate(AKPS_ITEMS, start=1):
        console.print(f"\n[bold]{number}. {item.question}[/bold]")
        for index, option in enumerate(item.options, start=1):
            console.print(f"  {index}. {option.label}")
        picked = Prompt.ask(
            "Your answer",
            console=console,
            choices=[str(i) for i in range(1, len(item.options) + 1)],
        )
        choices.append(int(picked) - 1)
    return choices


def show_triage_result(console: Console, result: TriageResult) -> None:
    headline, style = OUTCOME_STYLE[result.outcome]
    console.print(Panel(result.next_steps, title=headline, title_align="left", style=style))
    table = Table(show_header=True, header_style="bold", expand=True)
    table.add_column("Rule", no_wrap=True)
    table.add_column("Why")
    for reason in result.reasons:
        table.add_row(reason.rule, reason.message)
    console.print(table)
    console.print(f"[dim]{NOT_MEDICAL_ADVICE}[/dim]")


def show_akps_result(console: Console, score: AkpsScore) -> None:
    console.print(
        Panel(
            f"[bold]{score.score} / 100[/bold]  (100 means no knee problems)\n"
            "A change of 10 points or more between two scores is a meaningful change (R31).",
            title=f"Your AKPS score ({score.version})",
            title_align="left",
        )
    )
    table = Table("Item", "Points", show_header=True, header_style="bold")
    for item, points in zip(AKPS_ITEMS, score.points, strict=True):
        table.add_row(item.topic, f"{points} / {item.max_points}")
    console.print(table)
    console.print(f"[dim]{NOT_MEDICAL_ADVICE}[/dim]")


def _is_urgent(answers: TriageAnswers) -> bool:
    return evaluate_triage(answers).outcome is TriageOutcome.URGENT_CARE


def _questions(group: QuestionGroup) -> list[YesNoQuestion]:
    return [question for question in YES_NO_QUESTIONS if question.group is group]


def _choose(console: Console, title: str, labels: Mapping[C, str]) -> C:
    console.print(f"\n[bold]{title}[/bold]")
    options = list(labels.items())
    for index, (_, label) in enumerate(options, start=1):
        console.print(f"  {index}. {label}")
    picked = Prompt.ask(
        "Your answer", console=console, choices=[str(i) for i in range(1, len(options) + 1)]
    )
    return options[int(picked) - 1][0]


def register(app: typer.Typer) -> None:
    app.command()(triage)
    app.command()(akps)
