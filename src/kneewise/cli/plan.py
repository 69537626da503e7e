"""`kneewise plan simulate` (design.md §3.3), `kneewise plan ics` and `plan workout` (§3.8)."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from kneewise.activities.fit.workout_encode import encode_workout, step_count
from kneewise.cli.answers import read_json_document
from kneewise.cli.output import EXIT_SOME_FAILED, emit_error, emit_json, fail_usage
from kneewise.core.dates import spoken_date
from kneewise.core.errors import InvalidInput
from kneewise.core.plan.scenario import Simulation, parse_scenario, simulate
from kneewise.core.plan.workout import NoRunToday, Workout, workout_for
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


@plan_app.command("workout")
def workout_command(
    scenario: ScenarioOption,
    day: Annotated[str, typer.Option("--date", metavar="YYYY-MM-DD", help="The day to send.")],
    out: Annotated[Path, typer.Option("--out", help="Where to write the .fit file.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Write that day's run as a FIT workout file for a watch (warm-up, run, cool-down)."""
    try:
        wanted = date.fromisoformat(day)
    except ValueError:
        fail_usage(f"--date must be a date as YYYY-MM-DD, not {day!r}")
    result = _run(scenario)
    plan = next((d for d in result.days if d.day == wanted), None)
    if plan is None:
        fail_usage(f"{wanted.isoformat()} is not a day of the scenario")
    try:
        workout = workout_for(plan)
    except NoRunToday as error:
        emit_error(str(error))
        raise SystemExit(EXIT_SOME_FAILED) from None
    try:
        out.write_bytes(encode_workout(workout, created=datetime.now(UTC)))
    except OSError as error:
        fail_usage(f"cannot write {out}: {error.strerror}")
    if as_json:
        emit_json(workout_json(workout, out))
        return
    print(workout_text(workout, out))


def workout_json(workout: Workout, out: Path) -> dict[str, object]:
    return {
        "path": str(out),
        "steps": step_count(workout),
        "running_minutes": _whole(round(workout.running_minutes, 2)),
    }


def workout_text(workout: Workout, out: Path) -> str:
    minutes = round(workout.total_seconds / 60)
    return (
        f"Wrote {spoken_date(workout.day)}'s run to {out}: {minutes} min in all, "
        f"{_whole(round(workout.running_minutes, 2))} min of it running, with a warm-up walk "
        "first and a cool-down walk after. Import it in Garmin Connect, or copy it to "
        "GARMIN/NewFiles on the watch over USB."
    )


def _whole(value: float) -> float | int:
    return int(value) if value == int(value) else value


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
