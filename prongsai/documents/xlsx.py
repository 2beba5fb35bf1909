"""Small XLSX writing helpers on openpyxl: a header row, Thai-capable font, frozen panes, widths."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FONT = "Sarabun"


def workbook(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[object]]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title[:31])
        sheet.append(list(header))
        for row in rows:
            sheet.append(list(row))
        for cell in sheet[1]:
            cell.font = Font(name=FONT, bold=True)
        for column in sheet.iter_cols(min_row=2):
            for cell in column:
                cell.font = Font(name=FONT)
        for index, column in enumerate(sheet.columns, start=1):
            width = max((len(str(c.value)) for c in column if c.value is not None), default=8)
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 with a BOM, which Excel needs to show Thai correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


#: Number formats that show a real date cell in Buddhist Era with Thai month names, in Excel and LibreOffice
#: alike (TECH-NOTES): 29 พฤศจิกายน 2568; the second with Thai digits: ๒๙ พฤศจิกายน ๒๕๖๘.
BE_DATE_FORMAT = "[$-107041E]d mmmm yyyy"
BE_DATE_FORMAT_THAI_DIGITS = "[$-D07041E]d mmmm yyyy"


def format_be_dates(sheet, columns: Iterable[int], *, thai_digits: bool = False, first_row: int = 2) -> None:
    """Show the date cells of `columns` (1-based) of an openpyxl sheet in B.E.; the values stay dates."""
    number_format = BE_DATE_FORMAT_THAI_DIGITS if thai_digits else BE_DATE_FORMAT
    for column in columns:
        for (cell,) in sheet.iter_rows(min_row=first_row, min_col=column, max_col=column):
            if cell.is_date:
                cell.number_format = number_format
