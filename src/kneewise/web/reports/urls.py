from django.urls import URLPattern, URLResolver, path

from kneewise.web.reports import views

app_name = "reports"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.download_report, name="download"),
]
