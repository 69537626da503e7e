"""Login throttling: 5 failed logins for a username or from an IP address within 15 minutes
pause further attempts for that username or address for 15 minutes (design.md §5).

Counts live in Django's cache (LocMemCache by default: one process shares it). Usernames are
hashed in the cache key, so a key never holds something a person typed. The address is
REMOTE_ADDR, which the server has already taken from a trusted proxy (kneewise/web/proxy.py).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest

from kneewise.web.proxy import client_address as client_address  # re-exported

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60
LOCK_SECONDS = 15 * 60


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.encode()).hexdigest()
    return f"kw-login:{kind}:{digest}"


@dataclass(frozen=True, slots=True)
class LoginThrottle:
    """The two counters one login attempt touches: its username and its address."""

    username: str
    address: str

    @classmethod
    def for_attempt(cls, request: HttpRequest | None, username: str | None) -> LoginThrottle:
        address = client_address(request) if request is not None else ""
        return cls((username or "").strip().casefold(), address or "unknown")

    def _subjects(self) -> list[tuple[str, str]]:
        subjects = [("ip", self.address)]
        if self.username:
            subjects.append(("user", self.username))
        return subjects

    def locked_for_seconds(self) -> int:
        """How long attempts stay refused; 0 when they are allowed."""
        now = time.time()
        until = max(
            (cache.get(_key(f"lock-{kind}", value), 0.0) for kind, value in self._subjects()),
            default=0.0,
        )
        return max(0, int(until - now + 0.999))

    def record_failure(self) -> None:
        now = time.time()
        for kind, value in self._subjects():
            key = _key(f"fail-{kind}", value)
            recent = [t for t in cache.get(key, []) if t > now - WINDOW_SECONDS]
            recent.append(now)
            cache.set(key, recent, WINDOW_SECONDS)
            if len(recent) >= MAX_FAILURES:
                cache.set(_key(f"lock-{kind}", value), now + LOCK_SECONDS, LOCK_SECONDS)
                cache.delete(key)

    def record_success(self) -> None:
        """A correct password clears the username's count (not the address's lock)."""
        if self.username:
            cache.delete(_key("fail-user", self.username))


def clear_username(username: str) -> None:
    """After a password reset the owner has proved who they are: lift the username's lock."""
    name = username.strip().casefold()
    cache.delete_many([_key("fail-user", name), _key("lock-user", name)])


def minutes_text(seconds: int) -> str:
    minutes = max(1, -(-seconds // 60))
    return "1 minute" if minutes == 1 else f"{minutes} minutes"
