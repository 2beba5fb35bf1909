"""The ITA scoring engine: answers and OIT results → indicators, instruments, total and level.

Pure Python and NumPy: no ORM, no HTTP. Arithmetic is exact. Points are scaled to integers
(33.33 → 3333), a respondent's question score is scaled by the LCM of the possible sub-item counts
so that it stays an integer, sums are int64, and every later mean is a `Fraction`. Only the published
figures are rounded (half-up, with `decimal`), and the level is decided on those published figures.
The same code scores one agency or a whole nation (`group_ids`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

import numpy as np

from prongsai.criteria.framework import Criteria, Level

Score = Fraction | None


@dataclass(frozen=True)
class SurveyScores:
    """Exact scores of one instrument (IIT or EIT) for one group of respondents."""

    instrument: str
    respondents: int
    questions: Mapping[str, Score]
    question_respondents: Mapping[str, int]
    indicators: Mapping[int, Score]


@dataclass(frozen=True)
class OitScores:
    items: Mapping[str, Fraction]
    indicators: Mapping[int, Score]
    instrument: Score


@dataclass(frozen=True)
class Result:
    """An agency's exact result. `published()` gives the figures as NACC prints them."""

    criteria: Criteria
    indicators: Mapping[int, Score]
    instruments: Mapping[str, Score]
    respondents: Mapping[str, int] = field(default_factory=dict)

    @property
    def total(self) -> Score:
        if any(self.instruments.get(i.code) is None for i in self.criteria.instruments):
            return None
        return sum(
            (Fraction(i.weight) * self.instruments[i.code] / 100 for i in self.criteria.instruments),  # type: ignore[operator]
            Fraction(0),
        )

    def published(self) -> Published:
        places = self.criteria.decimals
        total = publish(self.total, places)
        instruments = {code: publish(v, places) for code, v in self.instruments.items()}
        return Published(
            criteria=self.criteria.code,
            indicators={n: publish(v, places) for n, v in self.indicators.items()},
            instruments=instruments,
            total=total,
            level=level_for(self.criteria, total, instruments),
            respondents=dict(self.respondents),
        )


@dataclass(frozen=True)
class Published:
    criteria: str
    indicators: Mapping[int, Decimal | None]
    instruments: Mapping[str, Decimal | None]
    total: Decimal | None
    level: Level | None
    respondents: Mapping[str, int]

    def as_dict(self) -> dict:
        """The stable JSON shape of `prongsai score` (documented in docs/scoring.md)."""
        return {
            "criteria": self.criteria,
            "indicators": {str(n): _num(v) for n, v in sorted(self.indicators.items())},
            "instruments": {k: _num(v) for k, v in self.instruments.items()},
            "total": _num(self.total),
            "level": self.level.name_th if self.level else None,
            "level_code": self.level.code if self.level else None,
            "respondents": dict(self.respondents),
        }


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def publish(value: Score | Decimal, places: int = 2) -> Decimal | None:
    """Round half-up to `places` decimals, exactly (no binary floating point on the way)."""
    if value is None:
        return None
    exact = value if isinstance(value, Fraction) else Fraction(value)
    # Integer arithmetic only: floor of value × 10**places, plus one when the remainder is at least half.
    whole, remainder = divmod(exact.numerator * 10**places, exact.denominator)
    if 2 * remainder >= exact.denominator:
        whole += 1
    return Decimal(whole).scaleb(-places)


def level_for(criteria: Criteria, total: Decimal | None, instruments: Mapping[str, Decimal | None]) -> Level | None:
    """The first level rule that the published figures satisfy."""
    if total is None:
        return None
    for level in criteria.levels:
        if total < level.min_total:
            continue
        if level.each_instrument_min is not None and any(
            instruments.get(i.code) is None or instruments[i.code] < level.each_instrument_min  # type: ignore[operator]
            for i in criteria.instruments
        ):
            continue
        return level
    return None


