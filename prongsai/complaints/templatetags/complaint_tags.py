"""Template helpers of the complaints app (load with {% load complaint_tags %})."""

from __future__ import annotations

from django import template
from django.db.models import Model

register = template.Library()


@register.filter
def linkable_label(record: Model) -> str:
    """'app_label.model', the content_type the evidence contract (core/linking.py) expects."""
    return record._meta.label_lower
