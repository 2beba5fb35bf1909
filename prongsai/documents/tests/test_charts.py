"""Server-side charts: CSP-safe SVG with escaped Thai labels, PNG with Thai shaped by Pango."""

from __future__ import annotations

import base64
import io
import re

import pytest
from django.template import Context, Template
from django.utils import translation
from PIL import Image

from prongsai.documents import charts, pdf

INDICATORS = ["การปฏิบัติหน้าที่", "การใช้งบประมาณ", "การใช้อำนาจ", "การใช้ทรัพย์สินของราชการ", "การแก้ไขปัญหาการทุจริต"]


@pytest.fixture(autouse=True)
def _packaged_fonts(settings, tmp_path):
    settings.FONT_DIR = tmp_path / "no-fonts"
    pdf.clear_cache()


def _all_charts() -> list[charts.Chart]:
    return [
        charts.radar(
            INDICATORS, {"พ.ศ. ๒๕๖๗": [90, 80, 85, 70, 60], "พ.ศ. ๒๕๖๘": [95, None, 90, 80, 75]}, title="คะแนนรายตัวชี้วัด"
        ),
        charts.lines(
            ["๒๕๖๕", "๒๕๖๖", "๒๕๖๗", "๒๕๖๘"], {"คะแนน ITA": [70.5, None, 84.2, 91]}, title="แนวโน้ม", target=85
        ),
        charts.bars(INDICATORS, [90, 80, None, 70, 60], title="น้ำ ต่ำ ถ้ำ", target=85),
        charts.bars(INDICATORS, [90, 80, 85, 70, 60], horizontal=False),
    ]


def test_it_draws_csp_safe_svg_without_scripts_or_style_attributes():
    for chart in _all_charts():
        svg = chart.svg()
        assert svg.startswith("<svg ") and svg.endswith("</svg>")
        assert "<script" not in svg and "<style" not in svg
        assert not re.search(r"\sstyle=", svg)
        assert not re.search(r"\son\w+=", svg)  # no event handlers
        assert 'role="img"' in svg and "<desc>" in svg


def test_it_puts_the_thai_labels_in_the_svg_text():
    svg = _all_charts()[0].svg()
    for label in ("การปฏิบัติหน้าที่", "การใช้อำนาจ", "คะแนนรายตัวชี้วัด", "พ.ศ. ๒๕๖๘"):
        assert f">{label}<" in svg


def test_it_escapes_labels_so_user_text_cannot_inject_markup():
    chart = charts.bars(['<script>alert(1)</script>"&'], [10], title="<img src=x onerror=alert(1)>")
    svg = chart.svg()
    assert "<script>" not in svg and "<img" not in svg
    assert "&lt;script&gt;" in svg


def test_it_renders_inline_in_templates_without_double_escaping():
    chart = _all_charts()[2]
    html = Template("<figure>{{ chart }}</figure>").render(Context({"chart": chart}))
    assert html == f"<figure>{chart.svg()}</figure>"


def test_it_offers_a_data_uri_for_img_tags():
    chart = _all_charts()[1]
    prefix = "data:image/svg+xml;base64,"
    assert chart.data_uri().startswith(prefix)
    assert base64.b64decode(chart.data_uri()[len(prefix) :]).decode() == chart.svg()


def test_it_renders_a_png_of_the_requested_width():
    for chart in _all_charts()[:2]:
        image = Image.open(io.BytesIO(chart.png(600)))
        assert image.format == "PNG" and image.width == 600
        assert abs(image.height / image.width - chart.height / chart.width) < 0.01
        assert len(image.convert("L").getcolors(maxcolors=256) or range(256)) > 20  # drawn, not blank


def test_it_shapes_thai_labels_in_the_png_as_in_the_pdf():
    """The PNG is the rasterised PDF of the SVG: its text layer proves the labels were laid out in Thai."""
    chart = charts.bars(["น้ำ", "ต่ำ", "ผู้ใหญ่", "สำนักงาน ป.ป.ช."], [1, 2, 3, 4], title="เทศบาลตำบลคึกคัก")
    document = pdf.render_pdf(f"<html><body>{chart.svg()}</body></html>")
    text = pdf.extract_text(document)
    for label in ("น้ำ", "ต่ำ", "ผู้ใหญ่", "สำนักงาน ป.ป.ช.", "เทศบาลตำบลคึกคัก"):
        assert label in text


def test_it_leaves_gaps_for_missing_values():
    chart = charts.lines(["ก", "ข", "ค"], {"s": [1, None, 3]})
    path = re.search(r'<path d="([^"]+)" fill="none"', chart.svg()).group(1)
    assert path.count("M") == 2  # the line stops at the missing value and starts again
    with translation.override("th"):
        assert ">ไม่มีข้อมูล<" in charts.bars(["ก"], [None]).svg()
        assert ">เป้าหมาย 85<" in charts.bars(["ก"], [90], target=85).svg()
    with translation.override("en"):
        assert ">No data<" in charts.bars(["ก"], [None]).svg()


def test_it_rejects_series_that_do_not_match_the_labels():
    with pytest.raises(ValueError, match="2 values for 3 labels"):
        charts.radar(["ก", "ข", "ค"], {"s": [1, 2]})
    with pytest.raises(ValueError, match="2 values for 1 labels"):
        charts.bars(["ก"], [1, 2])


def test_it_wraps_long_thai_labels_between_words():
    lines = charts.wrap("การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ", 200, 15, 5)
    assert len(lines) > 1
    assert "".join(lines) == "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ"
