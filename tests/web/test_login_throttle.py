"""Login throttling: growing delays per address and username, counted atomically in the
shared database cache, so concurrent wrong passwords are checked no more than the limit."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection, connections
from django.test import Client

from kneewise.web.accounts import attempts
from kneewise.web.accounts.throttle import FREE_FAILURES, delay_seconds
from tests.web.assess_helpers import text

PASSWORD = "correct horse battery"
START = 1_800_000_000.0  # a fixed "now" for the throttle's clock (the cache keeps real time)


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock() -> Iterator[list[float]]:
    """The throttle's clock, moved by hand: clock[0] is now."""
    now = [START]
    with mock.patch.object(attempts, "now", side_effect=lambda: now[0]):
        yield now


def log_in(client: Client, username: str, password: str) -> str:
    response = client.post("/accounts/login/", {"username": username, "password": password})
    return "redirect" if response.status_code == 302 else text(response)


def checked(page: str) -> bool:
    """The password was compared (and did not match), not refused before."""
    return "do not match" in page


@pytest.mark.django_db
def test_the_delay_doubles_with_each_failure_beyond_five_up_to_five_minutes(
    clock: list[float],
) -> None:
    stranger = Client(REMOTE_ADDR="10.9.9.9")
    for _ in range(FREE_FAILURES):
        assert checked(log_in(stranger, "ana", "wrong"))
    waits = []
    for _ in range(10):
        page = log_in(stranger, "ana", "wrong")
        assert "too many attempts" in page
        assert not checked(page)
        wait = delay_seconds(len(waits) + 1)
        waits.append(wait)
        clock[0] += wait - 1
        assert "too many attempts" in log_in(stranger, "ana", "wrong")  # not yet
        clock[0] += 1
        assert checked(log_in(stranger, "ana", "wrong"))
    assert waits == [2, 4, 8, 16, 32, 64, 128, 256, 300, 300]


@pytest.mark.django_db
def test_the_wait_is_told_in_plain_words(clock: list[float]) -> None:
    stranger = Client(REMOTE_ADDR="10.9.9.9")
    for _ in range(FREE_FAILURES):
        log_in(stranger, "ana", "wrong")
    assert "Please try again in 2 seconds." in log_in(stranger, "ana", "wrong")


@pytest.mark.django_db
def test_the_owner_from_another_address_gets_in_after_a_short_wait(clock: list[float]) -> None:
    get_user_model().objects.create_user("ana", "ana@example.org", PASSWORD)
    stranger = Client(REMOTE_ADDR="10.9.9.9")
    for _ in range(FREE_FAILURES):
        log_in(stranger, "ana", "wrong")
    owner = Client(REMOTE_ADDR="10.1.1.1")
    assert "try again in 2 seconds" in log_in(owner, "ana", PASSWORD)
    clock[0] += 2
    assert log_in(owner, "ana", PASSWORD) == "redirect"
    # Their success cleared the username's count, not the stranger's address's.
    assert checked(log_in(Client(REMOTE_ADDR="10.2.2.2"), "ana", "wrong"))
    assert checked(log_in(stranger, "bea", "wrong"))
    assert "try again in 4 seconds" in log_in(stranger, "cem", "wrong")


@pytest.mark.django_db
def test_successful_logins_from_one_address_do_not_slow_it_down(clock: list[float]) -> None:
    for n in range(FREE_FAILURES + 3):
        get_user_model().objects.create_user(f"runner{n}", password=PASSWORD)
    clinic = Client(REMOTE_ADDR="10.5.5.5")
    log_in(clinic, "runner0", "typo")
    for n in range(FREE_FAILURES + 3):
        assert log_in(Client(REMOTE_ADDR="10.5.5.5"), f"runner{n}", PASSWORD) == "redirect"


@pytest.mark.django_db
def test_the_count_starts_again_in_the_next_hour(clock: list[float]) -> None:
    stranger = Client(REMOTE_ADDR="10.9.9.9")
    for _ in range(FREE_FAILURES):
        log_in(stranger, "ana", "wrong")
    clock[0] += 60 * 60
    assert checked(log_in(stranger, "ana", "wrong"))


ATTACKERS = 40


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs concurrent connections (PostgreSQL); the real-server test covers SQLite",
)
def test_concurrent_wrong_passwords_are_checked_no_more_than_the_limit() -> None:
    get_user_model().objects.create_user("ana", "ana@example.org", PASSWORD)
    pages: list[str] = []
    go = threading.Barrier(ATTACKERS)

    def attack(n: int) -> None:
        try:
            client = Client(REMOTE_ADDR=f"10.7.{n}.1")  # every request from its own address
            go.wait(timeout=20)
            pages.append(log_in(client, "ana", "wrong"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attack, args=(n,), daemon=True) for n in range(ATTACKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(pages) == ATTACKERS
    assert sum(checked(page) for page in pages) == FREE_FAILURES
    assert sum("too many attempts" in page for page in pages) == ATTACKERS - FREE_FAILURES
