from django.urls import URLPattern, URLResolver, path

from kneewise.web.learn import views

app_name = "learn"
urlpatterns: list[URLPattern | URLResolver] = [
    path("rules/", views.rule_index, name="rules"),
    path("rules/<str:rule_id>/", views.rule_page, name="rule"),
    path("answers/", views.answers, name="answers"),
]
