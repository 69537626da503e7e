"""`kneewise user invite --clinician`: a one-time sign-up link for a clinician account."""

from __future__ import annotations

from datetime import UTC, timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from kneewise.core.dates import spoken_date
from kneewise.web.accounts.services import is_clinician
from kneewise.web.clinic.models import ClinicianInvitation
from kneewise.web.runners.models import RunnerProfile
from tests.cli.cli_runner import Cli

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def sign_up(path: str, name: str) -> Client:
    client = Client()
    email = f"{name}@example.org"
    fields = {"username": name, "email": email, "password1": PASSWORD, "password2": PASSWORD}
    query = dict(part.split("=", 1) for part in urlsplit(path).query.split("&") if part)
    client.post("/accounts/signup/", {**fields, **query})
    return client


def invitation(cli: Cli, *options: str) -> str:
    done = cli(
        "user", "invite", "--clinician", "--base-url", "https://kw.example.org", "--json", *options
    )
    assert done.code == 0, done.stderr
    url = str(done.json["url"])
    assert url.startswith("https://kw.example.org/accounts/signup/?invite=")
    assert done.json["expires"] > timezone.now().isoformat()
    return url


def test_the_invitation_link_makes_a_clinician_account_without_a_runner_profile(cli: Cli) -> None:
    url = invitation(cli)
    page = Client().get(urlsplit(url).path + "?" + urlsplit(url).query).content.decode()
    assert "Create your clinician account" in page
    sign_up(url, "dr-lee")
    user = User.objects.get(username="dr-lee")
    assert is_clinician(user)
    assert not RunnerProfile.objects.filter(user=user).exists()


def test_an_invitation_works_once(cli: Cli) -> None:
    url = invitation(cli)
    sign_up(url, "dr-lee")
    sign_up(url, "dr-kim")
    assert is_clinician(User.objects.get(username="dr-lee"))
    assert not is_clinician(User.objects.get(username="dr-kim"))


def test_an_expired_invitation_makes_a_runner_and_says_why(cli: Cli) -> None:
    url = invitation(cli, "--days", "1")
    ClinicianInvitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    page = Client().get(urlsplit(url).path + "?" + urlsplit(url).query).content.decode()
    assert "expired or was already used" in page
    sign_up(url, "dr-late")
    assert not is_clinician(User.objects.get(username="dr-late"))


def test_only_a_hash_of_the_invitation_is_stored(cli: Cli) -> None:
    url = invitation(cli)
    secret = url.rsplit("=", 1)[1]
    assert not ClinicianInvitation.objects.filter(token_hash__contains=secret).exists()


def test_inviting_needs_the_clinician_flag_and_sensible_days(cli: Cli) -> None:
    assert cli("user", "invite").code == 2
    assert cli("user", "invite", "--clinician", "--days", "0").code == 2
    assert cli("user", "invite", "--clinician", "--base-url", "kw.example.org").code == 2


def test_without_json_the_link_and_its_end_are_printed_for_a_person(cli: Cli) -> None:
    done = cli("user", "invite", "--clinician", "--base-url", "https://kw.example.org")
    assert done.code == 0
    lines = done.stdout.splitlines()
    assert lines[-1].startswith("https://kw.example.org/accounts/signup/?invite=")
    until = (timezone.now() + timedelta(days=14)).astimezone(UTC)
    assert f"works once, until {spoken_date(until.date(), year=True)}" in done.stdout
    assert "{" not in done.stdout
