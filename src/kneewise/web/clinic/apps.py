from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "kneewise.web.clinic"
    label = "clinic"
    default_auto_field = "django.db.models.BigAutoField"
