from django.apps import AppConfig


class RunnersConfig(AppConfig):
    name = "kneewise.web.runners"
    label = "runners"
    verbose_name = "Runners"
    default_auto_field = "django.db.models.BigAutoField"
