"""Backup and restore of a whole installation (design.md §3.6): database rows and originals.

One zip: `manifest.json` (format, row counts per model, every original's SHA-256 and size),
`data.jsonl` (the rows in Django's own serialization, natural keys for users, permissions and
content types) and `files/ab/<sha256>` (the originals). Restore goes into an empty
installation only, checks every member before it writes a row, and loads the rows in one
transaction, so a damaged archive restores nothing.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from django.apps import AppConfig, apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, models, transaction

from kneewise.web.activities.importer import files_dir, stored_path
from kneewise.web.activities.models import ImportJob, StoredFile

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

FORMAT = "kneewise-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.jsonl"  # one row a line: written and loaded a row at a time
# Made again by `migrate` in every installation (content types, permissions), or only
# meaningful on the machine that made them (sessions, the task queue): never backed up.
_NOT_BACKED_UP = frozenset({"contenttypes.contenttype", "auth.permission", "sessions.session"})
_NOT_BACKED_UP_APPS = frozenset({"django_tasks_database"})
_CHUNK = 1 << 20


class BackupError(Exception):
    """A backup that cannot be made or restored; the message is for the operator."""


@dataclass(frozen=True, slots=True)
class BackupSummary:
    """What a backup holds (or a restore put back): rows per model and original files."""

    path: Path
    rows: dict[str, int]
    files: int
    bytes: int
    created_at: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "rows": sum(self.rows.values()),
            "files": self.files,
            "bytes": self.bytes,
            "created_at": self.created_at,
            "models": dict(self.rows),
        }


def backed_up_models() -> list[type[models.Model]]:
    """Every model whose rows a backup holds, in an order loaddata can insert them."""
    chosen = [
        model
        for model in apps.get_models()
        if model._meta.label_lower not in _NOT_BACKED_UP
        and model._meta.app_label not in _NOT_BACKED_UP_APPS
        and model._meta.managed
        and not model._meta.proxy
    ]
    app_list: dict[AppConfig, list[type[models.Model]]] = {}
    for model in chosen:
        app_list.setdefault(apps.get_app_config(model._meta.app_label), []).append(model)
    ordered: list[type[models.Model]] = serializers.sort_dependencies(
        app_list.items(), allow_cycles=True
    )
    return ordered


def _rows(model: type[models.Model]) -> models.QuerySet[Any]:
    rows = model._default_manager.order_by("pk")
    if model is ImportJob:
        # An unfinished job's upload sits in this machine's staging folder, not in the backup.
        rows = rows.filter(status__in=[ImportJob.Status.DONE, ImportJob.Status.FAILED])
    return rows


@contextmanager
def _snapshot() -> Iterator[None]:
    """One consistent view of every table while the backup reads them; imports go on."""
    if connection.in_atomic_block:  # the caller's transaction already is one view
        yield
    elif connection.vendor == "sqlite":
        # A deferred read transaction: one WAL snapshot that writers do not wait for (the
        # settings' IMMEDIATE atomic blocks would lock them out for the whole backup).
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
            try:
                yield
            finally:
                cursor.execute("ROLLBACK")
    else:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield


def write_backup(out: Path) -> BackupSummary:
    """Write the installation's rows and originals to the zip `out` (made whole, then renamed
    into place, readable by its owner only)."""
    out = out.resolve()
    partial = out.with_name(f".{out.name}.partial")
    counts: dict[str, int] = {}
    originals: list[dict[str, Any]] = []
    total_bytes = 0
    created_at = datetime.now(UTC).isoformat(timespec="seconds")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with (
            os.fdopen(fd, "wb") as raw,
            zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive,
            _snapshot(),
        ):
            data_digest = hashlib.sha256()
            with (
                archive.open(DATA, "w", force_zip64=True) as member,
                io.TextIOWrapper(
                    io.BufferedWriter(hashing := _HashingWriter(member, data_digest), _CHUNK),
                    encoding="utf-8",
                ) as text,
            ):
                serializers.serialize(
                    "jsonl",
                    _counted_objects(counts),
                    stream=text,
                    use_natural_foreign_keys=True,
                    use_natural_primary_keys=False,
                )
            for stored in StoredFile.objects.order_by("sha256").iterator():
                size = _add_original(archive, stored.sha256)
                originals.append({"sha256": stored.sha256, "size": size})
                total_bytes += size
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "created_at": created_at,
                "database": connection.vendor,
                "rows": counts,
                "data_sha256": data_digest.hexdigest(),
                "data_bytes": hashing.size,
                "files": originals,
            }
            archive.writestr(MANIFEST, json.dumps(manifest, indent=1))
        partial.replace(out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return BackupSummary(out, counts, len(originals), total_bytes, created_at)


class _HashingWriter(io.RawIOBase):
    """Writes through to `out`, hashing what passes (the rows' SHA-256 for the manifest)."""

    def __init__(self, out: IO[bytes], digest: hashlib._Hash) -> None:
        self._out = out
        self._digest = digest
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: ReadableBuffer) -> int:
        view = memoryview(data)
        self._digest.update(view)
        self._out.write(view)
        self.size += len(view)
        return len(view)


def _counted_objects(counts: dict[str, int]) -> Iterator[models.Model]:
    for model in backed_up_models():
        label = model._meta.label_lower
        counts[label] = 0
        for row in _rows(model).iterator(chunk_size=2000):
            counts[label] += 1
            yield row


def _add_original(archive: zipfile.ZipFile, sha256: str) -> int:
    """Copy one original into the archive, checking it still has the content it is named by."""
    path = stored_path(sha256)
    digest = hashlib.sha256()
    size = 0
    try:
        with path.open("rb") as source, archive.open(_member(sha256), "w", force_zip64=True) as out:
            while chunk := source.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
    except FileNotFoundError as missing:
        raise BackupError(
            f"the original file {sha256} is missing from the data folder"
        ) from missing
    if digest.hexdigest() != sha256:
        raise BackupError(f"the original file {sha256} has changed on disk: its content differs")
    return size


