"""Template filters for Thai display: B.E. dates, Thai digits, scores. Loaded as builtins."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template
from django.utils import timezone, translation

from prongsai.lib import thaidate

register = template.Library()


@register.filter
def be_date(value: dt.date | dt.datetime | None, style: str = "long") -> str:
    """A date in Buddhist Era in Thai, or Gregorian in English."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    if translation.get_language() == "en":
        return value.strftime("%-d %b %Y") if style != "month" else value.strftime("%b %Y")
    return thaidate.format_date(value, style)


@register.filter
def thai_digits(value: object) -> str:
    return thaidate.thai_digits(value)


@register.filter
def score(value: Decimal | float | None) -> str:
    """A published score with two decimals, or an en dash when there is none."""
    if value is None or value == "":
        return "–"
    return f"{Decimal(str(value)):.2f}"


@register.filter
def fiscal_year_label(value: int) -> str:
    if translation.get_language() == "en":
        return f"FY{value} ({value - 543 - 1}–{str(value - 543)[-2:]})"
    return f"ปีงบประมาณ พ.ศ. {value}"
