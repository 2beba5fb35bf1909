"""Complaint statistics of one Thai fiscal year (October–September) per month and per quarter.

The public page (OIT O19), its staff twin and the `complaint-stats` documents all read `year_stats`.
Counts are aggregates only: nothing here names a complainant, a subject or a handler, which is why
corruption complaints are counted too (O19 asks exactly for them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from prongsai.agencies.models import Agency
from prongsai.complaints.models import DONE_STATUSES, Category, Complaint, Rating, Status
from prongsai.lib import thaidate

QUARTER_LABELS = ("ไตรมาสที่ 1 (ต.ค.–ธ.ค.)", "ไตรมาสที่ 2 (ม.ค.–มี.ค.)", "ไตรมาสที่ 3 (เม.ย.–มิ.ย.)", "ไตรมาสที่ 4 (ก.ค.–ก.ย.)")
QUARTER_LABELS_EN = ("Q1 (Oct–Dec)", "Q2 (Jan–Mar)", "Q3 (Apr–Jun)", "Q4 (Jul–Sep)")
NO_COMPLAINTS = "ไม่มีเรื่องร้องเรียน"


@dataclass
class Period:
    """Counts of one month, quarter or the whole year."""

    label: str
    label_en: str
    by_category: dict[str, int] = field(default_factory=lambda: {c.value: 0 for c in Category})
    by_status: dict[str, int] = field(default_factory=lambda: {s.value: 0 for s in Status})
    corruption_done: int = 0
    is_future: bool = False

    @property
    def total(self) -> int:
        return sum(self.by_category.values())

    @property
    def completed(self) -> int:
        return sum(self.by_status[s] for s in DONE_STATUSES)

    @property
    def in_progress(self) -> int:
        return self.total - self.completed

    @property
    def is_empty(self) -> bool:
        return self.total == 0

    @property
    def corruption(self) -> int:
        return self.by_category[Category.CORRUPTION]

    @property
    def corruption_in_progress(self) -> int:
        return self.corruption - self.corruption_done

    def category_counts(self) -> list[int]:
        return [self.by_category[c.value] for c in Category]

    def status_counts(self) -> list[int]:
        return [self.by_status[s.value] for s in Status]

    def add(self, category: str, status: str) -> None:
        self.by_category[category] += 1
        self.by_status[status] += 1
        if category == Category.CORRUPTION and status in DONE_STATUSES:
            self.corruption_done += 1


@dataclass
class YearStats:
    fiscal_year: int
    months: list[Period]
    quarters: list[Period]
    total: Period
    as_of: dt.date
    ratings: int = 0
    rating_average: float | None = None

    @property
    def is_empty(self) -> bool:
        return self.total.is_empty


def year_stats(agency: Agency, fiscal_year: int, today: dt.date | None = None) -> YearStats:
    """One query for the complaints, one for the ratings; the status is the status as of today."""
    today = today or timezone.localdate()
    months = []
    for year, month in thaidate.fiscal_months(fiscal_year):
        first = dt.date(year, month, 1)
        months.append(
            Period(
                label=f"{thaidate.MONTHS_TH[month - 1]} {thaidate.be_year(year)}",
                label_en=f"{thaidate.MONTHS_EN_ABBR[month - 1]} {year}",
                is_future=first > today,
            )
        )
    quarters = [
        Period(label=QUARTER_LABELS[q], label_en=QUARTER_LABELS_EN[q], is_future=months[q * 3].is_future)
        for q in range(4)
    ]
    total = Period(label=f"รวมทั้งปีงบประมาณ พ.ศ. {fiscal_year}", label_en=f"Fiscal year {fiscal_year} total")
    month_index = {ym: n for n, ym in enumerate(thaidate.fiscal_months(fiscal_year))}
    rows = Complaint.objects.filter(agency=agency, fiscal_year=fiscal_year).values_list(
        "received_at", "category", "status"
    )
    for received_at, category, status in rows:
        local = timezone.localtime(received_at)
        n = month_index[(local.year, local.month)]
        for period in (months[n], quarters[n // 3], total):
            period.add(category, status)
    scores = list(
        Rating.objects.filter(complaint__agency=agency, complaint__fiscal_year=fiscal_year).values_list(
            "score", flat=True
        )
    )
    average = round(sum(scores) / len(scores), 2) if scores else None
    return YearStats(fiscal_year, months, quarters, total, today, len(scores), average)


def years_with_data(agency: Agency) -> list[int]:
    current = thaidate.fiscal_year(timezone.localdate())
    years = set(Complaint.objects.filter(agency=agency).values_list("fiscal_year", flat=True).distinct())
    return sorted(years | {current}, reverse=True)
