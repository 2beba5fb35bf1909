"""The criteria workbook: the template a coordinator edits and imports back as a corrected version."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from prongsai.assessments.models import Assessment
from prongsai.criteria import spreadsheet
from prongsai.criteria.models import CriteriaVersion
from prongsai.documents.registry import Document, DocumentError, DocumentRequest, register


@register(
    "criteria",
    _("ITA criteria workbook (to correct and import)"),
    ("xlsx",),
    needs_year=False,
    options_help="code=VERSION (default: the criteria of --year's assessment)",
)
def criteria_workbook(request: DocumentRequest) -> Document:
    version = _version(request)
    return Document(spreadsheet.to_xlsx(version.content), f"criteria-{version.code}.xlsx", "xlsx")


def _version(request: DocumentRequest) -> CriteriaVersion:
    code = request.options.get("code")
    usable = CriteriaVersion.objects.usable_by(request.agency)
    if code:
        version = usable.filter(code=code).first()
    elif request.fiscal_year is not None:
        assessment = Assessment.objects.filter(agency=request.agency, fiscal_year=request.fiscal_year).first()
        version = assessment.criteria if assessment else usable.filter(fiscal_year=request.fiscal_year).first()
    else:
        raise DocumentError("criteria needs --year or --option code=VERSION")
    if version is None:
        raise DocumentError("no such criteria version for this agency")
    return version
