from django.urls import URLPattern, URLResolver, path

from kneewise.web.activities import views

app_name = "activities"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.activity_list, name="list"),
    path("upload/", views.upload, name="upload"),
    path("<int:pk>/", views.activity_detail, name="detail"),
]
