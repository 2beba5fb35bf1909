"""Which audit entries an agency's coordinators and auditors may read, and the page's filters (no HTTP)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from prongsai.agencies.models import Agency, Membership
from prongsai.audit.models import AuditEntry
from prongsai.lib.thaidate import fiscal_year_bounds


def entries_for_agency(agency: Agency) -> QuerySet[AuditEntry]:
    """The agency's own entries plus the sign-in events of its members (those carry no agency)."""
    member_ids = Membership.objects.filter(agency=agency).values_list("user_id", flat=True)
    member_keys = [str(pk) for pk in member_ids]
    return AuditEntry.objects.filter(
        Q(agency=agency) | Q(agency__isnull=True, object_type="auth.User", object_id__in=member_keys)
    )


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""
    actor: str = ""
    text: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    fiscal_year: int | None = None

    @classmethod
    def from_params(cls, params: Mapping[str, str], fiscal_year: int | None = None) -> AuditFilter:
        return cls(
            action=params.get("action", "").strip()[:60],
            actor=params.get("actor", "").strip()[:150],
            text=params.get("q", "").strip()[:200],
            date_from=_date(params.get("from", "")),
            date_to=_date(params.get("to", "")),
            fiscal_year=fiscal_year,
        )

    def apply(self, entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
        if self.action:
            # "plan." shows a whole family of actions; "plan.measure.updated" exactly one.
            entries = (
                entries.filter(action__startswith=self.action)
                if self.action.endswith(".")
                else entries.filter(action=self.action)
            )
        if self.actor:
            entries = entries.filter(actor_label__icontains=self.actor)
        if self.text:
            entries = entries.filter(Q(object_repr__icontains=self.text) | Q(object_type__icontains=self.text))
        start, end = self.date_from, self.date_to
        if self.fiscal_year is not None:
            start, end = fiscal_year_bounds(self.fiscal_year)
        if start is not None:
            entries = entries.filter(at__gte=_aware(start))
        if end is not None:
            entries = entries.filter(at__lt=_aware(end + dt.timedelta(days=1)))
        return entries


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def action_families(entries: QuerySet[AuditEntry]) -> list[str]:
    """Distinct action prefixes ("plan.", "auth.") for the filter menu."""
    actions = entries.order_by().values_list("action", flat=True).distinct()
    return sorted({a.split(".", 1)[0] + "." for a in actions if a})
