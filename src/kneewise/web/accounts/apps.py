from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kneewise.web.accounts"
    label = "kw_accounts"
    default_auto_field = "django.db.models.BigAutoField"
