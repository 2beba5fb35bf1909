"""What-ifs on top of the engine: move one indicator or OIT item, or find the cheapest way to a level."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from prongsai.criteria.framework import Criteria, Level
from prongsai.scoring.engine import (
    Published,
    Score,
    from_indicators,
    indicator_weight,
    oit_from_items,
    publish,
)

GRID = Fraction(1, 100)  # gains are proposed in published steps of 0.01


def with_indicator(
    criteria: Criteria, indicators: Mapping[int, Score | Decimal], number: int, value: Decimal | Fraction
) -> Published:
    changed = dict(indicators)
    changed[number] = Fraction(Decimal(str(value)))
    return from_indicators(criteria, changed).published()


def with_oit_items(
    criteria: Criteria, indicators: Mapping[int, Score | Decimal], items: Mapping[str, bool]
) -> Published:
    """Survey indicators as given, OIT recomputed from item pass/fail under the criteria's rule."""
    item_scores = {i.code: Fraction(100 if items.get(i.code) else 0) for i in criteria.oit_items}
    return from_indicators(criteria, indicators, oit_items=item_scores).published()


@dataclass(frozen=True)
class Gain:
    indicator: int
    before: Decimal
    after: Decimal

    @property
    def points(self) -> Decimal:
        return self.after - self.before


@dataclass(frozen=True)
class Path:
    target: Level
    gains: tuple[Gain, ...]
    result: Published

    @property
    def total_points(self) -> Decimal:
        return sum((g.points for g in self.gains), Decimal(0))


def cheapest_path(criteria: Criteria, indicators: Mapping[int, Score | Decimal], target_code: str) -> Path | None:
    """The smallest indicator gains (fewest points, then fewest indicators) that reach the target level.

    Per-instrument minimums are met first (every point inside an instrument costs the same, so the
    weakest indicators with the most room are raised); the remaining gap in the total is then closed
    with the indicators that move the total most per point. Returns None when even 100 everywhere
    cannot reach the target, or when some indicator has no score yet.
    """
    target = next(lv for lv in criteria.levels if lv.code == target_code)
    scores = {n: _exact(v) for n, v in indicators.items()}
    if any(scores.get(i.number) is None for i in criteria.indicators):
        return None
    current: dict[int, Fraction] = {n: v for n, v in scores.items() if v is not None}
    raised = dict(current)
    if target.each_instrument_min is not None:
        floor = Fraction(target.each_instrument_min)
        for inst in criteria.instruments:
            deficit = floor * len(inst.indicators) - sum(raised[n] for n in inst.indicators)
            _spend(raised, sorted(inst.indicators, key=lambda n: raised[n]), deficit, Fraction(1))
    total = from_indicators(criteria, raised).total
    assert total is not None
    gap = Fraction(target.min_total) - total
    if gap > 0:
        order = sorted(raised, key=lambda n: (-indicator_weight(criteria, n), raised[n]))
        for n in order:
            if gap <= 0:
                break
            gap = _spend(raised, [n], gap, indicator_weight(criteria, n))
    # Snap every gain up to the 0.01 grid the published figures use.
    for n in raised:
        if raised[n] != current[n]:
            raised[n] = min(Fraction(100), Fraction(math.ceil(raised[n] / GRID)) * GRID)
    result = from_indicators(criteria, raised).published()
    if result.level is None or _rank(criteria, result.level) > _rank(criteria, target):
        return None
    gains = tuple(Gain(n, _pub(current[n]), _pub(raised[n])) for n in sorted(raised) if raised[n] != current[n])
    return Path(target=target, gains=gains, result=result)


def oit_items_to_flip(criteria: Criteria, items: Mapping[str, bool]) -> list[tuple[str, Decimal]]:
    """Failing OIT items with the total points each would add if it passed, biggest first."""
    base = {i.code: Fraction(100 if items.get(i.code) else 0) for i in criteria.oit_items}
    before = oit_from_items(criteria, base).instrument or Fraction(0)
    weight = Fraction(criteria.instrument("OIT").weight) / 100
    gains = []
    for code, score in base.items():
        if score:
            continue
        after = oit_from_items(criteria, {**base, code: Fraction(100)}).instrument or Fraction(0)
        gains.append((code, _pub((after - before) * weight)))
    return sorted(gains, key=lambda g: -g[1])


def _spend(raised: dict[int, Fraction], order: list[int], need: Fraction, per_point: Fraction) -> Fraction:
    """Raise indicators in `order` until `need` (in units of per_point × points) is covered; returns what is left."""
    for n in order:
        if need <= 0:
            break
        room = Fraction(100) - raised[n]
        step = min(room, need / per_point)
        raised[n] += step
        need -= step * per_point
    return need


def _rank(criteria: Criteria, level: Level) -> int:
    return [lv.code for lv in criteria.levels].index(level.code)


def _exact(value: Score | Decimal | None) -> Fraction | None:
    if value is None or isinstance(value, Fraction):
        return value
    return Fraction(Decimal(str(value)))


def _pub(value: Fraction) -> Decimal:
    published = publish(value)
    assert published is not None
    return published
