from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "kneewise.web.reports"
    label = "kw_reports"
    default_auto_field = "django.db.models.BigAutoField"
