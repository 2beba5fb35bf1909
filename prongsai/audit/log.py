"""Writing and verifying the audit trail. Call `record` inside the action's transaction."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from prongsai.audit.models import AuditEntry
from prongsai.audit.privacy import HIDDEN, private_fields

GENESIS = "0" * 64


def _actor_label(actor: Any) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "system"
    return actor.get_username()


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """A JSON-safe dict of a row's concrete fields, for before/after records. A model's `audit_private_fields`
    are written as a mark only (audit/privacy.py): the trail's readers may not see them."""
    private = private_fields(obj._meta.label)
    result: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in private:
            result[field.name] = HIDDEN
            continue
        value = field.value_from_object(obj)
        result[field.name] = value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
    return result


def record(
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    *,
    agency: Any = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    object_type: str = "",
    object_repr: str = "",
) -> AuditEntry:
    """Append one entry, chained to the last one. Serialised by a row lock (PostgreSQL) or the write lock (SQLite)."""
    with transaction.atomic():
        last = AuditEntry.objects.select_for_update().order_by("-id").first()
        entry = AuditEntry(
            agency=agency,
            agency_slug=getattr(agency, "slug", ""),
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            actor_label=_actor_label(actor),
            action=action,
            object_type=object_type or (obj._meta.label if obj is not None else ""),
            object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
            object_repr=(object_repr or (str(obj) if obj is not None else ""))[:300],
            changes={"before": dict(before or {}), "after": dict(after or {})},
            at=timezone.now(),
            previous_hash=last.entry_hash if last else GENESIS,
        )
        entry.entry_hash = entry.compute_hash()
        entry.save()
    return entry


@dataclass(frozen=True)
class ChainBreak:
    entry_id: int
    reason: str


def verify_chain(entries: Iterator[AuditEntry] | None = None) -> ChainBreak | None:
    """The first entry whose hash or link is wrong, or None when the chain is whole."""
    previous = GENESIS
    for entry in entries if entries is not None else AuditEntry.objects.order_by("id").iterator():
        if entry.previous_hash != previous:
            return ChainBreak(entry.id, "its link to the previous entry is broken (an entry was removed or reordered)")
        if entry.compute_hash() != entry.entry_hash:
            return ChainBreak(entry.id, "its content does not match its hash (it was edited)")
        previous = entry.entry_hash
    return None
