"""Who may do what to a plan: coordinators everything, officers their department's measures, executives approve."""

from __future__ import annotations

from prongsai.agencies.access import AgencyAccess, Can
from prongsai.agencies.models import Role
from prongsai.plans.models import Measure, Plan, PlanStatus

# The plan's status moves only along these edges; each needs a capability.
TRANSITIONS: dict[tuple[str, str], Can] = {
    (PlanStatus.DRAFT, PlanStatus.SUBMITTED): Can.MANAGE,
    (PlanStatus.SUBMITTED, PlanStatus.DRAFT): Can.APPROVE,  # sent back for changes
    (PlanStatus.SUBMITTED, PlanStatus.APPROVED): Can.APPROVE,
    (PlanStatus.APPROVED, PlanStatus.PUBLISHED): Can.APPROVE,
    (PlanStatus.APPROVED, PlanStatus.DRAFT): Can.MANAGE,  # reopened to revise; approval must be given again
}


def can_edit_plan(access: AgencyAccess) -> bool:
    """Background, guidelines, the measure table itself: the coordinator's work."""
    return access.can(Can.MANAGE)


def _is_own(access: AgencyAccess, measure: Measure) -> bool:
    if access.department is None or measure.all_departments:
        return False
    return any(d.pk == access.department.pk for d in measure.departments.all())


def can_update_measure(access: AgencyAccess, measure: Measure) -> bool:
    """Status, progress and evidence: the coordinator, or an officer of a responsible department."""
    if access.can(Can.MANAGE):
        return True
    return access.can(Can.EDIT) and _is_own(access, measure)


def can_report_on(access: AgencyAccess, measure: Measure) -> bool:
    """Progress notes: also any officer on a measure of every department (ทุกส่วนราชการ)."""
    if can_update_measure(access, measure):
        return True
    return access.can(Can.EDIT) and measure.all_departments and access.department is not None


def _has(access: AgencyAccess, capability: Can) -> bool:
    """Approval is the executive's: the coordinator who wrote the plan does not approve it (separation of duties)."""
    if capability == Can.APPROVE:
        return access.can(Can.APPROVE) and access.role != Role.COORDINATOR
    return access.can(capability)


def next_statuses(access: AgencyAccess, plan: Plan) -> list[str]:
    return [to for (frm, to), cap in TRANSITIONS.items() if frm == plan.status and _has(access, cap)]
