"""mypy plugin, listed before django-stubs' in pyproject: that plugin imports the settings,
which create the data dir and its secret key, so they get one inside mypy's cache instead of
the user's. Does nothing when KNEEWISE_DATA_DIR is already set."""

from __future__ import annotations

import os
import tempfile

from mypy.options import Options
from mypy.plugin import Plugin


class DataDirPlugin(Plugin):
    def __init__(self, options: Options) -> None:
        super().__init__(options)
        if os.environ.get("KNEEWISE_DATA_DIR"):
            return
        if options.cache_dir == os.devnull:  # no cache kept: a fresh temporary dir
            data_dir = tempfile.mkdtemp(prefix="kneewise-mypy-")
        else:
            data_dir = os.path.join(os.path.abspath(options.cache_dir), "kneewise-data")
        os.environ["KNEEWISE_DATA_DIR"] = data_dir


def plugin(version: str) -> type[Plugin]:
    return DataDirPlugin
