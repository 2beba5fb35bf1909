"""Verbs on criteria: import an agency's corrected version, and bind an assessment to a version."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from prongsai.agencies.models import Agency
from prongsai.assessments.models import Assessment
from prongsai.audit.log import record
from prongsai.criteria import framework, spreadsheet
from prongsai.criteria.loader import load_criteria
from prongsai.criteria.models import CriteriaVersion


@transaction.atomic
def import_corrected(agency: Agency, data: bytes, filename: str, actor: Any) -> CriteriaVersion:
    """Load an edited criteria workbook as the agency's own version. Raises CriteriaError, saving nothing."""
    content, _criteria = spreadsheet.import_xlsx(data, filename)
    if content.get("status") != "corrected":
        content = {**content, "status": "corrected"}
    version, created = load_criteria(content, source=filename, owner=agency, user=actor)
    if not created:
        raise framework.CriteriaError(
            filename,
            [f"this workbook is identical to {version.code}, which is already loaded; change something first"],
        )
    record(
        actor,
        "criteria.import",
        version,
        agency=agency,
        after={"code": version.code, "checksum": version.checksum},
    )
    return version


@transaction.atomic
def bind_assessment(assessment: Assessment, version: CriteriaVersion, actor: Any) -> Assessment:
    if version.fiscal_year != assessment.fiscal_year:
        raise framework.CriteriaError(
            version.code,
            [f"this version is for fiscal year {version.fiscal_year}, not {assessment.fiscal_year}"],
        )
    before = {"criteria": assessment.criteria.code}
    assessment.criteria = version
    assessment.save(update_fields=["criteria"])
    record(actor, "assessment.criteria", assessment, agency=assessment.agency, before=before,
           after={"criteria": version.code})  # fmt: skip
    return assessment
