"""Counting attempts atomically in the shared cache (Django's database cache, design.md §4).

Every web process of a clinic shares one table, but the database cache's incr() and get/set
pairs are read-modify-write: concurrent requests would both read 4 and both write 5. The one
atomic step it has is add() of a key that was never stored: an INSERT, which the table's primary
key lets only one request win (on SQLite every write transaction is serialised anyway). So an
attempt claims a numbered slot, `<subject>:<window>:<n>`, with add(), and slot keys are never
reused: each window of time has its own numbers, kept twice as long as the window lasts, so an
expired row (which add() would overwrite without that guarantee) never stands in the way.
A slot holds the time it was claimed, or OK once its attempt turned out fine.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.core.cache import cache

OK = "ok"  # a claimed slot whose attempt succeeded: it no longer counts as a failure
CHUNK = 32  # slots read per query while looking for the first free one
MAX_SLOTS = 2000  # per subject and window: beyond this everything waits for the next window


def now() -> float:
    """The wall clock shared by every process (tests replace it)."""
    return time.time()


def subject_key(purpose: str, kind: str, value: str) -> str:
    """A cache key prefix that never holds what a person typed (it is hashed)."""
    digest = hashlib.sha256(value.encode()).hexdigest()
    return f"kw-{purpose}:{kind}:{digest}"


@dataclass(frozen=True, slots=True)
class Slot:
    """One claimed attempt: release() it when it should not count as a failure."""

    key: str

    def release(self, window_seconds: int) -> None:
        cache.set(self.key, OK, 2 * window_seconds)


@dataclass(frozen=True, slots=True)
class Claimed:
    """The outcome of asking for a slot: the slot, or how long to wait for one."""

    slot: Slot | None
    wait_seconds: float = 0.0


def _slots(prefix: str, start: int) -> Iterator[tuple[int, float | str | None]]:
    """Slot numbers from `start` with what each holds, up to the first free one."""
    for first in range(start, MAX_SLOTS, CHUNK):
        keys = [f"{prefix}:{n}" for n in range(first, min(first + CHUNK, MAX_SLOTS))]
        held = cache.get_many(keys)
        for n, key in enumerate(keys, start=first):
            yield n, held.get(key)
            if key not in held:
                return


def claim(
    subject: str,
    *,
    window_seconds: int,
    free: int,
    delay_after: Callable[[int], float] | None = None,
) -> Claimed:
    """Claim an attempt for `subject` in the current window of `window_seconds`.

    The first `free` failures in a window (counted since the last reset()) cost nothing; after
    them, with `delay_after` None, nothing more until the window ends; otherwise the n-th
    failure beyond them must come `delay_after(n)` seconds after the one before.
    """
    at = now()
    window = int(at // window_seconds)
    prefix = f"{subject}:{window}"
    for _ in range(MAX_SLOTS):  # each round loses only to a request that claimed a slot
        start = cache.get(f"{prefix}:base", 0)
        failures: list[float] = []
        free_slot = None
        for n, held in _slots(prefix, start):
            if held is None:
                free_slot = n
            elif held != OK:
                failures.append(float(held))
        window_end = (window + 1) * window_seconds - at
        if free_slot is None:
            return Claimed(None, window_end)
        beyond = len(failures) + 1 - free
        if beyond > 0:
            last = failures[-1] if failures else at
            wait = window_end if delay_after is None else last + delay_after(beyond) - at
            if wait > 0:
                return Claimed(None, min(wait, window_end))
        key = f"{prefix}:{free_slot}"
        if cache.add(key, at, 2 * window_seconds):
            return Claimed(Slot(key))
    return Claimed(None, window_seconds)


def reset(subject: str, *, window_seconds: int) -> None:
    """Forget the failures counted so far in the current window (after a proof of identity)."""
    prefix = f"{subject}:{int(now() // window_seconds)}"
    start = cache.get(f"{prefix}:base", 0)
    last = start
    for n, held in _slots(prefix, start):
        last = n if held is None else n + 1
    cache.set(f"{prefix}:base", last, 2 * window_seconds)
