"""The `kneewise` command: thin adapters from the terminal to core and the web app.

Contract (design.md §3): with --json, JSON on stdout and human messages on stderr; without it,
tables and sentences for a person (issue #12). Exit 0 ok, 1 some items failed, 2 bad usage or
invalid input with `{"error": "..."}` on stdout; never a traceback.
"""

from __future__ import annotations

import os
import sys
import traceback

import typer

from kneewise.cli import activities, assess, importing, plan, report, serve, users, watch
from kneewise.cli import backup as backup_commands
from kneewise.cli.help import use_readable_help
from kneewise.cli.output import EXIT_USAGE, emit_error

app = typer.Typer(
    name="kneewise",
    help="Kneewise: back to running with runner's knee. Not medical advice.",
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback(invoke_without_command=True)
def _root(context: typer.Context) -> None:
    if context.invoked_subcommand is None:
        print(context.get_help(), file=sys.stderr)
        raise typer.Exit(0)


assess.register(app)
plan.register(app)
activities.register(app)
importing.register(app)
watch.register(app)
report.register(app)
serve.register(app)
users.register(app)
backup_commands.register(app)
use_readable_help(app)  # after every register(): flags show no `<bool>` in --help


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; usage errors become the JSON error of the contract, never a traceback."""
    command = typer.main.get_command(app)
    try:
        code = command.main(args=argv, prog_name="kneewise", standalone_mode=False)
    except typer.Abort:
        print("Aborted.", file=sys.stderr)
        sys.exit(130)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except typer.TyperException as error:
        emit_error(error.format_message())
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        sys.exit(130)
    except Exception as error:  # the contract promises no traceback, even for our own bugs
        if os.environ.get("KNEEWISE_DEBUG") == "1":
            traceback.print_exc()
        emit_error(f"internal error ({type(error).__name__}): {error}")
        sys.exit(EXIT_USAGE)
    sys.exit(code if isinstance(code, int) else 0)
