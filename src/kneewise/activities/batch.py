"""Decoding many inputs on every core: the main process reads, workers decode and summarise.

Readers hold open zips and cannot be pickled, so bytes travel to the workers; at most a few
files are in flight at once, so memory stays flat whatever the size of the export. Workers
die with the process that started them (`_die_with_parent`): a killed `kneewise import` leaves
no decoder behind.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

from kneewise.activities.decode import Decoded, decode_input
from kneewise.activities.hints import ActivityHint
from kneewise.activities.limits import Limits
from kneewise.activities.model import ActivitySummary, DecodeError, FileError
from kneewise.activities.sources import InputFile, InputItem, Skipped
from kneewise.activities.summary import summarize

INLINE_BELOW = 4  # for a handful of files, starting worker processes costs more than it saves
PARENT_CHECK_S = 0.5  # how often a worker looks whether its parent is still there
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def free_cores() -> int:
    """The cores this process may run on (its affinity, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def decoding_workers(*, storing: bool) -> int:
    """How many processes decode: every free core, less the one that stores rows while the
    others decode (an import). Measured on 2 cores, 1,500 files: decoding in the storing
    process beat two decoders (5.7 s against 7.0 s), the pickling costing more than it saved.
    """
    return max(1, free_cores() - (1 if storing else 0))


@dataclass(frozen=True, slots=True)
class Job:
    """One file's bytes and what is needed to decode them; picklable."""

    source: str
    name: str
    data: bytes
    limits: Limits
    hint: ActivityHint | None
    candidates: tuple[ActivityHint, ...]


@dataclass(frozen=True, slots=True)
class Summarised:
    """The activities of one file, summarised, each with its export hint (or None)."""

    source: str
    size: int
    activities: tuple[tuple[ActivitySummary, ActivityHint | None], ...]


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A file seen before (same content), skipped without decoding."""

    source: str
    size: int


Event = Summarised | Skipped | FileError | Duplicate
Payload = tuple[InputFile, bytes]


def process(job: Job) -> Summarised | Skipped | FileError:
    """Decode and summarise one file; runs in a worker process."""
    item = InputFile(
        job.source,
        job.name,
        len(job.data),
        job.limits,
        lambda: job.data,
        job.hint,
        job.candidates,
    )
    result = decode_input(item)
    if not isinstance(result, Decoded):
        return result
    try:
        summaries = tuple(summarize(streams) for streams in result.activities)
    except Exception as exc:  # one file's bad numbers must not abort an import
        return FileError(job.source, f"internal error while summarising: {exc}")
    return Summarised(job.source, len(job.data), tuple(zip(summaries, result.hints, strict=True)))


def run_batch(
    items: Iterable[InputItem],
    *,
    workers: int | None = None,
    is_duplicate: Callable[[InputFile, bytes], bool] | None = None,
    total_hint: int | None = None,
) -> Iterator[Event]:
    """Decode every input, yielding one event per item as soon as it is known.

    `is_duplicate(item, data)` lets a caller skip content it already has, before decoding.
    """
    workers = workers or decoding_workers(storing=False)
    inline = workers == 1 or (total_hint is not None and total_hint < INLINE_BELOW)
    jobs = _jobs(items, is_duplicate)
    if inline:
        for event in jobs:
            yield process(event) if isinstance(event, Job) else event
        return
    context = multiprocessing.get_context()
    forks = context.get_start_method() == "fork"  # else a fork server is the workers' parent
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_die_with_parent,
        initargs=(os.getpid(), forks),
    ) as pool:
        pending: list[Future[Summarised | Skipped | FileError]] = []
        for event in jobs:
            if not isinstance(event, Job):
                yield event
                continue
            pending.append(pool.submit(process, event))
            # Keep a couple of files per worker in flight: busy cores, bounded memory.
            while len(pending) >= 2 * workers:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()


def _die_with_parent(parent: int, forked: bool) -> None:
    """A worker's initializer: end this process when the one that started it ends.

    A worker blocks on its task queue, whose pipe it shares with its siblings, so it never
    sees the parent go. On Linux the kernel kills it (PR_SET_PDEATHSIG); everywhere, a thread
    also exits it once the parent pid changes (covers a parent that died before the prctl).
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl (an unusual libc): the thread remains
            pass
    started_by = os.getppid()
    if forked and started_by != parent:
        os._exit(1)  # the parent died between the fork and here
    threading.Thread(
        target=_exit_when_orphaned, args=(started_by,), name="parent-watch", daemon=True
    ).start()


def _exit_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_S)
    os._exit(1)  # orphaned: the import it worked for is gone


def _jobs(
    items: Iterable[InputItem], is_duplicate: Callable[[InputFile, bytes], bool] | None
) -> Iterator[Job | Skipped | FileError | Duplicate]:
    for item in items:
        if not isinstance(item, InputFile):
            yield item
            continue
        try:
            data = item.read()
        except DecodeError as exc:
            yield FileError(item.source, str(exc))
            continue
        except OSError as exc:
            yield FileError(item.source, f"cannot read: {exc.strerror or exc}")
            continue
        if is_duplicate is not None and is_duplicate(item, data):
            yield Duplicate(item.source, len(data))
            continue
        yield Job(item.source, item.name, data, item.limits, item.hint, item.candidates)
