from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "kneewise.web.onboarding"
    label = "kw_onboarding"
    default_auto_field = "django.db.models.BigAutoField"
