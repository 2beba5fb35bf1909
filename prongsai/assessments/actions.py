"""Verbs that change assessments and results: each runs in one transaction and writes the audit trail."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from prongsai.agencies.models import Agency
from prongsai.assessments.models import Assessment, AssessmentResult, IndicatorScore, ResultSource
from prongsai.assessments.results_file import ResultRow
from prongsai.audit.log import record
from prongsai.criteria.models import CriteriaVersion
from prongsai.scoring import engine


class ImportRefused(Exception):
    """Nothing was saved; `errors` says why, row by row."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def criteria_for_year(agency: Agency, fiscal_year: int) -> CriteriaVersion | None:
    """The agency's own corrected version for the year if it has one, else the shared one."""
    versions = CriteriaVersion.objects.usable_by(agency).filter(fiscal_year=fiscal_year)
    return (
        versions.filter(owner=agency).order_by("-loaded_at").first()
        or versions.filter(owner__isnull=True).order_by("-loaded_at").first()
    )


@transaction.atomic
def create_assessment(agency: Agency, fiscal_year: int, criteria: CriteriaVersion, actor: Any) -> Assessment:
    assessment = Assessment.objects.create(agency=agency, fiscal_year=fiscal_year, criteria=criteria)
    record(actor, "assessment.create", assessment, agency=agency, after={"criteria": criteria.code})
    return assessment


def _check_row(agency: Agency, row: ResultRow) -> tuple[CriteriaVersion | None, list[str], str]:
    errors: list[str] = []
    version = criteria_for_year(agency, row.fiscal_year)
    if version is None:
        errors.append(
            _("Row %(row)d: no criteria version for fiscal year %(year)d is loaded; load it first.")
            % {"row": row.row, "year": row.fiscal_year}
        )
        return None, errors, ""
    criteria = version.framework
    instruments = dict(row.instruments)
    # Fill instruments NACC did not print from the published indicators, where all are present.
    for inst in criteria.instruments:
        scores = [row.indicators.get(n) for n in inst.indicators]
        present = [s for s in scores if s is not None]
        if instruments.get(inst.code) is None and len(present) == len(scores):
            instruments[inst.code] = engine.publish(engine.mean(Fraction(s) for s in present))
    row.instruments = instruments
    published = {code: v for code, v in instruments.items() if v is not None}
    if len(published) == len(instruments):
        computed = engine.publish(
            sum(
                (Fraction(i.weight) * Fraction(published[i.code]) / 100 for i in criteria.instruments),
                Fraction(0),
            )
        )
        assert computed is not None
        # Published instruments are rounded, so the recomputed total may be a few hundredths off.
        if abs(computed - row.total) > Decimal("0.03"):
            errors.append(
                _("Row %(row)d, column total: %(total)s does not match the instruments (they give %(computed)s).")
                % {"row": row.row, "total": row.total, "computed": computed}
            )
    level = engine.level_for(criteria, row.total, instruments)
    level_code = level.code if level else ""
    if row.level and level is not None and row.level not in {level.code, level.name_th, level.name_en}:
        errors.append(
            _(
                "Row %(row)d, column level: %(given)r does not follow from the scores under %(criteria)s "
                "(they give %(level)s)."
            )
            % {"row": row.row, "given": row.level, "criteria": criteria.code, "level": level.name_th}
        )
    return version, errors, level_code


def import_results(
    agency: Agency, rows: list[ResultRow], actor: Any, source: str = ResultSource.IMPORTED
) -> list[AssessmentResult]:
    """Save every row, or nothing: all rows are checked before the first write."""
    checked = []
    errors: list[str] = []
    for row in rows:
        version, row_errors, level_code = _check_row(agency, row)
        errors += row_errors
        if version is not None:  # a row without a version always has an error, so nothing is saved
            checked.append((row, version, level_code))
    if errors:
        raise ImportRefused(errors)
    with transaction.atomic():
        return [_save_row(agency, row, version, level_code, actor, source) for row, version, level_code in checked]


def _save_row(
    agency: Agency, row: ResultRow, version: CriteriaVersion, level_code: str, actor: Any, source: str
) -> AssessmentResult:
    assessment = Assessment.objects.filter(agency=agency, fiscal_year=row.fiscal_year).first()
    if assessment is None:
        assessment = create_assessment(agency, row.fiscal_year, version, actor)
    before: dict[str, str] = {}
    result = AssessmentResult.objects.filter(assessment=assessment).first()
    if result is not None:
        before = {
            "total": str(result.total),
            "level": result.level_code,
            **{str(k): str(v) for k, v in result.indicator_map().items()},
        }
        result.indicator_scores.all().delete()
    else:
        result = AssessmentResult(assessment=assessment)
    result.iit, result.eit, result.oit = (row.instruments.get(k) for k in ("IIT", "EIT", "OIT"))
    result.total = row.total
    result.level_code = level_code
    result.source = source
    result.note = row.note
    result.recorded_by = actor if getattr(actor, "is_authenticated", False) else None
    result.save()
    IndicatorScore.objects.bulk_create(
        IndicatorScore(result=result, number=n, score=s) for n, s in row.indicators.items() if s is not None
    )
    after = {
        "total": str(row.total),
        "level": level_code,
        **{str(k): str(v) for k, v in row.indicators.items() if v is not None},
    }
    record(
        actor,
        "result.import" if source == ResultSource.IMPORTED else "result.save",
        result,
        agency=agency,
        before=before,
        after=after,
    )
    return result
