from django.apps import AppConfig


class LearnConfig(AppConfig):
    name = "kneewise.web.learn"
    label = "kw_learn"
    default_auto_field = "django.db.models.BigAutoField"
