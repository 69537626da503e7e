"""`kneewise watch DIR --user NAME`: import what arrives in a folder, in the foreground
(issue #13): the worker's drop-folder logic for one runner on a laptop."""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.live import Live

from kneewise.cli.django_app import existing_user, setup_django
from kneewise.cli.importing import UserOption
from kneewise.cli.output import EXIT_OK, EXIT_SOME_FAILED, emit_json, fail_usage

if TYPE_CHECKING:
    from kneewise.web.sync.importing import Outcome


class Tally:
    """Files seen and what became of them, for the live line and the JSON summary."""

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.outcomes: list[Outcome] = []

    def count(self, result: str) -> int:
        return sum(1 for o in self.outcomes if o.result == result)

    def line(self, folder: Path) -> str:
        return (
            f"Watching {folder}: {len(self.seen)} seen, {self.count('imported')} imported, "
            f"{self.count('duplicate')} duplicates, {self.count('failed')} failed "
            "(Ctrl-C stops)"
        )

    def as_json(self, user: str, folder: Path) -> dict[str, object]:
        return {
            "user": user,
            "folder": str(folder),
            "seen": len(self.seen),
            "imported": self.count("imported"),
            "duplicates": self.count("duplicate"),
            "failed": self.count("failed"),
            "files": [o.as_json() for o in self.outcomes],
        }


def watch_command(
    folder: Annotated[
        Path, typer.Argument(help="The folder your watch's app writes FIT/GPX/TCX files to.")
    ],
    user: UserOption,
    once: Annotated[
        bool, typer.Option("--once", help="Look once, import what is there, and stop (cron).")
    ] = False,
    interval: Annotated[
        float, typer.Option("--interval", min=0.1, help="Seconds between two looks.")
    ] = 5.0,
    as_json: Annotated[
        bool, typer.Option("--json", help="At the end, print what happened as JSON.")
    ] = False,
) -> None:
    """Import each new file in FOLDER for an existing runner, then move it to FOLDER/done
    (or FOLDER/failed with a note saying why). Ctrl-C stops after the file in hand."""
    if not folder.is_dir():
        fail_usage(f"no such folder: {folder}")
    setup_django()
    owner = existing_user(user)

    from kneewise.web.sync.folder import Looks, scan_folder
    from kneewise.web.sync.models import SyncedFile

    stop = threading.Event()

    def stop_after_this_file(signum: int, frame: FrameType | None) -> None:
        stop.set()  # the file being imported finishes, as one transaction

    previous = {s: signal.signal(s, stop_after_this_file) for s in (signal.SIGINT, signal.SIGTERM)}
    console = Console(stderr=True)
    tally = Tally()
    looks = Looks()
    if not console.is_terminal:  # Live shows nothing until the end there: say it started
        console.print(f"Watching {folder} for {user} (Ctrl-C stops).", highlight=False)
    try:
        with Live(tally.line(folder), console=console, auto_refresh=False) as live:
            while not stop.is_set():
                scan_folder(
                    folder,
                    owner,
                    looks=looks,
                    channel=SyncedFile.Channel.WATCH,
                    settle_s=min(interval, 2.0),
                    stop=stop,
                    on_outcome=tally.outcomes.append,
                )
                tally.seen.update(p.name for p in looks.seen if p.parent == folder)
                tally.seen.update(o.file_name for o in tally.outcomes)
                live.update(tally.line(folder), refresh=True)
                if once or stop.wait(interval):
                    break
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    if as_json:
        emit_json(tally.as_json(user, folder))
    failed = tally.count("failed")
    raise typer.Exit(EXIT_SOME_FAILED if failed and once else EXIT_OK)


def register(app: typer.Typer) -> None:
    app.command("watch")(watch_command)
