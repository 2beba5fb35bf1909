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
    """The agency's own entries plus the sign-in events of its members while they were members (sign-in events
    carry no agency; a person who left, or who served another agency before, is not followed there)."""
    sign_ins = Q()
    for user_id, periods in membership_periods(agency).items():
        for start, end in periods:
            period = Q(object_id=str(user_id))
            if start is not None:
                period &= Q(at__gte=start)
            if end is not None:
                period &= Q(at__lt=end)
            sign_ins |= period
    own = Q(agency=agency)
    if not sign_ins:
        return AuditEntry.objects.filter(own)
    return AuditEntry.objects.filter(own | (Q(agency__isnull=True, object_type="auth.User") & sign_ins))


Period = tuple[dt.datetime | None, dt.datetime | None]  # [start, end); None: open on that side


def membership_periods(agency: Agency) -> dict[int, list[Period]]:
    """When each user was a member of `agency`, read from the trail's membership.set/deactivate entries.

    A membership with no such entries (made before they were recorded, or by the demo) counts as the whole time.
    """
    memberships = dict(Membership.objects.filter(agency=agency).values_list("pk", "user_id"))
    periods: dict[int, list[Period]] = {}
    opened: dict[int, dt.datetime | None] = {}
    events = (
        AuditEntry.objects.filter(
            agency=agency,
            object_type="agencies.Membership",
            action__in=("membership.set", "membership.deactivate"),
        )
        .order_by("id")
        .values_list("object_id", "action", "at", "changes")
    )
    for object_id, action, at, changes in events:
        user_id = memberships.get(int(object_id)) if object_id.isdecimal() else None
        if user_id is None:
            continue
        first = user_id not in periods and user_id not in opened
        # A membership's first entry may find it already there (made before entries were kept): open since then.
        existed = first and (action == "membership.deactivate" or bool((changes or {}).get("before")))
        if action == "membership.set" and user_id not in opened:
            opened[user_id] = None if existed else at
        elif action == "membership.deactivate" and (user_id in opened or existed):
            periods.setdefault(user_id, []).append((opened.pop(user_id, None), at))
    for user_id, start in opened.items():
        periods.setdefault(user_id, []).append((start, None))
    for user_id in memberships.values():
        periods.setdefault(user_id, [(None, None)])  # nothing recorded: the whole time
    return periods


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
