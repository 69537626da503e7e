from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "kneewise.web.progress"
    label = "kw_progress"
    default_auto_field = "django.db.models.BigAutoField"
