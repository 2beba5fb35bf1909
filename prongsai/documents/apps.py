from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "prongsai.documents"
    verbose_name = _("Documents and exports")

    def ready(self) -> None:
        # Each app declares its downloadable kinds in its own `exports.py`.
        autodiscover_modules("exports")
