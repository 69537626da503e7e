"""Uploaded files on disk for the importer, named as the runner knows them.

Used by the upload page, the API's upload route and the demo; no view lives here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile

from kneewise.activities.model import FileError
from kneewise.activities.sources import InputFile, InputItem, Skipped
from kneewise.web.private_files import private_dir, private_file


def save_uploads(uploads: Iterable[UploadedFile[bytes]], folder: Path) -> list[Path]:
    """Each upload in its own numbered folder, so two files with one name both survive."""
    paths = []
    for number, upload in enumerate(uploads):
        name = Path(upload.name or "upload").name or "upload"
        path = folder / f"{number:05d}" / name
        private_dir(path.parent)
        with private_file(path).open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        paths.append(path)
    return paths


# An absolute path (POSIX or Windows) not inside a runner's own name ("export.zip!a/1.fit").
_ABSOLUTE_PATH = re.compile(r"(?<![\w.!/\\])(?:[A-Za-z]:)?[/\\][^\s'\"<>|]*")


def without_server_paths(text: str) -> str:
    """`text` with every absolute path cut to its last part: a message a runner reads never
    shows where the server keeps things ("/srv/kw/staging/ab12/x.gpx" → "x.gpx")."""
    return _ABSOLUTE_PATH.sub(lambda m: re.split(r"[/\\]", m.group().rstrip("/\\"))[-1], text)


def relabelled(
    items: Iterable[InputItem], folder: Path, *, numbered: bool = True
) -> Iterator[InputItem]:
    """The inputs named as the runner knows them ("export.zip!a/1.fit"), not by temp path.

    `numbered`: the files sit in numbered folders inside `folder` (see `save_uploads`)."""
    temp_part = re.compile(re.escape(f"{folder}/") + (r"\d{5}/" if numbered else ""))

    def name(text: str) -> str:
        return without_server_paths(temp_part.sub("", text).replace(str(folder), "your upload"))

    for item in items:
        if isinstance(item, InputFile | Skipped):
            yield replace(item, source=name(item.source))
        elif isinstance(item, FileError):
            yield FileError(name(item.source), name(item.error))
        else:  # pragma: no cover - InputItem has no other kinds
            yield item
