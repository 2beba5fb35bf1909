"""PDF rendering: Thai text layer, line breaking, official layout, fonts and the URL fetcher.

The text layer is tested strictly: the text extracted from the PDF equals its source, character for
character, with the packaged Sarabun font (see docs/documents.md, "Thai in PDFs": WeasyPrint alone maps a
glyph to the text of the first cluster it was drawn in, which turns ตำบล into ตาบล; prongsai.documents.textlayer
fixes that).
"""

from __future__ import annotations

import io
import re
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
from django.template import Context, Template
from fontTools.ttLib import TTFont
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from pypdf import PdfReader

from prongsai.documents import fonts, linebreak, pdf, specimen

WORDS = [
    "ตำบล",
    "น้ำ",
    "กำหนด",
    "สำนักงาน ป.ป.ช.",
    "ต่ำ",
    "ถ้ำ",
    "ผู้ใหญ่",
    "ปีงบประมาณ พ.ศ. ๒๕๖๘",
    "เทศบาลตำบลคึกคัก",
    "คุณธรรมและความโปร่งใส",
]
# Words that share glyphs with the test words in other clusters: า (and ำ), ้, ่, ิ …
NEIGHBOURS = ["ตาบล", "นา", "นำ", "น้า", "ต่า", "ถ้า", "ผู", "ปี", "ญ", "ฐาน", "ปั้น", "กิ่ง", "ที่", "สำเร็จ", "ธรรม"]


def _document(body: str, **context) -> bytes:
    template = Template('{% extends "documents/pdf_base.html" %}{% block content %}' + body + "{% endblock %}")
    return pdf.render_pdf(template.render(Context(context)))


PAGE_NUMBER = re.compile(r"^- [0-9๐-๙]+ -$")


def _lines(pdf_bytes: bytes) -> list[str]:
    """Non-empty lines of the text layer, without the page numbers at the top of pages 2…."""
    lines = pdf.extract_text(pdf_bytes).splitlines()
    return [line for line in lines if line.strip() and not PAGE_NUMBER.match(line.strip())]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(autouse=True)
def _packaged_fonts(settings, tmp_path):
    settings.FONT_DIR = tmp_path / "no-fonts"
    pdf.clear_cache()
    yield
    pdf.clear_cache()


def test_it_extracts_exactly_the_thai_test_words():
    document = _document("{% for word in words %}<p>{{ word }}</p>{% endfor %}", words=WORDS)
    assert _lines(document) == WORDS


def test_it_extracts_exactly_whatever_order_the_words_come_in():
    # The original bug depended on which cluster drew a glyph first: ตาบล before ตำบล broke ตำบล, and back.
    words = NEIGHBOURS + WORDS + list(reversed(NEIGHBOURS))
    assert _lines(_document("{% for w in words %}<p>{{ w }}</p>{% endfor %}", words=words)) == words
    words = list(reversed(words))
    assert _lines(_document("{% for w in words %}<p>{{ w }}</p>{% endfor %}", words=words)) == words


@hypothesis_settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(WORDS + NEIGHBOURS), min_size=1, max_size=12))
def test_it_extracts_any_mix_of_thai_words_exactly(words):
    document = _document("{% for w in words %}<p>{{ w }}</p>{% endfor %}", words=words)
    assert _lines(document) == words


def test_it_keeps_the_text_exact_in_bold_headings_and_table_cells():
    body = (
        "<h1>{{ words.0 }}</h1><p><strong>{{ words.1 }}</strong></p>"
        "<table><thead><tr><th>{{ words.2 }}</th></tr></thead>"
        "<tbody>{% for w in words %}<tr><td>{{ w }}</td></tr>{% endfor %}</tbody></table>"
    )
    assert _lines(_document(body, words=WORDS)) == [WORDS[0], WORDS[1], WORDS[2], *WORDS]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_it_extracts_exactly_with_poppler_too():
    document = _document("{% for w in words %}<p>{{ w }}</p>{% endfor %}", words=NEIGHBOURS + WORDS)
    result = subprocess.run(["pdftotext", "-", "-"], input=document, capture_output=True, check=True)
    assert [line for line in result.stdout.decode().splitlines() if line.strip()] == NEIGHBOURS + WORDS


