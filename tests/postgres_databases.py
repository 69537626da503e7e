"""Throwaway PostgreSQL databases beside DATABASE_URL's, for tests that run whole processes."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

NEEDS_POSTGRES = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="needs PostgreSQL: set DATABASE_URL=postgres://... (CI's PostgreSQL run does)",
)


@contextmanager
def fresh_postgres_database(tag: str) -> Iterator[str]:
    """A new empty database named after DATABASE_URL's (`<name>_<tag>_<random>`), dropped after;
    yields its URL."""
    import psycopg
    from psycopg import sql

    base = os.environ["DATABASE_URL"]
    server, _, base_name = base.rpartition("/")
    base_name = base_name.split("?")[0]
    name = f"{base_name}_{tag}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
