"""Criteria versions as an XLSX workbook, so an agency coordinator can correct one in Excel or LibreOffice.

The NACC manual changes every year and is the authority; coordinators read the manual, not YAML. This
module writes a criteria document (the dict loaded from YAML) into one sheet per part and reads such a
workbook back into the same dict, so `from_xlsx(to_xlsx(doc))` gives back the (JSON-normalised) doc.

Pure Python and openpyxl only: the web view, the CLI and the tests share it.

Cell conventions (explained to users on the README sheet):
- empty cell: the key is left out of the document;
- `null`: the key is present with no value (YAML `null`, e.g. "any agency type");
- `""`: an empty string;
- list cells: one entry per line; `[]` is an empty list; a JSON list is written when an entry itself
  holds a line break or surrounding spaces, because a newline-joined cell could not keep those.
"""

from __future__ import annotations

import io
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from prongsai.criteria import framework

FONT_NAME = "Sarabun"
NULL = "null"
EMPTY_TEXT = '""'
FIRST_DATA_ROW = 3  # row 1: machine column names, row 2: Thai labels
README_SHEET = "README"
CONFIDENCE = ("C", "P", "U")
SURVEY_KEYS = ("iit", "eit")
TRUE_WORDS = frozenset({"true", "yes", "y", "1", "ใช่", "จริง"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "ไม่ใช่", "ไม่", "เท็จ"})
_INTEGER = re.compile(r"[+-]?\d+")


class _Missing:
    """An empty cell: distinct from None, which is an explicit `null`."""

    def __repr__(self) -> str:
        return "<empty>"


EMPTY = _Missing()


class _CellError(ValueError):
    """A cell whose text cannot become the column's type; the caller adds sheet/row/column."""


@dataclass(frozen=True)
class Column:
    name: str  # schema field name: the stable key users must keep in row 1
    label_th: str
    kind: str = "str"  # str | int | number | bool | list | date | json | confidence | survey | raw
    width: int = 16
    required: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


@dataclass
class _Row:
    number: int  # the row number users see in Excel
    values: dict[str, Any] = field(default_factory=dict)  # only the non-empty cells


FACT = (
    Column("confidence", "ความเชื่อมั่น (C/P/U)", "confidence", 12),
    Column("source", "แหล่งอ้างอิง (บรรทัดละรายการ)", "list", 40),
    Column("note", "หมายเหตุ", "str", 40),
)

META = Table(
    "meta",
    (
        Column("key", "รายการ", "str", 36, required=True),
        Column("value", "ค่า", "raw", 70),
        Column("label_th", "คำอธิบาย (ไม่ถูกนำเข้า)", "raw", 50),
    ),
)

INSTRUMENTS = Table(
    "instruments",
    (
        Column("code", "รหัสเครื่องมือ (IIT/EIT/OIT)", width=12, required=True),
        Column("name_th", "ชื่อเครื่องมือ (ไทย)", width=40, required=True),
        Column("name_en", "ชื่อเครื่องมือ (อังกฤษ)", width=30),
        Column("weight", "น้ำหนัก (ร้อยละ)", "number", 10, required=True),
        *FACT,
    ),
)

INDICATORS = Table(
    "indicators",
    (
        Column("number", "ตัวชี้วัดที่", "int", 10, required=True),
        Column("name_th", "ชื่อตัวชี้วัด (ไทย)", width=40, required=True),
        Column("name_en", "ชื่อตัวชี้วัด (อังกฤษ)", width=30),
        Column("instrument", "เครื่องมือ (IIT/EIT/OIT)", width=12, required=True),
        *FACT,
    ),
)

SCALES = Table(
    "scales",
    (
        Column("scale", "รหัสมาตรวัด", width=18, required=True),
        Column("position", "ลำดับตัวเลือก (1, 2, …)", "int", 10, required=True),
        Column("label_th", "ตัวเลือก (ไทย)", width=30, required=True),
        Column("label_en", "ตัวเลือก (อังกฤษ)", width=24),
        Column("points", "คะแนน", "number", 10, required=True),
        Column("description", "คำอธิบายมาตรวัด (ทุกแถวของมาตรวัดเดียวกัน)", width=34),
        *FACT,
    ),
)
SCALE_FIELDS = ("description", "confidence", "source", "note")  # per scale, repeated on each option row

SUB_INDICATORS = Table(
    "sub_indicators",
    (
        Column("code", "รหัสตัวชี้วัดย่อย", width=12, required=True),
        Column("indicator", "ตัวชี้วัดที่", "int", 10, required=True),
        Column("name_th", "ชื่อตัวชี้วัดย่อย (ไทย)", width=40, required=True),
        Column("name_en", "ชื่อตัวชี้วัดย่อย (อังกฤษ)", width=30),
        *FACT,
    ),
)

