"""Account pages: Django's auth views with our forms and templates, plus sign-up, settings
and account deletion. Every page that shows or changes an account needs a login."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from kneewise.web.accounts.forms import (
    DeleteAccountForm,
    PlainPasswordChangeForm,
    PlainPasswordResetForm,
    PlainSetPasswordForm,
    ProfileSettingsForm,
    SignUpForm,
    ThrottledLoginForm,
    time_zone_choices,
)
from kneewise.web.accounts.limits import WINDOW_SECONDS, reset_mail_allowed, sign_up_attempt
from kneewise.web.accounts.services import delete_account, is_clinician
from kneewise.web.accounts.throttle import clear_username, wait_text
from kneewise.web.clinic import invitations
from kneewise.web.runners.access import profile_of
from kneewise.web.typing import AuthenticatedHttpRequest


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
@never_cache
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("onboarding:start")
    invite = request.POST.get("invite") or request.GET.get("invite") or ""
    if invite and not invitations.is_valid(invite):
        messages.error(
            request,
            "This clinician invitation has expired or was already used. Ask for a new one; "
            "you can still sign up as a runner below.",
        )
        invite = ""
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        attempt = sign_up_attempt(request)
        if attempt.slot is None:
            wait = wait_text(max(1, int(attempt.wait_seconds)))
            messages.error(
                request,
                "There have been many attempts to sign up from your network, so signing up "
                f"is paused for a while. Please try again in {wait}.",
            )
            form = SignUpForm(initial={"username": request.POST.get("username", "")})
        elif form.is_valid():
            attempt.slot.release(WINDOW_SECONDS)
            user = form.save()
            clinician = bool(invite) and invitations.accept(invite, user)
            if not clinician:
                profile = profile_of(user)
                profile.time_zone = form.cleaned_data["time_zone"]
                profile.save()
            if form.taken_email:
                tell_owner_of_email(request, form.taken_email)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("clinic:caseload" if clinician else "onboarding:start")
        elif not form.has_error("username", "unique"):
            attempt.slot.release(WINDOW_SECONDS)
    return render(request, "registration/signup.html", {"form": form, "invite": invite})


def tell_owner_of_email(request: HttpRequest, email: str) -> None:
    """Someone signed up with an address another account uses: tell that account's owner (the
    page itself says nothing, so it never shows who has an account)."""
    context = {"domain": request.get_host(), "protocol": "https" if request.is_secure() else "http"}
    send_mail(
        render_to_string("registration/signup_email_taken_subject.txt").strip(),
        render_to_string("registration/signup_email_taken.txt", context),
        None,
        [email],
    )


class LoginView(auth_views.LoginView):
    authentication_form = ThrottledLoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        """Runners who have not finished onboarding carry on with it; others go to Today."""
        user = self.request.user
        if user.is_authenticated and is_clinician(user):
            return reverse("clinic:caseload")
        if user.is_authenticated and profile_of(user).onboarding_step != "done":
            return reverse("onboarding:start")
        return super().get_default_redirect_url()


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PlainPasswordChangeForm
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordResetView(auth_views.PasswordResetView):
    """Sends the mail within the limits (`limits`); the same answer whatever happened."""

    form_class = PlainPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        if reset_mail_allowed(self.request, form.cleaned_data["email"]):
            return super().form_valid(form)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = PlainSetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: SetPasswordForm[User]) -> HttpResponse:
        response = super().form_valid(form)
        clear_username(form.user.get_username())  # the view's self.user, known set here
        return response


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def profile_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    if is_clinician(request.user):  # no runner profile: only the account itself
        return render(request, "accounts/profile.html", {"clinician": True})
    profile = profile_of(request.user)
    form = ProfileSettingsForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your settings have been saved.")
        return redirect("accounts:profile")
    context = {"form": form, "profile": profile, "time_zones": time_zone_choices()}
    return render(request, "accounts/profile.html", context)


@login_required
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
@never_cache
def delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = DeleteAccountForm(request.POST or None, user=user, request=request)
    if request.method == "POST" and form.is_valid():
        logout(request)
        delete_account(user)
        messages.success(
            request,
            "Your account and everything in it have been deleted. Thank you for trying Kneewise.",
        )
        return redirect("assess:home")
    return render(request, "accounts/delete.html", {"form": form})
