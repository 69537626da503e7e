"""What `summarize` and `load` print for a person (without --json): Rich tables and short lines.

The JSON of design.md §3.4–3.5 is untouched; this is only the default view of the same values.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from rich.console import Console
from rich.table import Table

from kneewise.activities.model import ActivitySummary, FileError
from kneewise.activities.sources import Skipped
from kneewise.core.dates import spoken_date
from kneewise.core.load import CadenceBaseline, Flag, Week

KNEE_LOAD_UNIT = "flat-km equivalents"  # docs/knee-load.md: relative, not a force
KNEE_LOAD_NOTE = (
    f"Knee load is in {KNEE_LOAD_UNIT}: an estimate for comparing your own runs, "
    "not a measurement of joint force."
)
MAX_LISTED_ERRORS = 20


def plural(count: int, one: str, many: str | None = None) -> str:
    """'1 run', '3 runs' (issue #12 item 10: never '1 activities')."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def show_summaries(
    console: Console,
    activities: Sequence[ActivitySummary],
    errors: Sequence[FileError],
    skipped: Sequence[Skipped],
    zone: tzinfo,
) -> None:
    """One row per activity file, in start order, then what could not be read."""
    if activities:
        table = Table(header_style="bold", title="Activities (nothing was stored)")
        table.add_column("Start", no_wrap=True)
        table.add_column("File", overflow="fold")
        table.add_column("Sport")
        for label in ("km", "Moving", "Downhill m", "Cadence", "Avg HR", "Knee load"):
            table.add_column(label, justify="right", no_wrap=True)
        for a in activities:
            table.add_row(
                _when(a.start_time.astimezone(zone)),
                short_source(a.source),
                a.sport.value,
                _number(None if a.distance_m is None else a.distance_m / 1000, 2),
                duration(a.moving_s if a.moving_s is not None else a.elapsed_s),
                _number(a.downhill_m, 0),
                _number(a.avg_cadence_spm, 0),
                _number(a.avg_hr_bpm, 0),
                _number(a.knee_load, 1),
            )
        console.print(table)
        console.print(KNEE_LOAD_NOTE, style="dim")
    else:
        console.print("No activities found.")
    show_errors(console, errors)
    console.print(
        f"{plural(len(activities), 'activity', 'activities')}, {len(errors)} failed, "
        f"{len(skipped)} skipped (not activities)."
    )


def show_load(
    console: Console,
    weeks: Sequence[Week],
    flags: Sequence[Flag],
    cadence: CadenceBaseline,
    counted_once: int,
    errors: Sequence[FileError],
) -> None:
    """Weeks with runs (empty weeks are counted, not listed), the flags, the cadence baseline."""
    with_runs = [week for week in weeks if week.runs > 0]
    if with_runs:
        table = Table(header_style="bold", title="Running load by week (Monday to Sunday)")
        table.add_column("Week of", no_wrap=True)
        for label in ("Runs", "Run days", "km", "Time", "Downhill m", "Longest km"):
            table.add_column(label, justify="right", no_wrap=True)
        table.add_column("Knee load", justify="right", no_wrap=True)
        table.add_column("Change", justify="right", no_wrap=True)
        for week in with_runs:
            table.add_row(
                f"{week.week_start.day} {week.week_start:%b %Y}",
                str(week.runs),
                str(week.run_days),
                _number(week.distance_m / 1000, 1),
                duration(week.duration_s),
                _number(week.downhill_m, 0),
                _number(week.longest_run_m / 1000, 1),
                _number(week.knee_load, 1),
                "–" if week.change_pct is None else f"{week.change_pct:+.0f} %",
            )
        console.print(table)
        console.print(KNEE_LOAD_NOTE, style="dim")
    else:
        console.print("No runs found.")
    empty = len(weeks) - len(with_runs)
    if empty:
        console.print(
            f"Left out {plural(empty, 'week')} without runs (--json lists every week).",
            style="dim",
        )
    if counted_once:
        console.print(f"{plural(counted_once, 'run')} recorded in more than one file counted once.")
    show_flags(console, flags)
    console.print(f"Cadence ({cadence.reason.rule}): {cadence.reason.message}")
    show_errors(console, errors)
    runs = sum(week.runs for week in with_runs)
    console.print(
        f"{plural(runs, 'run')} in {plural(len(with_runs), 'week')}, "
        f"{plural(len(flags), 'flag')}, {len(errors)} failed."
    )


def show_flags(console: Console, flags: Sequence[Flag]) -> None:
    if not flags:
        console.print("No load flags: no spike, jump or new load was found.")
        return
    table = Table(header_style="bold", title=f"Load flags ({len(flags)})")
    table.add_column("Date", no_wrap=True)
    table.add_column("How strong", no_wrap=True)
    table.add_column("Rule", no_wrap=True)
    table.add_column("What happened", overflow="fold")
    for flag in flags:
        table.add_row(
            spoken_date(flag.day, year=True),
            flag.severity.value,
            flag.reason.rule,
            flag.reason.message,
        )
    console.print(table)


def show_errors(console: Console, errors: Sequence[FileError]) -> None:
    for error in errors[:MAX_LISTED_ERRORS]:
        console.print(f"[red]Could not read[/red] {error.source}: {error.error}", highlight=False)
    if len(errors) > MAX_LISTED_ERRORS:
        console.print(f"… and {len(errors) - MAX_LISTED_ERRORS} more (--json lists them all).")


def short_source(source: str) -> str:
    """The file's own name: inside an export zip, the member after the archive's name."""
    return source.rsplit("/", 1)[-1].rsplit("!", 1)[-1]


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    minutes = round(seconds / 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def _when(moment: datetime) -> str:
    return f"{moment:%a} {moment.day} {moment:%b %Y %H:%M}"


def _number(value: float | None, digits: int) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"
