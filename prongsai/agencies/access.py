"""The only way views fetch agency data: every lookup is scoped to an agency the user belongs to.

A user who is not a member of an agency gets 404 (the agency's existence is not revealed); a member
whose role lacks a capability gets 403. Objects of an agency are fetched with `access.get(...)` or
`access.filter(...)`, which always add the agency condition.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from prongsai.agencies.models import Agency, Department, Membership, Role

M = TypeVar("M", bound=Model)


class Can(StrEnum):
    VIEW = "view"  # read the agency's workspace
    EDIT = "edit"  # change working data (officers: only their department's)
    MANAGE = "manage"  # settings, members, criteria, imports
    APPROVE = "approve"  # approve and publish
    EXPORT = "export"  # download documents and exports
    AUDIT = "audit"  # read the audit trail


CAPABILITIES: dict[str, frozenset[Can]] = {
    Role.COORDINATOR: frozenset(Can),
    Role.OFFICER: frozenset({Can.VIEW, Can.EDIT, Can.EXPORT}),
    Role.EXECUTIVE: frozenset({Can.VIEW, Can.APPROVE, Can.EXPORT}),
    Role.AUDITOR: frozenset({Can.VIEW, Can.EXPORT, Can.AUDIT}),
    "superuser": frozenset(Can),
}


@dataclass(frozen=True)
class AgencyAccess:
    """What one user may do in one agency, and the scoped ways to fetch its records."""

    user: Any
    agency: Agency
    role: str
    department: Department | None

    def can(self, capability: Can) -> bool:
        return capability in CAPABILITIES[self.role]

    def require(self, capability: Can) -> None:
        if not self.can(capability):
            raise PermissionDenied(f"Your role in {self.agency.slug} does not allow '{capability}'.")

    def can_edit_department(self, department: Department | None) -> bool:
        """Coordinators edit everything; officers edit what is assigned to their own department."""
        if self.can(Can.MANAGE):
            return True
        if not self.can(Can.EDIT):
            return False
        return department is not None and self.department is not None and department.pk == self.department.pk

    def filter(self, model_or_qs: type[M] | QuerySet[M], agency_field: str = "agency", **lookups: Any) -> QuerySet[M]:
        qs = model_or_qs if isinstance(model_or_qs, QuerySet) else model_or_qs._default_manager.all()
        return qs.filter(**{agency_field: self.agency}, **lookups)

    def get(self, model_or_qs: type[M] | QuerySet[M], agency_field: str = "agency", **lookups: Any) -> M:
        return get_object_or_404(self.filter(model_or_qs, agency_field, **lookups))

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label) if self.role in Role.values else str(self.role)

    @property
    def is_superuser(self) -> bool:
        return self.role == "superuser"


def access_agency(user: Any, slug: str, capability: Can = Can.VIEW) -> AgencyAccess:
    if not user.is_authenticated:
        raise Http404
    agency = get_object_or_404(Agency, slug=slug)
    membership = Membership.objects.active().select_related("department").filter(user=user, agency=agency).first()
    if membership is not None:
        access = AgencyAccess(user, agency, membership.role, membership.department)
    elif user.is_superuser:
        access = AgencyAccess(user, agency, "superuser", None)
    else:
        raise Http404
    access.require(capability)
    return access


def agencies_for(user: Any) -> QuerySet[Agency]:
    if not user.is_authenticated:
        return Agency.objects.none()
    if user.is_superuser:
        return Agency.objects.all()
    return Agency.objects.filter(memberships__user=user, memberships__is_active=True).distinct()


def agency_view(capability: Can = Can.VIEW) -> Callable:
    """Decorate `view(request, access, ...)`; the URL must carry `<slug:agency>`."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, agency: str, *args: Any, **kwargs: Any) -> HttpResponse:
            access = access_agency(request.user, agency, capability)
            request.agency_access = access  # type: ignore[attr-defined]
            return view(request, access, *args, **kwargs)

        wrapped.agency_capability = capability  # type: ignore[attr-defined]
        return wrapped

    return decorator
