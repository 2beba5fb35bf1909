"""Plan rules in plain Python (no ORM, no HTTP): periods inside the Thai fiscal year, lateness, flags, copying.

A period is a run of whole months inside one fiscal year (1 Oct – 30 Sep), or the whole year (ตลอดปี).
A measure is late from the day after the last day of its period's last month until it is done.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from prongsai.lib import thaidate

ALL_DEPARTMENTS_TH = "ทุกส่วนราชการ"
ALL_DEPARTMENTS_EN = "All departments"
DUE_SOON_DAYS = 14
STATUSES = ("not_started", "in_progress", "done", "late")


def today() -> dt.date:
    return timezone.localdate()


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def last_day_of_month(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def fiscal_month_starts(fiscal_year: int) -> list[dt.date]:
    """The first days of the twelve months of a fiscal year, October first."""
    return [dt.date(y, m, 1) for y, m in thaidate.fiscal_months(fiscal_year)]


@dataclass(frozen=True)
class Period:
    """When a measure is carried out: months `start`..`end` (first days of months) of `fiscal_year`."""

    fiscal_year: int
    whole_year: bool
    start: dt.date | None
    end: dt.date | None

    @classmethod
    def of(cls, fiscal_year: int, whole_year: bool, start: dt.date | None, end: dt.date | None) -> Period:
        if whole_year:
            first, last = thaidate.fiscal_year_bounds(fiscal_year)
            return cls(fiscal_year, True, first, first_of_month(last))
        return cls(fiscal_year, False, start and first_of_month(start), end and first_of_month(end))

    @property
    def is_set(self) -> bool:
        return self.start is not None and self.end is not None

    @property
    def first_day(self) -> dt.date | None:
        return self.start

    @property
    def last_day(self) -> dt.date | None:
        return last_day_of_month(self.end) if self.end else None

    def month_span(self) -> tuple[int, int] | None:
        """0-based indexes (October = 0) of the first and last month, for the timeline."""
        if not self.is_set:
            return None
        starts = fiscal_month_starts(self.fiscal_year)
        return starts.index(self.start), starts.index(self.end)  # type: ignore[arg-type]

    def label(self, digits: str = "arabic", language: str = "th") -> str:
        """ต.ค. 67 – เม.ย. 68 · ก.พ. – เม.ย. 68 · ตลอดปี 68 (Thai digits on request); Oct 2024 – Apr 2025 in English."""
        if language == "en":
            return self._label_en()
        yy = f"{self.fiscal_year % 100:02d}"
        if self.whole_year:
            text = f"ตลอดปี {yy}"
        elif not self.is_set:
            return ""
        else:
            start, end = self.start, self.end
            assert start is not None
            assert end is not None
            end_text = thaidate.format_date(end, "month")
            if start == end:
                text = end_text
            elif start.year == end.year:
                text = f"{thaidate.MONTHS_TH_ABBR[start.month - 1]} – {end_text}"
            else:
                text = f"{thaidate.format_date(start, 'month')} – {end_text}"
        return thaidate.thai_digits(text) if digits == "thai" else text

    def _label_en(self) -> str:
        if self.whole_year:
            return f"Whole FY{self.fiscal_year}"
        if not self.is_set:
            return ""
        start, end = self.start, self.end
        assert start is not None
        assert end is not None
        if start == end:
            return end.strftime("%b %Y")
        return f"{start.strftime('%b %Y')} – {end.strftime('%b %Y')}"

    def shifted(self, years: int = 1) -> Period:
        """The same months `years` fiscal years later (copying a plan forward)."""
        if self.whole_year or not self.is_set:
            return Period.of(self.fiscal_year + years, self.whole_year, None, None)
        assert self.start is not None
        assert self.end is not None
        return Period(
            self.fiscal_year + years,
            False,
            self.start.replace(year=self.start.year + years),
            self.end.replace(year=self.end.year + years),
        )


def period_problems(fiscal_year: int, whole_year: bool, start: dt.date | None, end: dt.date | None) -> list[str]:
    """Why a period is not acceptable (English message keys; forms translate them). Empty when fine."""
    if whole_year:
        return []
    if start is None or end is None:
        return ["missing"]
    first, last = thaidate.fiscal_year_bounds(fiscal_year)
    problems = []
    if not first <= start <= last or not first <= end <= last:
        problems.append("outside")
    if start > end:
        problems.append("reversed")
    return problems


def effective_status(status: str, period: Period, on: dt.date) -> str:
    """The status to show: a measure not done after its period's last day is late."""
    if status == "done":
        return "done"
    last = period.last_day
    if last is not None and on > last:
        return "late"
    return status


def flag(status: str, period: Period, on: dt.date, soon_days: int = DUE_SOON_DAYS) -> str:
    """'overdue', 'due_soon' (period ends within `soon_days`, inclusive) or ''."""
    if status == "done":
        return ""
    last = period.last_day
    if last is None:
        return ""
    if on > last:
        return "overdue"
    if (last - on).days <= soon_days:
        return "due_soon"
    return ""


def days_left(period: Period, on: dt.date) -> int | None:
    last = period.last_day
    return None if last is None else (last - on).days


def reminder_due(status: str, period: Period, on: dt.date, days_before: int) -> str:
    """Which reminder a measure needs today: 'before' exactly `days_before` days ahead, 'overdue' the day after
    its period ends and then weekly, or '' (so a daily job sends each message once)."""
    if status == "done":
        return ""
    left = days_left(period, on)
    if left is None:
        return ""
    if left == days_before:
        return "before"
    if left < 0 and (-left - 1) % 7 == 0:
        return "overdue"
    return ""


@dataclass(frozen=True)
class Tally:
    """How a set of measures stands: counts per effective status and mean progress."""

    total: int
    not_started: int
    in_progress: int
    done: int
    late: int
    mean_progress: int

    @property
    def percent_done(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def tally(items: Iterable[tuple[str, int]]) -> Tally:
    """`items` are (effective status, progress %) pairs."""
    counts = dict.fromkeys(STATUSES, 0)
    progress = []
    for status, percent in items:
        counts[status] = counts.get(status, 0) + 1
        progress.append(100 if status == "done" else percent)
    total = len(progress)
    return Tally(
        total,
        counts["not_started"],
        counts["in_progress"],
        counts["done"],
        counts["late"],
        round(sum(progress) / total) if total else 0,
    )


def clamp_percent(value: int | None) -> int:
    return max(0, min(100, int(value or 0)))


def status_after_note(status: str, percent: int | None) -> str:
    """A progress note moves the stored status: 100 % is done, any other figure means work has started."""
    if percent is None:
        return status
    if percent >= 100:
        return "done"
    if status in ("not_started", "done") and percent > 0:
        return "in_progress"
    return status
