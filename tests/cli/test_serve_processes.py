"""`kneewise serve --processes N`: several waitress processes share the port and the sessions."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from tests.server_process import (
    PASSWORD,
    Browser,
    add_account,
    free_port,
    kneewise_serve,
    server_env,
)


def test_two_processes_serve_one_login_and_trust_the_proxy(tmp_path: Path) -> None:
    env = server_env(tmp_path, {"KNEEWISE_PROXY_HOPS": "1", "KNEEWISE_HTTPS": "1"})
    add_account(env, "ben")
    with kneewise_serve(env, "--processes", "2", "--no-worker") as port:
        proxy = {"X-Forwarded-For": "198.51.100.2", "X-Forwarded-Proto": "https"}
        browser = Browser(port, proxy)
        browser.get("/accounts/login/")
        browser.headers["Referer"] = f"https://127.0.0.1:{port}/accounts/login/"
        status, headers, _ = browser.post(
            "/accounts/login/", {"username": "ben", "password": PASSWORD}
        )
        assert status == 302
        assert "/accounts/login" not in headers["location"]
        # Connections land on either process; the session is in the database, so every answer
        # is for the logged-in runner (never the login page, never a redirect to https).
        for _ in range(12):
            status, headers, _ = browser.get("/today/")
            assert status in (200, 302)
            assert not headers.get("location", "").startswith(("/accounts/login", "https:"))


def test_stopping_the_server_stops_every_web_process(tmp_path: Path) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "kneewise", "serve", "--port", str(port), "--processes", "2"],
        env=server_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        children: list[int] = []
        while len(children) < 2 and time.monotonic() < deadline and server.poll() is None:
            time.sleep(0.3)
            found = subprocess.run(
                ["pgrep", "-P", str(server.pid)], capture_output=True, text=True, check=False
            )
            children = [int(pid) for pid in found.stdout.split()]
        assert len(children) == 2
        assert Browser(port).get("/healthz")[0] == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
    for pid in children:
        assert not os.path.exists(f"/proc/{pid}") or _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    try:
        return " Z " in Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
