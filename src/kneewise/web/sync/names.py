"""Which names in a drop are read, which wait, and which are refused (no Django, no disk).

A drop is written by other programs (Syncthing, Nextcloud, a phone's shortcut): their
temporary names are left alone until the file is renamed into place, and a name that could
reach outside the runner's own folder is refused outright.
"""

from __future__ import annotations

import re

MAX_NAME_BYTES = 255  # the longest file name most file systems take
# Temporary names of the tools that write into drops: a file still being written.
_TEMPORARY_SUFFIXES = (".part", ".tmp", ".partial", ".crdownload")
# The Nextcloud/ownCloud desktop client downloads into "<name>.~<random>", then renames.
_NEXTCLOUD_PARTIAL = re.compile(r"\.~[0-9A-Za-z]+$")
_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def is_temporary(name: str) -> bool:
    """A name that means "not finished yet" or "not for us": hidden files (Syncthing's
    `.syncthing.NAME.tmp`), `~*` (Syncthing on Windows, lock files), Nextcloud's
    `NAME.~abc12`, `*.part`, `*.tmp`."""
    lowered = name.lower()
    return (
        name.startswith((".", "~"))
        or lowered.endswith(_TEMPORARY_SUFFIXES)
        or _NEXTCLOUD_PARTIAL.search(name) is not None
    )


def refusal(name: str) -> str | None:
    """Why a file name is refused (it could reach outside the runner's folder, or is not a
    plain name), or None when it is fine."""
    if not name or name in (".", ".."):
        return "the file has no name"
    if "/" in name or "\\" in name or _DRIVE.match(name):
        return "a file name may not contain a folder or drive (/, \\ or C:)"
    if ".." in name:
        return "a file name may not contain '..'"
    if _CONTROL.search(name):
        return "a file name may not contain control characters"
    if len(name.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES:
        return f"a file name may be at most {MAX_NAME_BYTES} bytes long"
    return None
