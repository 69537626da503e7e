"""Account forms: Django's own auth forms, with plain-language help and login throttling."""

from __future__ import annotations

import zoneinfo
from datetime import time
from functools import cache
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
    UserCreationForm,
)
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from kneewise.web.accounts.throttle import LoginThrottle, wait_text
from kneewise.web.runners.models import RunnerProfile

NEW_PASSWORD_HELP = (
    "At least 8 characters. Not a common password, not only numbers, and not too close to "  # noqa: S105 - help text
    "your username or email address."
)
TIME_ZONE_ERROR = "Please enter a time zone by its name, such as Europe/London or America/New_York."
FIRST_DAY_CHOICES = [(0, "Monday"), (6, "Sunday"), (5, "Saturday")]


class TextInputsMixin:
    """Gives text, email and password boxes the stylesheet's `text` class."""

    fields: dict[str, forms.Field]

    def style_text_inputs(self) -> None:
        for field in self.fields.values():
            if isinstance(field.widget, forms.widgets.Input) and field.widget.input_type in (
                "text",
                "email",
                "password",
            ):
                field.widget.attrs.setdefault("class", "text")


# These bases are generic only in django-stubs: Django 5.2's SetPasswordForm cannot take the
# [User] mypy asks for, ModelForm and UserCreationForm only after django_stubs_ext.monkeypatch().
class SignUpForm(TextInputsMixin, UserCreationForm):  # type: ignore[type-arg]
    """Username, email (for password resets) and a password checked by the validators."""

    email = forms.EmailField(
        label="Email address",
        help_text="Only used to reset your password if you forget it.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    # Filled by the page from the browser's own setting (time-zone.js), so that a 7 am
    # check-in in Sydney lands on Sydney's day; without JavaScript the runner's days are UTC
    # until they choose a zone in Settings (the page says so).
    time_zone = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.taken_email = ""
        self.fields[
            "username"
        ].help_text = "Letters, digits and @ . + - _ only. You log in with it; others never see it."
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password1"].help_text = NEW_PASSWORD_HELP
        self.fields["password2"].label = "Password again"
        self.fields["password2"].help_text = "The same password, to catch typing mistakes."
        self.style_text_inputs()

    def clean_time_zone(self) -> str:
        """The browser's zone if this server knows it, else UTC (never an error: the runner
        did not type it)."""
        value: str = self.cleaned_data.get("time_zone", "").strip()
        return value if value in known_time_zones() else "UTC"

    def clean_email(self) -> str:
        """An address that another account uses is not refused (that would tell anyone who
        has an account): the new account is made without it, and `taken_email` keeps it so
        that the sign-up page can write to its owner instead."""
        email = get_user_model().objects.normalize_email(self.cleaned_data["email"])
        self.taken_email = stored_email(email)
        return "" if self.taken_email else email


def stored_email(email: str) -> str:
    """The address as an account has it stored (in its own letter case), or ""."""
    users = get_user_model().objects.filter(email__iexact=email) if email else None
    found = users.values_list("email", flat=True).first() if users is not None else None
    return str(found or "")


class ThrottledLoginForm(TextInputsMixin, AuthenticationForm):
    """Django's login form; refuses attempts while the username or address is paused."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That username and password do not match. Please check them and try "
        "again; both are case-sensitive.",
        "throttled": "There have been too many attempts to log in, so to keep your account "
        "safe the next one has to wait a little. Please try again in "
        "%(wait)s. If you have forgotten your password, you can reset it.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_text_inputs()

    def clean(self) -> dict[str, Any]:
        throttle = LoginThrottle.for_attempt(self.request, self.cleaned_data.get("username"))
        wait = throttle.claim()
        if wait:
            raise ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"wait": wait_text(wait)},
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            throttle.record_failure()
            raise
        throttle.record_success()
        return cleaned


class PlainPasswordChangeForm(TextInputsMixin, PasswordChangeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = NEW_PASSWORD_HELP
        self.fields["new_password2"].label = "New password again"
        self.style_text_inputs()


class PlainSetPasswordForm(TextInputsMixin, SetPasswordForm):  # type: ignore[type-arg]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = NEW_PASSWORD_HELP
        self.fields["new_password2"].label = "New password again"
        self.style_text_inputs()


class PlainPasswordResetForm(TextInputsMixin, PasswordResetForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].help_text = "The address you signed up with."
        self.style_text_inputs()


@cache
def known_time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@cache
def time_zone_choices() -> tuple[str, ...]:
    """Every zone name for the settings page's searchable list, the usual ones first."""
    names = sorted(known_time_zones())
    usual = [n for n in names if "/" in n and not n.startswith(("Etc/", "SystemV/", "posix/"))]
    return (*usual, "UTC")


REMINDER_CHOICES = [("", "No reminder")] + [
    (f"{hour:02d}:{minute:02d}", f"{hour:02d}:{minute:02d}")
    for hour in range(5, 12)
    for minute in (0, 30)
]


def _time_or_none(value: str) -> time | None:
    return time.fromisoformat(value) if value else None


class ProfileSettingsForm(TextInputsMixin, forms.ModelForm):  # type: ignore[type-arg]
    first_day_of_week = forms.TypedChoiceField(
        label="First day of the week",
        help_text="Weekly running totals start on this day.",
        choices=FIRST_DAY_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )

    reminder_time = forms.TypedChoiceField(
        label="Morning reminder by email",
        required=False,
        choices=REMINDER_CHOICES,
        coerce=_time_or_none,
        empty_value=None,
        help_text="An email at this time on mornings you have not checked in yet. Every email "
        "has a link to stop them.",
    )

    class Meta:
        model = RunnerProfile
        fields = ("units", "time_zone", "first_day_of_week", "show_route_outline", "reminder_time")
        labels = {
            "units": "Distances in",
            "time_zone": "Time zone",
            "show_route_outline": "Show the outline of my route on activity pages",
        }
        help_texts = {
            "time_zone": "Where you are, so that “today” starts at your midnight. "
            "For example Europe/London, America/New_York or Australia/Sydney.",
            "show_route_outline": "A simple line in the shape of where you ran, without a map. "
            "Untick it if you would rather your pages did not show where you run, for example "
            "when you share your screen or a printout.",
        }
        widgets = {
            "units": forms.RadioSelect,
            "time_zone": forms.TextInput(
                attrs={"autocomplete": "off", "spellcheck": "false", "list": "time-zones"}
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_text_inputs()
        reminder = self.instance.reminder_time if self.instance else None
        if reminder is not None and not self.is_bound:
            self.initial["reminder_time"] = f"{reminder:%H:%M}"

    def clean_reminder_time(self) -> time | None:
        value: time | None = self.cleaned_data.get("reminder_time")
        user = self.instance.user if self.instance and self.instance.user_id else None
        if value is not None and user is not None and not user.email:
            raise ValidationError(
                "A reminder needs an email address, and this account has none. Ask whoever "
                "runs this Kneewise to add one."
            )
        return value

    def clean_time_zone(self) -> str:
        value: str = self.cleaned_data["time_zone"].strip()
        if value not in known_time_zones():
            # Also accept a different spelling of a real zone ("europe/london").
            by_case = {name.casefold(): name for name in known_time_zones()}
            value = by_case.get(value.casefold(), "")
        if not value:
            raise ValidationError(TIME_ZONE_ERROR)
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
            raise ValidationError(TIME_ZONE_ERROR) from error
        return value


class DeleteAccountForm(TextInputsMixin, forms.Form):
    """The username typed out and the password: someone at an unlocked computer, or with a
    stolen session, cannot delete the account. Password tries count as login attempts."""

    confirm_username = forms.CharField(
        label="Type your username to confirm",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Your password",
        help_text="The one you log in with, so that nobody else can delete your account.",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(
        self,
        *args: Any,
        user: User,
        request: HttpRequest | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request
        self.fields["confirm_username"].help_text = f"Your username is {user.get_username()}."
        self.style_text_inputs()

    def clean_confirm_username(self) -> str:
        typed: str = self.cleaned_data["confirm_username"]
        if typed.strip() != self.user.get_username():
            raise ValidationError(
                "That is not your username, so nothing has been deleted. Please type it exactly."
            )
        return typed

    def clean_password(self) -> str:
        typed: str = self.cleaned_data["password"]
        throttle = LoginThrottle.for_attempt(self.request, self.user.get_username())
        wait = throttle.claim()
        if wait:
            raise ValidationError(
                "There have been too many attempts with a wrong password, so nothing has been "
                "deleted. Please try again in %(wait)s.",
                params={"wait": wait_text(wait)},
            )
        if not self.user.check_password(typed):
            throttle.record_failure()
            raise ValidationError(
                "That is not your password, so nothing has been deleted. Please check it and "
                "try again; it is case-sensitive."
            )
        throttle.record_success()
        return typed
