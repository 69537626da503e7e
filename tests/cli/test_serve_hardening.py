"""A real `kneewise serve` (and `kneewise` commands) under a lax umask (022): concurrent wrong
passwords are checked no more than the login limit allows, the shared cache's table is made at
start, and the data folder and everything in it are private."""

from __future__ import annotations

import json
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
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.activity_files import gpx_run
from tests.cli.account_helpers import PASSWORD
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


def kneewise(data_dir: Path, *args: str, stdin: str = "") -> str:
    """A `kneewise` command in its own process under umask 022; its stdout."""
    done = subprocess.run(
        [sys.executable, "-m", "kneewise", *args],
        env=server_env(data_dir),
        input=stdin,
        capture_output=True,
        text=True,
        umask=0o022,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def upload(base: str, token: str, name: str, content: str) -> int:
    boundary = "kneewise-test-boundary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
        f"Content-Type: application/gpx+xml\r\n\r\n{content}\r\n--{boundary}--\r\n"
    ).encode()
    request = urllib.request.Request(f"{base}/api/v1/activities?wait=20", data=body)
    request.add_header("Authorization", f"Bearer {token}")
    request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
    with urllib.request.urlopen(request, timeout=60) as response:
        return int(response.status)


def test_the_data_folder_and_everything_in_it_are_private_under_umask_022(
    served: Server, tmp_path: Path
) -> None:
    data = served.data_dir
    kneewise(data, "user", "add", "ana", "--password-stdin", stdin=PASSWORD + "\n")
    token = json.loads(kneewise(data, "token", "create", "--user", "ana"))["token"]
    assert upload(served.base, token, "morning.gpx", gpx_run()) == 200
    run = tmp_path / "evening.gpx"
    run.write_text(gpx_run(start=datetime(2026, 3, 3, 18, 0, tzinfo=UTC)), encoding="utf-8")
    kneewise(data, "import", "--user", "ana", str(run))

    modes = {
        str(path.relative_to(data)): path.stat().st_mode & 0o777
        for path in [data, *data.rglob("*")]
    }
    originals = [name for name in modes if name.startswith("files/") and name.count("/") == 2]
    assert len(originals) == 2
    assert {"kneewise.sqlite3", "kneewise.sqlite3-wal", "secret_key", "files"} <= set(modes)
    loose = {
        name: oct(mode)
        for name, mode in modes.items()
        if mode != (0o700 if (data / name).is_dir() else 0o600)
    }
    assert loose == {}
