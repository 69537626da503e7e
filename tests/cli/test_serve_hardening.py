"""A real `kneewise serve` under a lax umask (022): concurrent wrong passwords are checked no
more than the login limit allows, and the data folder and its files are private."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.cli.test_serve_command import free_port

ATTACKERS = 40
FREE_FAILURES = 5


@dataclass(frozen=True)
class Server:
    base: str
    data_dir: Path


def server_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KNEEWISE_", "DATABASE"))}
    env["KNEEWISE_DATA_DIR"] = str(data_dir)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Server]:
    """`kneewise serve` (16 threads) started under umask 022 with a new data folder."""
    port = free_port()
    data_dir = tmp_path / "data"
    server = subprocess.Popen(
        [sys.executable, "-m", "kneewise", "serve", "--port", str(port), "--threads", "16"],
        env=server_env(data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        umask=0o022,
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
        yield Server(base, data_dir)
    finally:
        server.terminate()
        server.wait(timeout=30)


def login_form(base: str) -> tuple[str, str]:
    """The CSRF cookie and the form's token from a fresh login page."""
    with urllib.request.urlopen(f"{base}/accounts/login/", timeout=10) as response:
        cookie = response.headers["Set-Cookie"].split(";")[0]
        page = response.read().decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert match is not None
    return cookie, match.group(1)


def post_login(base: str, cookie: str, token: str, username: str, password: str) -> str:
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": password}
    ).encode()
    request = urllib.request.Request(f"{base}/accounts/login/", data=data, method="POST")
    request.add_header("Cookie", cookie)
    request.add_header("Referer", f"{base}/accounts/login/")
    with urllib.request.urlopen(request, timeout=60) as response:
        return str(response.read().decode())


def test_concurrent_wrong_passwords_through_the_real_server_are_checked_no_more_than_the_limit(
    served: Server,
) -> None:
    cookie, token = login_form(served.base)
    pages: list[str] = []
    go = threading.Barrier(ATTACKERS)

    def attack() -> None:
        go.wait(timeout=20)
        pages.append(post_login(served.base, cookie, token, "ana", "wrong"))

    threads = [threading.Thread(target=attack, daemon=True) for _ in range(ATTACKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(pages) == ATTACKERS
    assert sum("do not match" in page for page in pages) == FREE_FAILURES
    assert sum("too many attempts" in page for page in pages) == ATTACKERS - FREE_FAILURES


def test_the_shared_cache_table_is_created_at_start(served: Server) -> None:
    with sqlite3.connect(served.data_dir / "kneewise.sqlite3") as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
    assert "kneewise_cache" in tables
