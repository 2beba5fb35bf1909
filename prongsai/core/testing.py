"""Plain `make_*` factories for tests: one call, sensible defaults, keyword overrides."""

from __future__ import annotations

import itertools
from typing import Any

from django.contrib.auth import get_user_model

from prongsai.agencies.models import Agency, AgencyType, Department, Membership, Role
from prongsai.assessments.models import Assessment
from prongsai.criteria import framework
from prongsai.criteria.loader import load_file
from prongsai.criteria.models import CriteriaVersion

_counter = itertools.count(1)
PASSWORD = "test-password-123"  # noqa: S105 — test accounts only


def make_agency(**fields: Any) -> Agency:
    n = next(_counter)
    defaults = {
        "slug": f"agency-{n}",
        "name_th": f"เทศบาลตำบลทดสอบ {n}",
        "agency_type": AgencyType.SUBDISTRICT_MUNICIPALITY,
        "size_group": "M",
        "province": "พังงา",
    }
    return Agency.objects.create(**{**defaults, **fields})


def make_department(agency: Agency, code: str = "office", **fields: Any) -> Department:
    defaults = {"name_th": {"office": "สำนักปลัดเทศบาล", "finance": "กองคลัง"}.get(code, code)}
    return Department.objects.create(agency=agency, code=code, **{**defaults, **fields})


def make_user(username: str | None = None, **fields: Any) -> Any:
    username = username or f"user{next(_counter)}"
    return get_user_model().objects.create_user(username, password=PASSWORD, **fields)


def make_member(agency: Agency, role: str = Role.COORDINATOR, department: Department | None = None, **user_fields: Any):
    user = make_user(**user_fields)
    Membership.objects.create(user=user, agency=agency, role=role, department=department)
    return user


def criteria_version(code: str = "ita-2568") -> CriteriaVersion:
    return load_file(framework.find(code))[0]


def make_assessment(agency: Agency, fiscal_year: int = 2568, **fields: Any) -> Assessment:
    version = fields.pop("criteria", None) or criteria_version(f"ita-{fiscal_year}")
    return Assessment.objects.create(agency=agency, fiscal_year=fiscal_year, criteria=version, **fields)
