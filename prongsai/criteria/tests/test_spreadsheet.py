"""The XLSX template: every criteria document survives Excel, and bad cells are named by sheet/row/column."""

from __future__ import annotations

import copy
import io
import json
import zipfile
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from prongsai.criteria import framework, spreadsheet

OPTIONS = [
    {"label_th": "น้อยที่สุด", "label_en": "least", "points": 0},
    {"label_th": "น้อย", "points": 33.33},
    {"label_th": "มาก", "points": 66.67},
    {"label_th": "มากที่สุด", "label_en": "most", "points": 100},
]

# Small but valid: it holds every shape the sheets must carry back unchanged.
SAMPLE: dict[str, Any] = {
    "schema": "prongsai-criteria/1",
    "code": "test-2568",
    "fiscal_year": 2568,
    "title_th": "เกณฑ์ทดสอบ",
    "status": "draft",
    "based_on": None,
    "provenance": {"summary": "line one\nline two\n", "sources": ["manual p. 3", "=not a formula"]},
    "survey_links": {"iit": "https://example.org/iit/{agency_code}"},
    "instruments": [
        {"code": "IIT", "name_th": "ภายใน", "weight": 33.33, "confidence": "C", "source": ["คู่มือ หน้า 5"]},
        {"code": "EIT", "name_th": "ภายนอก", "weight": 33.33, "note": ""},
        {"code": "OIT", "name_th": "เปิดเผย", "weight": 33.34, "source": []},
    ],
    "indicators": [
        {"number": 1, "name_th": "การปฏิบัติหน้าที่", "instrument": "IIT"},
        {"number": 2, "name_th": "คุณภาพการดำเนินงาน", "instrument": "EIT", "confidence": "P"},
        {"number": 3, "name_th": "การเปิดเผยข้อมูล", "instrument": "OIT"},
    ],
    "scales": {
        "level4": {"description": "four levels", "confidence": "P", "options": OPTIONS},
        "yes_no": {"options": [{"label_th": "ไม่ใช่", "points": 0}, {"label_th": "ใช่", "points": 100}]},
    },
    "oit": {
        "common_rules": ["rule one", "rule\nwith a line break"],
        "sub_indicators": [{"code": "3.1", "indicator": 3, "name_th": "ข้อมูลพื้นฐาน"}],
        "items": [
            {
                "code": "O1",
                "title_th": "โครงสร้าง",
                "sub_indicator": "3.1",
                "hints_th": ["แผนผัง", "ตำแหน่ง"],
                "keywords": [" padded "],
                "previous_codes": [],
                "components": [
                    {"code": "O1.1", "text_th": "แสดงแผนผัง", "confidence": "C"},
                    {"code": "O1.2", "text_th": "แสดงตำแหน่ง", "text_en": "positions", "note": "=A1 stays text"},
                ],
            },
            {
                "code": "O2",
                "title_th": "ผู้บริหาร",
                "sub_indicator": "3.1",
                "period": "any",
                "components": [{"code": "O2.1", "text_th": "รายชื่อผู้บริหาร"}],
            },
        ],
    },
    "iit": {
        "name_th": "แบบวัด IIT",
        "questions": [
            {"code": "i1", "indicator": 1, "text_th": "ไม่มีข้อย่อย", "scale": "level4", "reverse": False},
            {"code": "i2", "indicator": 1, "text_th": "นับข้อย่อยเท่านั้น", "scale": "level4", "sub_item_count": 3},
            {
                "code": "i3",
                "indicator": 1,
                "scale": "level4",
                "confidence": "U",
                "sub_items": [
                    {"code": "i3a", "text_th": "ก"},
                    {"code": "i3b", "text_th": "ข", "reverse": True, "scale": "yes_no"},
                ],
            },
        ],
    },
    "eit": {"questions": [{"code": "e1", "indicator": 2, "scale": "yes_no"}]},
    "aggregation": {"oit_instrument": "mean_of_items", "decimals": 2},
    "levels": [
        {"code": "pass", "name_th": "ผ่าน", "min_total": 85, "each_instrument_min": None, "passing": True},
        {"code": "fail", "name_th": "ไม่ผ่าน", "min_total": 0, "colour": "#dc3545"},
    ],
    "pass_threshold": 85,
    "sampling": {
        "iit": {
            "population_th": "บุคลากร",
            "min_service_years": 1,
            "rules": [
                {"agency_type": "sao", "size": "S", "minimum": 10},
                {"agency_type": None, "size": None, "minimum": None, "percent_of_population": 12.5},
            ],
        },
        "eit": {"rules": [{"at_least": 5, "at_most": 100, "part": "ผู้รับบริการ"}]},
    },
    "calendar": [
        {"key": "open", "name_th": "เปิดระบบ", "start": date(2025, 3, 1), "end": None},
        {"key": "close", "name_th": "ปิดระบบ", "start": "2025-08-15"},
    ],
    "national_results": {"average": 87.5, "by_type": {"sao": [1, 2]}},
}

