"""Changes to an agency's profile, departments and members; each writes the audit trail."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from prongsai.agencies.models import Agency, Department, Membership
from prongsai.audit.log import record, snapshot


@transaction.atomic
def update_profile(agency: Agency, changes: dict[str, Any], actor: Any) -> Agency:
    before = snapshot(agency, list(changes))
    for name, value in changes.items():
        setattr(agency, name, value)
    agency.save(update_fields=list(changes))
    record(actor, "agency.update", agency, agency=agency, before=before, after=snapshot(agency, list(changes)))
    return agency


@transaction.atomic
def save_department(department: Department, actor: Any) -> Department:
    created = department.pk is None
    department.save()
    record(actor, "department.create" if created else "department.update", department, agency=department.agency,
           after=snapshot(department))  # fmt: skip
    return department


@transaction.atomic
def set_membership(agency: Agency, user: Any, role: str, department: Department | None, actor: Any) -> Membership:
    membership, created = Membership.objects.select_for_update().get_or_create(
        agency=agency, user=user, defaults={"role": role, "department": department}
    )
    before = {} if created else snapshot(membership, ["role", "department", "is_active"])
    membership.role, membership.department, membership.is_active = role, department, True
    membership.save()
    record(actor, "membership.set", membership, agency=agency, before=before,
           after=snapshot(membership, ["role", "department", "is_active"]))  # fmt: skip
    return membership


@transaction.atomic
def deactivate_membership(membership: Membership, actor: Any) -> None:
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    record(actor, "membership.deactivate", membership, agency=membership.agency)
