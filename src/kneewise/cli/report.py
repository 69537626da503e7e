"""`kneewise report --user NAME --out FILE.pdf [--weeks N] [--json]` (design.md §3.7).

The physio report of a runner's last N weeks (their local today, from their time zone), made
in-process: no worker needed. JSON `{"path", "pages", "weeks"}` on stdout with --json.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kneewise.cli.django_app import existing_user, setup_django
from kneewise.cli.output import emit_json, fail_usage

MAX_WEEKS = 104


def report_command(
    user: Annotated[
        str, typer.Option("--user", help="The runner (an existing user name).", show_default=False)
    ],
    out: Annotated[Path, typer.Option("--out", help="Where to write the PDF.", show_default=False)],
    weeks: Annotated[
        int, typer.Option("--weeks", min=1, max=MAX_WEEKS, help="How many weeks back.")
    ] = 12,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Write the physio report (PDF) of a runner's last weeks; never a GPS track."""
    if out.is_dir():
        fail_usage(f"--out is a folder, not a file: {out}")
    if not out.parent.exists():
        fail_usage(f"no such folder for --out: {out.parent}")
    setup_django()
    owner = existing_user(user)  # an unknown user is exit 2

    from kneewise.web.accounts.services import is_clinician
    from kneewise.web.reports.pdf import render_report
    from kneewise.web.reports.timeline import runner_timeline
    from kneewise.web.runners.models import RunnerProfile, local_today

    if is_clinician(owner):
        fail_usage(f"{user!r} is a clinician: a report is of a runner's own data")
    profile = RunnerProfile.objects.filter(user=owner).first()
    if profile is None:
        fail_usage(f"{user!r} has no runner profile: a report is of a runner's own data")
    timeline = runner_timeline(profile, local_today(profile), weeks)
    rendered = render_report(timeline, include_notes=False)
    try:
        out.write_bytes(rendered.pdf)
    except OSError as error:
        fail_usage(f"cannot write {out}: {error.strerror or error}")
    if as_json:
        emit_json({"path": str(out), "pages": rendered.pages, "weeks": timeline.weeks})
    print(
        f"Wrote the report of {user} ({timeline.weeks} weeks, {rendered.pages} pages) to {out}.",
        file=sys.stderr,  # human words on stderr (the CLI contract)
    )


def register(app: typer.Typer) -> None:
    app.command("report")(report_command)
