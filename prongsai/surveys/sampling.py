"""The minimum sample per instrument (from the criteria's rules) and a forecast of when it will be reached.

Pure Python: the views pass in the agency's type and size, the population and the daily counts.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from prongsai.criteria.framework import Criteria, SampleRule

MIN_DAYS_FOR_FORECAST = 3
MIN_RESPONSES_FOR_FORECAST = 5


@dataclass(frozen=True)
class Target:
    instrument: str
    minimum: int | None  # None: the criteria do not say (e.g. ITAS computes the IIT minimum itself)
    rule: SampleRule | None
    population: int | None

    @property
    def known(self) -> bool:
        return self.minimum is not None


def matching_rule(criteria: Criteria, instrument: str, agency_type: str, size: str) -> SampleRule | None:
    """The first rule whose agency type and size match (None in a rule matches anything)."""
    for rule in criteria.sample_rules.get(instrument, ()):
        if rule.agency_type not in (None, agency_type):
            continue
        if rule.size not in (None, size):
            continue
        return rule
    return None


def minimum_sample(
    criteria: Criteria, instrument: str, agency_type: str, size: str, population: int | None = None
) -> Target:
    rule = matching_rule(criteria, instrument, agency_type, size)
    minimum: int | None = None
    if rule is not None:
        if rule.minimum is not None:
            minimum = rule.minimum
        elif rule.percent_of_population is not None and population:
            exact = Decimal(population) * rule.percent_of_population / 100
            minimum = int(exact.to_integral_value(ROUND_CEILING))
        if minimum is not None:
            if rule.at_least is not None:
                minimum = max(minimum, rule.at_least)
            if rule.at_most is not None:
                minimum = min(minimum, rule.at_most)
            if population is not None and rule.minimum is None:
                minimum = min(minimum, population)
    return Target(instrument, minimum, rule, population)


@dataclass(frozen=True)
class Forecast:
    total: int
    reached_on: dt.date | None  # the day the running total first reached the target
    expected_on: dt.date | None  # the forecast day, when not yet reached
    per_day: float | None
    enough_data: bool


def cumulative(daily: Mapping[dt.date, int]) -> list[tuple[dt.date, int]]:
    running = 0
    result = []
    for day in sorted(daily):
        running += daily[day]
        result.append((day, running))
    return result


def forecast(daily: Mapping[dt.date, int], minimum: int | None, today: dt.date) -> Forecast:
    """Linear on the mean daily rate since the first answer; honest when there is too little to go on."""
    series = cumulative(daily)
    total = series[-1][1] if series else 0
    reached = next((day for day, n in series if minimum is not None and n >= minimum), None)
    if not series:
        return Forecast(0, None, None, None, False)
    days = (today - series[0][0]).days + 1
    per_day = total / days if days > 0 else None
    enough = days >= MIN_DAYS_FOR_FORECAST and total >= MIN_RESPONSES_FOR_FORECAST and bool(per_day)
    expected = None
    if minimum is not None and reached is None and enough and per_day:
        expected = today + dt.timedelta(days=math.ceil((minimum - total) / per_day))
    return Forecast(total, reached, expected, per_day, enough)


def daily_from_cumulative(points: Sequence[tuple[dt.date, int]]) -> dict[dt.date, int]:
    """ITAS shows running totals; turn them into per-day increments (a lower total later is kept flat)."""
    result: dict[dt.date, int] = {}
    previous = 0
    for day, total in sorted(points):
        result[day] = max(total - previous, 0)
        previous = max(previous, total)
    return result
