"""Scanning a drop folder: files that stopped growing are claimed, imported once, and moved
to `done/` or `failed/` (with `<name>.txt` saying why).

Several workers may scan one folder: a file is claimed by an atomic rename into a folder of
its own under `.claimed/`, so only one of them imports it. A file is read only once its
size and modification time were the same at two looks, never through a link (lstat, then
O_NOFOLLOW), and never while its name is a temporary one (`names.is_temporary`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User

from kneewise.web.sync.importing import Outcome, import_bytes, log, refused
from kneewise.web.sync.names import is_temporary, refusal

logger = logging.getLogger(__name__)
DONE, FAILED, CLAIMED = "done", "failed", ".claimed"
SETTLE_S = 2.0  # a file must keep its size this long before it is read (first look only)
CLAIM_STALE_S = 600.0  # a claim this old lost its worker: the file goes back to the folder
# Seconds to wait after claiming a file, for the Ctrl-C test only (catching a file mid-way).
TEST_DELAY_VARIABLE = "KNEEWISE_TEST_SYNC_DELAY_S"
Look = tuple[int, int]  # (size, modification time in ns)


@dataclass
class Looks:
    """What a scanner saw last time, per file: a file unchanged since then is complete."""

    seen: dict[Path, tuple[Look, float]] = field(default_factory=dict)  # look, since when


def scan_folder(
    folder: Path,
    owner: User,
    *,
    looks: Looks,
    channel: str,
    settle_s: float = SETTLE_S,
    stop: threading.Event | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Import every complete file in `folder` for `owner`; returns what became of each."""
    stop = stop or threading.Event()
    _recover_claims(folder)
    ready, look = _complete(folder, looks, settle_s, stop)
    outcomes = []
    for name in sorted(ready):
        if stop.is_set():
            break
        outcome = _take(folder, name, look.get(name), owner, channel)
        if outcome is not None:
            outcomes.append(outcome)
            if on_outcome is not None:
                on_outcome(outcome)
    return outcomes


def _complete(
    folder: Path, looks: Looks, settle_s: float, stop: threading.Event
) -> tuple[list[str], dict[str, Look]]:
    """The names seen unchanged at two looks `settle_s` or more apart (the earlier may be the
    scan before), with what was seen; a name first seen now waits `settle_s` for a second."""
    now = time.monotonic()
    look = _look(folder)
    since: dict[str, float] = {}
    for name, seen in look.items():
        before = looks.seen.get(folder / name)
        since[name] = before[1] if before is not None and before[0] == seen else now
    ready = [n for n in look if since[n] < now and now - since[n] >= settle_s]
    waiting = [n for n in look if n not in ready]
    if (
        waiting
        and settle_s > 0
        and not stop.wait(max(settle_s - (now - since[n]) for n in waiting))
    ):
        again, later = _look(folder), time.monotonic()
        for name in waiting:
            if again.get(name) == look[name]:
                ready.append(name)
            elif name in again:
                look[name], since[name] = again[name], later
            else:
                del look[name]
    looks.seen = {p: s for p, s in looks.seen.items() if p.parent != folder}
    looks.seen.update({folder / n: (s, since[n]) for n, s in look.items()})
    return sorted(ready), look


