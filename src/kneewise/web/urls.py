"""Root URLs. Each app keeps its own urls.py; this file only mounts them."""

from django.urls import include, path

urlpatterns = [
    path("", include("kneewise.web.assess.urls")),
    path("accounts/", include("kneewise.web.accounts.urls")),
    path("start/", include("kneewise.web.onboarding.urls")),
    path("", include("kneewise.web.daily.urls")),
    path("activities/", include("kneewise.web.activities.urls")),
    path("progress/", include("kneewise.web.progress.urls")),
    path("report/", include("kneewise.web.reports.urls")),
    path("api/", include("kneewise.web.api.urls")),
    path("", include("kneewise.web.clinic.urls")),
    path("", include("kneewise.web.learn.urls")),
]

# Django's default 500 page renders without the request, so it would lose the base template's
# "not medical advice" notice; ours renders with it. (404 and the CSRF 403 page already get the
# request and simply use templates/404.html and templates/403_csrf.html.)
handler500 = "kneewise.web.assess.views.server_error"
