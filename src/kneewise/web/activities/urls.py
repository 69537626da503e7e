from django.urls import URLPattern, URLResolver, path

from kneewise.web.activities import import_views, views

app_name = "activities"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.activity_list, name="list"),
    path("upload/", views.upload, name="upload"),
    path("imports/<int:pk>/", import_views.import_job, name="import"),
    path("imports/<int:pk>/retry/", import_views.retry_import, name="import-retry"),
    path("<int:pk>/", views.activity_detail, name="detail"),
]
