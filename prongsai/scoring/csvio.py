"""Reading and writing the `prongsai score` CSV formats, with errors that name file, row and column.

IIT/EIT: one row per respondent, one column per answer key (sub-item code, or the question code
where a question has no sub-items); a value is the option's 1-based position on its scale as listed
in the criteria file; empty means not answered. An optional `respondent` column is ignored.
OIT: `code,met` (met = 1/0) or `code,component,met` (one row per component).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np

from prongsai.criteria.framework import Criteria

IGNORED_COLUMNS = {"respondent", "id", "date"}
TRUE = {"1", "true", "yes", "y", "met", "ผ่าน", "มี"}
FALSE = {"0", "false", "no", "n", "not met", "ไม่ผ่าน", "ไม่มี", ""}


class ScoreInputError(ValueError):
    """Bad input for scoring; the message names the file, the row and the column."""

    def __init__(self, file: str, message: str, row: int | None = None, column: str | None = None):
        where = file
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {message}")
        self.file, self.row, self.column = file, row, column


def _open_text(path: Path | str) -> str:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ScoreInputError(str(path), f"cannot read the file ({exc.strerror})") from exc
    try:
        return raw.decode("utf-8-sig")  # Excel writes a BOM
    except UnicodeDecodeError as exc:
        raise ScoreInputError(str(path), "the file is not UTF-8 text (save it as 'CSV UTF-8')") from exc


def read_survey_csv(criteria: Criteria, instrument: str, path: Path | str) -> np.ndarray:
    return parse_survey_csv(criteria, instrument, _open_text(path), str(path))


def parse_survey_csv(criteria: Criteria, instrument: str, text: str, name: str = "<csv>") -> np.ndarray:
    keys = criteria.answer_keys(instrument)
    index = {k.code: n for n, k in enumerate(keys)}
    sizes = [len(criteria.scales[k.scale].options) for k in keys]
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        raise ScoreInputError(name, "the file is empty; the first row must name the answer columns")
    header = [h.strip() for h in header]
    columns: list[int | None] = []
    for col, title in enumerate(header, start=1):
        if title.lower() in IGNORED_COLUMNS:
            columns.append(None)
        elif title in index:
            columns.append(index[title])
        else:
            raise ScoreInputError(
                name,
                f"unknown column (column {col}); {criteria.code} {instrument} answer keys are "
                f"{', '.join(k.code for k in keys[:6])} …",
                row=1,
                column=title,
            )
    if len(set(header)) != len(header):
        raise ScoreInputError(name, "a column name is repeated", row=1)
    rows: list[list[int]] = []
    for row_no, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > len(header):
            raise ScoreInputError(name, f"the row has {len(record)} cells but the header has {len(header)}", row_no)
        values = [0] * len(keys)
        for col, cell in enumerate(record):
            target = columns[col]
            cell = cell.strip()
            if target is None or cell == "":
                continue
            size = sizes[target]
            if not cell.isdecimal() or not 1 <= int(cell) <= size:
                raise ScoreInputError(
                    name,
                    f"{cell!r} is not on the scale (expected a whole number 1–{size})",
                    row_no,
                    header[col],
                )
            values[target] = int(cell)
        rows.append(values)
    return np.array(rows, dtype=np.int8).reshape(len(rows), len(keys))


def read_oit_csv(criteria: Criteria, path: Path | str) -> dict[str, bool | dict[str, bool]]:
    return parse_oit_csv(criteria, _open_text(path), str(path))


def parse_oit_csv(criteria: Criteria, text: str, name: str = "<csv>") -> dict[str, bool | dict[str, bool]]:
    reader = csv.DictReader(io.StringIO(text))
    fields = [f.strip() for f in (reader.fieldnames or [])]
    if fields not in (["code", "met"], ["code", "component", "met"]):
        raise ScoreInputError(name, "the header must be 'code,met' or 'code,component,met'", row=1)
    reader.fieldnames = fields
    per_component = "component" in fields
    items = {i.code: i for i in criteria.oit_items}
    result: dict[str, bool | dict[str, bool]] = {}
    for row_no, row in enumerate(reader, start=2):
        code = (row.get("code") or "").strip()
        if not code and not (row.get("met") or "").strip():
            continue
        if code not in items:
            raise ScoreInputError(name, f"{code!r} is not an OIT item of {criteria.code}", row_no, "code")
        met = _parse_met(name, row_no, row.get("met"))
        if per_component:
            component = (row.get("component") or "").strip()
            known = {c.code for c in items[code].components}
            if component not in known:
                raise ScoreInputError(name, f"{component!r} is not a component of {code}", row_no, "component")
            entry = result.setdefault(code, {})
            assert isinstance(entry, dict)
            entry[component] = met
        else:
            if code in result:
                raise ScoreInputError(name, f"{code} is listed twice", row_no, "code")
            result[code] = met
    return result


def _parse_met(name: str, row_no: int, value: str | None) -> bool:
    text = (value or "").strip().lower()
    if text in TRUE:
        return True
    if text in FALSE and text != "":
        return False
    raise ScoreInputError(name, f"{value!r} is not 1 or 0", row_no, "met")


def write_survey_csv(criteria: Criteria, instrument: str, rows: Iterable[Mapping[str, int]]) -> str:
    """The inverse of `parse_survey_csv`: used by exports so that they round-trip through `prongsai score`."""
    keys = [k.code for k in criteria.answer_keys(instrument)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(keys)
    for row in rows:
        writer.writerow([row.get(k, "") or "" for k in keys])
    return out.getvalue()
