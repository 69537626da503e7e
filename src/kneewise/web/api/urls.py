"""/api/: the JSON API (v1/) and the Your data page (account/)."""

from django.urls import URLPattern, URLResolver, include, path

from kneewise.web.api import views
from kneewise.web.api.api import api

app_name = "api"
urlpatterns: list[URLPattern | URLResolver] = [
    path("v1/", api.urls),
    path("account/", views.your_data, name="account"),
    path("account/export/", views.download_export, name="export"),
    path("account/import/", views.upload_export, name="import"),
    path("account/tokens/", views.create_token, name="token-create"),
    path("account/tokens/<int:pk>/revoke/", views.revoke_token, name="token-revoke"),
    path("account/sync/", include("kneewise.web.sync.urls")),
]
