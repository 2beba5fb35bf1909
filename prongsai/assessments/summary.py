"""What the dashboard and results pages show: published results laid out per instrument and indicator."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from prongsai.assessments.models import Assessment, AssessmentResult
from prongsai.criteria.framework import Criteria, Indicator, Instrument, Level


@dataclass(frozen=True)
class IndicatorLine:
    indicator: Indicator
    score: Decimal | None
    previous: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.score is None or self.previous is None:
            return None
        return self.score - self.previous


@dataclass(frozen=True)
class InstrumentBlock:
    instrument: Instrument
    score: Decimal | None
    previous: Decimal | None
    indicators: tuple[IndicatorLine, ...]

    def gap_to(self, target: int) -> Decimal | None:
        return None if self.score is None else max(Decimal(0), Decimal(target) - self.score)

    @property
    def gap_85(self) -> Decimal | None:
        return self.gap_to(85)

    @property
    def gap_95(self) -> Decimal | None:
        return self.gap_to(95)


@dataclass(frozen=True)
class ResultSummary:
    assessment: Assessment
    criteria: Criteria
    result: AssessmentResult | None
    previous: AssessmentResult | None
    blocks: tuple[InstrumentBlock, ...]

    @property
    def total(self) -> Decimal | None:
        return self.result.total if self.result else None

    @property
    def level(self) -> Level | None:
        return self.result.level if self.result else None

    @property
    def weakest(self) -> list[IndicatorLine]:
        lines = [line for block in self.blocks for line in block.indicators if line.score is not None]
        return sorted(lines, key=lambda line: line.score)[:3]  # type: ignore[arg-type, return-value]


def _result_of(assessment: Assessment | None) -> AssessmentResult | None:
    if assessment is None:
        return None
    try:
        return assessment.result
    except AssessmentResult.DoesNotExist:
        return None


def summarise(assessment: Assessment, previous_assessment: Assessment | None) -> ResultSummary:
    criteria = assessment.criteria.framework
    result = _result_of(assessment)
    previous = _result_of(previous_assessment)
    scores = result.indicator_map() if result else {}
    before = previous.indicator_map() if previous else {}
    blocks = tuple(
        InstrumentBlock(
            instrument=inst,
            score=result.instruments.get(inst.code) if result else None,
            previous=previous.instruments.get(inst.code) if previous else None,
            indicators=tuple(
                IndicatorLine(criteria.indicator(n), scores.get(n), before.get(n)) for n in inst.indicators
            ),
        )
        for inst in criteria.instruments
    )
    return ResultSummary(assessment, criteria, result, previous, blocks)
