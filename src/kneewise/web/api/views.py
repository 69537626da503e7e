"""The Your data page: download an export, re-import one, and manage access tokens."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from kneewise.units import counted
from kneewise.web.accounts.services import is_clinician
from kneewise.web.api.api import export_response
from kneewise.web.api.models import AccessToken
from kneewise.web.reports.forms import ReportForm
from kneewise.web.runners.access import get_owned, owned
from kneewise.web.runners.portability import PortabilityError, import_export, is_empty_account
from kneewise.web.typing import AuthenticatedHttpRequest


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Token name",
        max_length=100,
        help_text="Where you will use it, e.g. “my sync script” or “phone”.",
    )


class ImportForm(forms.Form):
    export = forms.FileField(
        label="Kneewise export (.zip)",
        help_text="A zip downloaded from this page, from this or another Kneewise.",
    )


def _page(
    request: AuthenticatedHttpRequest,
    *,
    token_form: TokenForm | None = None,
    import_form: ImportForm | None = None,
    new_secret: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "tokens": owned(request.user, AccessToken.objects.all()),
        "token_form": token_form or TokenForm(),
        "import_form": import_form or ImportForm(),
        "can_import": is_empty_account(request.user),
        "new_secret": new_secret,
        # The physio report is of a runner's own data: a clinician has none.
        "report_form": None if is_clinician(request.user) else ReportForm(),
    }
    return render(request, "api/your_data.html", context, status=status)


@never_cache
@login_required
@require_GET
def your_data(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _page(request)


@never_cache
@login_required
@require_GET
def download_export(request: AuthenticatedHttpRequest) -> FileResponse:
    return export_response(request.user)


@never_cache
@login_required
@require_POST
def upload_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            counts = import_export(request.user, form.cleaned_data["export"])
        except PortabilityError as exc:
            form.add_error("export", str(exc))
        else:
            parts = (
                counted(counts["check_ins"], "check-in"),
                counted(counts["akps"], "knee score"),
                counted(counts["activities"], "activity", "activities"),
                counted(counts["files"], "original file"),
            )
            messages.success(request, f"Imported {', '.join(parts[:3])} and {parts[3]}.")
            return redirect("api:account")
    return _page(request, import_form=form, status=400)


@never_cache
@login_required
@require_POST
def create_token(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, token_form=form, status=400)
    _, secret = AccessToken.issue(request.user, form.cleaned_data["name"])
    return _page(request, new_secret=secret)  # shown this once, never stored


@never_cache
@login_required
@require_POST
def revoke_token(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseRedirect:
    token = get_owned(request.user, AccessToken.objects.all(), pk=pk)
    token.revoke()
    messages.success(request, f"Revoked the token “{token.name}”. Scripts using it now get 401.")
    return HttpResponseRedirect(reverse("api:account") + "#tokens")
