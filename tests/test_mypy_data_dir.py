"""Type checking imports the Django settings (django-stubs' plugin); they must not create a data
dir or secret key in the user's data dir."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest
from mypy.options import Options
from tools.mypy_data_dir import DataDirPlugin

ROOT = Path(__file__).resolve().parent.parent


def _options(cache_dir: str) -> Options:
    options = Options()
    options.cache_dir = cache_dir
    return options


def test_the_data_dir_plugin_runs_before_djangos() -> None:
    plugins = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]["plugins"]
    assert plugins.index("tools/mypy_data_dir.py") < plugins.index("mypy_django_plugin.main")


def test_without_a_data_dir_the_settings_get_one_inside_the_mypy_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("KNEEWISE_DATA_DIR", raising=False)
    DataDirPlugin(_options(str(tmp_path / ".mypy_cache")))
    assert os.environ["KNEEWISE_DATA_DIR"] == str(tmp_path / ".mypy_cache" / "kneewise-data")


def test_a_data_dir_already_given_is_kept(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KNEEWISE_DATA_DIR", str(tmp_path / "mine"))
    DataDirPlugin(_options(str(tmp_path / ".mypy_cache")))
    assert os.environ["KNEEWISE_DATA_DIR"] == str(tmp_path / "mine")


def test_with_no_cache_kept_the_settings_get_a_fresh_temporary_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("KNEEWISE_DATA_DIR", raising=False)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    DataDirPlugin(_options(os.devnull))
    given = Path(os.environ["KNEEWISE_DATA_DIR"])
    assert given.parent == tmp_path
    assert given.name.startswith("kneewise-mypy-")
