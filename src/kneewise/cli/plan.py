"""`kneewise plan simulate` (design.md §3.3), `kneewise plan ics` and `plan workout` (§3.8)."""

from __future__ import annotations

import re
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kneewise.activities.fit.workout_encode import encode_workout, step_count
from kneewise.cli.answers import read_json_document
from kneewise.cli.output import EXIT_SOME_FAILED, emit_error, emit_json, fail_usage
from kneewise.core.dates import spoken_date
from kneewise.core.errors import InvalidInput
from kneewise.core.plan.scenario import Response, Scenario, Simulation, parse_scenario, simulate
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
    table: Annotated[
        bool,
        typer.Option(
            "--table", help="Print a day-by-day table with pain and reasons (the default)."
        ),
    ] = False,
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
    as_json: Annotated[
        bool, typer.Option("--json", help='Print {"path", "days"} as JSON on stdout.')
    ] = False,
) -> None:
    """Write the scenario's plan as iCalendar events (one per day)."""
    result = _run(scenario)
    try:
        out.write_bytes(plan_calendar(result.days, stamp=datetime.now(UTC)))
    except OSError as error:
        fail_usage(f"cannot write {out}: {error.strerror}")
    if as_json:
        emit_json({"path": str(out), "days": len(result.days)})
    days = "1 day" if len(result.days) == 1 else f"{len(result.days)} days"
    # The sentence is the output without --json, a message beside the JSON with it.
    print(f"Wrote {days} of the plan to {out}.", file=sys.stderr if as_json else sys.stdout)


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
    """Day by day: the session, the pain reported, and why the engine decided what it did."""
    table = Table(show_header=True, header_style="bold", expand=True, show_lines=True)
    table.add_column("Day", no_wrap=True)
    table.add_column("Stage", no_wrap=True)
    table.add_column("Session", overflow="fold", ratio=1, min_width=11)
    table.add_column("Ex.", no_wrap=True)
    table.add_column("Pain", no_wrap=True)
    table.add_column("Decision and why", overflow="fold", ratio=2)
    pain = reported_pain(result.scenario)
    for day in result.days:
        stage = day.stage.value + (f" p{day.walk_run_phase}" if day.walk_run_phase else "")
        top = max((e.level for e in day.exercises), default=0)
        level = f"{len(day.exercises)} (L{top})" if day.exercises else "–"
        rules = " ".join(day.decision.rules)
        table.add_row(
            f"{day.day:%a} {day.day.day} {day.day:%b}",
            stage,
            session_title(day),
            level,
            pain.get(day.day, "–"),
            f"[bold]{day.decision.action.value}[/bold] ({rules}): "
            + escape(first_sentence(day.decision.message)),
        )
    console.print(table)
    console.print(
        "Ex.: exercises (top level). Pain: morning/during/an hour after (0–10), as the scenario "
        "reported it; a day without a response repeats the last one. Each decision shows its "
        "first sentence: --json has the whole message.",
        style="dim",
    )
    summary = result.as_json()["summary"]
    console.print(
        f"Final stage {summary['final_stage']}; triage {summary['triage_outcome']}.",
    )


def first_sentence(message: str) -> str:
    """The short form of a decision's message for a table row (the JSON keeps all of it)."""
    return re.split(r"(?<=[.!?])\s+(?=[A-Z])", message.strip(), maxsplit=1)[0]


def reported_pain(scenario: Scenario) -> dict[date, str]:
    """Each day's pain as the simulator reads it: a day without a response repeats the last."""
    shown: dict[date, str] = {}
    last: Response | None = None
    for offset in range(scenario.days):
        day = scenario.start + timedelta(days=offset)
        response = scenario.responses.get(day) or (last.on(day) if last else None)
        if response is None:
            continue
        last = response
        morning, session = response.morning, response.session
        if not morning.reported and not session.reported:
            shown[day] = "not reported"
            continue
        during = "skipped" if not session.done else _pain(session.pain_during)
        after = _pain(session.pain_after_60min)
        shown[day] = f"{_pain(morning.morning_pain)}/{during}/{after}"
    return shown


def _pain(value: int | None) -> str:
    return "–" if value is None else str(value)


def register(app: typer.Typer) -> None:
    app.add_typer(plan_app, name="plan")
