from django.urls import URLPattern, URLResolver

app_name = "daily"
urlpatterns: list[URLPattern | URLResolver] = []
