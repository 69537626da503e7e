"""The runner's side of sharing: link a physiotherapist by code or invitation link (after
seeing exactly what is shared), revoke, and read the audit trail."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from kneewise.web.accounts.services import is_clinician
from kneewise.web.clinic.audit import trail
from kneewise.web.clinic.forms import LinkCodeForm
from kneewise.web.clinic.linking import (
    SHARED_ITEMS,
    LinkError,
    clinician_for_runners_code,
    display_code,
    link,
    normalised,
    revoke,
    runner_links,
)
from kneewise.web.clinic.sharing import from_physio
from kneewise.web.runners.access import profile_of
from kneewise.web.runners.models import local_today
from kneewise.web.typing import AuthenticatedHttpRequest


def _page(request: AuthenticatedHttpRequest, form: LinkCodeForm, status: int = 200) -> HttpResponse:
    today = local_today(profile_of(request.user))
    context = {
        "links": runner_links(request.user),
        "form": form,
        "trail": trail(request.user),
        "from_physio": from_physio(request.user, today),
        "shared_items": SHARED_ITEMS,
    }
    return render(request, "clinic/sharing.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def sharing(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET: who you share with; POST a code: on to the confirmation page for it."""
    if is_clinician(request.user):
        return redirect("clinic:caseload")
    if request.method != "POST":
        return _page(request, LinkCodeForm())
    form = LinkCodeForm(request.POST)
    if form.is_valid():
        code = normalised(form.cleaned_data["code"])
        try:
            clinician_for_runners_code(request.user, code)
        except LinkError as problem:
            form.add_error("code", str(problem))
        else:
            return redirect("clinic:join", code=code)
    return _page(request, form, status=400)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def join(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """The invitation link: what will be shared with whom; sharing starts only on POST."""
    if is_clinician(request.user):
        return redirect("clinic:caseload")
    try:
        clinician = clinician_for_runners_code(request.user, code)
    except LinkError as problem:
        form = LinkCodeForm({"code": code})
        form.is_valid()
        form.add_error("code", str(problem))
        return _page(request, form, status=404)
    if request.method == "POST":
        link(request.user, code)
        messages.success(
            request,
            f"You now share your knee data with {clinician.get_username()}. "
            "You can stop at any time on this page.",
        )
        return redirect("clinic:sharing")
    context = {
        "clinician": clinician,
        "code": display_code(normalised(code)),
        "shared_items": SHARED_ITEMS,
        "already": any(lk.clinician_id == clinician.pk for lk in runner_links(request.user)),
    }
    return render(request, "clinic/join.html", context)


@never_cache
@login_required
@require_POST
def stop_sharing(request: AuthenticatedHttpRequest, link_id: int) -> HttpResponse:
    revoked = revoke(request.user, link_id)
    if revoked is not None:
        messages.success(
            request,
            f"{revoked.clinician.get_username()} can no longer see your data. "
            "Any plan changes they set end today.",
        )
    return redirect(reverse("clinic:sharing"))