OIT_ITEMS = Table(
    "oit_items",
    (
        Column("code", "ข้อ (O1, O2, …)", width=10, required=True),
        Column("title_th", "ชื่อข้อมูล (ไทย)", width=40, required=True),
        Column("title_en", "ชื่อข้อมูล (อังกฤษ)", width=30),
        Column("sub_indicator", "ตัวชี้วัดย่อย", width=12, required=True),
        Column("period", "ช่วงเวลา (current_year/previous_year/any)", width=16),
        Column("hints_th", "คำแนะนำ (บรรทัดละข้อ)", "list", 40),
        Column("keywords", "คำค้น (บรรทัดละคำ)", "list", 24),
        Column("default_department", "หน่วยงานที่รับผิดชอบ", width=20),
        Column("previous_codes", "รหัสข้อเดิมในปีก่อน (บรรทัดละรหัส)", "list", 14),
        *FACT,
    ),
)

COMPONENTS = Table(
    "components",
    (
        Column("item", "ข้อ OIT (O1, O2, …)", width=10, required=True),
        Column("code", "รหัสองค์ประกอบ (O1.1, …)", width=12, required=True),
        Column("text_th", "รายละเอียด (ไทย)", width=60, required=True),
        Column("text_en", "รายละเอียด (อังกฤษ)", width=40),
        *FACT,
    ),
)

SUB_ITEM_FIELDS = ("code", "text_th", "text_en", "scale", "reverse")


def _question_table(name: str) -> Table:
    return Table(
        name,
        (
            Column("code", "รหัสคำถาม (ทุกแถวของคำถาม)", width=10, required=True),
            Column("indicator", "ตัวชี้วัดที่", "int", 10, required=True),
            Column("text_th", "คำถาม (ไทย)", width=50),
            Column("text_en", "คำถาม (อังกฤษ)", width=36),
            Column("scale", "มาตรวัดของคำถาม", width=16),
            Column("reverse", "กลับคะแนน (TRUE/FALSE)", "bool", 10),
            Column("sub_item_code", "รหัสข้อย่อย (เว้นว่างถ้าไม่มีข้อย่อย)", width=12),
            Column("sub_item_text_th", "ข้อย่อย (ไทย)", width=40),
            Column("sub_item_text_en", "ข้อย่อย (อังกฤษ)", width=30),
            Column("sub_item_scale", "มาตรวัดของข้อย่อย", width=16),
            Column("sub_item_reverse", "ข้อย่อยกลับคะแนน (TRUE/FALSE)", "bool", 10),
            Column("sub_item_count", "จำนวนข้อย่อย (เมื่อไม่ระบุรายข้อ)", "int", 10),
            *FACT,
        ),
    )


QUESTIONS = {"iit": _question_table("iit_questions"), "eit": _question_table("eit_questions")}

LEVELS = Table(
    "levels",
    (
        Column("code", "รหัสระดับ", width=14, required=True),
        Column("name_th", "ชื่อระดับ (ไทย)", width=24, required=True),
        Column("name_en", "ชื่อระดับ (อังกฤษ)", width=20),
        Column("min_total", "คะแนนรวมขั้นต่ำ", "number", 10, required=True),
        Column("each_instrument_min", "คะแนนขั้นต่ำทุกเครื่องมือ", "number", 10),
        Column("colour", "สี (#rrggbb)", width=10),
        Column("passing", "ผ่านเกณฑ์ (TRUE/FALSE)", "bool", 10),
        *FACT,
    ),
)

SAMPLE_RULES = Table(
    "sample_rules",
    (
        Column("instrument", "แบบสำรวจ (iit/eit)", "survey", 10, required=True),
        Column("agency_type", "ประเภทหน่วยงาน (null = ทุกประเภท)", width=22),
        Column("size", "ขนาด S/M/L (null = ทุกขนาด)", width=10),
        Column("part", "กลุ่มผู้ตอบ", width=20),
        Column("minimum", "จำนวนขั้นต่ำ", "int", 10),
        Column("percent_of_population", "ร้อยละของประชากร", "number", 10),
        Column("at_least", "ไม่น้อยกว่า", "int", 10),
        Column("at_most", "ไม่เกิน", "int", 10),
        *FACT,
    ),
)

CALENDAR = Table(
    "calendar",
    (
        Column("key", "รหัสขั้นตอน", width=20, required=True),
        Column("name_th", "ขั้นตอน (ไทย)", width=40, required=True),
        Column("name_en", "ขั้นตอน (อังกฤษ)", width=30),
        Column("start", "วันเริ่ม (YYYY-MM-DD)", "date", 12),
        Column("end", "วันสิ้นสุด (YYYY-MM-DD)", "date", 12),
        *FACT,
    ),
)

TABLES = (
    META,
    INSTRUMENTS,
    INDICATORS,
    SCALES,
    SUB_INDICATORS,
    OIT_ITEMS,
    COMPONENTS,
    QUESTIONS["iit"],
    QUESTIONS["eit"],
    LEVELS,
    SAMPLE_RULES,
    CALENDAR,
)
SHEETS = (README_SHEET, *(t.name for t in TABLES))

