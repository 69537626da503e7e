from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "kneewise.web.api"
    label = "kw_api"
    default_auto_field = "django.db.models.BigAutoField"
