"""Operator commands (design.md §3.6): `kneewise user add` and `kneewise token create`."""

from __future__ import annotations

import getpass
import sys
from datetime import UTC
from typing import TYPE_CHECKING, Annotated

import typer

from kneewise.cli.answers import read_json_document
from kneewise.cli.django_app import existing_user, setup_django
from kneewise.cli.onboarding_profile import parse_profile
from kneewise.cli.output import emit_json, fail_usage
from kneewise.core.dates import spoken_date
from kneewise.core.errors import InvalidInput

if TYPE_CHECKING:
    from kneewise.web.runners.models import RunnerProfile

user_app = typer.Typer(help="Accounts: runners and clinicians.", no_args_is_help=True)
token_app = typer.Typer(help="Personal access tokens for the JSON API.", no_args_is_help=True)

DEFAULT_TOKEN_LABEL = "command line"  # noqa: S105 - a label, not a secret


def read_password() -> str:
    """The first line of standard input, without its line ending (a terminal asks, unseen)."""
    if sys.stdin.isatty():
        line = getpass.getpass("Password: ")
    else:
        line = sys.stdin.readline()
        if not line:
            fail_usage("no password: give it as the first line of standard input")
        line = line.removesuffix("\n").removesuffix("\r")
    if not line:
        fail_usage("the password is empty: give it as the first line of standard input")
    return line


@user_app.command("add")
def add_command(
    name: Annotated[str, typer.Argument(help="The user name to log in with.")],
    password_stdin: Annotated[
        bool,
        typer.Option(
            "--password-stdin",
            help="Read the password from the first line of standard input (required).",
        ),
    ] = False,
    email: Annotated[
        str, typer.Option("--email", metavar="E", help="For password resets (optional).")
    ] = "",
    clinician: Annotated[
        bool, typer.Option("--clinician", help="A clinician (no runner profile), not a runner.")
    ] = False,
    time_zone: Annotated[
        str | None,
        typer.Option(
            "--time-zone",
            metavar="TZ",
            help="The runner's time zone, e.g. Europe/Berlin (default UTC).",
        ),
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile",
            metavar="FILE|-",
            help="Complete the runner's onboarding from a JSON object with a plan scenario's "
            "start, runner, triage and function (and optionally akps); - reads it from "
            "standard input after the password line.",
        ),
    ] = None,
) -> None:
    """Create an account, a runner unless --clinician; --profile also onboards the runner."""
    if not password_stdin:
        fail_usage("--password-stdin is required: give the password as the first line of stdin")
    if clinician and profile is not None:
        fail_usage("--profile is for runners: a clinician has no runner profile")
    password = read_password()
    document = None
    if profile is not None:
        try:
            document = read_json_document(profile)
        except InvalidInput as error:
            fail_usage(f"profile: {error}")
    setup_django()

    from django.db import transaction

    from kneewise.web.accounts.services import AccountError, create_account, time_zone_named
    from kneewise.web.onboarding.services import complete_onboarding
    from kneewise.web.runners.access import profile_of

    try:
        parsed = None if document is None else parse_profile(document)
    except InvalidInput as error:
        fail_usage(f"profile: {error}")
    try:
        zone = None if time_zone is None else time_zone_named(time_zone)
        with transaction.atomic():
            user = create_account(name, password, email=email, clinician=clinician)
            result: dict[str, object] = {
                "user": user.get_username(),
                "role": "clinician" if clinician else "runner",
            }
            if not clinician:
                runner = profile_of(user)
                if zone is not None:
                    runner.time_zone = zone
                    runner.save()
                if parsed is not None:
                    complete_onboarding(runner, parsed.answers)
                result |= _onboarding_of(runner)
    except AccountError as error:
        fail_usage(str(error))
    if clinician and zone is not None:
        print(f"Note: {zone} is not kept: a clinician has no runner profile.", file=sys.stderr)
    if parsed is not None and parsed.warnings:
        result["warnings"] = list(parsed.warnings)
        for warning in parsed.warnings:
            print(f"Warning: profile: {warning}", file=sys.stderr)
    emit_json(result)
    print(f"Created the {result['role']} {result['user']}.", file=sys.stderr)


def _onboarding_of(runner: RunnerProfile) -> dict[str, object]:
    """Where the runner's onboarding stands: "triage" (not started), "done" or "stopped"."""
    details: dict[str, object] = {
        "onboarding": runner.onboarding_step,
        "time_zone": runner.time_zone,
    }
    if runner.triage_outcome:
        details["triage_outcome"] = runner.triage_outcome
    if runner.plan_start is not None:
        details["plan_start"] = runner.plan_start.isoformat()
    return details


@user_app.command("invite")
def invite_command(
    clinician: Annotated[
        bool, typer.Option("--clinician", help="Invite a clinician (required: runners sign up).")
    ] = False,
    days: Annotated[int, typer.Option("--days", help="Days the link works (1-90).")] = 14,
    base_url: Annotated[
        str,
        typer.Option(
            "--base-url", metavar="URL", help="This server's address as clinicians reach it."
        ),
    ] = "http://127.0.0.1:8000",
    as_json: Annotated[
        bool, typer.Option("--json", help='Print {"url", "expires"} as JSON on stdout.')
    ] = False,
) -> None:
    """A one-time sign-up link for a new clinician account (--json: {"url", "expires"})."""
    if not clinician:
        fail_usage("--clinician is required: runners sign up without an invitation")
    if not base_url.startswith(("http://", "https://")):
        fail_usage("--base-url must start with http:// or https://")
    setup_django()
    from kneewise.web.clinic.invitations import create_invitation

    try:
        secret, expires = create_invitation(days)
    except ValueError as error:
        fail_usage(str(error))
    url = f"{base_url.rstrip('/')}/accounts/signup/?invite={secret}"
    if as_json:
        emit_json({"url": url, "expires": expires.isoformat(timespec="seconds")})
        return
    until = expires.astimezone(UTC)
    print(
        "A sign-up link for one clinician account; it works once, until "
        f"{spoken_date(until.date(), year=True)} at {until:%H:%M} UTC:\n{url}"
    )


@token_app.command("create")
def create_token_command(
    user: Annotated[str, typer.Option("--user", help="The user (name) the token acts as.")],
    label: Annotated[
        str,
        typer.Option("--label", metavar="L", help="Where you will use it, e.g. 'sync script'."),
    ] = DEFAULT_TOKEN_LABEL,
) -> None:
    """Create a personal access token for the JSON API (Authorization: Bearer ...); the
    token is shown this once and only its hash is kept."""
    setup_django()

    from kneewise.web.api.models import AccessToken

    name = label.strip()
    longest = AccessToken._meta.get_field("name").max_length or 0
    if not 1 <= len(name) <= longest:
        fail_usage(f"--label must have 1 to {longest} characters, got {len(name)}")
    owner = existing_user(user)
    token, secret = AccessToken.issue(owner, name)
    emit_json({"token": secret, "user": owner.get_username(), "label": token.name})
    print(
        "Keep the token secret: it is shown this once and cannot be shown again.",
        file=sys.stderr,
    )


def register(app: typer.Typer) -> None:
    app.add_typer(user_app, name="user")
    app.add_typer(token_app, name="token")
