"""Migrations at start (design.md §4): several processes starting at once on one PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.postgres_databases import NEEDS_POSTGRES, fresh_postgres_database

MIGRATE_AT_START = "from kneewise.cli.django_app import setup_django; setup_django()"


def _environment(database_url: str, data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KNEEWISE_", "DATABASE"))}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["DATABASE_URL"] = database_url
    env["KNEEWISE_DATA_DIR"] = str(data_dir)
    return env


@NEEDS_POSTGRES
def test_three_processes_migrating_a_fresh_database_at_once_all_succeed(tmp_path: Path) -> None:
    with fresh_postgres_database("migrate") as url:
        starts = [
            subprocess.Popen(
                [sys.executable, "-c", MIGRATE_AT_START],
                env=_environment(url, tmp_path / f"host{n}"),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for n in range(3)
        ]
        outcomes = [
            (start.wait(timeout=120), start.stderr.read()) for start in starts if start.stderr
        ]
        assert [code for code, _ in outcomes] == [0, 0, 0], [err[-2000:] for _, err in outcomes]

        import psycopg

        with psycopg.connect(url) as connection:
            applied = connection.execute(
                "SELECT app, name, count(*) FROM django_migrations GROUP BY app, name"
                " HAVING count(*) > 1"
            ).fetchall()
            tables = connection.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'auth_user'"
            ).fetchone()
        assert applied == []  # each migration recorded once: one schema
        assert tables == (1,)
