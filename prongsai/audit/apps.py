from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "prongsai.audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from prongsai.audit import signals  # noqa: F401 — sign-ins and failed sign-ins are recorded
