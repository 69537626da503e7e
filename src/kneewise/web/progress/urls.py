from django.urls import URLPattern, URLResolver, path

from kneewise.web.progress import views

app_name = "progress"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.progress, name="index"),
]
