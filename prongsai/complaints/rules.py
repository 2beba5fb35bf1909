"""Who may do what with a complaint, and which status may follow which. No HTTP here.

The workflow: received → assigned → in progress → resolved → closed. A resolved complaint may be
reopened (back to in progress) until it is closed; a closed complaint is final.
"""

from __future__ import annotations

from typing import Any

from prongsai.agencies.access import AgencyAccess, Can
from prongsai.complaints.models import Complaint, ComplaintSettings, Status

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.RECEIVED: frozenset({Status.ASSIGNED}),
    Status.ASSIGNED: frozenset({Status.ASSIGNED, Status.IN_PROGRESS}),  # assigned → assigned is a reassignment
    Status.IN_PROGRESS: frozenset({Status.IN_PROGRESS, Status.RESOLVED}),  # reassignment keeps the work going
    Status.RESOLVED: frozenset({Status.CLOSED, Status.IN_PROGRESS}),
    Status.CLOSED: frozenset(),
}


class TransitionRefused(ValueError):
    """The complaint cannot move to that status from where it is; the message says why."""


def check_transition(current: str, target: str) -> None:
    if target not in TRANSITIONS[Status(current)]:
        raise TransitionRefused(f"A complaint that is {Status(current).label} cannot become {Status(target).label}.")


def is_designated(user: Any, agency: Any) -> bool:
    """Named by the agency as a handler of corruption and misconduct complaints (nobody is by default)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return ComplaintSettings.confidential_handlers.through.objects.filter(
        complaintsettings__agency=agency, user=user
    ).exists()


def can_see(access: AgencyAccess, complaint: Complaint) -> bool:
    if complaint.agency_id != access.agency.pk:
        return False
    return not complaint.is_confidential or is_designated(access.user, access.agency)


def can_assign(access: AgencyAccess, complaint: Complaint) -> bool:
    """Coordinators route complaints (and may take back and reroute them while work goes on)."""
    return access.can(Can.MANAGE) and complaint.status in (Status.RECEIVED, Status.ASSIGNED, Status.IN_PROGRESS)


def can_work(access: AgencyAccess, complaint: Complaint) -> bool:
    """Start, reply to and resolve: the responsible member or department, or a coordinator."""
    if not access.can(Can.EDIT):
        return False
    if access.can(Can.MANAGE) or (complaint.assignee_id is not None and complaint.assignee_id == access.user.pk):
        return True
    if complaint.is_confidential:
        # Confidential work is personal: the department alone does not open it to its other members.
        return False
    return access.can_edit_department(complaint.department)


def can_note(access: AgencyAccess, complaint: Complaint) -> bool:
    """Internal notes: anyone who works on it, and executives who follow it."""
    return can_work(access, complaint) or access.can(Can.APPROVE)


def can_close(access: AgencyAccess, complaint: Complaint) -> bool:
    """Closing confirms the result: coordinators and executives."""
    return complaint.status == Status.RESOLVED and (access.can(Can.MANAGE) or access.can(Can.APPROVE))


def allowed_verbs(access: AgencyAccess, complaint: Complaint) -> set[str]:
    """The buttons the detail page shows."""
    verbs: set[str] = set()
    if can_assign(access, complaint):
        verbs.add("assign")
    if can_work(access, complaint):
        if complaint.status == Status.ASSIGNED:
            verbs.add("start")
        if complaint.status == Status.IN_PROGRESS:
            verbs.add("resolve")
        if complaint.status == Status.RESOLVED:
            verbs.add("reopen")
        if complaint.status != Status.CLOSED:
            verbs.add("reply")
    if can_note(access, complaint) and complaint.status != Status.CLOSED:
        verbs.add("note")
    if can_close(access, complaint):
        verbs.add("close")
    return verbs