SHIPPED = framework.shipped_codes() or [pytest.param(None, marks=pytest.mark.skip(reason="no shipped versions yet"))]


def _normalised(doc: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(doc, default=str))


def _edited(data: bytes, sheet: str, edit: Callable[[Worksheet], None]) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    edit(workbook[sheet])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _column(ws: Worksheet, name: str) -> int:
    return next(cell.column for cell in ws[1] if cell.value == name)


def _set(ws: Worksheet, row: int, name: str, value: Any) -> None:
    # Through .value: ws.cell(value=None) would leave the old value in place.
    ws.cell(row=row, column=_column(ws, name)).value = value


def _row_of(ws: Worksheet, name: str, value: Any) -> int:
    column = _column(ws, name)
    return next(r for r in range(3, ws.max_row + 1) if ws.cell(row=r, column=column).value == value)


def _problems(data: bytes) -> list[str]:
    with pytest.raises(framework.CriteriaError) as caught:
        spreadsheet.from_xlsx(data, "edited.xlsx")
    assert caught.value.source == "edited.xlsx"
    return caught.value.problems


def test_it_sample_is_a_valid_criteria_document() -> None:
    framework.parse(_normalised(SAMPLE))


@pytest.mark.parametrize("code", SHIPPED)
def test_it_round_trips_each_shipped_file(code: str) -> None:
    doc = framework.read_file(framework.find(code))
    assert spreadsheet.from_xlsx(spreadsheet.to_xlsx(doc)) == _normalised(doc)


def test_it_round_trips_nulls_empty_values_lists_dates_and_sub_item_shapes() -> None:
    back = spreadsheet.from_xlsx(spreadsheet.to_xlsx(SAMPLE))
    assert back == _normalised(SAMPLE)
    questions = back["iit"]["questions"]
    assert "sub_items" not in questions[0]
    assert "sub_items" not in questions[1]
    assert questions[1]["sub_item_count"] == 3
    assert back["instruments"][0]["weight"] == 33.33
    assert isinstance(back["fiscal_year"], int)
    assert back["calendar"][0]["start"] == "2025-03-01"


def test_it_writes_readme_first_and_two_header_rows() -> None:
    workbook = load_workbook(io.BytesIO(spreadsheet.to_xlsx(SAMPLE)))
    assert workbook.sheetnames == list(spreadsheet.SHEETS)
    readme = "\n".join(str(c.value) for c in workbook["README"]["A"] if c.value)
    assert "รหัสใหม่" in readme
    assert "NEW code" in readme
    ws = workbook["indicators"]
    assert [c.value for c in ws[1]][:4] == ["number", "name_th", "name_en", "instrument"]
    assert ws["A1"].font.b
    assert ws["A2"].value == "ตัวชี้วัดที่"
    assert ws["A2"].font.i
    assert ws["A2"].font.color.rgb.endswith("808080")
    assert ws["A3"].value == 1
    assert ws["B3"].font.name == spreadsheet.FONT_NAME
    assert ws.freeze_panes == "A3"
    assert ws.column_dimensions["B"].width == 40


