"""Whole `kneewise` processes (commands, servers, workers) on their own data dir and database."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def installation(data_dir: Path, database_url: str | None = None) -> dict[str, str]:
    """The environment of an installation: its data dir and (default SQLite in it) database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KNEEWISE_", "DATABASE"))}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["KNEEWISE_DATA_DIR"] = str(data_dir)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def run_kneewise(
    *args: str, env: dict[str, str], stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kneewise", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(env: dict[str, str], *options: str) -> Iterator[str]:
    """`kneewise serve OPTIONS` on a free loopback port until the block ends; yields its URL."""
    port = free_port()
    # The server's output goes to a file: an unread pipe fills up and stalls a busy server.
    with tempfile.TemporaryFile(mode="w+") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "kneewise", "serve", "--port", str(port), *options],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
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
                        server.kill()
                        log.seek(0)
                        output = log.read()
                        raise RuntimeError(f"kneewise serve did not come up:\n{output}") from None
                    time.sleep(0.2)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=30)


def get_json(url: str, token: str) -> Any:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())
