from __future__ import annotations

from django.http import HttpRequest

from prongsai.agencies.access import Can
from prongsai.core.navigation import entries_for


def navigation(request: HttpRequest) -> dict[str, object]:
    access = getattr(request, "agency_access", None)
    if access is None:
        return {"access": None, "nav": [], "can": {}}
    return {"access": access, "nav": entries_for(access), "can": {c.value: access.can(c) for c in Can}}
