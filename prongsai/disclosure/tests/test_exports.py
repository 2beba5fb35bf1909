"""The ITAS sheet and the department OIT manuals (guideline 2.2)."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from docx import Document as DocxDocument
from openpyxl import load_workbook

from prongsai.disclosure import actions
from prongsai.disclosure.tests.conftest import publish, work
from prongsai.documents.registry import DocumentError, DocumentRequest, render


def test_it_exports_item_code_urls_and_description_for_itas(oit, assessment, coordinator, agency):
    publish(assessment, "O1", coordinator, url="https://www.example.org/structure")
    item = work(assessment, "O1")
    item.description = "แผนผังโครงสร้าง"
    item.save()
    actions.add_url(
        work(assessment, "O2"),
        coordinator,
        url="https://www.example.org/draft",
        title="ร่าง",
        evidence_date=None,
        fiscal_year=None,
    )
    document = render("itas-sheet", DocumentRequest(agency, 2568, "csv"))
    rows = list(csv.reader(io.StringIO(document.content.decode("utf-8-sig"))))
    assert rows[0] == ["item", "title", "itas_url", "evidence_urls", "description", "status", "published_on"]
    by_code = {r[0]: r for r in rows[1:]}
    assert len(by_code) == 26
    assert by_code["O1"][2] == "https://prongsai.example/p/khuekkhak-test/oit/2568/O1/"
    assert by_code["O1"][3] == "https://www.example.org/structure"
    assert by_code["O1"][4] == "แผนผังโครงสร้าง"
    assert by_code["O2"][2] == "" and "draft" not in by_code["O2"][3]  # not published: no address for ITAS
    xlsx = render("itas-sheet", DocumentRequest(agency, 2568, "xlsx"))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A2"].value == "O1" and sheet["C2"].value.endswith("/oit/2568/O1/")


def test_it_writes_a_department_manual_with_its_items_only(oit, assessment, agency, departments):
    document = render("oit-manual", DocumentRequest(agency, 2568, "docx", {"department": "finance"}))
    text = "\n".join(p.text for p in DocxDocument(io.BytesIO(document.content)).paragraphs)
    tables = "\n".join(
        c.text for t in DocxDocument(io.BytesIO(document.content)).tables for r in t.rows for c in r.cells
    )
    assert "กองคลัง" in text
    assert "O12 รายการการจัดซื้อจัดจ้าง" in text and "O13" in text
    assert "O1 โครงสร้าง" not in text  # สำนักปลัด's item
    assert "O12.1" in text  # the required components are listed
    assert "e-GP" in text  # the evidence hints
    assert "O12" in tables
    assert document.filename == "oit-manual-khuekkhak-test-2568-finance.docx"


def test_it_writes_the_whole_agency_manual_without_a_department(oit, assessment, agency):
    document = render("oit-manual", DocumentRequest(agency, 2568, "docx"))
    text = "\n".join(p.text for p in DocxDocument(io.BytesIO(document.content)).paragraphs)
    assert "O1 โครงสร้าง" in text and "O26" in text and "เทศบาลตำบลคึกคัก" in text


def test_it_refuses_an_unknown_department(oit, agency):
    with pytest.raises(DocumentError):
        render("oit-manual", DocumentRequest(agency, 2568, "docx", {"department": "nowhere"}))


def test_it_makes_the_manual_as_a_searchable_pdf(oit, assessment, agency):
    from prongsai.documents.pdf import extract_text

    document = render("oit-manual", DocumentRequest(agency, 2568, "pdf", {"department": "finance"}))
    assert document.content.startswith(b"%PDF")
    text = extract_text(document.content)
    assert "O12" in text and "O13" in text


def test_it_makes_the_manual_from_the_command_line(oit, agency, tmp_path):
    out = tmp_path / "manual.docx"
    call_command(
        "document",
        "oit-manual",
        agency=agency.slug,
        year=2568,
        fmt="docx",
        output=str(out),
        option=["department=finance"],
    )
    assert "O12" in "\n".join(p.text for p in DocxDocument(str(out)).paragraphs)
