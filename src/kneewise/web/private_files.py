"""The data folder holds health data: it and every folder made in it are 0700, every file
0600, whatever the process's umask (a umask of 022 would make them readable by every local
user). Modes are given when a file or folder is created, and existing ones are tightened."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path) -> Path:
    """Make `path` (0700), and its missing parents inside an existing folder, also 0700."""
    if not path.is_dir():
        if not path.parent.is_dir():
            private_dir(path.parent)
        with contextlib.suppress(FileExistsError):  # made just now by another process
            os.mkdir(path, DIR_MODE)
    tighten(path, DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Create `path` empty (0600) if it is missing; tighten it if it exists."""
    # Already there, or its folder is missing (whoever opens it next will say so).
    with contextlib.suppress(FileExistsError, FileNotFoundError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    tighten(path, FILE_MODE)
    return path


def tighten(path: Path, mode: int) -> None:
    """Set `mode` exactly (the umask may have masked it further, or an old install left group
    and other access); a path that is missing, or not ours to change, is left alone."""
    with contextlib.suppress(FileNotFoundError, PermissionError):
        if path.stat().st_mode & 0o777 != mode:
            path.chmod(mode)
