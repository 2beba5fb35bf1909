"""DOCX building blocks: every run is Thai-correct in Word and LibreOffice (complex-script properties)."""

from __future__ import annotations

import io
import zipfile

import docx as python_docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from prongsai.documents import charts, pdf, specimen
from prongsai.documents import docx as blocks

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
RPR_ORDER = [qn(f"w:{tag}") for tag in blocks._RPR_ORDER]


@pytest.fixture(autouse=True)
def _packaged_fonts(settings, tmp_path):
    settings.FONT_DIR = tmp_path / "no-fonts"
    pdf.clear_cache()
    yield
    pdf.clear_cache()


def _part(content: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return etree.fromstring(archive.read(name))


def _assert_thai(rpr, *, bold: bool | None = None) -> None:
    assert rpr is not None, "run without properties"
    fonts = rpr.find(qn("w:rFonts"))
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        assert fonts.get(qn(f"w:{attribute}")) == "TH SarabunPSK"
    assert fonts.get(qn("w:hint")) == "cs"
    assert rpr.find(qn("w:sz")).get(qn("w:val")) == rpr.find(qn("w:szCs")).get(qn("w:val"))
    assert rpr.find(qn("w:lang")).get(qn("w:bidi")) == "th-TH"
    if bold is not None:
        assert (rpr.find(qn("w:b")) is not None) is bold
        assert (rpr.find(qn("w:bCs")) is not None) is bold
    if rpr.find(qn("w:i")) is not None:
        assert rpr.find(qn("w:iCs")) is not None
    positions = [RPR_ORDER.index(child.tag) for child in rpr]
    assert positions == sorted(positions), "w:rPr children out of schema order"


def _sample() -> bytes:
    doc = blocks.new_document()
    blocks.memo(
        doc, unit="สำนักปลัด เทศบาลตำบลคึกคัก", ref="นม ๗๑๒๐๑/๑", date_text="๑ ตุลาคม ๒๕๖๘", subject="รายงานผลการดำเนินงาน"
    )
    blocks.heading(doc, "แผนยกระดับ ITA", 1)
    blocks.paragraph(doc, "ตามที่ สำนักงาน ป.ป.ช. กำหนด\nบรรทัดที่สอง", indent_cm=2.5)
    blocks.table(doc, ["ตัวชี้วัด", "มาตรการ"], [["๑. การปฏิบัติหน้าที่", "- ข้อหนึ่ง\n- ข้อสอง"]], widths_cm=[5, 11])
    return blocks.to_bytes(doc)


def test_it_gives_every_run_the_complex_script_properties():
    body = _part(_sample(), "word/document.xml")
    runs = body.iter(qn("w:r"))
    checked = 0
    for run in runs:
        if run.find(qn("w:t")) is None:
            continue
        _assert_thai(run.find(qn("w:rPr")))
        checked += 1
    assert checked >= 10


def test_it_sets_thai_defaults_on_the_normal_style_and_document_defaults():
    styles = _part(_sample(), "word/styles.xml")
    _assert_thai(styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr"))
    normal = next(s for s in styles.iter(qn("w:style")) if s.get(qn("w:styleId")) == "Normal")
    _assert_thai(normal.find(qn("w:rPr")))
    assert normal.find(qn("w:rPr")).find(qn("w:sz")).get(qn("w:val")) == "32"  # 16 pt


def test_it_removes_every_theme_font_attribute():
    content = _sample()
    for name in ("word/styles.xml", "word/document.xml"):
        for fonts in _part(content, name).iter(qn("w:rFonts")):
            assert not [key for key in fonts.attrib if "heme" in key], name


def test_it_makes_bold_thai_bold_for_word_too():
    body = _part(_sample(), "word/document.xml")
    header_cell = body.find(f".//{W}tbl/{W}tr/{W}tc")
    for run in header_cell.iter(qn("w:r")):
        _assert_thai(run.find(qn("w:rPr")), bold=True)


def test_it_repeats_the_table_header_and_splits_multi_line_cells_into_paragraphs():
    doc = python_docx.Document(io.BytesIO(_sample()))
    table = doc.tables[0]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    cell = table.rows[1].cells[1]
    assert [p.text for p in cell.paragraphs] == ["- ข้อหนึ่ง", "- ข้อสอง"]
    assert [round(c.width.cm, 1) for c in table.rows[1].cells] == [5.0, 11.0]


def test_it_lays_out_a4_with_the_official_margins():
    section = python_docx.Document(io.BytesIO(_sample())).sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.cm, 2) for m in margins] == [2.5, 2.0, 3.0, 2.0]
    landscape = blocks.new_document(landscape=True).sections[0]
    assert (round(landscape.page_width.cm, 1), round(landscape.page_height.cm, 1)) == (29.7, 21.0)


