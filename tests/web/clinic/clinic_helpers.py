"""Builders for the clinic tests: clinicians, runners who share with them, and revocations."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.test import Client

from kneewise.web.accounts.services import clinician_group
from kneewise.web.clinic.linking import code_of, link, revoke
from kneewise.web.clinic.models import ClinicianLink
from kneewise.web.runners.models import RunnerProfile
from tests.web.daily_helpers import runner_with_plan_started


def clinician(username: str = "dr_lee") -> User:
    user = get_user_model().objects.create_user(username=username, password="a long password")
    user.groups.add(clinician_group())
    return user


def runner_sharing_with(
    physio: User, *, username: str = "ana", days_ago: int = 10
) -> tuple[RunnerProfile, ClinicianLink]:
    """A runner with a plan under way who linked `physio` by their code."""
    profile = runner_with_plan_started(days_ago, username=username)
    return profile, link(profile.user, code_of(physio))


def runner_who_stopped_sharing_with(physio: User, *, username: str = "ana") -> RunnerProfile:
    profile, made = runner_sharing_with(physio, username=username)
    revoke(profile.user, made.pk)
    return profile


def logged_in_as(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client
