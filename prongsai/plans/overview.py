"""What the plan pages, documents, public page and reminders show: measures laid out by indicator, with their
derived status, flag and period label. A fixed, small number of queries per plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, QuerySet

from prongsai.plans import rules
from prongsai.plans.models import Guideline, Measure, MeasureQuerySet, Plan, ProgressNote

if TYPE_CHECKING:
    from prongsai.agencies.models import Agency


@dataclass(frozen=True)
class MeasureRow:
    measure: Measure
    status: str  # effective: late when the period is over and it is not done
    flag: str  # overdue / due_soon / ''
    period: rules.Period
    responsible: tuple[str, ...]
    days_left: int | None

    @property
    def progress(self) -> int:
        return 100 if self.status == "done" else self.measure.progress

    @property
    def pk(self) -> int:
        return self.measure.pk

    def period_label(self, digits: str = "arabic", language: str = "th") -> str:
        return self.period.label(digits, language)

    @property
    def span(self) -> tuple[int, int] | None:
        return self.period.month_span()

    @property
    def grid_start(self) -> int:
        """CSS grid column where the timeline bar starts (column 1 holds the measure's name)."""
        span = self.span
        return span[0] + 2 if span else 2

    @property
    def grid_end(self) -> int:
        span = self.span
        return span[1] + 3 if span else 2


@dataclass(frozen=True)
class IndicatorGroup:
    number: int
    name: str
    rows: tuple[MeasureRow, ...]


@dataclass(frozen=True)
class PlanView:
    plan: Plan
    guidelines: tuple[Guideline, ...]
    groups: tuple[IndicatorGroup, ...]
    today: dt.date
    tally: rules.Tally = field(default_factory=lambda: rules.tally([]))

    @property
    def rows(self) -> list[MeasureRow]:
        return [row for group in self.groups for row in group.rows]

    @property
    def flagged(self) -> list[MeasureRow]:
        return [row for row in self.rows if row.flag]


def plans_of(agency: Agency) -> QuerySet[Plan]:
    return Plan.objects.filter(assessment__agency=agency).select_related("assessment__agency", "assessment__criteria")


def measures_query(with_notes: bool = False) -> MeasureQuerySet:
    qs = Measure.objects.prefetch_related("departments").annotate(
        note_count=Count("notes", distinct=True), evidence_count=Count("evidence", distinct=True)
    )
    if with_notes:
        qs = qs.prefetch_related(
            Prefetch("notes", queryset=ProgressNote.objects.select_related("author").order_by("-date", "-pk"))
        )
    return qs


def row_for(measure: Measure, fiscal_year: int, today: dt.date) -> MeasureRow:
    period = rules.Period.of(fiscal_year, measure.whole_year, measure.start_month, measure.end_month)
    return MeasureRow(
        measure=measure,
        status=rules.effective_status(measure.status, period, today),
        flag=rules.flag(measure.status, period, today),
        period=period,
        responsible=tuple(measure.responsible_names()),
        days_left=rules.days_left(period, today),
    )


def indicator_names(plan: Plan) -> dict[int, str]:
    criteria = plan.assessment.criteria.framework
    return {i.number: i.name_th for i in criteria.indicators}


def group_rows(plan: Plan, rows: Iterable[MeasureRow], all_indicators: bool = True) -> tuple[IndicatorGroup, ...]:
    names = indicator_names(plan)
    by_number: dict[int, list[MeasureRow]] = {}
    for row in rows:
        by_number.setdefault(row.measure.indicator, []).append(row)
    numbers = sorted(set(names) | set(by_number)) if all_indicators else sorted(by_number)
    return tuple(IndicatorGroup(n, names.get(n, ""), tuple(by_number.get(n, ()))) for n in numbers)


def build(
    plan: Plan,
    today: dt.date | None = None,
    *,
    measures: Sequence[Measure] | None = None,
    with_notes: bool = False,
    all_indicators: bool = True,
) -> PlanView:
    """The plan laid out for a page or a document; pass `measures` to show a subset (e.g. one department)."""
    today = today or rules.today()
    if measures is None:
        measures = list(measures_query(with_notes).filter(plan=plan))
    rows = [row_for(m, plan.fiscal_year, today) for m in measures]
    return PlanView(
        plan=plan,
        guidelines=tuple(plan.guidelines.all()),
        groups=group_rows(plan, rows, all_indicators),
        today=today,
        tally=rules.tally((r.status, r.progress) for r in rows),
    )


def month_headers(fiscal_year: int, language: str = "th") -> list[str]:
    from prongsai.lib import thaidate

    starts = rules.fiscal_month_starts(fiscal_year)
    if language == "en":
        return [d.strftime("%b") for d in starts]
    return [thaidate.MONTHS_TH_ABBR[d.month - 1] for d in starts]


def today_column(fiscal_year: int, today: dt.date) -> int | None:
    """0-based month index of today inside the fiscal year, or None when today is outside it."""
    from prongsai.lib import thaidate

    if thaidate.fiscal_year(today) != fiscal_year:
        return None
    return rules.fiscal_month_starts(fiscal_year).index(today.replace(day=1))
