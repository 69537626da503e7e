"""Who may see what, in one place: every runner view and API route asks here (design.md §5)."""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Manager, Model, QuerySet
from django.http import Http404

from kneewise.web.runners.models import RunnerProfile

M = TypeVar("M", bound=Model)


def owned(user: User | AnonymousUser, queryset: QuerySet[M] | Manager[M]) -> QuerySet[M]:
    """The rows of `queryset` that belong to `user` (field `owner`); none for anonymous."""
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(owner=user)


def get_owned(user: User | AnonymousUser, queryset: QuerySet[M], **lookup: object) -> M:
    """One of the user's own rows, or 404 — never someone else's (no hint that it exists)."""
    try:
        return owned(user, queryset).get(**lookup)
    except ObjectDoesNotExist:  # the model's own DoesNotExist, which the stubs cannot name
        raise Http404 from None


def profile_of(user: User) -> RunnerProfile:
    """The runner's profile, created on first use."""
    profile, _ = RunnerProfile.objects.get_or_create(user=user)
    return profile