def _member(sha256: str) -> str:
    return f"files/{sha256[:2]}/{sha256}"


def restore_backup(archive_path: Path) -> BackupSummary:
    """Put a backup into this empty installation: every original checked by SHA-256 before
    any row is written, rows in one transaction, files moved in before it commits."""
    try:
        archive = zipfile.ZipFile(archive_path)
    except FileNotFoundError as missing:
        raise BackupError(f"no such file: {archive_path}") from missing
    except (zipfile.BadZipFile, OSError) as damaged:
        raise BackupError("this is not a Kneewise backup, or it is damaged") from damaged
    with archive:
        manifest = _read_manifest(archive)
        _refuse_unless_empty()
        work = Path(tempfile.mkdtemp(prefix="restore-", dir=settings.DATA_DIR))
        try:
            total_bytes = _extract_originals(archive, manifest["files"], work)
            data = work / DATA
            if _extract(archive, DATA, data, manifest["data_bytes"])[0] != manifest["data_sha256"]:
                raise BackupError("the rows in this backup do not match their SHA-256")
            moved: list[Path] = []
            try:
                with transaction.atomic():
                    _load_rows(data)
                    _check_counts(manifest["rows"])
                    moved = _move_originals(manifest["files"], work)
            except BaseException:
                for path in moved:
                    path.unlink(missing_ok=True)
                raise
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return BackupSummary(
        archive_path.resolve(),
        dict(manifest["rows"]),
        len(manifest["files"]),
        total_bytes,
        str(manifest.get("created_at", "")),
    )


def _read_manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    """The manifest, after checking the archive holds exactly the members it names (a member
    named anything else, such as `../../x`, is refused: nothing is ever written outside)."""
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError, zipfile.BadZipFile, OSError) as damaged:
        raise BackupError("this is not a Kneewise backup, or it is damaged") from damaged
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("this is not a Kneewise backup")
    if manifest.get("version") != VERSION:
        raise BackupError(f"this backup's format version {manifest.get('version')!r} is unknown")
    files = manifest.get("files")
    rows = manifest.get("rows")
    if (
        not isinstance(files, list)
        or not isinstance(rows, dict)
        or not isinstance(manifest.get("data_sha256"), str)
        or not isinstance(manifest.get("data_bytes"), int)
    ):
        raise BackupError("this backup's manifest is damaged")
    expected = {MANIFEST, DATA}
    for entry in files:
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("sha256"), str)
            or not re.fullmatch(r"[0-9a-f]{64}", entry["sha256"])
            or not isinstance(entry.get("size"), int)
        ):
            raise BackupError("this backup's manifest is damaged")
        expected.add(_member(entry["sha256"]))
    names = archive.namelist()
    unexpected = sorted(set(names) - expected)
    if unexpected:
        raise BackupError(f"this backup holds a file it should not: {unexpected[0]!r}")
    if len(names) != len(set(names)) or set(names) != expected:
        raise BackupError("this backup is incomplete or damaged: its files do not match its list")
    return manifest


def _refuse_unless_empty() -> None:
    for model in backed_up_models():
        if model._default_manager.exists():
            raise BackupError(
                "this installation is not empty: restore into a new data folder and database"
            )
    if files_dir().exists() and any(p.is_file() for p in files_dir().rglob("*")):
        raise BackupError("this installation already has original files: restore into a new one")


def _extract_originals(archive: zipfile.ZipFile, files: list[dict[str, Any]], work: Path) -> int:
    total = 0
    for entry in files:
        sha256 = entry["sha256"]
        target = work / "files" / sha256
        digest, size = _extract(archive, _member(sha256), target, entry["size"])
        if digest != sha256 or size != entry["size"]:
            raise BackupError(
                f"the original file {sha256} in this backup does not match its SHA-256"
            )
        total += size
    return total


def _extract(archive: zipfile.ZipFile, name: str, target: Path, limit: int) -> tuple[str, int]:
    """Copy one member to `target` (a path this module chose), returning its SHA-256 and size;
    a member that grows past the size the manifest gives it is refused as it grows."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    try:
        with archive.open(name) as source, target.open("wb") as out:
            while chunk := source.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
                if size > limit:
                    raise BackupError(f"this backup is damaged: {name} is larger than listed")
                out.write(chunk)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as damaged:
        raise BackupError(f"this backup is damaged: {name} cannot be read whole") from damaged
    return digest.hexdigest(), size


def _load_rows(data: Path) -> None:
    """Django's loaddata (it resets PostgreSQL's sequences past the restored ids)."""
    try:
        call_command("loaddata", str(data), verbosity=0)
    except (DeserializationError, DatabaseError) as refused:
        raise BackupError(
            "the rows in this backup cannot be loaded (made by another version of Kneewise?)"
        ) from refused


def _check_counts(expected: dict[str, Any]) -> None:
    for model in backed_up_models():
        label = model._meta.label_lower
        found = model._default_manager.count()
        if found != expected.get(label, 0):
            raise BackupError(
                f"this backup's rows do not match its manifest ({label}: {found},"
                f" expected {expected.get(label, 0)})"
            )


def _move_originals(files: list[dict[str, Any]], work: Path) -> list[Path]:
    """Move the checked originals into place (same file system: a rename each)."""
    moved = []
    for entry in files:
        sha256 = entry["sha256"]
        destination = stored_path(sha256)
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(work / "files" / sha256, destination)
        moved.append(destination)
    return moved
