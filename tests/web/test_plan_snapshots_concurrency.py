"""Two requests at once on PostgreSQL: a check-in saved while another request replays and
stores the plan never leaves a stale snapshot behind, whichever commits first."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection, connections

from kneewise.web.runners import plan_service, plan_store
from kneewise.web.runners.models import PlanSnapshot
from kneewise.web.runners.plan_service import plan_view
from tests.web.daily_helpers import green_checkin, runner_with_plan_started
from tests.web.plan_helpers import full_replay, snapshot_rows

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs two real connections (PostgreSQL)"
    ),
]
START = date(2026, 3, 2)
TODAY = START + timedelta(days=7)
LATE = START + timedelta(days=3)
WAIT = 20  # seconds: generous, a failing test must not hang


def in_thread(work: Callable[[], Any]) -> threading.Thread:
    def run() -> None:
        try:
            work()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def someone_waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        row = cursor.fetchone()
    return bool(row and row[0])


def a_runner() -> Any:
    runner = runner_with_plan_started(plan_start=START)
    for offset in range(8):
        green_checkin(runner, START + timedelta(days=offset))
    return runner


def assert_no_stale_day(runner: Any) -> None:
    """Whatever is stored equals the plan computed from scratch now."""
    expected = full_replay(runner, TODAY)
    for day, (_, state, plan) in snapshot_rows(runner).items():
        assert (state, plan) == expected[(day - START).days], day


def test_a_check_in_committed_during_the_replay_stops_the_store(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    runner = a_runner()
    replaying, saved = threading.Event(), threading.Event()
    real_prescribe = plan_service.prescribe

    def slow_prescribe(state: Any, day: date) -> Any:
        if day == TODAY:
            replaying.set()
            assert saved.wait(WAIT)
        return real_prescribe(state, day)

    monkeypatch.setattr(plan_service, "prescribe", slow_prescribe)
    reader = in_thread(lambda: plan_view(runner, TODAY))
    assert replaying.wait(WAIT)
    green_checkin(runner, LATE, pain_during=7)  # commits in this connection
    saved.set()
    reader.join(WAIT)
    assert not reader.is_alive()
    assert not PlanSnapshot.objects.filter(owner=runner.user).exists()


def test_a_check_in_arriving_while_snapshots_are_stored_deletes_them_after(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    runner = a_runner()
    storing, check_in_done = threading.Event(), threading.Event()
    real_bulk_create = PlanSnapshot.objects.bulk_create

    def slow_bulk_create(rows: Any, **options: Any) -> Any:
        created = real_bulk_create(rows, **options)
        storing.set()  # inside the storing transaction, holding the profile's row lock
        # Commit only once the check-in has either finished or waits for a lock.
        deadline = time.monotonic() + WAIT
        while not check_in_done.is_set() and not someone_waits_for_a_lock():
            assert time.monotonic() < deadline
            time.sleep(0.02)
        return created

    monkeypatch.setattr(plan_store.PlanSnapshot.objects, "bulk_create", slow_bulk_create)
    reader = in_thread(lambda: plan_view(runner, TODAY))
    assert storing.wait(WAIT)

    def late_check_in() -> None:
        green_checkin(runner, LATE, pain_during=7)  # waits for the row lock, then deletes
        check_in_done.set()

    writer = in_thread(late_check_in)
    reader.join(WAIT)
    writer.join(WAIT)
    assert not reader.is_alive()
    assert not writer.is_alive()
    assert max(snapshot_rows(runner)) < LATE
    assert_no_stale_day(runner)
