"""Thai dates: Buddhist-Era years, the Thai fiscal year (1 Oct – 30 Sep) and Thai digits."""

from __future__ import annotations

import datetime as dt

from pythainlp.util import arabic_digit_to_thai_digit

BE_OFFSET = 543
MONTHS_TH = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
MONTHS_TH_ABBR = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip
MONTHS_EN_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def be_year(ce_year: int) -> int:
    return ce_year + BE_OFFSET


def ce_year(be: int) -> int:
    return be - BE_OFFSET


def fiscal_year(day: dt.date) -> int:
    """The Thai fiscal year (B.E.) that `day` falls in: October starts the next year's budget."""
    return be_year(day.year + 1 if day.month >= 10 else day.year)


def fiscal_year_bounds(fy_be: int) -> tuple[dt.date, dt.date]:
    """First and last day of fiscal year `fy_be` (B.E.)."""
    end_ce = ce_year(fy_be)
    return dt.date(end_ce - 1, 10, 1), dt.date(end_ce, 9, 30)


def fiscal_months(fy_be: int) -> list[tuple[int, int]]:
    """The twelve (year CE, month) pairs of a fiscal year, October first."""
    start, _ = fiscal_year_bounds(fy_be)
    return [(start.year + (start.month + i - 1) // 12, (start.month + i - 1) % 12 + 1) for i in range(12)]


def thai_digits(text: object) -> str:
    return arabic_digit_to_thai_digit(str(text))


def format_date(day: dt.date | dt.datetime | None, style: str = "long", digits: str = "arabic") -> str:
    """`long` 29 พฤศจิกายน 2569 · `short` 29 พ.ย. 69 · `month` พ.ย. 69; Thai digits on request."""
    if day is None:
        return ""
    year = be_year(day.year)
    if style == "long":
        text = f"{day.day} {MONTHS_TH[day.month - 1]} {year}"
    elif style == "short":
        text = f"{day.day} {MONTHS_TH_ABBR[day.month - 1]} {year % 100:02d}"
    elif style == "month":
        text = f"{MONTHS_TH_ABBR[day.month - 1]} {year % 100:02d}"
    else:
        raise ValueError(f"unknown date style {style!r}")
    return thai_digits(text) if digits == "thai" else text
