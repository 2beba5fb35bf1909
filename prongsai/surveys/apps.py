from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "prongsai.surveys"
    verbose_name = _("IIT and EIT surveys")

    def ready(self) -> None:
        from prongsai.disclosure.signals import oit_entry_completed
        from prongsai.surveys import receivers

        # Guideline 2.3: the OIT year marked complete opens its pulse surveys (disclosure does not import surveys).
        oit_entry_completed.connect(receivers.open_after_oit_entry, dispatch_uid="surveys.open_after_oit_entry")
