"""Deleting an account and everything it owns, original activity files included."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from kneewise.web.activities.importer import stored_path
from kneewise.web.activities.models import Activity, ImportedFile, StoredFile

logger = logging.getLogger(__name__)


def delete_account(user: AbstractBaseUser) -> int:
    """Delete the user, every row they own, and original files no other runner uses.

    Rows that point at the user (profile, check-ins, AKPS scores, activities, imports, …) go
    with it through their CASCADE foreign keys. Original files are stored once by content and
    may be shared with another runner who imported the same file: only files left without any
    reference are removed, rows first and then, once the transaction has committed, from disk.
    Returns how many original files were removed.
    """
    with transaction.atomic():
        file_ids = set(Activity.objects.filter(owner=user).values_list("file_id", flat=True))
        file_ids |= set(ImportedFile.objects.filter(owner=user).values_list("file_id", flat=True))
        user.delete()
        orphans = StoredFile.objects.filter(id__in=file_ids, activities__isnull=True).exclude(
            id__in=ImportedFile.objects.values("file_id")
        )
        digests = list(orphans.values_list("sha256", flat=True))
        orphans.delete()
        paths = [stored_path(digest) for digest in digests]
        transaction.on_commit(lambda: _remove_files(paths))
    return len(digests)


def _remove_files(paths: Iterable[Path]) -> None:
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError as error:  # a leftover file is harmless; a failed deletion page is not
            logger.warning("could not remove %s: %s", path.name, type(error).__name__)
            continue
        with contextlib.suppress(OSError):
            path.parent.rmdir()  # the two-letter folder, only if now empty
