"""Fixtures shared by the web tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client, override_settings


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    """A throwaway data folder, so stored originals never land in a shared place."""
    with override_settings(DATA_DIR=tmp_path / "data"):
        yield tmp_path / "data"


@pytest.fixture
def runner() -> AbstractBaseUser:
    return get_user_model().objects.create_user(username="ana", password="a long passphrase")


@pytest.fixture
def logged_in(runner: AbstractBaseUser) -> Client:
    """A browser session logged in as `runner` (pytest-django's `client` stays anonymous)."""
    client = Client()
    client.force_login(runner)
    return client
