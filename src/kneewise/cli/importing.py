"""`kneewise import PATH…`: store activities for a runner, with a progress bar and a summary."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from kneewise.cli.activity_tables import MAX_LISTED_ERRORS, plural
from kneewise.cli.django_app import existing_user, setup_django
from kneewise.cli.output import EXIT_OK, EXIT_SOME_FAILED, emit_json, fail_usage

if TYPE_CHECKING:
    from kneewise.web.activities.importer import ImportReport

PathsArgument = Annotated[
    list[Path],
    typer.Argument(help="Activity files (.fit/.gpx/.tcx, also .gz), folders or export zips."),
]
UserOption = Annotated[
    str,
    typer.Option(
        "--user",
        envvar="KNEEWISE_USER",
        help="The runner (an existing user name) to import for.",
        show_default=False,
    ),
]


def import_command(
    paths: PathsArgument,
    user: UserOption,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the summary as JSON (default: for a person).")
    ] = False,
    workers: Annotated[
        int, typer.Option("--workers", min=0, max=64, help="Decoding processes (0 = one per core).")
    ] = 0,
) -> None:
    """Import activities for an existing runner; importing the same files again adds nothing."""
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        fail_usage(f"no such file or folder: {', '.join(missing)}")
    setup_django()
    owner = existing_user(user)  # an unknown user is exit 2: no account as a side effect

    from kneewise.activities.batch import Event
    from kneewise.activities.sources import InputFile, iter_inputs
    from kneewise.web.activities.importer import import_inputs

    # One cheap pass to size the progress bar (zip directories and sizes, nothing read), then
    # a second walk that reads each file while its archive is open: streaming, flat memory.
    sizes = [i.size for i in iter_inputs(paths) if isinstance(i, InputFile)]
    total_bytes = sum(sizes)
    console = Console(stderr=True)
    progress = Progress(
        TextColumn("[bold]Importing"),
        BarColumn(),
        TextColumn("{task.fields[files]}/{task.fields[of]} files"),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=console,
        disable=not console.is_terminal,
    )
    with progress:
        task: TaskID = progress.add_task("import", total=total_bytes, files=0, of=len(sizes))
        done = 0

        def advance(event: Event, report: ImportReport) -> None:
            nonlocal done
            done += 1
            # Sizes on disk and bytes read differ for deflated zip members: never past 100 %.
            completed = min(report.bytes_done, total_bytes)
            progress.update(task, completed=completed, files=min(done, len(sizes)))

        report = import_inputs(
            owner,
            iter_inputs(paths),
            workers=workers or None,
            on_event=advance,
            total_hint=len(sizes),
        )
        progress.update(task, completed=total_bytes, files=len(sizes))

    if as_json:
        emit_json({"user": user, **report.as_json()})
    # Without --json the summary is the command's output (stdout); with it, a message (stderr).
    show_import(console if as_json else Console(), user, report)
    raise typer.Exit(EXIT_SOME_FAILED if report.failed else EXIT_OK)


def show_import(console: Console, user: str, report: ImportReport) -> None:
    """What the import did, in a few lines a person reads (issue #12 items 10 and 11)."""
    console.print(
        f"Imported {plural(report.activities_imported, 'activity', 'activities')} from "
        f"{plural(report.files_imported, 'file')} for {user}.",
        highlight=False,
    )
    if report.copies_of_runs:
        copies = (
            "1 of them a copy of a run in another file"
            if report.copies_of_runs == 1
            else f"{report.copies_of_runs} of them copies of runs in other files"
        )
        console.print(f"  {copies}: each run is counted once.", highlight=False)
    lines = (
        (report.duplicates, "file was already imported", "files were already imported"),
        (len(report.not_activities), "file is not an activity", "files are not activities"),
    )
    for count, one, many in lines:
        if count:
            console.print(f"  {plural(count, one, many)} (skipped).", highlight=False)
    if not report.failed:
        return
    console.print(f"  [red]{plural(len(report.failed), 'file')} could not be read:[/red]")
    for failure in report.failed[:MAX_LISTED_ERRORS]:
        console.print(f"    {failure.source}: {failure.error}", highlight=False)
    if len(report.failed) > MAX_LISTED_ERRORS:
        more = len(report.failed) - MAX_LISTED_ERRORS
        console.print(f"    … and {more} more (--json lists them all).")


def register(app: typer.Typer) -> None:
    app.command("import")(import_command)
