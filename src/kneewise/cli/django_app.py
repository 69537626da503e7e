"""The web app's database for commands that read or write it (import, user, token, serve)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from kneewise.cli.output import fail_usage

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def setup_django(*, migrate: bool = True) -> None:
    """Configure Django (the app's settings unless DJANGO_SETTINGS_MODULE names others) and
    bring the database up to date, as `kneewise serve` does on start (not with `migrate=False`:
    several workers starting at once must not migrate side by side)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kneewise.web.settings")
    import django
    from django.core.management import call_command

    django.setup()
    if migrate:
        with migration_lock():
            call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)  # the shared cache for login limits


# Any fixed 64-bit number, the same in every Kneewise process: "kneewise" in ASCII.
MIGRATION_LOCK_KEY = 0x6B6E656577697365


@contextmanager
def migration_lock() -> Iterator[None]:
    """Hold PostgreSQL's session advisory lock while migrating: web and worker processes on
    several hosts may start at once, and two `migrate` side by side fail on the same tables.
    The second waits, then finds nothing to do. SQLite lives on one host and locks its file."""
    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK_KEY])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATION_LOCK_KEY])


def existing_user(name: str) -> User:
    """The account called `name` (exactly); an unknown name is bad usage (exit 2), never a
    reason to create one."""
    from django.contrib.auth import get_user_model

    model = get_user_model()
    try:
        user: User = model._default_manager.get_by_natural_key(name)
    except model.DoesNotExist:
        fail_usage(f"no such user: {name!r} (create the account with `kneewise user add`)")
    return user