def mean(values: Iterable[Score]) -> Score:
    present = [v for v in values if v is not None]
    if not present:
        return None
    # One common denominator and one normalisation, instead of a gcd on every Fraction addition.
    common = math.lcm(*(v.denominator for v in present))
    return Fraction(sum(v.numerator * (common // v.denominator) for v in present), common * len(present))


# ---------------------------------------------------------------------------------------------
# IIT / EIT


@dataclass(frozen=True)
class _SurveyPlan:
    """Integer lookup tables for one instrument of one criteria version."""

    keys: tuple[str, ...]
    questions: tuple[str, ...]
    key_question: np.ndarray  # key index → question index
    points: np.ndarray  # [key, option position] → scaled integer points (position 0 unused)
    scale: int  # 10**decimals of the points
    lcm: int  # makes every respondent's question mean an integer
    indicator_of: Mapping[str, int]


def _plan(criteria: Criteria, instrument: str) -> _SurveyPlan:
    questions = criteria.questions_of(instrument)
    keys = criteria.answer_keys(instrument)
    decimals = max(
        (-p.as_tuple().exponent for s in criteria.scales.values() for p in (o.points for o in s.options)),  # type: ignore[operator]
        default=0,
    )
    decimals = max(decimals, 0)
    scale = 10**decimals
    width = max(len(criteria.scales[k.scale].options) for k in keys) + 1 if keys else 1
    points = np.zeros((len(keys), width), dtype=np.int64)
    for n, key in enumerate(keys):
        scale_def = criteria.scales[key.scale]
        for option in scale_def.options:
            points[n, option.position] = int(scale_def.points(option.position, key.reverse) * scale)
    q_index = {q.code: n for n, q in enumerate(questions)}
    lcm = math.lcm(*(len(q.keys) for q in questions)) if questions else 1
    return _SurveyPlan(
        keys=tuple(k.code for k in keys),
        questions=tuple(q.code for q in questions),
        key_question=np.array([q_index[k.question] for k in keys], dtype=np.int64),
        points=points,
        scale=scale,
        lcm=lcm,
        indicator_of={q.code: q.indicator for q in questions},
    )


def score_survey(criteria: Criteria, instrument: str, answers: np.ndarray) -> SurveyScores:
    """Score one group. `answers[r, k]` = 1-based option of key k for respondent r, 0 = not answered."""
    return score_survey_groups(criteria, instrument, answers, np.zeros(len(answers), dtype=np.int64), 1)[0]


def score_survey_groups(
    criteria: Criteria, instrument: str, answers: np.ndarray, group_ids: np.ndarray, groups: int
) -> list[SurveyScores]:
    """Score many groups (agencies) at once; `group_ids[r]` in 0..groups-1 names respondent r's group.

    Columns of `answers` follow `criteria.answer_keys(instrument)`; values must already be checked
    to lie on each key's scale (see `prongsai.scoring.csvio`).
    """
    plan = _plan(criteria, instrument)
    sums = np.zeros((groups, len(plan.questions)), dtype=np.int64)
    counts = np.zeros((groups, len(plan.questions)), dtype=np.int64)
    any_answer = np.zeros(answers.shape[0], dtype=bool)
    # One question at a time keeps memory at a few columns of the answer matrix, whatever its size.
    for q in range(len(plan.questions)):
        q_sum, q_count = _question_columns(plan, answers, np.flatnonzero(plan.key_question == q))
        has_q = q_count > 0
        any_answer |= has_q
        # A respondent's question mean × scale × lcm is an exact integer: sum × (lcm / count).
        per_resp = q_sum * (plan.lcm // np.maximum(q_count, 1))
        # bincount adds in float64, exact for integers below 2**53 (a nation's sums stay far below).
        sums[:, q] = np.rint(np.bincount(group_ids, weights=per_resp, minlength=groups)).astype(np.int64)
        counts[:, q] = np.bincount(group_ids, weights=has_q, minlength=groups).astype(np.int64)
    respondents = np.bincount(group_ids[any_answer], minlength=groups)
    denominator = plan.scale * plan.lcm
    results = []
    for g in range(groups):
        questions: dict[str, Score] = {}
        question_n: dict[str, int] = {}
        for q, code in enumerate(plan.questions):
            n = int(counts[g, q])
            question_n[code] = n
            questions[code] = Fraction(int(sums[g, q]), n * denominator) if n else None
        results.append(
            SurveyScores(
                instrument=instrument,
                respondents=int(respondents[g]),
                questions=questions,
                question_respondents=question_n,
                indicators=_indicators_from_questions(criteria, instrument, questions, plan.indicator_of),
            )
        )
    return results


def _question_columns(plan: _SurveyPlan, answers: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per respondent: the sum of scaled points and the number of answered sub-items of one question."""
    q_sum = np.zeros(answers.shape[0], dtype=np.int64)
    q_count = np.zeros(answers.shape[0], dtype=np.int64)
    for k in keys:
        column = answers[:, k]
        q_sum += plan.points[k][column]  # position 0 (unanswered) has 0 points
        q_count += column > 0
    return q_sum, q_count


def _indicators_from_questions(
    criteria: Criteria, instrument: str, questions: Mapping[str, Score], indicator_of: Mapping[str, int]
) -> dict[int, Score]:
    numbers = criteria.instrument(instrument).indicators
    return {n: mean(v for code, v in questions.items() if indicator_of[code] == n) for n in numbers}


# ---------------------------------------------------------------------------------------------
# OIT


OitInput = Mapping[str, bool | Mapping[str, bool]]
_MET, _NOT_MET = Fraction(100), Fraction(0)  # immutable, so shared by every item


def score_oit(criteria: Criteria, results: OitInput) -> OitScores:
    """`results[item]` is True/False, or {component code: met}. Missing items and components are not met."""
    items: dict[str, Fraction] = {}
    for item in criteria.oit_items:
        given = results.get(item.code, False)
        if isinstance(given, Mapping):
            met = bool(item.components) and all(given.get(c.code, False) for c in item.components)
        else:
            met = bool(given)
        items[item.code] = _MET if met else _NOT_MET
    return oit_from_items(criteria, items)


def oit_from_items(criteria: Criteria, items: Mapping[str, Fraction]) -> OitScores:
    numbers = criteria.instrument("OIT").indicators
    indicators: dict[int, Score] = {
        n: mean(items[i.code] for i in criteria.oit_items if i.indicator == n and i.code in items) for n in numbers
    }
    by_items = criteria.oit_instrument_rule == "mean_of_items"
    instrument = mean(items.values()) if by_items else mean(indicators.values())
    return OitScores(items=dict(items), indicators=indicators, instrument=instrument)


# ---------------------------------------------------------------------------------------------
# Putting it together


def combine(
    criteria: Criteria,
    iit: SurveyScores | None,
    eit: SurveyScores | None,
    oit: OitScores | None,
) -> Result:
    indicators: dict[int, Score] = {i.number: None for i in criteria.indicators}
    instruments: dict[str, Score] = {}
    respondents: dict[str, int] = {}
    for survey in (iit, eit):
        if survey is None:
            continue
        indicators.update(survey.indicators)
        instruments[survey.instrument] = mean(survey.indicators.values())
        respondents[survey.instrument] = survey.respondents
    if oit is not None:
        indicators.update(oit.indicators)
        instruments["OIT"] = oit.instrument
    for code in ("IIT", "EIT", "OIT"):
        instruments.setdefault(code, None)
    return Result(criteria=criteria, indicators=indicators, instruments=instruments, respondents=respondents)


def from_indicators(
    criteria: Criteria,
    indicators: Mapping[int, Score | Decimal | float],
    oit_items: Mapping[str, Fraction] | None = None,
) -> Result:
    """A result built from indicator scores (past results, what-ifs). OIT follows its rule when items are given."""
    exact: dict[int, Score] = {n: _fraction(v) for n, v in indicators.items()}
    instruments: dict[str, Score] = {}
    for inst in criteria.instruments:
        if inst.code == "OIT" and oit_items is not None:
            oit = oit_from_items(criteria, oit_items)
            exact.update(oit.indicators)
            instruments["OIT"] = oit.instrument
        else:
            instruments[inst.code] = mean(exact.get(n) for n in inst.indicators)
    return Result(criteria=criteria, indicators=exact, instruments=instruments)


def _fraction(value: Score | Decimal | float | None) -> Score:
    if value is None:
        return None
    if isinstance(value, Fraction):
        return value
    return Fraction(Decimal(str(value)))


def instrument_results(criteria: Criteria, instruments: Mapping[str, Decimal | float | None]) -> Result:
    """A result from instrument scores alone (e.g. a past year where only IIT/EIT/OIT are known)."""
    return Result(
        criteria=criteria,
        indicators={i.number: None for i in criteria.indicators},
        instruments={k: _fraction(v) for k, v in instruments.items()},
    )


def weights(criteria: Criteria) -> dict[str, Fraction]:
    return {i.code: Fraction(i.weight) for i in criteria.instruments}


def indicator_weight(criteria: Criteria, number: int) -> Fraction:
    """Total points gained per point of this indicator (OIT by indicator mean; see whatif for items)."""
    inst = criteria.instrument(criteria.indicator(number).instrument)
    return Fraction(inst.weight) / 100 / len(inst.indicators)


def key_index(criteria: Criteria, instrument: str) -> dict[str, int]:
    return {code: n for n, code in enumerate(k.code for k in criteria.answer_keys(instrument))}


def empty_answers(criteria: Criteria, instrument: str, respondents: int) -> np.ndarray:
    return np.zeros((respondents, len(criteria.answer_keys(instrument))), dtype=np.int8)


def answers_from_rows(criteria: Criteria, instrument: str, rows: Sequence[Mapping[str, int]]) -> np.ndarray:
    """Rows of {answer key: option} → the matrix `score_survey` takes (keys must be valid)."""
    index = key_index(criteria, instrument)
    matrix = empty_answers(criteria, instrument, len(rows))
    for r, row in enumerate(rows):
        for key, option in row.items():
            matrix[r, index[key]] = option
    return matrix
