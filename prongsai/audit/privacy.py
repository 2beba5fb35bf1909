"""Fields kept out of the audit trail's readers' sight: records whose own pages auditors may not open.

A model lists them in `audit_private_fields` (e.g. the person and reason of a disciplinary record). `snapshot`
leaves them out of new entries; entries written before a field was listed still hold it, since the trail is
append-only, so the audit page and its exports pass every entry through `shown_changes` as well.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from django.apps import apps

HIDDEN = "•••"  # shown in place of a private value, so readers still see that the field changed


@cache
def private_fields(label: str) -> frozenset[str]:
    """The private fields of the model with this label ('app_label.ModelName'); none for unknown labels."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return frozenset()
    return frozenset(getattr(model, "audit_private_fields", ()))


def without_private(values: Mapping[str, Any], label: str) -> dict[str, Any]:
    hidden = private_fields(label)
    return {k: (HIDDEN if k in hidden else v) for k, v in values.items()}


def shown_changes(changes: Mapping[str, Any] | None, label: str) -> dict[str, dict[str, Any]]:
    """An entry's before/after as readers may see them."""
    changes = changes or {}
    return {side: without_private(changes.get(side) or {}, label) for side in ("before", "after")}
