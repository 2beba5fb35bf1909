"""The acceptance test: the demo agency's plan is the seed's, and the documents carry it verbatim."""

import io
import re

import docx
from django.core.management import call_command

from prongsai.core import demo
from prongsai.documents import pdf
from prongsai.documents.registry import DocumentRequest, render
from prongsai.lib.thaidate import thai_digits
from prongsai.plans import seed
from prongsai.plans.models import Measure, Plan

PERIODS_THAI = {
    seed.OCT67_APR68: "ต.ค. ๖๗ – เม.ย. ๖๘",
    seed.OCT67_JAN68: "ต.ค. ๖๗ – ม.ค. ๖๘",
    seed.FEB68_APR68: "ก.พ. – เม.ย. ๖๘",
    seed.OCT67_MAR68: "ต.ค. ๖๗ – มี.ค. ๖๘",
    None: "ตลอดปี ๖๘",
}
UNITS = {seed.ALL: "ทุกส่วนราชการ", "finance": "กองคลัง", "office": "สำนักปลัดเทศบาล"}


def _docx_rows(content: bytes) -> list[list[str]]:
    document = docx.Document(io.BytesIO(content))
    return [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]


def _docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)


def test_the_demo_agency_carries_the_seeds_plan_exactly(db):
    agency = demo.load_demo()
    demo.load_demo()  # idempotent
    plan = Plan.objects.get(assessment__agency=agency, assessment__fiscal_year=2568)
    assert plan.background == seed.BACKGROUND
    assert [(g.number, g.text) for g in plan.guidelines.all()] == seed.GUIDELINES
    expected = [(i, t) for i, texts, _, _ in seed.TABLE for t in texts]
    assert [(m.indicator, m.text) for m in plan.measures.all()] == expected
    assert len(expected) == 20
    for measure in Measure.objects.filter(plan=plan).prefetch_related("departments"):
        _, _, unit, period = next(row for row in seed.TABLE if measure.text in row[1] and row[0] == measure.indicator)
        assert measure.responsible_names() == [UNITS[unit]]
        assert measure.period.label("thai") == PERIODS_THAI[period]


def test_the_plan_docx_contains_every_seed_measure_with_its_unit_and_period(db):
    agency = demo.load_demo()
    document = render("plan", DocumentRequest(agency, 2568, "docx", {"digits": "thai"}))
    rows = _docx_rows(document.content)
    assert rows[0] == ["ตัวชี้วัด", "แนวทาง/มาตรการ", "ผู้รับผิดชอบ", "ระยะเวลาในการดำเนินการ"]
    for indicator, texts, unit, period in seed.TABLE:
        row = next(r for r in rows[1:] if r[0].startswith(f"{thai_digits(indicator)}. "))
        for text in texts:
            assert f"- {text}" in row[1].split("\n")
        assert row[2] == UNITS[unit] and row[3] == PERIODS_THAI[period]
    text = _docx_text(document.content)
    for paragraph in seed.BACKGROUND.split("\n\n"):
        assert paragraph in text
    for _, guideline in seed.GUIDELINES:
        assert guideline in text
    assert "๒.๑ " in text  # guideline numbers follow the digit switch


def test_the_digit_switch_prints_arabic_numbers(db):
    agency = demo.load_demo()
    rows = _docx_rows(render("plan", DocumentRequest(agency, 2568, "docx", {})).content)
    assert any(r[3] == "ต.ค. 67 – เม.ย. 68" for r in rows)
    assert any(r[0].startswith("10.") for r in rows)


def test_the_plan_pdf_text_contains_the_measures(db):
    agency = demo.load_demo()
    content = render("plan", DocumentRequest(agency, 2568, "pdf", {"digits": "thai"})).content
    text = re.sub(r"\s+", "", pdf.extract_text(content))
    for _, texts, _, _ in seed.TABLE:
        for measure in texts:
            assert re.sub(r"\s+", "", measure) in text, measure
    assert "ตลอดปี๖๘" in text


def test_the_other_documents_render_with_their_content(db, tmp_path):
    agency = demo.load_demo()
    memo = _docx_text(render("approval-memo", DocumentRequest(agency, 2568, "docx", {"digits": "thai"})).content)
    assert "บันทึกข้อความ" in memo and "ขออนุญาตเผยแพร่แผนยกระดับผลการประเมินคุณธรรมและความโปร่งใส" in memo
    assert "พ.ศ. ๒๕๖๘" in memo and "ประเสริฐ มั่นคง" in memo
    report = render("plan-progress", DocumentRequest(agency, 2568, "docx", {"period": "half"})).content
    rows = _docx_rows(report)
    assert rows[0][0] == "ตัวชี้วัด" and len(rows) == 21
    assert "รอบ 6 เดือน" in _docx_text(report)
    minutes = render("review-minutes", DocumentRequest(agency, 2567, "docx", {})).content
    minutes_text = _docx_text(minutes)
    assert "ถอดบทเรียน" in minutes_text and "จัดอบรมการป้องกันการทุจริตภายในเทศบาล" in minutes_text
    out = tmp_path / "minutes.pdf"
    call_command(
        "document", "review-minutes", "--agency", agency.slug, "--year", "2567", "--format", "pdf", "--output", str(out)
    )
    assert "มติที่ประชุม" in pdf.extract_text(out.read_bytes())
