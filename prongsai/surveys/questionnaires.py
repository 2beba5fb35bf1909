"""What a campaign asks: the criteria's IIT/EIT questions or a satisfaction questionnaire, in one shape.

`Sheet` is what the respondent form renders and what validation checks; `Sheet.criteria` lets the scoring
engine score a satisfaction questionnaire exactly like IIT/EIT (one synthetic instrument, "SAT").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.utils.translation import get_language

from prongsai.criteria import framework
from prongsai.criteria.framework import Criteria

SAT_INDICATOR = 7  # indicator 7 (communication) asks for service-satisfaction measurement


@dataclass(frozen=True)
class Key:
    code: str
    text: str
    options: tuple[str, ...]  # labels; a stored answer is the 1-based position


@dataclass(frozen=True)
class Question:
    number: int
    code: str
    text: str
    indicator: int
    keys: tuple[Key, ...]


@dataclass(frozen=True)
class Sheet:
    instrument: str
    questions: tuple[Question, ...]
    criteria: Criteria
    ask_comment: bool = False

    @cached_property
    def sizes(self) -> dict[str, int]:
        return {k.code: len(k.options) for q in self.questions for k in q.keys}

    @property
    def key_count(self) -> int:
        return len(self.sizes)


def _label(option: framework.ScaleOption, language: str) -> str:
    return option.label_en if language == "en" and option.label_en else option.label_th


_PULSE: dict[tuple[str, str, str], Sheet] = {}


def pulse_sheet(criteria: Criteria, instrument: str) -> Sheet:
    """The criteria's questions of IIT or EIT (cached: criteria versions never change)."""
    language = "en" if get_language() == "en" else "th"
    cache_key = (criteria.code, instrument, language)
    if cache_key not in _PULSE:
        questions = []
        for number, q in enumerate(criteria.questions_of(instrument), start=1):
            text = q.text_en if language == "en" and q.text_en else q.text_th
            keys = tuple(
                Key(k.code, k.text_th, tuple(_label(o, language) for o in criteria.scales[k.scale].options))
                for k in q.keys
            )
            questions.append(Question(number, q.code, text, q.indicator, keys))
        _PULSE[cache_key] = Sheet(instrument, tuple(questions), criteria)
    return _PULSE[cache_key]


SCALE5_POINTS = (Decimal(0), Decimal(25), Decimal(50), Decimal(75), Decimal(100))


def parse_options(text: str) -> list[tuple[str, Decimal | None]]:
    """Lines 'label' or 'label=points'; blank lines dropped."""
    result: list[tuple[str, Decimal | None]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        label, sep, points = line.rpartition("=")
        if sep and label.strip():
            try:
                result.append((label.strip(), Decimal(points.strip())))
                continue
            except ArithmeticError:
                pass
        result.append((line, None))
    return result


def option_points(options: list[tuple[str, Decimal | None]]) -> list[Decimal]:
    """Given points, else evenly spread from 0 (first, worst) to 100 (last, best), two decimals."""
    if all(p is not None for _, p in options):
        return [p for _, p in options]  # type: ignore[misc]
    n = len(options)
    return [(Decimal(100) * i / (n - 1)).quantize(Decimal("0.01")) if n > 1 else Decimal(100) for i in range(n)]


def satisfaction_sheet(questionnaire: object, scale_labels: tuple[str, ...]) -> Sheet:
    """A questionnaire's questions as a Sheet with a synthetic criteria for the scoring engine."""
    from prongsai.surveys.models import QuestionKind

    questions: list[Question] = []
    scales: dict[str, framework.Scale] = {}
    engine_questions: list[framework.Question] = []
    fact = framework.Fact("C")
    for number, q in enumerate(questionnaire.questions.all(), start=1):  # type: ignore[attr-defined]
        if q.kind == QuestionKind.SCALE5:
            labels, points = list(scale_labels), list(SCALE5_POINTS)
        else:
            parsed = parse_options(q.options)
            labels, points = [label for label, _ in parsed], option_points(parsed)
        if len(labels) < 2:
            continue
        scale_code = f"S{q.pk}"
        scales[scale_code] = framework.Scale(
            scale_code,
            tuple(
                framework.ScaleOption(n + 1, lb, lb, pt) for n, (lb, pt) in enumerate(zip(labels, points, strict=True))
            ),
            "",
            fact,
        )
        key = framework.AnswerKey(q.code, q.code, "", scale_code, False)
        engine_questions.append(framework.Question(q.code, "SAT", SAT_INDICATOR, q.text, q.text, (key,), fact))
        questions.append(Question(number, q.code, q.text, SAT_INDICATOR, (Key(q.code, "", tuple(labels)),)))
    criteria = _synthetic_criteria(scales, tuple(engine_questions))
    return Sheet("SAT", tuple(questions), criteria, ask_comment=questionnaire.ask_comment)  # type: ignore[attr-defined]


def _synthetic_criteria(scales: Mapping[str, framework.Scale], questions: tuple[framework.Question, ...]) -> Criteria:
    fact = framework.Fact("C")
    return Criteria(
        code="satisfaction",
        fiscal_year=0,
        title_th="แบบสำรวจความพึงพอใจ",
        title_en="Satisfaction survey",
        status="corrected",
        based_on=None,
        previous=None,
        instruments=(framework.Instrument("SAT", "ความพึงพอใจ", "Satisfaction", Decimal(100), (SAT_INDICATOR,), fact),),
        indicators=(framework.Indicator(SAT_INDICATOR, "ความพึงพอใจ", "Satisfaction", "SAT", fact),),
        scales=dict(scales),
        sub_indicators=(),
        oit_items=(),
        questions=questions,
        oit_instrument_rule="mean_of_items",
        decimals=2,
        levels=(),
        sample_rules={},
        survey_links={},
        aggregation_fact=fact,
        raw={},
    )


_FRAMEWORKS: dict[int, Criteria] = {}


def criteria_of(criteria_id: int) -> Criteria:
    """The parsed criteria by version id, without loading its large JSON on every request."""
    if criteria_id not in _FRAMEWORKS:
        from prongsai.criteria.models import CriteriaVersion

        _FRAMEWORKS[criteria_id] = CriteriaVersion.objects.get(pk=criteria_id).framework
    return _FRAMEWORKS[criteria_id]


def scale5_labels() -> tuple[str, ...]:
    from django.utils.translation import gettext as _

    return (_("Very dissatisfied"), _("Dissatisfied"), _("Neutral"), _("Satisfied"), _("Very satisfied"))


def sheet_for(campaign: object) -> Sheet:
    """What this campaign asks (IIT/EIT from its assessment's criteria, or its satisfaction questionnaire)."""
    if campaign.is_pulse:  # type: ignore[attr-defined]
        criteria = criteria_of(campaign.assessment.criteria_id)  # type: ignore[attr-defined]
        return pulse_sheet(criteria, campaign.instrument)  # type: ignore[attr-defined]
    return satisfaction_sheet(campaign.questionnaire, scale5_labels())  # type: ignore[attr-defined]
