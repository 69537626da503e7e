"""The web app's database for commands that read or write it (import, user, token, serve)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from kneewise.cli.output import fail_usage

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


def setup_django(*, migrate: bool = True) -> None:
    """Configure Django (the app's settings unless DJANGO_SETTINGS_MODULE names others) and
    bring the database up to date, as `kneewise serve` does on start (not with `migrate=False`:
    several workers starting at once must not migrate side by side)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kneewise.web.settings")
    import django
    from django.core.management import call_command

    django.setup()
    if migrate:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)  # the shared cache for login limits


def existing_user(name: str) -> AbstractBaseUser:
    """The account called `name` (exactly); an unknown name is bad usage (exit 2), never a
    reason to create one."""
    from django.contrib.auth import get_user_model

    model = get_user_model()
    try:
        user: AbstractBaseUser = model._default_manager.get_by_natural_key(name)
    except model.DoesNotExist:
        fail_usage(f"no such user: {name!r} (create the account with `kneewise user add`)")
    return user
