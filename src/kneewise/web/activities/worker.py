"""The background worker (design.md §3.6, §4): runs queued imports with django-tasks-db's own
worker loop, after picking up jobs whose worker was killed. Several may run at once, in
processes or threads, on the same database."""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import datetime

from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
from django_tasks_db.management.commands.db_worker import Worker

from kneewise.web.activities.jobs import recover_interrupted
from kneewise.web.activities.leftovers import clean_leftovers
from kneewise.web.sync.folder import Looks

logger = logging.getLogger(__name__)
RECOVER_EVERY_S = 60.0


def recover_every_s() -> float:
    """How often a running worker looks for jobs whose worker died: every minute, or twice
    per stale period when that is shorter, so a lost job waits at most 1.5 stale periods."""
    from django.conf import settings

    return max(0.5, min(RECOVER_EVERY_S, settings.IMPORT_STALE_SECONDS / 2))


def make_worker(*, interval: float = 1.0, once: bool = False) -> Worker:
    """django-tasks-db's worker for the default queue; `once`: stop when the queue is empty."""
    return Worker(
        queue_names=[DEFAULT_TASK_QUEUE_NAME],
        interval=interval,
        batch=once,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=not once,
        max_tasks=None,
        worker_id=f"{socket.gethostname()}-{os.getpid()}-{threading.get_ident()}"[:64],
        excluded_queue_names=[],
    )


def run_worker(*, interval: float = 1.0, once: bool = False) -> None:
    """Recover interrupted imports, then work the queue (until it is empty, with `once`)."""
    clean_leftovers()  # uploads a killed process left behind
    recovered = recover_interrupted()
    if recovered:
        logger.warning("%d interrupted import(s) queued again", recovered)
    worker = make_worker(interval=interval, once=once)
    if once:
        sync_tick()
    else:
        _keep_recovering(worker)
        _keep_reminding(worker)
        _keep_syncing(worker)
    worker.run()


def _keep_recovering(worker: Worker) -> None:
    """Now and then (`recover_every_s`), queue again imports whose worker died (another
    machine's, say)."""
    stop = threading.Event()

    def loop() -> None:
        from django.db import close_old_connections

        while worker.running and not stop.wait(recover_every_s()):
            try:
                recover_interrupted()
            except Exception:  # a recovery that fails is tried again next minute
                logger.exception("recovering interrupted imports failed")
            finally:
                close_old_connections()

    threading.Thread(target=loop, name="kneewise-recover", daemon=True).start()


REMIND_EVERY_S = 60.0


def remind_tick(now: datetime | None = None) -> int:
    """One look for morning reminders that are due (issue #12 item 15); how many went out."""
    from kneewise.web.runners.reminders import send_due_reminders

    return send_due_reminders(now or timezone.now())


def _keep_reminding(worker: Worker) -> None:
    """Every minute, send the morning reminders that are due (several workers may do this:
    each reminder is claimed once, runners/reminders.py)."""
    stop = threading.Event()

    def loop() -> None:
        from django.db import close_old_connections

        while worker.running and not stop.wait(REMIND_EVERY_S):
            try:
                remind_tick()
            except Exception:  # a failed look is tried again next minute
                logger.exception("sending morning reminders failed")
            finally:
                close_old_connections()

    threading.Thread(target=loop, name="kneewise-remind", daemon=True).start()


def start_in_thread(*, interval: float = 1.0) -> Worker:
    """A worker beside the web server, in this process (`kneewise serve`): the embedded
    default needs no second command. Returns it, so the caller can stop it."""
    worker = make_worker(interval=interval)
    thread = threading.Thread(
        target=lambda: run_worker_with(worker), name="kneewise-worker", daemon=True
    )
    thread.start()
    return worker


def run_worker_with(worker: Worker) -> None:
    clean_leftovers()
    recover_interrupted()
    _keep_recovering(worker)
    _keep_reminding(worker)
    _keep_syncing(worker)
    worker.run()


def sync_tick(looks: Looks | None = None) -> int:
    """One pass over the runners' drop folders (issue #13), when KNEEWISE_SYNC_DIR is set;
    how many files it took."""
    from kneewise.web.sync.drops import scan_drops

    return len(scan_drops(looks or Looks()))


def _keep_syncing(worker: Worker) -> None:
    """On start and every KNEEWISE_SYNC_INTERVAL seconds, import what arrived in the drop
    folders (several workers may: each file is claimed by one, sync/folder.py)."""
    from django.conf import settings

    if not settings.KNEEWISE_SYNC_DIR:
        return
    stop = threading.Event()
    looks = Looks()

    def loop() -> None:
        from django.db import close_old_connections

        while worker.running:
            try:
                sync_tick(looks)
            except Exception:  # a failed pass is tried again at the next interval
                logger.exception("scanning the sync folders failed")
            finally:
                close_old_connections()
            if stop.wait(settings.KNEEWISE_SYNC_INTERVAL):
                return

    threading.Thread(target=loop, name="kneewise-sync", daemon=True).start()
