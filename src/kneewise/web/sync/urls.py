"""Sync pages, mounted under /api/account/sync/ beside the Your data page."""

from django.urls import URLPattern, path

from kneewise.web.sync import views

app_name = "sync"
urlpatterns: list[URLPattern] = [
    path("replace/", views.replace, name="replace"),
]
