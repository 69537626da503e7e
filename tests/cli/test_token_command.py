"""`kneewise token create` (design.md §3.6): a personal access token for the JSON API, made as
the Your data page makes one (shown once, kept only as a hash)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from kneewise.web.api.models import AccessToken
from tests.cli.account_helpers import NOW, START, add_user, profile, write_profile
from tests.cli.cli_runner import Cli

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def on_the_first_day() -> Iterator[None]:
    with mock.patch.object(timezone, "now", return_value=NOW):
        yield


def test_token_create_prints_a_token_and_keeps_only_its_hash(cli: Cli) -> None:
    add_user(cli, "ana")
    done = cli("token", "create", "--user", "ana", "--label", "sync script")
    assert done.code == 0, done.stdout
    assert done.json["user"] == "ana"
    secret = done.json["token"]
    assert secret.startswith("kw_")
    row = AccessToken.objects.get(owner__username="ana")
    assert row.name == "sync script"
    assert row.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {row.name, row.hint, row.token_hash}
    assert "shown this once" in done.stderr


def test_a_created_token_authenticates_get_api_v1_today(cli: Cli, tmp_path: Path) -> None:
    add_user(cli, "ana", "--profile", write_profile(tmp_path, profile()))
    secret = cli("token", "create", "--user", "ana").json["token"]
    response = Client().get("/api/v1/today", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    assert response.json()["date"] == START.isoformat()
    assert Client().get("/api/v1/today", HTTP_AUTHORIZATION="Bearer kw_wrong").status_code == 401


def test_without_a_label_the_token_says_where_it_came_from(cli: Cli) -> None:
    add_user(cli, "ana")
    assert cli("token", "create", "--user", "ana").code == 0
    assert AccessToken.objects.get().name == "command line"


def test_each_token_is_new(cli: Cli) -> None:
    add_user(cli, "ana")
    first = cli("token", "create", "--user", "ana").json["token"]
    second = cli("token", "create", "--user", "ana").json["token"]
    assert first != second
    assert AccessToken.objects.count() == 2


def test_token_create_for_an_unknown_user_is_exit_2_and_creates_no_account(cli: Cli) -> None:
    done = cli("token", "create", "--user", "nobody")
    assert done.code == 2
    assert "nobody" in done.json["error"]
    assert "Traceback" not in done.stderr
    assert not get_user_model().objects.exists()
    assert not AccessToken.objects.exists()


@pytest.mark.parametrize("label", ["", "   ", "x" * 101])
def test_a_label_the_your_data_page_would_refuse_is_exit_2(cli: Cli, label: str) -> None:
    add_user(cli, "ana")
    done = cli("token", "create", "--user", "ana", "--label", label)
    assert done.code == 2
    assert "--label" in done.json["error"]
    assert not AccessToken.objects.exists()
