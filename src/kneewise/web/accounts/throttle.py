"""Login throttling (design.md §5): growing delays, per address and per username.

The first 5 failed logins for a username, or from an address, within an hour cost nothing;
after them each further attempt must wait twice as long as the one before (2 s, 4 s, 8 s, …)
after the previous failure, at most 5 minutes. A stranger can therefore slow an account down
but never lock its owner out for long: the owner, from another address, waits at most a few
minutes, and a correct password (or a password reset) clears the username's count.

Attempts are claimed before the password is checked, atomically in the shared database cache
(`attempts`), so concurrent requests in any number of processes check no more passwords than
the limit allows. Usernames are hashed in the cache key, so a key never holds something a
person typed. The address is REMOTE_ADDR, which the server has already taken from a trusted proxy
(kneewise/web/proxy.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpRequest

from kneewise.web.accounts import attempts
from kneewise.web.proxy import client_address as client_address  # re-exported

FREE_FAILURES = 5
WINDOW_SECONDS = 60 * 60
FIRST_DELAY_SECONDS = 2
MAX_DELAY_SECONDS = 5 * 60


def delay_seconds(beyond: int) -> float:
    """The wait before the n-th attempt beyond the free ones: 2, 4, 8 … seconds, capped."""
    return float(min(MAX_DELAY_SECONDS, FIRST_DELAY_SECONDS ** min(beyond, 16)))


def _subject(kind: str, value: str) -> str:
    return attempts.subject_key("login", kind, value)


@dataclass(slots=True)
class LoginThrottle:
    """The two counters one login attempt touches: its username and its address."""

    username: str
    address: str
    _slots: list[attempts.Slot] = field(default_factory=list)

    @classmethod
    def for_attempt(cls, request: HttpRequest | None, username: str | None) -> LoginThrottle:
        address = client_address(request) if request is not None else ""
        return cls((username or "").strip().casefold(), address or "unknown")

    def _subjects(self) -> list[str]:
        subjects = [_subject("ip", self.address)]
        if self.username:
            subjects.append(_subject("user", self.username))
        return subjects

    def claim(self) -> int:
        """Claim this attempt from both counters before the password is checked: 0 when it may
        go ahead, otherwise the seconds to wait (and nothing is counted)."""
        for subject in self._subjects():
            claimed = attempts.claim(
                subject,
                window_seconds=WINDOW_SECONDS,
                free=FREE_FAILURES,
                delay_after=delay_seconds,
            )
            if claimed.slot is None:
                self._release()
                return max(1, int(claimed.wait_seconds + 0.999))
            self._slots.append(claimed.slot)
        return 0

    def _release(self) -> None:
        for slot in self._slots:
            slot.release(WINDOW_SECONDS)
        self._slots.clear()

    def record_failure(self) -> None:
        """A wrong password: the claimed slots keep counting."""
        self._slots.clear()

    def record_success(self) -> None:
        """A correct password: this attempt is not a failure, and the username's count is
        cleared (not the address's: other usernames were tried from it)."""
        self._release()
        if self.username:
            attempts.reset(_subject("user", self.username), window_seconds=WINDOW_SECONDS)


def clear_username(username: str) -> None:
    """After a password reset the owner has proved who they are: lift the username's delay."""
    name = username.strip().casefold()
    attempts.reset(_subject("user", name), window_seconds=WINDOW_SECONDS)


def wait_text(seconds: int) -> str:
    """A wait in plain words: "1 second", "30 seconds", "2 minutes"."""
    if seconds < 60:
        return "1 second" if seconds == 1 else f"{seconds} seconds"
    minutes = -(-seconds // 60)
    return "1 minute" if minutes == 1 else f"{minutes} minutes"