# Scalar parts of the document, one meta row each: (dotted key, kind, Thai label).
META_KEYS: tuple[tuple[str, str, str], ...] = (
    ("schema", "str", "รุ่นรูปแบบไฟล์ (ห้ามแก้)"),
    ("code", "str", "รหัสฉบับ — ฉบับที่แก้ไขต้องใช้รหัสใหม่ เช่น ita-2568-r2"),
    ("fiscal_year", "int", "ปีงบประมาณ (พ.ศ.)"),
    ("title_th", "str", "ชื่อฉบับ (ไทย)"),
    ("title_en", "str", "ชื่อฉบับ (อังกฤษ)"),
    ("status", "str", "สถานะ: draft / official / corrected"),
    ("based_on", "str", "แก้ไขจากฉบับรหัส (null = ไม่มี)"),
    ("previous", "str", "รหัสฉบับของปีก่อน (null = ไม่มี)"),
    ("provenance.summary", "str", "ที่มาของข้อมูล (สรุป)"),
    ("provenance.sources", "list", "เอกสารอ้างอิง (บรรทัดละรายการ)"),
    ("provenance.compiled", "str", "วันที่รวบรวม"),
    ("aggregation.question", "str", "วิธีรวมคะแนนคำถาม"),
    ("aggregation.survey_instrument", "str", "วิธีรวมคะแนน IIT/EIT"),
    ("aggregation.oit_item", "str", "วิธีให้คะแนนข้อ OIT"),
    ("aggregation.oit_instrument", "str", "วิธีรวมคะแนน OIT: mean_of_items / mean_of_indicators"),
    ("aggregation.decimals", "int", "จำนวนทศนิยม"),
    ("aggregation.rounding", "str", "วิธีปัดเศษ"),
    ("aggregation.confidence", "confidence", "ความเชื่อมั่นของวิธีรวมคะแนน (C/P/U)"),
    ("aggregation.source", "list", "แหล่งอ้างอิงของวิธีรวมคะแนน"),
    ("aggregation.note", "str", "หมายเหตุวิธีรวมคะแนน"),
    ("pass_threshold", "number", "คะแนนผ่านเกณฑ์"),
    ("oit.common_rules", "list", "หลักเกณฑ์ร่วมของ OIT (บรรทัดละข้อ)"),
    ("iit.name_th", "str", "ชื่อแบบวัด IIT"),
    ("iit.confidence", "confidence", "ความเชื่อมั่นของแบบวัด IIT (C/P/U)"),
    ("iit.source", "list", "แหล่งอ้างอิงของแบบวัด IIT"),
    ("iit.note", "str", "หมายเหตุแบบวัด IIT"),
    ("eit.name_th", "str", "ชื่อแบบวัด EIT"),
    ("eit.confidence", "confidence", "ความเชื่อมั่นของแบบวัด EIT (C/P/U)"),
    ("eit.source", "list", "แหล่งอ้างอิงของแบบวัด EIT"),
    ("eit.note", "str", "หมายเหตุแบบวัด EIT"),
    ("sampling.iit.population_th", "str", "ผู้ตอบ IIT"),
    ("sampling.iit.min_service_years", "number", "อายุงานขั้นต่ำของผู้ตอบ IIT (ปี)"),
    ("sampling.iit.confidence", "confidence", "ความเชื่อมั่นของเกณฑ์กลุ่มตัวอย่าง IIT"),
    ("sampling.iit.source", "list", "แหล่งอ้างอิงของเกณฑ์กลุ่มตัวอย่าง IIT"),
    ("sampling.iit.note", "str", "หมายเหตุเกณฑ์กลุ่มตัวอย่าง IIT"),
    ("sampling.eit.population_th", "str", "ผู้ตอบ EIT"),
    ("sampling.eit.confidence", "confidence", "ความเชื่อมั่นของเกณฑ์กลุ่มตัวอย่าง EIT"),
    ("sampling.eit.source", "list", "แหล่งอ้างอิงของเกณฑ์กลุ่มตัวอย่าง EIT"),
    ("sampling.eit.note", "str", "หมายเหตุเกณฑ์กลุ่มตัวอย่าง EIT"),
    ("national_results", "json", "ผลระดับประเทศ (JSON)"),
)
_META_KINDS = {key: kind for key, kind, _ in META_KEYS}
# Keys under these prefixes are open-ended in the schema, so meta rows may name any sub-key.
_OPEN_PREFIXES = {"survey_links.": "str", "provenance.": "json"}


# --- cell values ---------------------------------------------------------------------------------


def _list_to_cell(value: Any) -> Any:
    if not isinstance(value, list):
        return value
    plain = all(isinstance(v, str) and v and v == v.strip() and "\n" not in v for v in value)
    if value and plain and not (len(value) == 1 and value[0].startswith("[")):
        return "\n".join(value)
    return json.dumps(value, ensure_ascii=False)


def _date_to_cell(value: Any) -> Any:
    # A real date cell lets Excel show a calendar; text that is not a date stays text.
    try:
        return date.fromisoformat(value) if isinstance(value, str) else value
    except ValueError:
        return value


def to_cell(value: Any, kind: str) -> Any:
    """The cell value that stands for `value` (already JSON-normalised) in a column of `kind`."""
    if value is None:
        return NULL
    if isinstance(value, str) and value == "":
        return EMPTY_TEXT
    if kind == "list":
        return _list_to_cell(value)
    if kind == "json":
        return json.dumps(value, ensure_ascii=False)
    if kind == "date":
        return _date_to_cell(value)
    return value


