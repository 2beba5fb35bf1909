"""The audit trail as XLSX/CSV (`audit-log`): who did what, when, before and after."""

from __future__ import annotations

import json

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prongsai.agencies.access import Can
from prongsai.audit.queries import AuditFilter, entries_for_agency
from prongsai.documents.registry import Document, DocumentRequest, register
from prongsai.documents.xlsx import csv_bytes, workbook

COLUMNS = ["id", "at", "actor", "action", "object_type", "object_id", "object", "before", "after", "entry_hash"]


def audit_rows(request: DocumentRequest) -> list[list[object]]:
    entries = AuditFilter.from_params(request.options, request.fiscal_year).apply(entries_for_agency(request.agency))
    rows = []
    for entry in entries.order_by("id").iterator(chunk_size=2000):
        changes = entry.shown_changes
        rows.append(
            [
                entry.id,
                timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"),
                entry.actor_label,
                entry.action,
                entry.object_type,
                entry.object_id,
                entry.object_repr,
                _json(changes.get("before")),
                _json(changes.get("after")),
                entry.entry_hash,
            ]
        )
    return rows


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str) if value else ""


@register(
    "audit-log",
    _("Audit trail"),
    ("xlsx", "csv"),
    needs_year=False,
    options_help="action=PREFIX. or exact action, actor=USERNAME, q=TEXT, from=YYYY-MM-DD, to=YYYY-MM-DD",
    permitted=lambda access: access.can(Can.AUDIT),  # coordinators and auditors, as the audit pages
)
def audit_log(request: DocumentRequest) -> Document:
    rows = audit_rows(request)
    suffix = f"-{request.fiscal_year}" if request.fiscal_year else ""
    name = f"audit-log-{request.agency.slug}{suffix}.{request.format}"
    if request.format == "csv":
        return Document(csv_bytes(COLUMNS, rows), name, "csv")
    return Document(workbook([("audit", COLUMNS, rows)]), name, "xlsx")
