"""`kneewise serve`: migrate the database, then serve the web app with waitress, with a
background worker in the same process (imports); `kneewise worker` runs more of them.

`--demo` also creates (or refreshes) the demo runner, a 12-week history imported through the
real import path, and prints its login.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from kneewise.cli.django_app import setup_django


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)] = 8000,
    threads: Annotated[int, typer.Option(help="Worker threads.", min=1, max=64)] = 8,
    processes: Annotated[
        int,
        typer.Option(
            help="Web processes sharing the port (each with --threads threads); more than 1 "
            "uses more CPU cores, for a clinic (Linux and macOS).",
            min=1,
            max=64,
        ),
    ] = 1,
    demo: Annotated[
        bool,
        typer.Option(
            "--demo",
            help="Create a demo runner with 12 weeks of history and print its login "
            "(for trying Kneewise on your own computer).",
        ),
    ] = False,
    worker: Annotated[
        bool,
        typer.Option(
            "--worker/--no-worker",
            help="Run a background worker (imports) in this process; a clinic that runs "
            "`kneewise worker` processes of its own can turn it off.",
        ),
    ] = True,
) -> None:
    """Start the Kneewise web app (applies database migrations first)."""
    setup_django()

    import waitress
    from django.conf import settings

    from kneewise.web.proxy import ProxyPolicy
    from kneewise.web.wsgi import application

    database = settings.DATABASES["default"]
    where = database["NAME"] if "sqlite" in str(database["ENGINE"]) else "PostgreSQL"
    shown_host = f"[{host}]" if ":" in host else host
    url = f"http://{shown_host}:{port}/"
    if demo:
        from kneewise.web.clinic.demo import create_demo_clinician
        from kneewise.web.runners.demo import create_demo_runner, demo_today

        print("Creating the demo runner (12 weeks of runs and check-ins)…", file=sys.stderr)
        user, password = create_demo_runner(demo_today())
        physio, physio_password = create_demo_clinician(user)
        print(f"Demo login: {user.get_username()} / {password}", file=sys.stderr)
        print(
            f"Demo physiotherapist login: {physio.get_username()} / {physio_password}",
            file=sys.stderr,
        )
        print(f"Log in at {url}{settings.LOGIN_URL.lstrip('/')}", file=sys.stderr)
    if processes > 1 and not hasattr(os, "fork"):
        from kneewise.cli.output import fail_usage

        fail_usage("--processes needs Linux or macOS; on this system run one process")
    print(f"Kneewise is running at {url}", file=sys.stderr)
    print(f"Database: {where}. Press Ctrl+C to stop.", file=sys.stderr)
    # Behind KNEEWISE_PROXY_HOPS proxies waitress takes the client's address and the scheme from
    # the trusted proxy's headers, and clears those headers from anyone else (proxy.py).
    options = {
        "threads": threads,
        "ident": "kneewise",
        **ProxyPolicy.from_settings().waitress_options(),
    }
    if processes == 1:
        if worker:
            from kneewise.web.activities.worker import start_in_thread

            start_in_thread()
        waitress.serve(application, host=host, port=port, **options)
        return

    from kneewise.cli.prefork import listening_socket, run_processes

    sock = listening_socket(host, port)

    def child(number: int) -> None:
        if worker and number == 0:  # one background worker is enough next to the web
            from kneewise.web.activities.worker import start_in_thread

            start_in_thread()
        waitress.serve(application, sockets=[sock], **options)

    run_processes(processes, child)


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.command()(worker)


def worker(
    interval: Annotated[
        float, typer.Option(help="Seconds between looks at an empty queue.", min=0.1, max=60)
    ] = 1.0,
    once: Annotated[
        bool, typer.Option("--once", help="Work the queue until it is empty, then stop.")
    ] = False,
) -> None:
    """Run the background task worker (imports); several may run at once on one database."""
    setup_django(migrate=False)
    from django.db.utils import OperationalError, ProgrammingError

    from kneewise.cli.output import fail_usage
    from kneewise.web.activities.models import ImportJob
    from kneewise.web.activities.worker import run_worker

    try:
        ImportJob.objects.exists()
    except (OperationalError, ProgrammingError):
        fail_usage("the database is not set up yet: start `kneewise serve` once first")
    print("Kneewise worker running. Press Ctrl+C to stop.", file=sys.stderr)
    try:
        run_worker(interval=interval, once=once)
    except KeyboardInterrupt:
        print("Worker stopped.", file=sys.stderr)
