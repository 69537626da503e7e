"""`kneewise plan simulate` (design.md §3.3) and `kneewise plan ics`."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from kneewise.cli.answers import read_json_document
from kneewise.cli.output import emit_json, fail_usage
from kneewise.core.errors import InvalidInput
from kneewise.core.plan.scenario import Simulation, parse_scenario, simulate
from kneewise.ical import plan_calendar, session_title

plan_app = typer.Typer(help="The adaptive return-to-run plan.", no_args_is_help=True)

ScenarioOption = Annotated[
    str,
    typer.Option("--scenario", metavar="FILE|-", help="Scenario JSON from a file, or - for stdin."),
]


def _run(source: str) -> Simulation:
    try:
        return simulate(parse_scenario(read_json_document(source)))
    except InvalidInput as error:
        fail_usage(str(error))


@plan_app.command("simulate")
def simulate_command(
    scenario: ScenarioOption,
    as_json: Annotated[bool, typer.Option("--json", help="Print the days as JSON.")] = False,
    table: Annotated[bool, typer.Option("--table", help="Print a day-by-day table.")] = False,
) -> None:
    """Run the plan day by day against a scenario of check-ins (closed loop)."""
    result = _run(scenario)
    if as_json and not table:
        emit_json(result.as_json())
        return
    show_table(Console(), result)


@plan_app.command("ics")
def ics_command(
    scenario: ScenarioOption,
    out: Annotated[Path, typer.Option("--out", help="Where to write the .ics file.")],
) -> None:
    """Write the scenario's plan as iCalendar events (one per day)."""
    result = _run(scenario)
    try:
        out.write_bytes(plan_calendar(result.days, stamp=datetime.now(UTC)))
    except OSError as error:
        fail_usage(f"cannot write {out}: {error.strerror}")
    print(f"Wrote {len(result.days)} days to {out}", file=sys.stderr)


def show_table(console: Console, result: Simulation) -> None:
    table = Table(show_header=True, header_style="bold", expand=True)
    for column in ("Date", "Stage", "Session", "Exercises", "Decision", "Rules"):
        table.add_column(column, overflow="fold")
    for day in result.days:
        stage = day.stage.value + (f" p{day.walk_run_phase}" if day.walk_run_phase else "")
        top = max((e.level for e in day.exercises), default=0)
        level = f"{len(day.exercises)} (L{top})" if day.exercises else "–"
        table.add_row(
            day.day.isoformat(),
            stage,
            session_title(day),
            level,
            day.decision.action.value,
            " ".join(day.decision.rules),
        )
    console.print(table)
    summary = result.as_json()["summary"]
    console.print(
        f"Final stage {summary['final_stage']}; triage {summary['triage_outcome']}.",
    )


def register(app: typer.Typer) -> None:
    app.add_typer(plan_app, name="plan")