def test_it_numbers_pages_at_the_top_from_page_two():
    doc = blocks.new_document(thai_digits=True)
    section = doc.sections[0]
    assert section.different_first_page_header_footer
    instructions = "".join(t.text for t in section.header._element.iter(qn("w:instrText")))
    assert "PAGE" in instructions and "ThaiArabic" in instructions
    assert not section.first_page_header.paragraphs[0].text


def test_it_writes_the_memo_head_and_paragraph_text():
    doc = python_docx.Document(io.BytesIO(_sample()))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "บันทึกข้อความ"
    assert texts[1] == "ส่วนราชการ  สำนักปลัด เทศบาลตำบลคึกคัก"
    assert texts[2] == "ที่  นม ๗๑๒๐๑/๑\tวันที่  ๑ ตุลาคม ๒๕๖๘"
    assert texts[3] == "เรื่อง  รายงานผลการดำเนินงาน"
    assert "ตามที่ สำนักงาน ป.ป.ช. กำหนด\nบรรทัดที่สอง" in texts


def test_it_names_a_fallback_for_machines_without_th_sarabunpsk():
    font_table = _part(_sample(), "word/fontTable.xml")
    font = next(f for f in font_table.iter(qn("w:font")) if f.get(qn("w:name")) == "TH SarabunPSK")
    assert font.find(qn("w:altName")).get(qn("w:val")) == blocks.FALLBACK_FAMILY


def test_it_embeds_a_chart_picture():
    doc = blocks.new_document()
    blocks.image(doc, charts.bars(["ตำบล"], [50]).png(300), width_cm=30)
    reopened = python_docx.Document(io.BytesIO(blocks.to_bytes(doc)))
    shape = reopened.inline_shapes[0]
    assert round(shape.width.cm, 1) == round(blocks.text_width_cm(doc), 1)  # never wider than the text


def test_it_rejects_rows_that_do_not_match_the_header():
    with pytest.raises(ValueError, match="2 cells"):
        blocks.table(blocks.new_document(), ["ก", "ข"], [["ค"]])


def test_it_renders_the_seed_sized_specimen():
    doc = python_docx.Document(io.BytesIO(specimen.specimen_docx()))
    assert doc.tables[0].rows[10].cells[0].text == specimen.MEASURES[9][0]


def test_it_formats_xlsx_dates_in_buddhist_era():
    import datetime as dt

    from openpyxl import Workbook

    from prongsai.documents import xlsx

    sheet = Workbook().active
    sheet.append(["วันที่", "เรื่อง"])
    sheet.append([dt.date(2025, 11, 29), "ตำบล"])
    xlsx.format_be_dates(sheet, [1, 2])
    assert sheet["A2"].number_format == "[$-107041E]d mmmm yyyy"
    assert sheet["B2"].number_format == "General"  # text cells are left alone
    xlsx.format_be_dates(sheet, [1], thai_digits=True)
    assert sheet["A2"].number_format == "[$-D07041E]d mmmm yyyy"
