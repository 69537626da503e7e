from django.urls import URLPattern, URLResolver, path

from kneewise.web.activities import edit_views, import_views, views

app_name = "activities"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.activity_list, name="list"),
    path("upload/", views.upload, name="upload"),
    path("imports/<int:pk>/", import_views.import_job, name="import"),
    path("imports/<int:pk>/retry/", import_views.retry_import, name="import-retry"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/merge/", edit_views.merge, name="merge"),
    path("<int:pk>/separate/", edit_views.separate_copy, name="separate"),
    path("<int:pk>/delete/", edit_views.delete, name="delete"),
    path("<int:pk>/original/", edit_views.original, name="original"),
]
