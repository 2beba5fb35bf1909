"""Downloadable kinds of this app: the past-results table (the same layout the import reads)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from prongsai.agencies.models import Agency
from prongsai.assessments.models import AssessmentResult
from prongsai.assessments.results_file import COLUMNS
from prongsai.documents.registry import Document, DocumentRequest, register
from prongsai.documents.xlsx import csv_bytes, workbook


def result_rows(agency: Agency, fiscal_year: int | None) -> list[list[object]]:
    results = (
        AssessmentResult.objects.filter(assessment__agency=agency)
        .select_related("assessment")
        .prefetch_related("indicator_scores")
        .order_by("assessment__fiscal_year")
    )
    if fiscal_year is not None:
        results = results.filter(assessment__fiscal_year=fiscal_year)
    rows = []
    for result in results:
        scores = {s.number: s.score for s in result.indicator_scores.all()}
        rows.append(
            [
                result.assessment.fiscal_year,
                *[_cell(scores.get(n)) for n in range(1, 11)],
                _cell(result.iit),
                _cell(result.eit),
                _cell(result.oit),
                _cell(result.total),
                result.level.name_th if result.level else result.level_code,
                result.note,
            ]
        )
    return rows


def _cell(value: Decimal | None) -> object:
    return "" if value is None else float(value)


@register("results", _("ITA results by year"), ("xlsx", "csv"), needs_year=False)
def results_table(request: DocumentRequest) -> Document:
    rows = result_rows(request.agency, request.fiscal_year)
    suffix = f"-{request.fiscal_year}" if request.fiscal_year else ""
    name = f"ita-results-{request.agency.slug}{suffix}.{request.format}"
    if request.format == "csv":
        return Document(csv_bytes(COLUMNS, rows), name, "csv")
    return Document(workbook([("results", COLUMNS, rows)]), name, "xlsx")
