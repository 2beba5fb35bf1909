"""Property-based checks of the scoring rules: bounds, monotonicity, weights, order and rounding."""

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from prongsai.criteria import framework
from prongsai.scoring import engine

MINI = framework.load(Path(__file__).with_name("mini-criteria.yaml"))
KEYS = MINI.answer_keys("IIT")
SIZES = [len(MINI.scales[k.scale].options) for k in KEYS]


@st.composite
def answer_matrices(draw, min_rows=1, max_rows=12):
    rows = draw(st.integers(min_rows, max_rows))
    cells = [[draw(st.integers(0, size)) for size in SIZES] for _ in range(rows)]
    return np.array(cells, dtype=np.int8)


scores_0_100 = st.fractions(min_value=0, max_value=100, max_denominator=10_000)


@given(answer_matrices())
def test_it_keeps_every_score_between_0_and_100(answers):
    scores = engine.score_survey(MINI, "IIT", answers)
    for value in [*scores.questions.values(), *scores.indicators.values()]:
        assert value is None or 0 <= value <= 100


@given(answer_matrices(), st.data())
def test_it_never_lowers_a_score_when_an_answer_earns_more_points(answers, data):
    row = data.draw(st.integers(0, len(answers) - 1))
    col = data.draw(st.integers(0, len(KEYS) - 1))
    if answers[row, col] == 0:
        return
    key = KEYS[col]
    scale = MINI.scales[key.scale]
    better = [
        o.position
        for o in scale.options
        if scale.points(o.position, key.reverse) >= scale.points(answers[row, col], key.reverse)
    ]
    changed = answers.copy()
    changed[row, col] = data.draw(st.sampled_from(better))
    before = engine.score_survey(MINI, "IIT", answers)
    after = engine.score_survey(MINI, "IIT", changed)
    for number, value in before.indicators.items():
        assert value is None or after.indicators[number] >= value


@given(answer_matrices(min_rows=2), st.randoms(use_true_random=False))
def test_it_ignores_the_order_of_respondents(answers, rnd):
    order = list(range(len(answers)))
    rnd.shuffle(order)
    assert engine.score_survey(MINI, "IIT", answers) == engine.score_survey(MINI, "IIT", answers[order])


@given(scores_0_100)
def test_it_gives_the_common_score_as_total_when_all_instruments_agree(x):
    result = engine.instrument_results(MINI, {"IIT": x, "EIT": x, "OIT": x})
    assert result.total == x


@given(scores_0_100, scores_0_100, scores_0_100)
def test_it_weights_instruments_30_30_40(iit, eit, oit):
    result = engine.instrument_results(MINI, {"IIT": iit, "EIT": eit, "OIT": oit})
    assert result.total == Fraction(3, 10) * iit + Fraction(3, 10) * eit + Fraction(4, 10) * oit


@settings(max_examples=300)
@given(st.fractions(min_value=0, max_value=100, max_denominator=100_000))
def test_it_rounds_half_up_like_decimal_on_the_exact_value(value):
    with localcontext() as ctx:
        ctx.prec = 60
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        expected = exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert engine.publish(value) == expected


@given(st.dictionaries(st.sampled_from(["O1", "O2"]), st.booleans()))
def test_it_scores_oit_as_the_share_of_items_passed(items):
    oit = engine.score_oit(MINI, items)
    assert oit.instrument == Fraction(100 * sum(items.values()), 2)
