"""`kneewise backup --out FILE` and `kneewise restore FILE` (design.md §3.6)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kneewise.cli.django_app import setup_django
from kneewise.cli.output import emit_json, fail_usage

JSON_OPTION = typer.Option(
    "--json", help="Print the result as JSON on stdout (the sentence goes to stderr)."
)


def backup(
    out: Annotated[Path, typer.Option("--out", help="The backup file to write (a zip).")],
    as_json: Annotated[bool, JSON_OPTION] = False,
) -> None:
    """Back up the database rows and original files into one file."""
    setup_django()
    from kneewise.web.backup import BackupError, write_backup

    if out.is_dir():
        fail_usage(f"{out} is a folder: give the backup file's name")
    if not out.resolve().parent.is_dir():
        fail_usage(f"no such folder: {out.parent}")
    try:
        summary = write_backup(out)
    except BackupError as error:
        fail_usage(str(error))
    if as_json:
        emit_json(summary.as_json())
    rows = sum(summary.rows.values())
    print(
        f"Backed up {rows} rows and {summary.files} original files"
        f" ({summary.bytes / 1e6:.1f} MB) to {summary.path}.",
        file=sys.stderr if as_json else sys.stdout,  # the output itself without --json
    )


def restore(
    archive: Annotated[Path, typer.Argument(help="A file made by `kneewise backup`.")],
    as_json: Annotated[bool, JSON_OPTION] = False,
) -> None:
    """Restore a backup into an empty installation, checking every file's SHA-256."""
    setup_django()
    from kneewise.web.backup import BackupError, restore_backup

    try:
        summary = restore_backup(archive)
    except BackupError as error:
        fail_usage(str(error))
    if as_json:
        emit_json(summary.as_json())
    rows = sum(summary.rows.values())
    print(
        f"Restored {rows} rows and {summary.files} original files (all SHA-256 checked)"
        f" from {summary.path}.",
        file=sys.stderr if as_json else sys.stdout,  # the output itself without --json
    )


def register(app: typer.Typer) -> None:
    app.command()(backup)
    app.command()(restore)
