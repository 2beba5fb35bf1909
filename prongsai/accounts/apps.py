from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "prongsai.accounts"
    verbose_name = _("Sign-in and security")

    def ready(self) -> None:
        from prongsai.accounts import checks, signals  # noqa: F401 — registers the checks and login receivers
