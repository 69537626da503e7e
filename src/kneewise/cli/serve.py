"""`kneewise serve`: migrate the database, then serve the web app with waitress."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)] = 8000,
    threads: Annotated[int, typer.Option(help="Worker threads.", min=1, max=64)] = 8,
) -> None:
    """Start the Kneewise web app (applies database migrations first)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kneewise.web.settings")
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)

    import waitress

    from kneewise.web.wsgi import application

    database = settings.DATABASES["default"]
    where = database["NAME"] if "sqlite" in str(database["ENGINE"]) else "PostgreSQL"
    shown_host = f"[{host}]" if ":" in host else host
    print(f"Kneewise is running at http://{shown_host}:{port}/", file=sys.stderr)
    print(f"Database: {where}. Press Ctrl+C to stop.", file=sys.stderr)
    waitress.serve(application, host=host, port=port, threads=threads, ident="kneewise")


def register(app: typer.Typer) -> None:
    app.command()(serve)