def _read_str(raw: Any) -> str:
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, datetime):
        # Same text json.dumps(default=str) gives a YAML date, so a typed-in date reads as the file would.
        return raw.date().isoformat() if raw.time() == datetime.min.time() else str(raw)
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return raw if isinstance(raw, str) else str(raw)


def _read_int(raw: Any) -> int:
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, str) and _INTEGER.fullmatch(raw.strip()):
        return int(raw.strip())
    raise _CellError(f"{_show(raw)} is not a whole number")


def _read_number(raw: Any) -> int | float:
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise _CellError(f"{_show(raw)} is not a number")
    if isinstance(raw, str):
        try:
            raw = float(raw.strip())
        except ValueError:
            raise _CellError(f"{_show(raw)} is not a number") from None
    if not math.isfinite(raw):
        raise _CellError(f"{_show(raw)} is not a number")
    # 40.0 and 40 are the same weight; keep the int so the document reads as it was written.
    return int(raw) if isinstance(raw, float) and raw.is_integer() else raw


def _read_bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    word = str(raw).strip().lower()
    if word in TRUE_WORDS or word in FALSE_WORDS:
        return word in TRUE_WORDS
    raise _CellError(f"{_show(raw)} is not TRUE or FALSE")


def _read_list(raw: Any) -> list[str]:
    text = _read_str(raw)
    if text.lstrip().startswith("["):
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            value = None
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
    return [line.strip() for line in re.split(r"\r?\n", text) if line.strip()]


def _read_date(raw: Any) -> str:
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    try:
        return date.fromisoformat(str(raw).strip()).isoformat()
    except ValueError:
        raise _CellError(f"{_show(raw)} is not a date (YYYY-MM-DD)") from None


def _read_json(raw: Any) -> Any:
    try:
        return json.loads(_read_str(raw))
    except json.JSONDecodeError as exc:
        raise _CellError(f"not valid JSON ({exc.msg})") from None


def _read_confidence(raw: Any) -> str:
    text = _read_str(raw).strip()
    if text not in CONFIDENCE:
        raise _CellError(f"{_show(raw)} must be C (confirmed), P (partly confirmed) or U (unconfirmed)")
    return text


def _read_survey(raw: Any) -> str:
    text = _read_str(raw).strip().lower()
    if text not in SURVEY_KEYS:
        raise _CellError(f"{_show(raw)} must be iit or eit")
    return text


_READERS: dict[str, Callable[[Any], Any]] = {
    "str": _read_str,
    "int": _read_int,
    "number": _read_number,
    "bool": _read_bool,
    "list": _read_list,
    "date": _read_date,
    "json": _read_json,
    "confidence": _read_confidence,
    "survey": _read_survey,
    "raw": lambda raw: raw,
}


