from django.apps import AppConfig


class AssessConfig(AppConfig):
    name = "kneewise.web.assess"
    label = "assess"
    verbose_name = "Self-assessment"
