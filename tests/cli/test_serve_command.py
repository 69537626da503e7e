"""`kneewise serve`: migrates the SQLite default on first start and serves the app."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A real `kneewise serve` process on a free loopback port with an empty data dir."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KNEEWISE_", "DATABASE"))}
    env["KNEEWISE_DATA_DIR"] = str(tmp_path)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "kneewise", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    output = server.stdout.read() if server.stdout else ""
                    pytest.fail(f"kneewise serve did not come up:\n{output}")
                time.sleep(0.2)
        yield base, tmp_path
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_first_start_creates_and_migrates_the_sqlite_database(
    served: tuple[str, Path],
) -> None:
    _, data_dir = served
    with sqlite3.connect(data_dir / "kneewise.sqlite3") as db:
        applied = {app for (app,) in db.execute("SELECT DISTINCT app FROM django_migrations")}
        journal = db.execute("PRAGMA journal_mode").fetchone()[0]
    assert {"auth", "sessions", "contenttypes"} <= applied
    assert journal == "wal"


def test_the_triage_page_is_served_with_the_notice(served: tuple[str, Path]) -> None:
    base, _ = served
    with urllib.request.urlopen(f"{base}/triage/", timeout=10) as response:
        page = response.read().decode()
        server_header = response.headers.get("Server", "")
    assert response.status == 200
    assert "not medical advice" in page.lower()
    assert "waitress" in server_header.lower() or "kneewise" in server_header.lower()