def from_cell(raw: Any, kind: str) -> Any:
    """The document value of a cell, EMPTY for an empty cell; raises _CellError for a wrong type."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return EMPTY
    if kind == "raw":
        return raw
    if isinstance(raw, str) and raw in ERROR_CODES:
        raise _CellError(f"the cell holds the spreadsheet error {raw}")
    if isinstance(raw, str) and raw.strip() == NULL:
        return None
    if isinstance(raw, str) and raw.strip() == EMPTY_TEXT:
        return ""
    return _READERS[kind](raw)


def _show(raw: Any) -> str:
    return repr(raw) if isinstance(raw, str) else repr(_read_str(raw))


# --- writing -------------------------------------------------------------------------------------


def _font(**kwargs: Any) -> Font:
    return Font(name=FONT_NAME, **kwargs)


_HEADER_FONT = _font(bold=True)
_LABEL_FONT = _font(italic=True, color="808080")
_DATA_FONT = _font()
_WRAP = Alignment(wrap_text=True, vertical="top")


def _jsonable(content: Mapping[str, Any]) -> dict[str, Any]:
    # The same normalisation the loader stores: YAML dates become ISO strings.
    return json.loads(json.dumps(content, ensure_ascii=False, default=str))


def _put_cell(ws: Worksheet, row: int, column: int, value: Any) -> None:
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text that starts with '=' is a label, not a formula to evaluate
    if isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    cell.font = _DATA_FONT
    cell.alignment = _WRAP


def _write_header(ws: Worksheet, table: Table) -> None:
    for index, column in enumerate(table.columns, start=1):
        ws.cell(row=1, column=index, value=column.name).font = _HEADER_FONT
        ws.cell(row=2, column=index, value=column.label_th).font = _LABEL_FONT
        ws.column_dimensions[get_column_letter(index)].width = column.width
        if column.kind == "confidence":
            _dropdown(ws, index, '"C,P,U"')
        elif column.kind == "survey":
            _dropdown(ws, index, '"iit,eit"')
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=1)


def _dropdown(ws: Worksheet, index: int, choices: str) -> None:
    # A hint, not a lock: `null` and later corrections must still be typeable.
    letter = get_column_letter(index)
    validation = DataValidation(type="list", formula1=choices, allow_blank=True)
    validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}5000")
    ws.add_data_validation(validation)


def _write_table(workbook: Workbook, table: Table, rows: Iterable[Mapping[str, Any]]) -> None:
    ws = workbook.create_sheet(table.name)
    _write_header(ws, table)
    for number, row in enumerate(rows, start=FIRST_DATA_ROW):
        unknown = set(row) - set(table.names)
        if unknown:
            # Writing would silently drop these fields, and the import would then lose them.
            raise framework.CriteriaError("to_xlsx", [f"{table.name}: no column for {sorted(unknown)}"])
        for index, column in enumerate(table.columns, start=1):
            if column.name in row:
                _write_value(ws, (table, number, index, column), row[column.name])


def _write_value(ws: Worksheet, where: tuple[Table, int, int, Column], value: Any) -> None:
    table, number, index, column = where
    try:
        _put_cell(ws, number, index, to_cell(value, column.kind))
    except ValueError as exc:  # openpyxl refuses lists/dicts where the schema wants a scalar
        raise framework.CriteriaError("to_xlsx", [_at(table.name, number, column.name, str(exc))]) from exc


def _lookup(doc: Mapping[str, Any], key: str) -> Any:
    node: Any = doc
    for part in key.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return EMPTY
        node = node[part]
    return node


def _meta_row(key: str, kind: str, label: str, value: Any) -> dict[str, Any]:
    row = {"key": key, "label_th": label}
    if value is not EMPTY:
        row["value"] = to_cell(value, kind)
    return row


def _meta_rows(doc: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    for key, kind, label in META_KEYS:
        yield _meta_row(key, kind, label, _lookup(doc, key))
    links = doc.get("survey_links", {})
    # Always offer the two survey links, so a coordinator sees where to paste them.
    for name in dict.fromkeys([*SURVEY_KEYS, *links]):
        yield _meta_row(f"survey_links.{name}", "str", f"ลิงก์แบบสำรวจ {name}", links.get(name, EMPTY))
    known = {k.split(".", 1)[1] for k in _META_KINDS if k.startswith("provenance.")}
    for name, value in doc.get("provenance", {}).items():
        if name not in known:
            yield _meta_row(f"provenance.{name}", "json", "ที่มาของข้อมูล (JSON)", value)


def _scale_rows(doc: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    for code, scale in doc.get("scales", {}).items():
        shared = {k: scale[k] for k in SCALE_FIELDS if k in scale}
        for position, option in enumerate(scale.get("options", []), start=1):
            yield {"scale": code, "position": position, **option, **shared}


def _oit_item_rows(doc: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    for item in doc.get("oit", {}).get("items", []):
        yield {k: v for k, v in item.items() if k != "components"}


def _component_rows(doc: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    for item in doc.get("oit", {}).get("items", []):
        for component in item.get("components", []):
            yield {"item": item["code"], **component}


def _question_rows(survey: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    for question in survey.get("questions", []):
        shared = {k: v for k, v in question.items() if k != "sub_items"}
        subs = question.get("sub_items") or [{}]
        for sub in subs:
            yield {**shared, **{f"sub_item_{k}": v for k, v in sub.items()}}


def _sample_rule_rows(doc: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    for survey in SURVEY_KEYS:
        for rule in doc.get("sampling", {}).get(survey, {}).get("rules", []):
            yield {"instrument": survey, **rule}


README_TH = (
    "วิธีแก้ไขเกณฑ์ ITA ในไฟล์นี้",
    "1. คู่มือการประเมิน ITA ฉบับทางการของสำนักงาน ป.ป.ช. เป็นหลักฐานสูงสุด แก้ไขค่าในเซลล์ให้ตรงกับคู่มือได้ทุกแผ่นงาน",
    "2. ห้ามแก้ไขชื่อคอลัมน์ภาษาอังกฤษในแถวที่ 1 และห้ามเปลี่ยนชื่อหรือเพิ่มแผ่นงาน แถวที่ 2 เป็นคำอธิบายภาษาไทย "
    "ข้อมูลเริ่มที่แถวที่ 3 เพิ่มหรือลบแถวข้อมูลได้",
    "3. ฉบับที่แก้ไขต้องมีรหัสใหม่: ในแผ่นงาน meta แก้ code เป็นรหัสใหม่ (เช่น ita-2568-r2) ตั้ง status เป็น corrected "
    "และ based_on เป็นรหัสฉบับเดิม ฉบับที่นำเข้าแล้วจะไม่ถูกแก้ทับ เพื่อให้ผลการประเมินเดิมมีความหมายเหมือนเดิม",
    "4. ความเชื่อมั่น (confidence): C = ตรวจสอบกับคู่มือทางการแล้ว, P = ยืนยันได้บางส่วน, U = ยังไม่ได้ยืนยัน "
    "เมื่อตรวจกับคู่มือแล้วให้ใส่ C และระบุเอกสาร/หน้าในคอลัมน์ source",
    '5. เซลล์ว่าง = ไม่ระบุ, null = ไม่มีค่า (เช่น ใช้กับหน่วยงานทุกประเภท), "" = ข้อความว่าง '
    "คอลัมน์ที่มีหลายค่า (source, hints_th, keywords, previous_codes) ใส่บรรทัดละหนึ่งค่า (Alt+Enter) และ [] = ไม่มีรายการ",
    "6. ค่าจริง/เท็จใส่ TRUE หรือ FALSE วันที่ใส่รูปแบบ YYYY-MM-DD",
    "7. แผ่นงาน scales: หนึ่งแถวต่อหนึ่งตัวเลือก เรียง position 1, 2, 3 … และใส่ description/confidence/source/note "
    "ให้เหมือนกันทุกแถวของมาตรวัดเดียวกัน",
    "8. แผ่นงาน iit_questions/eit_questions: หนึ่งแถวต่อหนึ่งข้อย่อย ใส่รหัสคำถามทุกแถว คำถามที่ไม่มีข้อย่อยใช้หนึ่งแถว "
    "โดยเว้น sub_item_code ว่าง ถ้าทราบเพียงจำนวนข้อย่อยให้ใส่ sub_item_count (ระบบตั้งรหัส a, b, c … ให้)",
    "9. แผ่นงาน components: คอลัมน์ item คือรหัสข้อ OIT ที่องค์ประกอบนั้นสังกัด "
    "แผ่นงาน sample_rules: instrument คือ iit หรือ eit และใช้กฎข้อแรกที่ตรงกับหน่วยงาน",
    "10. บันทึกเป็น .xlsx แล้วนำเข้า ระบบจะตรวจทุกเซลล์และแจ้งแผ่นงาน แถว และคอลัมน์ที่ต้องแก้",
)

README_EN = (
    "How to edit the ITA criteria in this workbook",
    "1. The official NACC ITA manual is the authority: change any cell on any sheet to match it.",
    "2. Keep the English column names in row 1 and the sheet names as they are; do not add sheets. Row 2 holds "
    "Thai labels; data starts in row 3. Rows may be added or removed.",
    "3. Give the corrected version a NEW code: on the meta sheet set code to a new value (e.g. ita-2568-r2), "
    "status to corrected and based_on to the old code. A loaded version is never overwritten, so past "
    "assessments keep their meaning.",
    "4. confidence: C = confirmed against the official manual, P = partly confirmed, U = unconfirmed. When you "
    "have checked an entry, set C and name the document/page in the source column.",
    '5. An empty cell leaves the field out; null means "no value" (e.g. any agency type); "" is an empty text. '
    "Multi-value cells (source, hints_th, keywords, previous_codes) hold one value per line (Alt+Enter); [] is "
    "an empty list.",
    "6. Yes/no cells take TRUE or FALSE; dates are YYYY-MM-DD.",
    "7. scales: one row per answer option, position 1, 2, 3 …; description/confidence/source/note are the same "
    "on every row of one scale.",
    "8. iit_questions/eit_questions: one row per sub-item, with the question code on every row. A question "
    "without sub-items is one row with sub_item_code empty; when only the number of sub-items is known, fill "
    "sub_item_count (codes a, b, c … are added).",
    "9. components: item is the OIT item code the component belongs to. sample_rules: instrument is iit or "
    "eit; the first rule that matches an agency applies.",
    "10. Save as .xlsx and import it: every cell is checked, and problems name the sheet, row and column.",
)


def _write_readme(ws: Worksheet, doc: Mapping[str, Any]) -> None:
    ws.title = README_SHEET
    ws.column_dimensions["A"].width = 120
    heading = f"{doc.get('code', '')} — {doc.get('title_th', '')}"
    lines = [heading, "", *README_TH, "", *README_EN]
    headings = {heading, README_TH[0], README_EN[0]}
    for number, text in enumerate(lines, start=1):
        cell = ws.cell(row=number, column=1, value=text)
        cell.font = _HEADER_FONT if text in headings else _DATA_FONT
        cell.alignment = _WRAP


def to_xlsx(content: Mapping[str, Any]) -> bytes:
    """The criteria document as XLSX bytes: a README sheet, then one sheet per part."""
    doc = _jsonable(content)
    oit = doc.get("oit", {})
    workbook = Workbook()
    _write_readme(workbook.active, doc)
    _write_table(workbook, META, _meta_rows(doc))
    _write_table(workbook, INSTRUMENTS, doc.get("instruments", []))
    _write_table(workbook, INDICATORS, doc.get("indicators", []))
    _write_table(workbook, SCALES, _scale_rows(doc))
    _write_table(workbook, SUB_INDICATORS, oit.get("sub_indicators", []))
    _write_table(workbook, OIT_ITEMS, _oit_item_rows(doc))
    _write_table(workbook, COMPONENTS, _component_rows(doc))
    for survey in SURVEY_KEYS:
        _write_table(workbook, QUESTIONS[survey], _question_rows(doc.get(survey, {})))
    _write_table(workbook, LEVELS, doc.get("levels", []))
    _write_table(workbook, SAMPLE_RULES, _sample_rule_rows(doc))
    _write_table(workbook, CALENDAR, doc.get("calendar", []))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- reading -------------------------------------------------------------------------------------


def _open(data: bytes, source_name: str) -> Workbook:
    if not isinstance(data, bytes | bytearray):
        raise framework.CriteriaError(source_name, ["expected the bytes of an .xlsx file"])
    hint = " (this looks like an old Excel 97-2003 .xls file)" if data[:4] == b"\xd0\xcf\x11\xe0" else ""
    try:
        return load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # any failure to open untrusted bytes means "not an XLSX"; say so plainly
        raise framework.CriteriaError(
            source_name,
            [f"not an XLSX workbook{hint}; save the file as Excel Workbook (.xlsx) and try again"],
        ) from exc


def _at(sheet: str, row: int, column: str, message: str) -> str:
    return f"sheet {sheet}, row {row}, column {column}: {message}"


def _is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


class _Reader:
    """Reads every sheet, collecting all problems so a user can fix them in one pass."""

    def __init__(self, workbook: Workbook):
        self.workbook = workbook
        self.problems: list[str] = []

    def problem(self, message: str) -> None:
        self.problems.append(message)

    def check_sheets(self) -> None:
        for name in self.workbook.sheetnames:
            if name not in SHEETS:
                self.problem(f"unknown sheet {name!r}; the workbook may only hold the sheets {', '.join(SHEETS)}")
        for table in TABLES:
            if table.name not in self.workbook.sheetnames:
                self.problem(f"sheet {table.name} is missing")

    def rows(self, table: Table) -> list[_Row]:
        if table.name not in self.workbook.sheetnames:
            return []
        grid = list(self.workbook[table.name].iter_rows(values_only=True))
        positions = self._header(table, grid)
        if positions is None:
            return []
        rows = []
        for number, cells in enumerate(grid[FIRST_DATA_ROW - 1 :], start=FIRST_DATA_ROW):
            if any(not _is_blank(c) for c in cells):
                rows.append(self._row(table, number, cells, positions))
        return rows

    def _header(self, table: Table, grid: list[tuple[Any, ...]]) -> dict[int, Column] | None:
        """Column index → Column, from row 1; None when the names are wrong (the data cannot be placed)."""
        before = len(self.problems)
        by_name = {c.name: c for c in table.columns}
        positions: dict[int, Column] = {}
        for index, raw in enumerate(grid[0] if grid else ()):
            letter = get_column_letter(index + 1)
            if _is_blank(raw):
                self._unnamed(table, grid, index, letter)
                continue
            name = str(raw).strip()
            if name not in by_name:
                known = ", ".join(table.names)
                self.problem(_at(table.name, 1, letter, f"unknown column {name!r} (the columns are: {known})"))
            elif by_name[name] in positions.values():
                self.problem(_at(table.name, 1, letter, f"column {name!r} appears twice"))
            else:
                positions[index] = by_name[name]
        for missing in [n for n in table.names if by_name[n] not in positions.values()]:
            self.problem(f"sheet {table.name}, row 1: column {missing!r} is missing; keep every column name in row 1")
        return positions if len(self.problems) == before else None

    def _unnamed(self, table: Table, grid: list[tuple[Any, ...]], index: int, letter: str) -> None:
        for number, cells in enumerate(grid[FIRST_DATA_ROW - 1 :], start=FIRST_DATA_ROW):
            if index < len(cells) and not _is_blank(cells[index]):
                self.problem(_at(table.name, number, letter, "this column has no name in row 1"))
                return

    def _row(self, table: Table, number: int, cells: tuple[Any, ...], positions: dict[int, Column]) -> _Row:
        row = _Row(number)
        for index, column in positions.items():
            raw = cells[index] if index < len(cells) else None
            try:
                value = from_cell(raw, column.kind)
            except _CellError as exc:
                self.problem(_at(table.name, number, column.name, str(exc)))
                continue
            if value is not EMPTY:
                row.values[column.name] = value
            elif column.required:
                self.problem(_at(table.name, number, column.name, "a value is required"))
        return row

    def merged(self, table: Table, what: str, rows: list[_Row], names: Iterable[str]) -> dict[str, Any]:
        """Fields shared by a group of rows: taken from its first row; later rows may repeat or leave them empty."""
        first = rows[0]
        shared = {n: first.values[n] for n in names if n in first.values}
        for row in rows[1:]:
            for name in names:
                if name in row.values and (name not in shared or row.values[name] != shared[name]):
                    self.problem(
                        _at(
                            table.name,
                            row.number,
                            name,
                            f"differs from row {first.number} of {what}; keep it the same on every row of "
                            f"{what} (or leave it empty after the first row)",
                        )
                    )
        return shared


def _grouped(rows: Iterable[_Row], column: str) -> dict[Any, list[_Row]]:
    groups: dict[Any, list[_Row]] = {}
    for row in rows:
        if column in row.values:  # a missing key was already reported as required
            groups.setdefault(row.values[column], []).append(row)
    return groups


def _put(doc: dict[str, Any], path: list[str], value: Any) -> None:
    node = doc
    for part in path[:-1]:
        node = node.setdefault(part, {})
    node[path[-1]] = value


def _meta_path(key: str) -> tuple[list[str], str] | None:
    if key in _META_KINDS:
        return key.split("."), _META_KINDS[key]
    for prefix, kind in _OPEN_PREFIXES.items():
        if key.startswith(prefix) and len(key) > len(prefix):
            return [prefix[:-1], key[len(prefix) :]], kind
    return None


def _read_meta(reader: _Reader) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    seen: dict[str, int] = {}
    for row in reader.rows(META):
        key = str(row.values.get("key", "")).strip()
        found = _meta_path(key)
        if found is None:
            if key:
                reader.problem(_at(META.name, row.number, "key", f"unknown key {key!r}"))
            continue
        if key in seen:
            reader.problem(_at(META.name, row.number, "key", f"{key!r} is already given in row {seen[key]}"))
            continue
        seen[key] = row.number
        path, kind = found
        try:
            value = from_cell(row.values.get("value"), kind)
        except _CellError as exc:
            reader.problem(_at(META.name, row.number, "value", f"{key}: {exc}"))
            continue
        if value is not EMPTY:
            _put(doc, path, value)
    return doc


def _read_scales(reader: _Reader) -> dict[str, Any]:
    scales: dict[str, Any] = {}
    for code, rows in _grouped(reader.rows(SCALES), "scale").items():
        scale = reader.merged(SCALES, f"scale {code!r}", rows, SCALE_FIELDS)
        ordered = sorted(rows, key=lambda r: r.values.get("position", 0))
        positions = [r.values.get("position") for r in ordered]
        if positions != list(range(1, len(rows) + 1)):
            reader.problem(
                _at(
                    SCALES.name,
                    rows[0].number,
                    "position",
                    f"scale {code!r} must number its options 1 to {len(rows)}",
                )
            )
        option_fields = ("label_th", "label_en", "points")
        scale["options"] = [{k: r.values[k] for k in option_fields if k in r.values} for r in ordered]
        scales[str(code)] = scale
    return scales


def _read_oit(reader: _Reader, oit: dict[str, Any]) -> dict[str, Any]:
    sub_indicators = [r.values for r in reader.rows(SUB_INDICATORS)]
    if sub_indicators:
        oit["sub_indicators"] = sub_indicators
    items = [dict(r.values) for r in reader.rows(OIT_ITEMS)]
    by_code = {item.get("code"): item for item in items}
    for code, rows in _grouped(reader.rows(COMPONENTS), "item").items():
        if code not in by_code:
            reader.problem(_at(COMPONENTS.name, rows[0].number, "item", f"{code!r} is not a code on sheet oit_items"))
            continue
        by_code[code]["components"] = [{k: v for k, v in r.values.items() if k != "item"} for r in rows]
    oit["items"] = items
    return oit


def _sub_item(row: _Row) -> dict[str, Any]:
    return {k: row.values[f"sub_item_{k}"] for k in SUB_ITEM_FIELDS if f"sub_item_{k}" in row.values}


def _read_questions(reader: _Reader, table: Table) -> list[dict[str, Any]]:
    sub_columns = {f"sub_item_{k}" for k in SUB_ITEM_FIELDS}
    question_columns = [n for n in table.names if n not in sub_columns]
    questions = []
    for code, rows in _grouped(reader.rows(table), "code").items():
        question = reader.merged(table, f"question {code!r}", rows, question_columns)
        subs = [_sub_item(r) for r in rows]
        for row, sub in zip(rows, subs, strict=True):
            if "code" not in sub and (sub or len(rows) > 1):
                why = "question has several rows" if len(rows) > 1 else "row has other sub_item cells"
                reader.problem(_at(table.name, row.number, "sub_item_code", f"a value is required: the {why}"))
        if any(subs):
            question["sub_items"] = subs
        questions.append(question)
    return questions


def _read_sampling(reader: _Reader, doc: dict[str, Any]) -> None:
    for survey, rows in _grouped(reader.rows(SAMPLE_RULES), "instrument").items():
        rules = [{k: v for k, v in r.values.items() if k != "instrument"} for r in rows]
        doc.setdefault("sampling", {}).setdefault(survey, {})["rules"] = rules


def _read_document(reader: _Reader) -> dict[str, Any]:
    doc = _read_meta(reader)
    doc["instruments"] = [r.values for r in reader.rows(INSTRUMENTS)]
    doc["indicators"] = [r.values for r in reader.rows(INDICATORS)]
    doc["scales"] = _read_scales(reader)
    doc["oit"] = _read_oit(reader, doc.get("oit", {}))
    for survey in SURVEY_KEYS:
        doc[survey] = {**doc.get(survey, {}), "questions": _read_questions(reader, QUESTIONS[survey])}
    doc["levels"] = [r.values for r in reader.rows(LEVELS)]
    _read_sampling(reader, doc)
    calendar = [r.values for r in reader.rows(CALENDAR)]
    if calendar:
        doc["calendar"] = calendar
    doc.setdefault("aggregation", {})  # required: an empty one lets the schema name what is missing
    return doc


def from_xlsx(data: bytes, source_name: str = "<spreadsheet>") -> dict[str, Any]:
    """The criteria document held by an XLSX workbook written by `to_xlsx` (and edited by a person).

    Checks the workbook's shape and cell types only; `import_xlsx` also validates the criteria.
    """
    reader = _Reader(_open(data, source_name))
    reader.check_sheets()
    doc = _read_document(reader)
    if reader.problems:
        raise framework.CriteriaError(source_name, reader.problems)
    return doc


def import_xlsx(data: bytes, source_name: str = "<spreadsheet>") -> tuple[dict[str, Any], framework.Criteria]:
    """Read a workbook and validate it as a criteria version; raises CriteriaError naming every problem."""
    doc = from_xlsx(data, source_name)
    return doc, framework.parse(doc, source=source_name)
