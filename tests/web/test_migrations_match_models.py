"""The migrations describe the models exactly: a model change without its migration (easy to
miss when branches are merged) would break every existing database on upgrade."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader

pytestmark = pytest.mark.django_db


def test_every_model_change_has_its_migration() -> None:
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit_:  # --check exits 1 when a migration is missing
        pytest.fail(f"models and migrations disagree (exit {exit_.code}):\n{out.getvalue()}")
    assert "No changes detected" in out.getvalue()


def test_no_app_has_two_migrations_with_the_same_number() -> None:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    numbers: dict[tuple[str, str], list[str]] = {}
    for app, name in loader.disk_migrations:
        numbers.setdefault((app, name[:4]), []).append(name)
    clashes = {key: names for key, names in numbers.items() if len(names) > 1}
    assert clashes == {}
