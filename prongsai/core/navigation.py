"""The main menu. Later apps slot in by adding an entry; an entry shows only when its URL exists."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from prongsai.agencies.access import AgencyAccess, Can


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: str | Promise
    url_name: str
    capability: Can = Can.VIEW


NAV = [
    NavEntry("home", _("Dashboard"), "agency-home"),
    NavEntry("plan", _("Plan"), "plans:index"),
    NavEntry("oit", _("OIT"), "disclosure:index"),
    NavEntry("surveys", _("Surveys"), "surveys:index"),
    NavEntry("results", _("Results"), "results"),
    NavEntry("registers", _("Registers"), "registers:index"),
    NavEntry("complaints", _("Complaints"), "complaints:index"),
    NavEntry("audit", _("Audit trail"), "audit:index", Can.AUDIT),
    NavEntry("settings", _("Settings"), "agency-settings"),
]


def entries_for(access: AgencyAccess) -> list[dict[str, str]]:
    items = []
    for entry in NAV:
        if not access.can(entry.capability):
            continue
        try:
            url = reverse(entry.url_name, kwargs={"agency": access.agency.slug})
        except NoReverseMatch:
            continue  # that part of Prongsai is not installed yet
        items.append({"key": entry.key, "label": str(entry.label), "url": url})
    return items
