"""A runner's sync id: made when first needed, replaced on request, looked up by its hash."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from kneewise.web.private_files import private_dir
from kneewise.web.sync.models import SyncId, hash_sync_id, new_sync_id


def sync_dir() -> Path | None:
    """The folder that holds every runner's drop folder, or None when folder sync is off."""
    configured = getattr(settings, "KNEEWISE_SYNC_DIR", None)
    return Path(configured) if configured else None


def drop_folder(value: str) -> Path | None:
    """Where files for this sync id are dropped (None when folder sync is off)."""
    root = sync_dir()
    return root / value if root is not None else None


def sync_id_of(owner: User) -> SyncId:
    """The runner's live sync id, made on first use (with its drop folder)."""
    existing = SyncId.objects.filter(owner=owner).first()
    if existing is not None:
        return existing
    value = new_sync_id()
    try:
        with transaction.atomic():
            row = SyncId.objects.create(owner=owner, value=value, value_hash=hash_sync_id(value))
    except IntegrityError:  # made at the same moment by another request
        return SyncId.objects.get(owner=owner)
    _make_folder(row.value)
    return row


def replace_sync_id(owner: User) -> SyncId:
    """A new id; the old one stops working at once (its folder is no longer read, and its
    files are left as they are)."""
    row = sync_id_of(owner)
    row.value = new_sync_id()
    row.value_hash = hash_sync_id(row.value)
    row.save(update_fields=["value", "value_hash", "created_at"])
    _make_folder(row.value)
    return row


def owner_of(value: str) -> User | None:
    """The active runner a sync id belongs to; None for an unknown or replaced id (the same
    work either way: one hash, one indexed query)."""
    row = SyncId.objects.select_related("owner").filter(value_hash=hash_sync_id(value)).first()
    if row is None or not row.owner.is_active:
        return None
    return row.owner


def _make_folder(value: str) -> None:
    folder = drop_folder(value)
    if folder is not None:
        private_dir(folder)  # 0700: only the server (and what it runs, Syncthing) reads it
