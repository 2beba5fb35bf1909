"""The append-only, hash-chained audit trail of who changed what."""

from __future__ import annotations

import hashlib
import json
from functools import cached_property
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from prongsai.audit.privacy import shown_changes


class AuditEntry(models.Model):
    """One change. `entry_hash` covers this entry's fields and the previous entry's hash."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_entries"
    )
    agency_slug = models.CharField(max_length=60, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    actor_label = models.CharField(_("who"), max_length=200)
    action = models.CharField(_("action"), max_length=60)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    changes = models.JSONField(_("changes"), default=dict)
    at = models.DateTimeField(_("when"))
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    @cached_property
    def shown_changes(self) -> dict[str, dict[str, Any]]:
        """Before/after as the audit page and exports show them: private fields masked (audit/privacy.py)."""
        return shown_changes(self.changes, self.object_type)

    def compute_hash(self) -> str:
        payload = {
            "agency": self.agency_slug,
            "actor": self.actor_label,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "changes": self.changes,
            "at": self.at.isoformat(),
            "previous": self.previous_hash,
        }
        text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()
