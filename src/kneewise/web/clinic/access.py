"""Who may see a runner's data as a clinician, in one place (design.md §5): a clinician sees a
runner only while that runner's link to them is active. Every clinician page and API route asks
here; anything else is a 404 that says nothing about whether the runner exists."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404

from kneewise.web.accounts.services import is_clinician
from kneewise.web.clinic.models import ClinicianLink
from kneewise.web.runners.models import RunnerProfile


class NotAClinician(PermissionError):
    """A runner (or nobody) asked for a clinician's page."""


def require_clinician(user: User | AnonymousUser) -> User:
    if not isinstance(user, User) or not is_clinician(user):
        raise NotAClinician
    return user


def active_links(clinician: User) -> QuerySet[ClinicianLink]:
    return ClinicianLink.objects.filter(clinician=clinician, revoked_at__isnull=True)


def linked_profiles(clinician: User) -> QuerySet[RunnerProfile]:
    """The runner profiles of everyone who shares with this clinician now."""
    runner_ids = active_links(require_clinician(clinician)).values("runner_id")
    return RunnerProfile.objects.filter(user_id__in=runner_ids).select_related("user")


def linked_profile(clinician: User, runner_id: int) -> RunnerProfile:
    """One runner who shares with this clinician now (checked on every request, so a revoked
    link takes effect at once), or 404."""
    try:
        return linked_profiles(clinician).get(pk=runner_id)
    except RunnerProfile.DoesNotExist:
        raise Http404 from None
