"""The documents of this app: complaint-stats (xlsx, csv, pdf, docx), participation-report, the QR poster."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from prongsai.complaints.models import Category, Participation
from prongsai.documents.pdf import extract_text
from prongsai.documents.registry import DocumentError, DocumentRequest, render


@pytest.fixture
def year_of_complaints(make_complaint):
    make_complaint(Category.SERVICE, received=dt.date(2024, 10, 3))
    make_complaint(Category.CORRUPTION, received=dt.date(2025, 2, 14))


def test_it_exports_the_statistics_as_a_spreadsheet_with_the_empty_months_spelt_out(agency, year_of_complaints):
    document = render("complaint-stats", DocumentRequest(agency, 2568, "xlsx"))
    book = load_workbook(io.BytesIO(document.content))
    months = book["รายเดือน"]
    rows = list(months.iter_rows(values_only=True))
    assert (rows[0][0], rows[0][4], rows[0][-1]) == ("ช่วงเวลา", "รวม", "หมายเหตุ")
    assert rows[1][0] == "ตุลาคม 2567" and rows[1][-1] is None
    assert rows[2][0] == "พฤศจิกายน 2567" and rows[2][-1] == "ไม่มีเรื่องร้องเรียน"
    assert rows[-1][0].startswith("รวมทั้งปีงบประมาณ") and rows[-1][4] == 2
    assert document.filename == f"complaint-stats-{agency.slug}-2568.xlsx"
    corruption = list(book["ทุจริตและประพฤติมิชอบ"].iter_rows(values_only=True))
    assert corruption[1][-1] == "ไม่มีเรื่องร้องเรียน" and corruption[2][1] == 1


def test_it_exports_csv_that_excel_reads_as_thai(agency, year_of_complaints):
    content = render("complaint-stats", DocumentRequest(agency, 2568, "csv")).content
    assert content.startswith(b"\xef\xbb\xbf")
    assert "ไม่มีเรื่องร้องเรียน" in content.decode("utf-8-sig")


def test_it_makes_an_editable_word_file(agency, year_of_complaints):
    content = render("complaint-stats", DocumentRequest(agency, 2568, "docx")).content
    xml = zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode()
    assert "ข้อมูลสถิติเรื่องร้องเรียน ประจำปีงบประมาณ พ.ศ. 2568" in xml
    assert "ไม่มีเรื่องร้องเรียน" in xml


def test_it_makes_a_searchable_pdf(agency, year_of_complaints):
    content = render("complaint-stats", DocumentRequest(agency, 2568, "pdf")).content
    assert content.startswith(b"%PDF")
    text = extract_text(content)
    assert "2568" in text and "ไม่มีเรื่องร้องเรียน" in text


def test_it_needs_a_year(agency):
    with pytest.raises(DocumentError):
        render("complaint-stats", DocumentRequest(agency, None, "xlsx"))


def test_it_reports_the_published_participation_rounds(agency):
    Participation.objects.create(
        agency=agency,
        kind="forum",
        topic="ประชาคมแผนพัฒนา",
        held_on=dt.date(2025, 2, 20),
        place="ศาลา",
        participants=186,
        is_published=True,
        opinions="ขอถนน",
    )
    Participation.objects.create(agency=agency, kind="forum", topic="ร่างภายใน", held_on=dt.date(2025, 3, 1), place="x")
    xml = zipfile.ZipFile(io.BytesIO(render("participation-report", DocumentRequest(agency, 2568, "docx")).content))
    body = xml.read("word/document.xml").decode()
    assert "ประชาคมแผนพัฒนา" in body and "ร่างภายใน" not in body and "186" in body
    pdf = render("participation-report", DocumentRequest(agency, 2568, "pdf")).content
    assert "ประชาคมแผนพัฒนา" in extract_text(pdf)


def test_it_prints_a_poster_whose_qr_points_at_the_form(agency, settings):
    settings.SITE_URL = "https://khuekkhak.example"
    document = render("complaint-poster", DocumentRequest(agency, None, "pdf"))
    text = extract_text(document.content)
    assert f"https://khuekkhak.example/p/{agency.slug}/complaints/new/" in text.replace("\n", "")


def test_it_offers_the_qr_code_to_staff(client, agency, officer):
    client.force_login(officer)
    svg = client.get(reverse("complaints:qr", kwargs={"agency": agency.slug, "fmt": "svg"}))
    png = client.get(reverse("complaints:qr", kwargs={"agency": agency.slug, "fmt": "png"}))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    assert png.content.startswith(b"\x89PNG")
    assert client.get(reverse("complaints:qr", kwargs={"agency": agency.slug, "fmt": "gif"})).status_code == 404


def test_it_makes_the_same_file_from_the_command_line(agency, year_of_complaints, tmp_path):
    target = tmp_path / "stats.csv"
    call_command("document", "complaint-stats", agency=agency.slug, year=2568, fmt="csv", output=str(target))
    assert "ตุลาคม 2567" in target.read_text(encoding="utf-8-sig")
