from decimal import Decimal

from prongsai.criteria import framework
from prongsai.scoring import whatif

SEED = {1: "90.12", 2: "82.45", 3: "87.60", 4: "84.31", 5: "85.52", 6: "88.10", 7: "83.55", 8: "84.55",
        9: "88.24", 10: "81.76"}  # fmt: skip


def criteria():
    return framework.load(framework.find("ita-2567"))


def seed():
    return {n: Decimal(v) for n, v in SEED.items()}


def test_it_moves_the_total_when_one_indicator_changes():
    result = whatif.with_indicator(criteria(), seed(), 10, Decimal("100"))
    # OIT = (88.24 + 100)/2 = 94.12 → total rises by 0.4 × 9.12 = 3.648
    assert result.instruments["OIT"] == Decimal("94.12")
    assert result.total == Decimal("89.07")


def test_it_finds_the_cheapest_gains_to_excellent():
    path = whatif.cheapest_path(criteria(), seed(), "excellent_pass")
    assert path is not None
    assert path.result.level.code == "excellent_pass"
    assert all(v >= Decimal(95) for v in path.result.instruments.values())
    assert all(g.after > g.before for g in path.gains)


def test_it_reports_nothing_to_gain_when_the_target_is_already_met():
    path = whatif.cheapest_path(criteria(), seed(), "good_pass")
    assert path is not None
    assert path.gains == ()
    assert path.result.total == Decimal("85.42")


def test_it_prefers_oit_points_for_a_total_only_target():
    scores = seed()
    scores.update({9: Decimal("60"), 10: Decimal("60")})
    path = whatif.cheapest_path(criteria(), scores, "pass")
    assert path is not None
    assert {g.indicator for g in path.gains} <= {9, 10}
    assert path.result.total >= Decimal(85)
