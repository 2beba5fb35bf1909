"""What the completeness board shows: items joined with their criteria entries, counts, the projected score."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _

from prongsai.assessments.models import Assessment, AssessmentResult
from prongsai.criteria.framework import Criteria, Level, OitItem, SubIndicator
from prongsai.disclosure import rules
from prongsai.disclosure.models import STATUS_ORDER, CheckResult, CheckRun, ItemStatus, OitItemWork, RunStatus
from prongsai.scoring import engine, whatif


@dataclass
class Row:
    work: OitItemWork
    item: OitItem
    met: int
    required: int
    evidence_count: int
    flagged: int  # carried evidence still to update
    check: str = ""  # worst severity of the last finished check: ok | warning | error | ""

    @property
    def complete(self) -> bool:
        return self.required > 0 and self.met >= self.required

    @property
    def counts_in_score(self) -> bool:
        return self.complete and self.work.status in (ItemStatus.APPROVED, ItemStatus.PUBLISHED)


@dataclass
class Group:
    sub: SubIndicator
    rows: list[Row] = field(default_factory=list)


@dataclass(frozen=True)
class Projection:
    oit: Decimal | None
    indicators: dict[int, Decimal | None]
    counted: int
    total_items: int
    base_year: int | None  # whose IIT/EIT the what-if borrows
    total: Decimal | None
    level: Level | None
    gains: list[tuple[str, Decimal]]


def rows_for(assessment: Assessment, criteria: Criteria) -> list[Row]:
    """Every item of the year with its counts, in criteria order: a fixed number of queries."""
    works = (
        OitItemWork.objects.filter(assessment=assessment)
        .select_related("department", "owner")
        .annotate(
            evidence_count=Count("evidence", distinct=True),
            flagged=Count("evidence", filter=Q(evidence__update_for_year__isnull=False), distinct=True),
            met_count=Count("component_checks", filter=Q(component_checks__met=True), distinct=True),
        )
    )
    by_code = {w.code: w for w in works}
    last_run = (
        CheckRun.objects.filter(assessment=assessment, status=RunStatus.DONE).order_by("-finished_at", "-pk").first()
    )
    worst: dict[int, str] = {}
    if last_run is not None:
        rank = {"ok": 0, "warning": 1, "error": 2}
        for item_id, severity in CheckResult.objects.filter(run=last_run).values_list("item_id", "severity"):
            if rank.get(severity, 0) >= rank.get(worst.get(item_id, ""), -1):
                worst[item_id] = severity
    rows = []
    for item in criteria.oit_items:
        work = by_code.get(item.code)
        if work is None:
            continue
        required = len(item.components) or 1
        rows.append(
            Row(
                work,
                item,
                min(work.met_count, required),
                required,
                work.evidence_count,
                work.flagged,
                worst.get(work.pk, ""),
            )
        )
    return rows


@dataclass(frozen=True)
class Publication:
    """How far the year's OIT entry is: items published out of the criteria's items, and which are not yet."""

    published: int
    total: int
    unpublished: list[str]

    @property
    def complete(self) -> bool:
        return self.total > 0 and not self.unpublished


def publication(assessment: Assessment, statuses: Mapping[str, str] | None = None) -> Publication:
    """Published items of the year, counted against the criteria (an item not set up yet counts as unpublished).
    Give `statuses` ({code: status}) when they are at hand already; otherwise one query."""
    codes = [item.code for item in assessment.criteria.framework.oit_items]
    if statuses is None:
        statuses = dict(OitItemWork.objects.filter(assessment=assessment).values_list("code", "status"))
    unpublished = [code for code in codes if statuses.get(code) != ItemStatus.PUBLISHED]
    return Publication(published=len(codes) - len(unpublished), total=len(codes), unpublished=unpublished)


def grouped(rows: Sequence[Row], criteria: Criteria) -> list[Group]:
    groups = {s.code: Group(s) for s in criteria.sub_indicators}
    for row in rows:
        groups[row.item.sub_indicator].rows.append(row)
    return [g for g in groups.values() if g.rows]


def completeness(rows: Sequence[Row]) -> tuple[list[rules.BoardRow], dict[str, int]]:
    pairs = [(r.work.department.name_th if r.work.department else _("Not assigned"), r.work.status) for r in rows]
    table = rules.completeness(pairs, [s.value for s in STATUS_ORDER])
    totals = {s.value: sum(1 for r in rows if r.work.status == s) for s in STATUS_ORDER}
    return table, totals


def met_map(assessment: Assessment, criteria: Criteria) -> dict[str, dict[str, bool]]:
    result: dict[str, dict[str, bool]] = {}
    for code, component, met in OitItemWork.objects.filter(assessment=assessment).values_list(
        "code", "component_checks__component_code", "component_checks__met"
    ):
        if component:
            result.setdefault(code, {})[component] = bool(met)
    return result


def project(assessment: Assessment, criteria: Criteria, rows: Sequence[Row]) -> Projection:
    statuses = {r.work.code: r.work.status for r in rows}
    oit = rules.projected_oit(criteria, statuses, met_map(assessment, criteria))
    passing = {code: score == Fraction(100) for code, score in oit.items.items()}
    base = _survey_base(assessment)
    total = level = None
    base_year = None
    if base is not None:
        base_year, indicators = base
        published = whatif.with_oit_items(criteria, indicators, passing)
        total, level = published.total, published.level
    return Projection(
        oit=engine.publish(oit.instrument) if oit.instrument is not None else None,
        indicators={n: engine.publish(v) if v is not None else None for n, v in oit.indicators.items()},
        counted=sum(1 for ok in passing.values() if ok),
        total_items=len(criteria.oit_items),
        base_year=base_year,
        total=total,
        level=level,
        gains=whatif.oit_items_to_flip(criteria, passing)[:5],
    )


def _survey_base(assessment: Assessment) -> tuple[int, dict[int, Any]] | None:
    """IIT/EIT indicator scores to combine with the projected OIT: this year's if known, else the latest year's."""
    result = (
        AssessmentResult.objects.filter(assessment__agency_id=assessment.agency_id)
        .filter(assessment__fiscal_year__lte=assessment.fiscal_year)
        .select_related("assessment")
        .prefetch_related("indicator_scores")
        .order_by("-assessment__fiscal_year")
        .first()
    )
    if result is None:
        return None
    criteria = assessment.criteria.framework
    survey = {n for inst in criteria.instruments if inst.code != "OIT" for n in inst.indicators}
    scores = {s.number: s.score for s in result.indicator_scores.all() if s.number in survey}
    if not scores or any(scores.get(n) is None for n in survey):
        return None
    return result.assessment.fiscal_year, scores


def latest_run(assessment: Assessment) -> CheckRun | None:
    return CheckRun.objects.filter(assessment=assessment).order_by("-created_at", "-pk").first()


def prefetch_item(qs: Any) -> Any:
    from prongsai.disclosure.models import Evidence

    return qs.select_related(
        "department", "owner", "approved_by", "assessment__agency", "assessment__criteria"
    ).prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.prefetch_related("proofs")),
        "component_checks",
    )
