"""Send to watch: today's run as a FIT workout file (design.md §3.8), from `plan_view`."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from kneewise.activities.fit.workout_encode import encode_workout
from kneewise.core.plan.workout import NoRunToday, workout_for
from kneewise.web.daily.views import runner_with_plan
from kneewise.web.runners.models import RunnerProfile, local_today
from kneewise.web.runners.plan_service import plan_view
from kneewise.web.typing import AuthenticatedHttpRequest

FIT_CONTENT_TYPE = "application/vnd.ant.fit"


@require_safe
@runner_with_plan
def today_workout(request: AuthenticatedHttpRequest, profile: RunnerProfile) -> HttpResponse:
    """The runner's own run of today; 404 when today has no run (or no plan yet)."""
    day = local_today(profile)
    plan = plan_view(profile, day, ahead=1).day(day)
    if plan is None:
        raise Http404("Your plan has not started yet.")
    try:
        workout = workout_for(plan)
    except NoRunToday as error:
        raise Http404(str(error)) from None
    response = HttpResponse(
        encode_workout(workout, created=timezone.now()), content_type=FIT_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="kneewise-{day.isoformat()}.fit"'
    response["Cache-Control"] = "private, no-store"
    return response
