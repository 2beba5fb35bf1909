"""Template helpers of the registers: the one-click evidence links and risk-level classes."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse

register = template.Library()


@register.inclusion_tag("registers/_link_actions.html", takes_context=True)
def link_actions(context: dict[str, Any], obj: Any) -> dict[str, Any]:
    """'Attach as OIT evidence' and 'Add as plan progress' for a @linkable record (contract: core/linking.py).

    Both open the other app's chooser (GET with content_type and object_id); shown to members who may edit.
    """
    access = context.get("access")
    can = context.get("can") or {}
    if access is None or obj is None or not (can.get("edit") or can.get("manage")):
        return {"show": False}
    home = reverse("agency-home", kwargs={"agency": access.agency.slug})
    query = urlencode({"content_type": obj._meta.label_lower, "object_id": obj.pk})
    return {
        "show": True,
        "oit_url": f"{home}oit/attach/?{query}",
        "plan_url": f"{home}plan/attach/?{query}",
        "public_url": obj.evidence_url(),
    }


@register.filter
def level_class(level: str) -> str:
    return f"risk-{level}".replace("_", "-")


@register.filter
def baht(value: Any) -> str:
    try:
        return f"{float(value):,.2f}"
    except (TypeError, ValueError):
        return ""