def _look(folder: Path) -> dict[str, Look]:
    """Plain files with usable names, by name; links and refused names are set aside."""
    found: dict[str, Look] = {}
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return found
    for entry in entries:
        name = entry.name
        if is_temporary(name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except FileNotFoundError:
            continue
        if stat.S_ISDIR(info.st_mode):
            continue  # done/, failed/, or anything else: never walked into
        if stat.S_ISLNK(info.st_mode) or not stat.S_ISREG(info.st_mode):
            _set_aside(folder, name, "links and special files are not read")
            continue
        if refusal(name) is not None:
            _set_aside(folder, name, refusal(name) or "")
            continue
        found[name] = (info.st_size, info.st_mtime_ns)
    return found


def _take(folder: Path, name: str, seen: Look | None, owner: User, channel: str) -> Outcome | None:
    """Claim one file, import it, file it under done/ or failed/. None: another worker has
    it, or it changed after the look (it stays for the next scan)."""
    claim = Path(tempfile.mkdtemp(prefix="claim-", dir=_private(folder / CLAIMED)))
    claimed = claim / name
    try:
        os.rename(folder / name, claimed)
    except FileNotFoundError:  # another worker was first
        claim.rmdir()
        return None
    delay = float(os.environ.get(TEST_DELAY_VARIABLE) or 0)
    if delay:
        time.sleep(delay)
    try:
        data = _read(claimed)
    except OSError as error:  # swapped for a link or a special file after the look
        outcome = refused(name, 0, f"the file could not be read safely ({error.strerror})")
        log(owner, outcome, channel)
        _file_away(folder, claimed, outcome)
        return outcome
    if data is None:
        outcome = refused(name, seen[0] if seen else 0, _too_large())
        log(owner, outcome, channel)
    elif seen is not None and len(data) != seen[0]:
        _put_back(folder, claimed)  # still being written: the next scan looks again
        return None
    else:
        try:
            outcome = import_bytes(owner, name, data, channel)
        except Exception:  # the database went away: the file waits in place for the next scan
            logger.exception("a synced file could not be imported")
            _put_back(folder, claimed)
            raise
    _file_away(folder, claimed, outcome)
    return outcome


def _read(path: Path) -> bytes | None:
    """The file's bytes, never through a link, nor from a device or pipe; None: too large."""
    limit = int(settings.KNEEWISE_MAX_UPLOAD_BYTES)
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as source:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(0, "not a plain file")
        data = source.read(limit + 1)
    return None if len(data) > limit else data


def _too_large() -> str:
    return f"the file is larger than {int(settings.KNEEWISE_MAX_UPLOAD_BYTES):,} bytes"


def _file_away(folder: Path, claimed: Path, outcome: Outcome) -> None:
    """Move a claimed file to done/ or failed/ (with `<name>.txt` saying why)."""
    target_dir = _private(folder / (FAILED if outcome.result == "failed" else DONE))
    target = _free_name(target_dir, claimed.name)
    os.rename(claimed, target)
    with contextlib.suppress(OSError):
        claimed.parent.rmdir()
    if outcome.result == "failed":
        target.with_name(target.name + ".txt").write_text(f"{outcome.reason}\n")


def _set_aside(folder: Path, name: str, reason: str) -> None:
    """Move a refused entry (the link itself, never what it points to) to failed/."""
    target = _free_name(_private(folder / FAILED), name if refusal(name) is None else "refused")
    with contextlib.suppress(FileNotFoundError):
        os.rename(folder / name, target)
        target.with_name(target.name + ".txt").write_text(f"{reason}\n")


def _put_back(folder: Path, claimed: Path) -> None:
    with contextlib.suppress(OSError):
        if not (folder / claimed.name).exists():
            os.rename(claimed, folder / claimed.name)
            claimed.parent.rmdir()


def _recover_claims(folder: Path) -> None:
    """Files claimed by a worker that died are put back to be read again."""
    claims = folder / CLAIMED
    cutoff = time.time() - CLAIM_STALE_S
    for claim in claims.iterdir() if claims.is_dir() else []:
        with contextlib.suppress(OSError):
            if claim.lstat().st_ctime < cutoff:
                for claimed in claim.iterdir():
                    _put_back(folder, claimed)
                claim.rmdir()


def _free_name(folder: Path, name: str) -> Path:
    """`name` in `folder`, or `name (2)`, `name (3)`… when a file of that name is there."""
    candidate = folder / name
    stem, dot, suffix = name.partition(".")
    number = 2
    while candidate.exists() or candidate.with_name(candidate.name + ".txt").exists():
        candidate = folder / f"{stem} ({number}){dot}{suffix}"
        number += 1
    return candidate


def _private(path: Path) -> Path:
    with contextlib.suppress(FileExistsError):
        path.mkdir(mode=0o700)
    return path
