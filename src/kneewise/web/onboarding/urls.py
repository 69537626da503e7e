from django.urls import path

from kneewise.web.onboarding import baseline_views, result_views, views

app_name = "onboarding"
urlpatterns = [
    path("", views.start, name="start"),
    path("triage/", views.triage, name="triage"),
    path("triage/result/", result_views.triage_result_page, name="triage-result"),
    path("knee-score/result/", result_views.knee_score_result, name="akps-result"),
    path("knee-score/", views.akps, name="akps"),
    path("pain-and-you/", views.baseline, name="baseline"),
    path("running/", views.running, name="running"),
    path("cadence/", views.cadence, name="cadence"),
    path("see-a-clinician/", views.stopped, name="stopped"),
    path("your-running/", baseline_views.your_running, name="your-running"),
]
