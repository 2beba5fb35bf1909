"""Results analysis (plan guideline 2.1): up to five years of published results, gaps to 85 and 95, the weakest
indicators, and what-ifs through the scoring engine. Plain Python on loaded rows; no HTTP."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from prongsai.assessments.models import Assessment, AssessmentResult
from prongsai.criteria.framework import Criteria, Level, OitItem
from prongsai.scoring import whatif
from prongsai.scoring.engine import Published
from prongsai.scoring.whatif import Path as WhatIfPath

YEARS = 5
TARGETS = (85, 95)


@dataclass(frozen=True)
class YearScores:
    fiscal_year: int
    result: AssessmentResult
    indicators: dict[int, Decimal | None]


@dataclass(frozen=True)
class Gap:
    code: str
    name: str
    score: Decimal | None
    gaps: dict[int, Decimal | None]


@dataclass(frozen=True)
class WeakIndicator:
    number: int
    name: str
    instrument: str
    score: Decimal
    previous: Decimal | None
    points_per_point: Decimal  # total points gained per point of this indicator

    @property
    def change(self) -> Decimal | None:
        return None if self.previous is None else self.score - self.previous


@dataclass(frozen=True)
class WhatIf:
    """The result with the user's changes, beside the published one."""

    changed: dict[int, Decimal]
    items_mode: bool
    passing_items: frozenset[str]
    published: Published | None
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Analysis:
    assessment: Assessment
    criteria: Criteria
    years: list[YearScores]  # oldest first, at most YEARS, ending with the chosen year
    current: YearScores | None
    previous: YearScores | None
    gaps: list[Gap]
    weakest: list[WeakIndicator]
    whatif: WhatIf | None
    paths: list[WhatIfPath]
    item_gains: list[tuple[OitItem, Decimal]]

    @property
    def instrument_codes(self) -> list[str]:
        return [i.code for i in self.criteria.instruments]


def results_by_year(assessments: Sequence[Assessment]) -> dict[int, YearScores]:
    """`assessments` come with `result__indicator_scores` prefetched."""
    years = {}
    for a in assessments:
        try:
            result = a.result
        except AssessmentResult.DoesNotExist:
            continue
        years[a.fiscal_year] = YearScores(a.fiscal_year, result, result.indicator_map())
    return years


def _gap(score: Decimal | None, target: int) -> Decimal | None:
    return None if score is None else max(Decimal(0), Decimal(target) - score)


def gaps(criteria: Criteria, current: YearScores) -> list[Gap]:
    rows = [
        Gap(
            i.code,
            i.name_th,
            current.result.instruments.get(i.code),
            {t: _gap(current.result.instruments.get(i.code), t) for t in TARGETS},
        )
        for i in criteria.instruments
    ]
    total = current.result.total
    rows.append(Gap("total", "คะแนนรวม", total, {t: _gap(total, t) for t in TARGETS}))
    return rows


def weakest(criteria: Criteria, current: YearScores, previous: YearScores | None) -> list[WeakIndicator]:
    from prongsai.scoring.engine import indicator_weight

    lines = [
        WeakIndicator(
            number=i.number,
            name=i.name_th,
            instrument=i.instrument,
            score=score,
            previous=previous.indicators.get(i.number) if previous else None,
            points_per_point=Decimal(str(round(float(indicator_weight(criteria, i.number)), 4))),
        )
        for i in criteria.indicators
        if (score := current.indicators.get(i.number)) is not None
    ]
    return sorted(lines, key=lambda line: (line.score, line.number))


def parse_changes(criteria: Criteria, query: Mapping[str, str]) -> tuple[dict[int, Decimal], list[str]]:
    """Indicator scores typed into the what-if form (fields ind1…ind10); bad ones are named, not guessed."""
    changed: dict[int, Decimal] = {}
    errors = []
    for indicator in criteria.indicators:
        raw = (query.get(f"ind{indicator.number}") or "").strip().replace(",", ".")
        if not raw:
            continue
        try:
            value = Decimal(raw)
        except InvalidOperation:
            value = Decimal(-1)
        if not Decimal(0) <= value <= Decimal(100):
            errors.append(f"ind{indicator.number}")
            continue
        changed[indicator.number] = value
    return changed, errors