def test_it_puts_one_row_per_scale_option_and_per_sub_item() -> None:
    workbook = load_workbook(io.BytesIO(spreadsheet.to_xlsx(SAMPLE)))
    scales = [row[:5] for row in workbook["scales"].iter_rows(min_row=3, values_only=True)]
    assert scales[1] == ("level4", 2, "น้อย", None, 33.33)
    assert len(scales) == 6
    codes = [row[0] for row in workbook["iit_questions"].iter_rows(min_row=3, values_only=True)]
    assert codes == ["i1", "i2", "i3", "i3"]


def test_it_imports_an_edited_weight_and_parse_reports_the_total() -> None:
    def edit(ws: Worksheet) -> None:
        _set(ws, _row_of(ws, "code", "IIT"), "weight", 35)
        _set(ws, _row_of(ws, "code", "OIT"), "weight", "35")  # typed as text: still a number

    data = _edited(spreadsheet.to_xlsx(SAMPLE), "instruments", edit)
    doc = spreadsheet.from_xlsx(data)
    assert [i["weight"] for i in doc["instruments"]] == [35, 33.33, 35]
    with pytest.raises(framework.CriteriaError) as caught:
        spreadsheet.import_xlsx(data, "edited.xlsx")
    assert "instruments: the weights add up to 103.33, not 100" in caught.value.problems


@pytest.mark.parametrize("code", SHIPPED)
def test_it_imports_a_corrected_shipped_version(code: str) -> None:
    def edit(ws: Worksheet) -> None:
        _set(ws, _row_of(ws, "key", "code"), "value", f"{code}-r2")
        _set(ws, _row_of(ws, "key", "based_on"), "value", code)

    data = _edited(spreadsheet.to_xlsx(framework.read_file(framework.find(code))), "meta", edit)
    doc, criteria = spreadsheet.import_xlsx(data, "corrected.xlsx")
    assert criteria.code == doc["code"] == f"{code}-r2"
    assert criteria.based_on == code
    assert sum(i.weight for i in criteria.instruments) == Decimal(100)


def test_it_names_sheet_row_and_column_of_bad_cells() -> None:
    data = spreadsheet.to_xlsx(SAMPLE)
    data = _edited(data, "indicators", lambda ws: _set(ws, 5, "number", "x"))
    data = _edited(data, "scales", lambda ws: _set(ws, 4, "points", "lots"))
    data = _edited(data, "iit_questions", lambda ws: _set(ws, 3, "reverse", "maybe"))
    data = _edited(data, "calendar", lambda ws: _set(ws, 3, "start", "soon"))
    data = _edited(data, "instruments", lambda ws: _set(ws, 3, "confidence", "sure"))
    data = _edited(data, "meta", lambda ws: _set(ws, _row_of(ws, "key", "fiscal_year"), "value", "2568.5"))
    problems = _problems(data)
    assert "sheet indicators, row 5, column number: 'x' is not a whole number" in problems
    assert "sheet scales, row 4, column points: 'lots' is not a number" in problems
    assert "sheet iit_questions, row 3, column reverse: 'maybe' is not TRUE or FALSE" in problems
    assert "sheet calendar, row 3, column start: 'soon' is not a date (YYYY-MM-DD)" in problems
    assert any(p.startswith("sheet instruments, row 3, column confidence: 'sure' must be C") for p in problems)
    assert any(p.startswith("sheet meta, row 5, column value: fiscal_year: ") for p in problems)


def test_it_requires_key_cells_and_consistent_group_rows() -> None:
    data = spreadsheet.to_xlsx(SAMPLE)
    data = _edited(data, "indicators", lambda ws: _set(ws, 3, "name_th", None))
    data = _edited(data, "scales", lambda ws: _set(ws, 4, "description", "changed in one row only"))
    data = _edited(data, "scales", lambda ws: _set(ws, 8, "position", 3))
    data = _edited(data, "iit_questions", lambda ws: _set(ws, 6, "sub_item_code", None))
    data = _edited(data, "components", lambda ws: _set(ws, 3, "item", "O9"))
    problems = _problems(data)
    assert "sheet indicators, row 3, column name_th: a value is required" in problems
    assert any(p.startswith("sheet scales, row 4, column description: differs from row 3") for p in problems)
    assert "sheet scales, row 7, column position: scale 'yes_no' must number its options 1 to 2" in problems
    assert any(p.startswith("sheet iit_questions, row 6, column sub_item_code: a value is required") for p in problems)
    assert "sheet components, row 3, column item: 'O9' is not a code on sheet oit_items" in problems


