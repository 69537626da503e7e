from django.urls import path

from kneewise.web.assess import install_views, views

app_name = "assess"

urlpatterns = [
    path("", views.home, name="home"),
    path("triage/", views.triage, name="triage"),
    path("akps/", views.akps, name="akps"),
    # No trailing slash: monitoring configs are typed by hand and this is the common spelling.
    path("healthz", views.healthz, name="healthz"),
    path("manifest.webmanifest", install_views.manifest, name="manifest"),
    path("sw.js", install_views.service_worker, name="service-worker"),
    path("offline/", install_views.offline, name="offline"),
]
