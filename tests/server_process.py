"""A real `kneewise serve` subprocess on a free loopback port, and a small browser for it."""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

PASSWORD = "correct horse battery staple"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_env(data_dir: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment without Kneewise settings, plus a data dir and `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KNEEWISE_", "DATABASE"))}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["KNEEWISE_DATA_DIR"] = str(data_dir)
    env.update(extra or {})
    return env


def add_account(env: Mapping[str, str], name: str, password: str = PASSWORD) -> None:
    """`kneewise user add NAME --password-stdin` against the server's database."""
    subprocess.run(
        [sys.executable, "-m", "kneewise", "user", "add", name, "--password-stdin"],
        env=dict(env),
        input=password + "\n",
        text=True,
        check=True,
        capture_output=True,
        timeout=120,
    )


@contextmanager
def kneewise_serve(env: Mapping[str, str], *args: str) -> Iterator[int]:
    """Start `kneewise serve --port P ARGS`, wait for /healthz, yield P, then stop it."""
    port = free_port()
    # The server's output goes to a file: an unread pipe fills up under load (waitress warns
    # about its queue) and would stall the server.
    log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - closed in the finally below
    server = subprocess.Popen(
        [sys.executable, "-m", "kneewise", "serve", "--port", str(port), *args],
        env=dict(env),
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                Browser(port).get("/healthz")  # any answer: up (HTTPS=1 may redirect it)
                break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                server.wait()
                log.seek(0)
                raise RuntimeError(f"kneewise serve did not come up:\n{log.read()}")
            time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


@dataclass
class Browser:
    """One client with its own cookies; `headers` go with every request (e.g. a proxy's)."""

    port: int
    headers: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self, method: str, path: str, form: Mapping[str, str] | None = None
    ) -> tuple[int, dict[str, str], str]:
        """One request, redirects not followed: status, headers (lower-case names), body."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = dict(self.headers)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers.setdefault("Referer", f"http://127.0.0.1:{self.port}{path}")
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for value in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(value).items():
                    self.cookies[name] = morsel.value
            return response.status, {k.lower(): v for k, v in response.getheaders()}, text
        finally:
            connection.close()

    def get(self, path: str) -> tuple[int, dict[str, str], str]:
        return self.request("GET", path)

    def post(self, path: str, form: Mapping[str, str]) -> tuple[int, dict[str, str], str]:
        """POST a form with the CSRF token the last page set."""
        return self.request("POST", path, {"csrfmiddlewaretoken": self.csrf_token(), **form})

    def csrf_token(self) -> str:
        return self.cookies.get("csrftoken", "")

    def log_in(self, username: str, password: str) -> bool:
        """Log in through the login form; True when the app let the person in."""
        self.get("/accounts/login/")
        status, headers, _ = self.post(
            "/accounts/login/", {"username": username, "password": password}
        )
        return status == 302 and "/accounts/login" not in headers.get("location", "")


def form_token(page: str) -> str:
    """The CSRF token in a page's form."""
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    return found.group(1) if found else ""