def run_whatif(criteria: Criteria, current: YearScores, query: Mapping[str, str], items: Sequence[str]) -> WhatIf:
    changed, errors = parse_changes(criteria, query)
    items_mode = query.get("oit_mode") == "items"
    passing = frozenset(code for code in items if code in {i.code for i in criteria.oit_items})
    indicators: dict[int, Decimal | None] = {**current.indicators, **changed}
    if any(indicators.get(i.number) is None for i in criteria.indicators if not (items_mode and i.instrument == "OIT")):
        return WhatIf(changed, items_mode, passing, None, errors)
    if items_mode:
        surveys = {n: v for n, v in indicators.items() if v is not None}
        published = whatif.with_oit_items(criteria, surveys, dict.fromkeys(passing, True))
    else:
        # with_indicator moves one indicator; earlier changes are already in `indicators`.
        number = next(reversed(changed), criteria.indicators[0].number)
        value = indicators[number]
        assert value is not None  # every indicator was checked present above
        published = whatif.with_indicator(criteria, indicators, number, value)
    return WhatIf(changed, items_mode, passing, published, errors)


def targets(criteria: Criteria) -> list[Level]:
    """Passing levels worth a path, highest first (ผ่านดีมาก 95, ผ่านดี 85 …)."""
    return [lv for lv in criteria.levels if lv.passing and lv.each_instrument_min is not None]


def analyse(
    assessments: Sequence[Assessment], chosen: Assessment, query: Mapping[str, str], items: Sequence[str]
) -> Analysis:
    """`assessments` are the agency's, newest first, results prefetched."""
    criteria = chosen.criteria.framework
    by_year = results_by_year(assessments)
    years = sorted(y for y in by_year if y <= chosen.fiscal_year)[-YEARS:]
    current = by_year.get(chosen.fiscal_year)
    earlier = [y for y in years if y < chosen.fiscal_year]
    previous = by_year[earlier[-1]] if earlier else None
    if current is None:
        return Analysis(chosen, criteria, [by_year[y] for y in years], None, previous, [], [], None, [], [])
    paths = []
    for level in targets(criteria):
        if current.result.level is not None and current.result.level.code == level.code:
            break
        path = whatif.cheapest_path(criteria, current.indicators, level.code)
        if path is not None:
            paths.append(path)
    run = run_whatif(criteria, current, query, items)
    item_gains = []
    if run.items_mode:
        flips = whatif.oit_items_to_flip(criteria, dict.fromkeys(run.passing_items, True))
        item_gains = [(criteria.oit_item(code), gain) for code, gain in flips]
    return Analysis(
        assessment=chosen,
        criteria=criteria,
        years=[by_year[y] for y in years],
        current=current,
        previous=previous,
        gaps=gaps(criteria, current),
        weakest=weakest(criteria, current, previous),
        whatif=run,
        paths=paths,
        item_gains=item_gains[:10],
    )


def charts(analysis: Analysis) -> dict[str, object]:
    """Radar of the ten indicators (this year vs last) and trend lines of the instruments and total."""
    from prongsai.documents import charts as drawing

    if analysis.current is None:
        return {}
    criteria = analysis.criteria
    labels = [f"{i.number}. {i.name_th}" for i in criteria.indicators]
    series: dict[str, list[float | None]] = {
        f"{analysis.current.fiscal_year}": [_f(analysis.current.indicators.get(i.number)) for i in criteria.indicators]
    }
    if analysis.previous is not None:
        series[f"{analysis.previous.fiscal_year}"] = [
            _f(analysis.previous.indicators.get(i.number)) for i in criteria.indicators
        ]
    radar = drawing.radar(labels, series, title=f"คะแนนรายตัวชี้วัด ปี {analysis.current.fiscal_year}")
    years = [str(y.fiscal_year) for y in analysis.years]
    trend_series = {
        code: [_f(y.result.instruments.get(code)) for y in analysis.years] for code in analysis.instrument_codes
    }
    trend_series["รวม"] = [_f(y.result.total) for y in analysis.years]
    trend = drawing.lines(years, trend_series, title="คะแนนรายแบบวัดและคะแนนรวม", target=85)
    return {"radar": radar, "trend": trend}


def _f(value: Decimal | None) -> float | None:
    return None if value is None else float(value)
