"""The past-results file (CSV or XLSX): one row per fiscal year, checked row by row before anything is saved.

Columns: fiscal_year, ind1 … ind10, IIT, EIT, OIT, total, level (Thai or code; optional), note (optional).
Indicator and instrument cells may be empty when NACC did not publish them; total is required.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

INDICATOR_COLUMNS = [f"ind{n}" for n in range(1, 11)]
COLUMNS = ["fiscal_year", *INDICATOR_COLUMNS, "IIT", "EIT", "OIT", "total", "level", "note"]
REQUIRED = {"fiscal_year", "total"}


@dataclass
class ResultRow:
    row: int
    fiscal_year: int
    indicators: dict[int, Decimal | None]
    instruments: dict[str, Decimal | None]
    total: Decimal
    level: str
    note: str = ""


@dataclass
class ParsedFile:
    rows: list[ResultRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def read_table(name: str, data: bytes) -> list[list[str]]:
    """Cells of the first sheet (XLSX) or of the CSV, as text."""
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        except Exception as exc:  # openpyxl raises many types for a damaged file
            raise ValueError(_("The file is not a readable XLSX workbook (%(error)s).") % {"error": exc}) from exc
        return [["" if c is None else str(c).strip() for c in row] for row in sheet.iter_rows(values_only=True)]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(_("The file is not UTF-8 text; save it as “CSV UTF-8”.")) from exc
    return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]


def parse_results(table: Sequence[Sequence[str]]) -> ParsedFile:
    parsed = ParsedFile()
    if not table or not any(table[0]):
        parsed.errors.append(_("Row 1: the file is empty; the first row must name the columns."))
        return parsed
    header = [h.strip() for h in table[0]]
    unknown = [h for h in header if h and h not in COLUMNS]
    if unknown:
        parsed.errors.append(
            _("Row 1: unknown column(s) %(columns)s; the columns are %(known)s.")
            % {"columns": ", ".join(unknown), "known": ", ".join(COLUMNS)}
        )
    missing = REQUIRED - set(header)
    if missing:
        parsed.errors.append(
            _("Row 1: required column(s) missing: %(columns)s.") % {"columns": ", ".join(sorted(missing))}
        )
    if parsed.errors:
        return parsed
    seen: set[int] = set()
    for number, cells in enumerate(table[1:], start=2):
        if not any(cells):
            continue
        values = dict(zip(header, list(cells) + [""] * (len(header) - len(cells)), strict=False))
        row = _parse_row(number, values, parsed.errors)
        if row is None:
            continue
        if row.fiscal_year in seen:
            parsed.errors.append(
                _("Row %(row)d: fiscal year %(year)d appears twice.") % {"row": number, "year": row.fiscal_year}
            )
        seen.add(row.fiscal_year)
        parsed.rows.append(row)
    if not parsed.rows and not parsed.errors:
        parsed.errors.append(_("The file has a header but no result rows."))
    return parsed


def _parse_row(number: int, values: dict[str, str], errors: list[str]) -> ResultRow | None:
    before = len(errors)
    year_text = values.get("fiscal_year", "")
    year = int(year_text) if year_text.isdecimal() else 0
    if not 2550 <= year <= 2700:
        errors.append(
            _("Row %(row)d, column fiscal_year: %(value)r is not a Buddhist-Era fiscal year such as 2567.")
            % {"row": number, "value": year_text}
        )
    if not values.get("total", "").strip():
        errors.append(_("Row %(row)d, column total: the total score is required.") % {"row": number})
    columns = [*INDICATOR_COLUMNS, "IIT", "EIT", "OIT", "total"]
    scores = {col: _score(number, col, values.get(col, ""), errors) for col in columns}
    if len(errors) > before:
        return None
    total = scores["total"]
    assert total is not None
    return ResultRow(
        row=number,
        fiscal_year=year,
        indicators={n: scores[f"ind{n}"] for n in range(1, 11)},
        instruments={k: scores[k] for k in ("IIT", "EIT", "OIT")},
        total=total,
        level=values.get("level", "").strip(),
        note=values.get("note", "").strip(),
    )


def _score(row: int, column: str, text: str, errors: list[str]) -> Decimal | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal(-1)
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(100) or value != value.quantize(Decimal("0.01")):
        errors.append(
            _("Row %(row)d, column %(column)s: %(value)r is not a score from 0 to 100 with at most two decimals.")
            % {"row": row, "column": column, "value": text}
        )
        return None
    return value.quantize(Decimal("0.01"))


def template_rows(example: Iterable[Sequence[object]] = ()) -> list[list[object]]:
    return [list(COLUMNS), *[list(r) for r in example]]
