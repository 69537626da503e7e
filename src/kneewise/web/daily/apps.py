from django.apps import AppConfig


class DailyConfig(AppConfig):
    name = "kneewise.web.daily"
    label = "kw_daily"
    default_auto_field = "django.db.models.BigAutoField"
