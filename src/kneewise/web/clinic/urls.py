"""/sharing/ (a runner's links to clinicians) and /clinic/ (a clinician's pages)."""

from django.urls import URLPattern, path

from kneewise.web.clinic import clinician_views, runner_views

app_name = "clinic"
urlpatterns: list[URLPattern] = [
    path("sharing/", runner_views.sharing, name="sharing"),
    path("sharing/join/<str:code>/", runner_views.join, name="join"),
    path("sharing/<int:link_id>/stop/", runner_views.stop_sharing, name="stop"),
    path("clinic/", clinician_views.caseload, name="caseload"),
    path("clinic/code/", clinician_views.new_code, name="new-code"),
    path("clinic/runners/<int:runner_id>/", clinician_views.runner, name="runner"),
    path("clinic/runners/<int:runner_id>/report/", clinician_views.report, name="report"),
    path("clinic/runners/<int:runner_id>/notes/", clinician_views.note, name="note"),
    path("clinic/runners/<int:runner_id>/overrides/", clinician_views.override, name="override"),
    path(
        "clinic/runners/<int:runner_id>/overrides/<int:override_id>/end/",
        clinician_views.end,
        name="end-override",
    ),
]
