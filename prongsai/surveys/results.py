"""Live results of a campaign: daily counts, and scores from the scoring engine — never for fewer than 5 people.

Excluded sheets (a recorded burst review) are left out everywhere: scores, breakdowns and exports.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from django.utils.translation import gettext as _

from prongsai.scoring import engine
from prongsai.scoring.csvio import write_survey_csv
from prongsai.surveys.models import Campaign, Response, StakeholderGroup
from prongsai.surveys.questionnaires import Sheet

MIN_GROUP = 5  # the promise: no figure about fewer than five respondents


@dataclass(frozen=True)
class QuestionScore:
    number: int
    code: str
    text: str
    indicator: int
    score: Decimal | None
    respondents: int


@dataclass(frozen=True)
class GroupScore:
    name: str
    respondents: int
    score: Decimal | None


@dataclass(frozen=True)
class CampaignResults:
    respondents: int
    suppressed: bool
    overall: Decimal | None
    indicators: dict[int, Decimal | None]
    questions: list[QuestionScore]  # weakest first
    groups: list[GroupScore]
    groups_suppressed: bool
    comments: list[str]

    @property
    def weakest(self) -> list[QuestionScore]:
        return [q for q in self.questions if q.score is not None][:5]


def counted_rows(campaign: Campaign) -> list[tuple[dict[str, int], int | None, str]]:
    return list(Response.objects.filter(campaign=campaign).counted().values_list("answers", "group_id", "comment"))


def daily_counts(campaign: Campaign) -> dict[dt.date, int]:
    return dict(Counter(Response.objects.filter(campaign=campaign).counted().values_list("answered_on", flat=True)))


def _matrix(sheet: Sheet, rows: list[dict[str, int]]) -> np.ndarray:
    valid = set(sheet.sizes)
    clean = [{k: v for k, v in r.items() if k in valid and 1 <= int(v) <= sheet.sizes[k]} for r in rows]
    return engine.answers_from_rows(sheet.criteria, sheet.instrument, clean)


def score(campaign: Campaign, sheet: Sheet, groups: dict[int, StakeholderGroup] | None = None) -> CampaignResults:
    rows = counted_rows(campaign)
    answers = [r[0] for r in rows]
    n = len(rows)
    if n < MIN_GROUP:
        return CampaignResults(n, True, None, {}, [], [], True, [])
    scores = engine.score_survey(sheet.criteria, sheet.instrument, _matrix(sheet, answers))
    questions = [
        QuestionScore(
            q.number,
            q.code,
            q.text,
            q.indicator,
            engine.publish(scores.questions.get(q.code)),
            scores.question_respondents.get(q.code, 0),
        )
        for q in sheet.questions
    ]
    # A question answered by fewer than five is not shown on its own either.
    questions = [
        q if q.respondents >= MIN_GROUP else QuestionScore(q.number, q.code, q.text, q.indicator, None, q.respondents)
        for q in questions
    ]
    questions.sort(key=lambda q: (q.score is None, q.score if q.score is not None else 0, q.number))
    overall = engine.publish(engine.mean(scores.indicators.values()))
    group_scores, groups_suppressed = _groups(sheet, rows, groups or {})
    comments = [c for _, _, c in rows if c.strip()] if sheet.ask_comment else []
    return CampaignResults(
        n,
        False,
        overall,
        {k: engine.publish(v) for k, v in scores.indicators.items()},
        questions,
        group_scores,
        groups_suppressed,
        sorted(comments),
    )


def _groups(
    sheet: Sheet, rows: list[tuple[dict[str, int], int | None, str]], groups: dict[int, StakeholderGroup]
) -> tuple[list[GroupScore], bool]:
    """Per-group scores for groups of five or more; when the hidden remainder is 1–4 people, none are shown
    (otherwise it could be worked out by subtraction from the total)."""
    by_group: dict[int | None, list[dict[str, int]]] = {}
    for answers, group_id, _comment in rows:
        by_group.setdefault(group_id, []).append(answers)
    if len(by_group) < 2 and None in by_group:
        return [], False
    hidden = sum(len(v) for k, v in by_group.items() if len(v) < MIN_GROUP)
    if 0 < hidden < MIN_GROUP:
        return [], True
    result = []
    for group_id, sheets in by_group.items():
        if len(sheets) < MIN_GROUP:
            continue
        scored = engine.score_survey(sheet.criteria, sheet.instrument, _matrix(sheet, sheets))
        name = groups[group_id].name if group_id in groups else _("Did not say")
        result.append(GroupScore(name, len(sheets), engine.publish(engine.mean(scored.indicators.values()))))
    result.sort(key=lambda g: g.name)
    return result, hidden > 0


def answers_csv(campaign: Campaign, sheet: Sheet) -> str:
    """Counted answers in the `prongsai score` CSV format (rows sorted by their random ids: no order)."""
    rows = Response.objects.filter(campaign=campaign).counted().order_by("id").values_list("answers", flat=True)
    valid = set(sheet.sizes)
    return write_survey_csv(
        sheet.criteria, sheet.instrument, ({k: v for k, v in r.items() if k in valid} for r in rows)
    )