def test_it_extracts_exactly_with_pdfium_as_chromium_does():
    pypdfium2 = pytest.importorskip("pypdfium2")
    document = pypdfium2.PdfDocument(_document("{% for w in ws %}<p>{{ w }}</p>{% endfor %}", ws=NEIGHBOURS + WORDS))
    text = document[0].get_textpage().get_text_range()
    assert [line for line in text.splitlines() if line.strip()] == NEIGHBOURS + WORDS


def test_it_breaks_long_thai_paragraphs_only_between_words():
    """Every line ends on a word boundary of PyThaiNLP's newmm segmentation of the source (with its dictionary
    minus entries over 16 characters, so that long agency names may wrap at their component words)."""
    paragraphs = [text for _, texts in specimen.SECTIONS for text in texts]
    checked = 0
    for width_cm in (6, 9, 13):
        for text in paragraphs:
            document = pdf.render_pdf(
                f"<html><head><style>p {{ width: {width_cm}cm; }}</style></head><body><p>{text}</p></body></html>"
            )
            lines = pdf.extract_text(document).splitlines()
            assert _squash("".join(lines)) == _squash(text)
            boundaries, position = set(), 0
            for word in linebreak.words(text):
                position += len(_squash(word))
                boundaries.add(position)
            position = 0
            for line in lines[:-1]:
                position += len(_squash(line))
                assert position in boundaries, (
                    f"line broken inside a word: …{line[-15:]} | {_squash(text)[position:][:15]}…"
                )
                checked += 1
    assert checked > 50


def test_it_renders_the_seed_sized_specimen_with_every_text_intact():
    document = specimen.specimen_pdf(with_chart=False)
    text = _squash(re.sub(r"- [๐-๙]+ -", "", pdf.extract_text(document)))
    expected = [specimen.TITLE, *specimen.MEASURE_HEADER]
    expected += [part for heading, texts in specimen.SECTIONS for part in (heading, *texts)]
    expected += [cell for row in specimen.MEASURES for cell in row]
    for part in expected:
        assert _squash(part) in text


def _page_number_box(document: bytes, page: int, label: str) -> tuple[float, float] | None:
    """(top, page height) in points of `label` on `page`, found through PDFium's text page."""
    pypdfium2 = pytest.importorskip("pypdfium2")
    pages = pypdfium2.PdfDocument(document)
    text_page = pages[page].get_textpage()
    found = text_page.search(label).get_next()
    if not found:
        return None
    _, _, _, top = text_page.get_charbox(found[0])
    return top, pages[page].get_height()


def test_it_numbers_pages_at_the_top_in_thai_digits_from_page_two():
    body = "{% for i in rows %}<p>{{ text }}</p>{% endfor %}"
    document = _document(body, rows=range(40), text=WORDS[-1] * 3, thai_digits=True)
    assert len(PdfReader(io.BytesIO(document)).pages) >= 2
    assert _page_number_box(document, 0, "- ๑ -") is None
    top, height = _page_number_box(document, 1, "- ๒ -")
    assert height - top < 2.5 / 2.54 * 72  # in the top margin
    arabic = _document(body, rows=range(40), text=WORDS[-1] * 3)
    assert _page_number_box(arabic, 1, "- 2 -") is not None


def test_it_lays_out_a4_portrait_or_landscape():
    portrait = PdfReader(io.BytesIO(_document("<p>ก</p>"))).pages[0].mediabox
    landscape = PdfReader(io.BytesIO(_document("<p>ก</p>", landscape=True))).pages[0].mediabox
    assert (round(float(portrait.width) / 72 * 2.54, 1), round(float(portrait.height) / 72 * 2.54, 1)) == (21.0, 29.7)
    assert (round(float(landscape.width) / 72 * 2.54, 1), round(float(landscape.height) / 72 * 2.54, 1)) == (29.7, 21.0)


def test_it_renders_a_memo_with_its_official_lines():
    document = pdf.render_template(
        "documents/memo.html",
        {
            "unit": "สำนักปลัด เทศบาลตำบลคึกคัก",
            "ref": "นม ๗๑๒๐๑/๑๒๓",
            "date_text": "๒๙ พฤศจิกายน ๒๕๖๘",
            "subject": "รายงานผลการดำเนินงานตามแผนยกระดับ",
            "addressee": "นายกเทศมนตรีตำบลคึกคัก",
            "signer_name": "นายสมชาย ใจดี",
            "signer_position": "ปลัดเทศบาลตำบลคึกคัก",
        },
    )
    lines = _lines(document)
    assert lines[0] == "บันทึกข้อความ"
    assert lines[1] == "ส่วนราชการ สำนักปลัด เทศบาลตำบลคึกคัก"
    assert "เรื่อง รายงานผลการดำเนินงานตามแผนยกระดับ" in lines
    assert "(นายสมชาย ใจดี)" in lines
    assert "ปลัดเทศบาลตำบลคึกคัก" in lines


