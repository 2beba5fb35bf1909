"""The scoring rules, checked against results computed by hand."""

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from prongsai.criteria import framework
from prongsai.scoring import engine

MINI = framework.load(Path(__file__).with_name("mini-criteria.yaml"))


def iit_answers():
    # r1: i1a=มากที่สุด(100) i1b=มาก(66.67) i2=น้อยที่สุด(reversed → 100) i3a/b=ไม่มี(100) i3c=มี(0)
    # r2: i1a=น้อย(33.33) i1b blank, i2=มากที่สุด(reversed → 0), i3 blank
    return engine.answers_from_rows(
        MINI, "IIT", [{"i1a": 4, "i1b": 3, "i2": 1, "i3a": 2, "i3b": 2, "i3c": 1}, {"i1a": 2, "i2": 4}]
    )


def test_it_scores_a_question_as_the_mean_over_respondents_of_their_sub_item_means():
    scores = engine.score_survey(MINI, "IIT", iit_answers())
    # i1: r1 (100 + 66.67)/2 = 83.335, r2 33.33 → (83.335 + 33.33)/2
    assert scores.questions["i1"] == Fraction("58.3325")
    assert scores.questions["i2"] == Fraction(50)
    assert scores.questions["i3"] == Fraction(200, 3)
    assert scores.question_respondents == {"i1": 2, "i2": 2, "i3": 1}


def test_it_takes_an_indicator_as_the_mean_of_its_answered_questions():
    scores = engine.score_survey(MINI, "IIT", iit_answers())
    assert scores.indicators[1] == Fraction("54.16625")
    assert scores.indicators[2] == Fraction(200, 3)


def test_it_counts_only_respondents_who_answered_something():
    answers = engine.answers_from_rows(MINI, "EIT", [{"e1": 3}, {"e1": 4}, {}])
    scores = engine.score_survey(MINI, "EIT", answers)
    assert scores.respondents == 2
    assert scores.indicators[3] == Fraction("83.335")


def test_it_rounds_published_figures_half_up_exactly():
    # 83.335 is 83.334999… as a binary float; exact arithmetic publishes 83.34.
    eit = engine.score_survey(MINI, "EIT", engine.answers_from_rows(MINI, "EIT", [{"e1": 3}, {"e1": 4}]))
    published = engine.combine(MINI, None, eit, None).published()
    assert published.instruments["EIT"] == Decimal("83.34")
    assert engine.publish(Fraction("85.425")) == Decimal("85.43")
    assert engine.publish(Fraction("85.42499")) == Decimal("85.42")


def test_it_scores_an_oit_item_100_only_when_every_component_is_met():
    oit = engine.score_oit(MINI, {"O1": {"O1.1": True, "O1.2": True}, "O2": {"O2.1": False}})
    assert oit.items == {"O1": 100, "O2": 0}
    partial = engine.score_oit(MINI, {"O1": {"O1.1": True}})
    assert partial.items["O1"] == 0
    assert engine.score_oit(MINI, {"O1": True, "O2": True}).instrument == 100


def test_it_combines_instruments_by_weight_on_unrounded_values():
    iit = engine.score_survey(MINI, "IIT", iit_answers())
    eit = engine.score_survey(MINI, "EIT", engine.answers_from_rows(MINI, "EIT", [{"e1": 3}, {"e1": 4}]))
    oit = engine.score_oit(MINI, {"O1": True, "O2": False})
    published = engine.combine(MINI, iit, eit, oit).published()
    # IIT = (54.16625 + 66.666…)/2 = 60.4164583…; total = 0.3·IIT + 0.3·83.335 + 0.4·50 = 63.1254375
    assert published.as_dict() == {
        "criteria": "test-mini",
        "indicators": {"1": 54.17, "2": 66.67, "3": 83.34, "4": 50.0},
        "instruments": {"IIT": 60.42, "EIT": 83.34, "OIT": 50.0},
        "total": 63.13,
        "level": "ต้องปรับปรุงโดยด่วน",
        "level_code": "urgent_improvement",
        "respondents": {"IIT": 2, "EIT": 2},
    }


@pytest.mark.parametrize(
    ("total", "instruments", "level"),
    [
        ("95.00", ("95.00", "95.00", "95.00"), "excellent_pass"),
        ("96.00", ("94.99", "96.00", "97.00"), "good_pass"),
        ("85.42", ("86.00", "85.40", "85.00"), "good_pass"),
        ("85.00", ("84.99", "90.00", "90.00"), "pass"),
        ("84.99", ("90.00", "90.00", "80.00"), "needs_improvement"),
        ("70.00", ("70.00", "70.00", "70.00"), "needs_improvement"),
        ("69.99", ("70.00", "70.00", "70.00"), "urgent_improvement"),
    ],
)
def test_it_decides_the_level_by_the_first_matching_rule_on_published_figures(total, instruments, level):
    figures = dict(zip(("IIT", "EIT", "OIT"), (Decimal(v) for v in instruments), strict=True))
    assert engine.level_for(MINI, Decimal(total), figures).code == level


def test_it_reproduces_the_seed_municipalitys_fy2567_result():
    criteria = framework.load(framework.find("ita-2567"))
    indicators = {1: "90.12", 2: "82.45", 3: "87.60", 4: "84.31", 5: "85.52", 6: "88.10", 7: "83.55", 8: "84.55",
                  9: "88.24", 10: "81.76"}  # fmt: skip
    published = engine.from_indicators(criteria, {n: Decimal(v) for n, v in indicators.items()}).published()
    assert published.instruments == {
        "IIT": Decimal("86.00"),
        "EIT": Decimal("85.40"),
        "OIT": Decimal("85.00"),
    }
    assert published.total == Decimal("85.42")
    assert published.level.name_th == "ผ่านดี"


def test_it_scores_many_groups_like_each_group_alone():
    answers = iit_answers()
    together = engine.score_survey_groups(MINI, "IIT", answers[[0, 1, 0]], engine.np.array([0, 0, 1]), 2)
    assert together[0] == engine.score_survey(MINI, "IIT", answers)
    assert together[1] == engine.score_survey(MINI, "IIT", answers[[0]])
