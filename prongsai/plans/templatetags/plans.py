"""Display helpers of the plan pages: period labels, status names, responsible units, in the page language."""

from __future__ import annotations

from django import template
from django.utils import translation
from django.utils.translation import gettext as _

from prongsai.plans import rules
from prongsai.plans.models import PlanStatus, WorkStatus

register = template.Library()


def _language() -> str:
    return translation.get_language() or "th"


@register.filter
def period_label(row: object) -> str:
    """A MeasureRow's or Measure's period: ต.ค. 67 – เม.ย. 68, ตลอดปี 68 (Oct 2024 – Apr 2025 in English)."""
    period = getattr(row, "period", None)
    return period.label("arabic", _language()) if period is not None else ""


@register.filter
def status_label(code: str) -> str:
    try:
        return str(WorkStatus(code).label)
    except ValueError:
        return str(PlanStatus(code).label) if code in PlanStatus.values else code


@register.filter
def flag_label(code: str) -> str:
    return {"overdue": _("overdue"), "due_soon": _("due soon")}.get(code, "")


@register.filter
def responsible(row: object) -> str:
    names = list(getattr(row, "responsible", ()))
    if _language() == "en" and names == [rules.ALL_DEPARTMENTS_TH]:
        return rules.ALL_DEPARTMENTS_EN
    return ", ".join(names)
