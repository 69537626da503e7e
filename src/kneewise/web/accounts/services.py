"""Accounts: creating one as the sign-up page does (for `kneewise user add`), the clinician
role, and deleting an account with everything it owns, original activity files included."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, Group, User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kneewise.web.accounts.forms import ProfileSettingsForm, SignUpForm
from kneewise.web.activities.curation import drop_unused_originals
from kneewise.web.activities.models import Activity, ImportedFile
from kneewise.web.clinic.changes import end_changes_by
from kneewise.web.runners.access import profile_of
from kneewise.web.runners.models import RunnerProfile

# The clinician role is Django's own: members of this auth group. A clinician has no runner
# profile (no onboarding, no plan).
CLINICIAN_GROUP = "clinician"
# How the sign-up form's fields are called in an account error.
FIELD_NAMES = {
    "username": "name",
    "email": "email",
    "password1": "password",
    "password2": "password",
}


class AccountError(ValueError):
    """An account that cannot be created as asked; the message names the field."""


class _OperatorSignUpForm(SignUpForm):
    """The sign-up page's form and validators, with the email address optional: an operator
    may create an account without one (it is only used for password resets)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].required = False

    def clean_email(self) -> str:
        """The operator is told plainly when an account already uses the address."""
        if not self.cleaned_data.get("email"):
            return ""
        email = super().clean_email()
        if self.taken_email:
            raise ValidationError(
                "An account already uses this email address. Log in, or reset its password."
            )
        return email


def create_account(
    username: str, password: str, *, email: str = "", clinician: bool = False
) -> User:
    """A new account, checked as the sign-up page checks one: the name free and well formed,
    the email (if any) valid and unused, the password through Django's password validators
    (settings.AUTH_PASSWORD_VALIDATORS, with the name and email as the page passes them).

    A clinician joins the CLINICIAN_GROUP; anyone else is a runner, with a runner profile
    (onboarding not started), as after signing up. AccountError when it cannot be created.
    """
    form = _OperatorSignUpForm(
        {"username": username, "email": email, "password1": password, "password2": password}
    )
    if not form.is_valid():
        raise AccountError(_problems(form.errors.as_data()))
    try:
        with transaction.atomic():
            user: User = form.save()
            if clinician:
                user.groups.add(clinician_group())
            else:
                profile_of(user)  # as the sign-up page does
    except IntegrityError:  # signed up at the same moment by someone else
        raise AccountError(f"name: the name {username!r} is taken") from None
    return user


def clinician_group() -> Group:
    group, _ = Group.objects.get_or_create(name=CLINICIAN_GROUP)
    return group


def is_clinician(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.groups.filter(name=CLINICIAN_GROUP).exists())


def time_zone_named(name: str) -> str:
    """The time zone as the settings page accepts it (its name in any letter case), or
    AccountError."""
    form = ProfileSettingsForm(
        {"units": RunnerProfile.Units.KM, "time_zone": name, "first_day_of_week": 0}
    )
    if not form.is_valid():
        problem = _problems(form.errors.as_data(), prefix=f"time zone {name!r} is unknown")
        raise AccountError(problem)
    zone: str = form.cleaned_data["time_zone"]
    return zone


def _problems(errors: dict[str, list[ValidationError]], prefix: str = "") -> str:
    parts = []
    for field, problems in errors.items():
        label = prefix or FIELD_NAMES.get(field, field)
        words = " ".join(message for problem in problems for message in problem.messages)
        parts.append(f"{label}: {words}")
    return "; ".join(parts)


def delete_account(user: User) -> int:
    """Delete the user, every row they own, and original files no other runner uses.

    Rows that point at the user (profile, check-ins, AKPS scores, activities, imports, …) go
    with it through their CASCADE foreign keys. Original files are stored once by content and
    may be shared with another runner who imported the same file: only files left without any
    reference are removed, rows first and then, once the transaction has committed, from disk.
    Returns how many original files were removed.
    """
    with transaction.atomic():
        end_changes_by(user)  # a clinician's holds and caps would outlive them otherwise
        file_ids = set(Activity.objects.filter(owner=user).values_list("file_id", flat=True))
        file_ids |= set(ImportedFile.objects.filter(owner=user).values_list("file_id", flat=True))
        user.delete()
        return drop_unused_originals(file_ids)