def test_it_accepts_typical_spreadsheet_typing() -> None:
    def edit(ws: Worksheet) -> None:
        _set(ws, 3, "reverse", "true")
        _set(ws, 3, "indicator", 1.0)
        _set(ws, 3, "text_th", 2568)

    doc = spreadsheet.from_xlsx(_edited(spreadsheet.to_xlsx(SAMPLE), "iit_questions", edit))
    question = doc["iit"]["questions"][0]
    assert question["reverse"] is True
    assert question["indicator"] == 1
    assert isinstance(question["indicator"], int)
    assert question["text_th"] == "2568"


def test_it_leaves_out_emptied_optional_cells() -> None:
    data = _edited(spreadsheet.to_xlsx(SAMPLE), "levels", lambda ws: _set(ws, 4, "colour", None))
    assert "colour" not in spreadsheet.from_xlsx(data)["levels"][1]


@pytest.mark.parametrize(
    ("data", "hint"),
    [
        (b"name,weight\nIIT,30\n", "not an XLSX workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "old Excel 97-2003 .xls"),
        (b"", "not an XLSX workbook"),
    ],
)
def test_it_refuses_bytes_that_are_not_xlsx(data: bytes, hint: str) -> None:
    with pytest.raises(framework.CriteriaError) as caught:
        spreadsheet.from_xlsx(data, "upload.xlsx")
    assert hint in str(caught.value)
    assert caught.value.source == "upload.xlsx"


def test_it_refuses_a_zip_that_is_not_a_workbook() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(framework.CriteriaError, match="not an XLSX workbook"):
        spreadsheet.from_xlsx(buffer.getvalue())


def test_it_refuses_an_unknown_column() -> None:
    def edit(ws: Worksheet) -> None:
        ws.cell(row=1, column=ws.max_column + 1, value="colour")

    problems = _problems(_edited(spreadsheet.to_xlsx(SAMPLE), "instruments", edit))
    assert len(problems) == 1
    assert problems[0].startswith("sheet instruments, row 1, column H: unknown column 'colour'")


def test_it_refuses_a_renamed_column_and_data_without_a_column_name() -> None:
    def edit(ws: Worksheet) -> None:
        _set(ws, 1, "name_en", None)
        ws.cell(row=3, column=ws.max_column + 2, value="stray")

    problems = _problems(_edited(spreadsheet.to_xlsx(SAMPLE), "levels", edit))
    assert any(p.startswith("sheet levels, row 1: column 'name_en' is missing") for p in problems)
    assert "sheet levels, row 3, column L: this column has no name in row 1" in problems
    assert len(problems) == 2


def test_it_refuses_unknown_and_missing_sheets() -> None:
    def edit(workbook: Workbook) -> None:
        workbook.create_sheet("Sheet1")
        del workbook["calendar"]

    workbook = load_workbook(io.BytesIO(spreadsheet.to_xlsx(SAMPLE)))
    edit(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    problems = _problems(buffer.getvalue())
    assert any(p.startswith("unknown sheet 'Sheet1'") for p in problems)
    assert "sheet calendar is missing" in problems


def test_it_refuses_unknown_meta_keys() -> None:
    def edit(ws: Worksheet) -> None:
        ws.append(["weight_iit", 35])

    problems = _problems(_edited(spreadsheet.to_xlsx(SAMPLE), "meta", edit))
    assert len(problems) == 1
    assert problems[0].endswith("column key: unknown key 'weight_iit'")


def test_it_does_not_change_the_document_it_writes() -> None:
    original = copy.deepcopy(SAMPLE)
    spreadsheet.to_xlsx(SAMPLE)
    assert original == SAMPLE