def test_it_renders_templates_in_the_requested_language():
    body = "{% load i18n %}<p>{% get_current_language as lang %}{{ lang }}</p>"
    template = Template('{% extends "documents/pdf_base.html" %}{% block content %}' + body + "{% endblock %}")
    from django.utils import translation

    with translation.override("en"):
        assert "en" in pdf.extract_text(pdf.render_pdf(template.render(Context({}))))


def test_it_refuses_to_fetch_anything_but_local_files_and_data_urls():
    fetcher = pdf.url_fetcher()
    for url in ("http://example.com/a.png", "https://example.com/a.css", "ftp://example.com/a", "gopher://x/"):
        with pytest.raises(ValueError, match="refused"):
            fetcher(url)
    with pytest.raises(ValueError, match="refused"):
        fetcher("file:///etc/passwd")
    assert fetcher("data:text/plain;base64,4LiB").read() == "ก".encode()


def test_it_never_opens_a_connection_for_remote_resources_in_user_content(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the renderer tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    document = _document(
        '<p>ตำบล</p><img src="http://127.0.0.1:9/x.png" alt="">'
        '<link rel="attachment" href="file:///etc/passwd"><a rel="attachment" href="file:///etc/hostname">x</a>'
    )
    assert b"root:" not in document
    assert _lines(document)[0] == "ตำบล"


def test_it_embeds_its_fonts():
    reader = PdfReader(io.BytesIO(_document("<p>ตำบล <strong>น้ำ</strong></p>")))
    fonts_seen = []
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        descendant = font.get_object()["/DescendantFonts"][0].get_object()
        assert "/FontFile2" in descendant["/FontDescriptor"].get_object()
        fonts_seen.append(font)
    assert len(fonts_seen) == 2  # regular and bold


def _renamed_font(source: Path, target: Path, family: str, subfamily: str) -> None:
    font = TTFont(source)
    for record in font["name"].names:
        if record.nameID in (1, 16):
            record.string = family
        elif record.nameID in (2, 17):
            record.string = subfamily
    font.save(target)


def test_it_prefers_the_agency_font_in_font_dir(settings, tmp_path):
    font_dir = tmp_path / "fonts"
    font_dir.mkdir()
    packaged = fonts._packaged_fonts()
    _renamed_font(packaged.face(400).path, font_dir / "THSarabun.ttf", "TH SarabunPSK", "Regular")
    _renamed_font(packaged.face(700).path, font_dir / "THSarabun Bold.ttf", "TH SarabunPSK", "Bold")
    (font_dir / "notes.txt").write_text("not a font")
    settings.FONT_DIR = font_dir
    pdf.clear_cache()
    chosen = fonts.font_set()
    assert chosen.family == "TH SarabunPSK"
    assert chosen.scale == 1.0 and not chosen.packaged
    assert chosen.face(700).path.name == "THSarabun Bold.ttf"
    assert _lines(_document("{% for w in words %}<p>{{ w }}</p>{% endfor %}", words=WORDS)) == WORDS


def test_it_falls_back_to_the_packaged_sarabun():
    chosen = fonts.font_set()
    assert chosen.family == "Sarabun" and chosen.packaged
    assert chosen.pt(16) == 11.0


def test_it_offers_the_house_style_specimen_as_a_document_kind(agency, tmp_path):
    from django.core.management import call_command

    output = tmp_path / "specimen.pdf"
    call_command(
        "document", "documents-specimen", agency=agency.slug, fmt="pdf", output=str(output), option=["chart=0"]
    )
    assert specimen.TITLE in pdf.extract_text(output.read_bytes())
    docx_output = tmp_path / "specimen.docx"
    call_command("document", "documents-specimen", agency=agency.slug, fmt="docx", output=str(docx_output))
    assert docx_output.read_bytes().startswith(b"PK")
