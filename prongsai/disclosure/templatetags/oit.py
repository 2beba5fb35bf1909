"""Template filters of the OIT pages: status and verdict labels and their badge classes."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from prongsai.disclosure.models import ItemStatus

register = template.Library()

STATUS_CLASS = {
    "todo": "text-bg-secondary",
    "drafted": "text-bg-info",
    "submitted": "text-bg-primary",
    "returned": "text-bg-warning",
    "approved": "text-bg-success",
    "published": "text-bg-dark",
}
VERDICTS = {
    "ok": _("OK"),
    "stale": _("Not of this fiscal year"),
    "no_date": _("No date found"),
    "keywords_missing": _("Key words missing"),
    "too_large": _("Too large"),
    "broken": _("Broken link"),
    "redirect_loop": _("Redirect loop"),
    "too_many_redirects": _("Too many redirects"),
    "timeout": _("No answer (timeout)"),
    "unreachable": _("Cannot connect"),
    "wrong_type": _("Wrong content type"),
    "refused": _("Not checked (address refused)"),
    "error": _("Error"),
}
SEVERITY_CLASS = {"ok": "text-bg-success", "warning": "text-bg-warning", "error": "text-bg-danger"}


@register.filter
def status_label(value: str) -> str:
    return str(ItemStatus(value).label) if value in ItemStatus.values else value


@register.filter
def status_class(value: str) -> str:
    return STATUS_CLASS.get(value, "text-bg-secondary")


@register.filter
def verdict_label(value: str) -> str:
    return str(VERDICTS.get(value, value))


@register.filter
def severity_class(value: str) -> str:
    return SEVERITY_CLASS.get(value, "text-bg-secondary")


@register.filter
def get_item(mapping: dict, key: str) -> object:
    return mapping.get(key, "") if mapping else ""


@register.filter
def filesize(value: int | None) -> str:
    if not value:
        return ""
    if value < 1024 * 1024:
        return f"{max(1, round(value / 1024))} KB"
    return f"{value / (1024 * 1024):.1f} MB"


@register.filter
def be_datetime(value: object) -> str:
    """A moment as '29 พ.ย. 68 14:05' (B.E.) in Thai, '29 Nov 2025 14:05' in English."""
    import datetime as dt

    from django.utils import timezone, translation

    from prongsai.lib import thaidate

    if not isinstance(value, dt.datetime):
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    if translation.get_language() == "en":
        return local.strftime("%-d %b %Y %H:%M")
    return f"{thaidate.format_date(local, 'short')} {local:%H:%M}"


@register.filter
def person(user: object, empty: str = "–") -> str:
    """A user's full name, else the user name; `empty` when there is nobody."""
    if user is None:
        return empty
    return user.get_full_name() or user.get_username()  # type: ignore[attr-defined]


HISTORY = {"assign": _("Assigned"), "carry": _("Carried forward from last year")}


@register.filter
def history_label(action: str) -> str:
    return str(HISTORY.get(action, action))


@register.filter
def check_details(result: object) -> str:
    """'HTTP 200 · 2 redirects · application/pdf · 13 KB' for one check result (fetched URLs only)."""
    from django.utils.translation import ngettext

    parts = []
    if getattr(result, "status_code", None):
        parts.append(f"HTTP {result.status_code}")  # type: ignore[attr-defined]
    redirects = getattr(result, "redirects", 0)
    if redirects:
        parts.append(ngettext("%(n)s redirect", "%(n)s redirects", redirects) % {"n": redirects})
    if getattr(result, "url", "") and getattr(result, "content_type", ""):
        parts.append(result.content_type.split(";")[0])  # type: ignore[attr-defined]
    if getattr(result, "size", None):
        parts.append(filesize(result.size))  # type: ignore[attr-defined]
    return " · ".join(parts)
