"""DOCX building blocks (python-docx) that officers can open and edit in Word or LibreOffice, Thai-correct.

Word and LibreOffice draw Thai with the *complex-script* run properties, so every run, the Normal style and
the document defaults carry `w:rFonts w:cs` (+ ascii/hAnsi/eastAsia, `w:hint="cs"`), `w:szCs` beside `w:sz`,
`w:bCs` beside `w:b`, `w:iCs` beside `w:i` and `w:lang w:bidi="th-TH"`; python-docx's theme-font attributes are
removed because they override font names in Word (docs/documents.md, TECH-NOTES "Thai in DOCX").

    doc = new_document()
    memo(doc, unit="สำนักปลัด", ref="นม ๗๑๒๐๑/๑", date_text="๑ ตุลาคม ๒๕๖๘", subject="…")
    paragraph(doc, "ตามที่…", indent_cm=2.5)
    table(doc, ["มาตรการ", "ผู้รับผิดชอบ"], [["…", "กองคลัง"]], widths_cm=[10, 6])
    image(doc, chart.png(), width_cm=15)
    content = to_bytes(doc)
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import docx as python_docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from prongsai.documents import fonts

#: Written into the DOCX when FONT_DIR holds no TH Sarabun-like font: every Thai government PC has it.
DEFAULT_FAMILY = fonts.OFFICIAL_FAMILY
#: What Word substitutes when the named font is missing (fontTable `w:altName`): same metrics as TH SarabunPSK.
FALLBACK_FAMILY = "TH Sarabun New"
BODY_PT = 16
HEADING_PT = {1: 20, 2: 18, 3: 16}
MEMO_HEADING_PT = 29
MEMO_LABEL_PT = 20
A4_CM = (21.0, 29.7)
MARGINS_CM = {"top": 2.5, "bottom": 2.0, "left": 3.0, "right": 2.0}
ALIGNMENTS = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    # Thai distributed justification (Word's "Thai Distributed"), the official style for long paragraphs.
    "distribute": WD_ALIGN_PARAGRAPH.THAI_JUSTIFY,
}
# Schema order of w:rPr children (ECMA-376 CT_RPr): Word rejects files whose children are out of order.
_RPR_ORDER = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
    "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
    "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs",
    "em", "lang", "eastAsianLayout", "specVanish", "oMath",
)  # fmt: skip
_THEME_ATTRIBUTES = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


def font_family() -> str:
    """The font named in generated DOCX: the agency's TH Sarabun-like font from FONT_DIR, else TH SarabunPSK."""
    font_set = fonts.font_set()
    return font_set.family if not font_set.packaged and font_set.scale == 1.0 else DEFAULT_FAMILY


# --- run properties -----------------------------------------------------------------------------------------


def _child(rpr, tag: str):
    """The w:<tag> child of an rPr, created in schema order when missing."""
    existing = rpr.find(qn(f"w:{tag}"))
    if existing is not None:
        return existing
    element = OxmlElement(f"w:{tag}")
    later = set(_RPR_ORDER[_RPR_ORDER.index(tag) + 1 :])
    for position, sibling in enumerate(rpr):
        if sibling.tag.split("}")[-1] in later:
            rpr.insert(position, element)
            break
    else:
        rpr.append(element)
    return element


def _remove(rpr, tag: str) -> None:
    element = rpr.find(qn(f"w:{tag}"))
    if element is not None:
        rpr.remove(element)


def set_thai_properties(
    rpr, *, size: float | None = None, bold: bool | None = None, italic: bool | None = None, family: str | None = None
) -> None:
    """Put the complex-script properties Thai needs on a w:rPr (of a run, a style or the document defaults)."""
    family = family or font_family()
    rfonts = _child(rpr, "rFonts")
    for attribute in _THEME_ATTRIBUTES:
        rfonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{attribute}"), family)
    rfonts.set(qn("w:hint"), "cs")
    for latin, complex_script, value in (("b", "bCs", bold), ("i", "iCs", italic)):
        if value is None:
            continue
        if value:
            _child(rpr, latin).attrib.pop(qn("w:val"), None)
            _child(rpr, complex_script).attrib.pop(qn("w:val"), None)
        else:
            _remove(rpr, latin)
            _remove(rpr, complex_script)
    if size is not None:
        half_points = str(round(size * 2))
        _child(rpr, "sz").set(qn("w:val"), half_points)
        _child(rpr, "szCs").set(qn("w:val"), half_points)
    lang = _child(rpr, "lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "en-US")
    lang.set(qn("w:bidi"), "th-TH")


def thai_run(paragraph_: Paragraph, text: str, *, bold: bool = False, italic: bool = False, size: float = BODY_PT):
    """Add a run of text with every Thai property set (the only way this module adds runs)."""
    run: Run = paragraph_.add_run(text)
    set_thai_properties(run._r.get_or_add_rPr(), size=size, bold=bold, italic=italic)
    return run


# --- document ------------------------------------------------------------------------------------------------


def _fix_styles(doc: Document) -> None:
    styles = doc.styles.element
    family = font_family()
    defaults = styles.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    set_thai_properties(rpr_default.find(qn("w:rPr")), size=BODY_PT, family=family)
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = ppr.find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")  # single line spacing: TH SarabunPSK's own line height is already generous
    spacing.set(qn("w:lineRule"), "auto")
    # No style may keep a theme font: Word would use it instead of the names we set.
    for rfonts in styles.iter(qn("w:rFonts")):
        for attribute in _THEME_ATTRIBUTES:
            rfonts.attrib.pop(qn(f"w:{attribute}"), None)
    normal = doc.styles["Normal"]
    set_thai_properties(normal.element.get_or_add_rPr(), size=BODY_PT, family=family)
    for level, size in HEADING_PT.items():
        style = doc.styles[f"Heading {level}"]
        rpr = style.element.get_or_add_rPr()
        set_thai_properties(rpr, size=size, bold=True, italic=False, family=family)
        style.font.color.rgb = None
        _remove(rpr, "color")
        style.paragraph_format.space_before = Pt(6)
        style.paragraph_format.space_after = Pt(3)
        style.paragraph_format.keep_with_next = True
    table_style = doc.styles["Table Grid"]
    set_thai_properties(table_style.element.get_or_add_rPr(), size=BODY_PT, family=family)


def _add_font_table_fallback(doc: Document, family: str) -> None:
    """Tell Word which font to substitute when `family` is not installed (fontTable w:altName)."""
    font_table = doc.part.package.main_document_part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
    )
    root = python_docx.oxml.parse_xml(font_table.blob)
    for font in root.findall(qn("w:font")):
        if font.get(qn("w:name")) == family:
            return
    font = OxmlElement("w:font")
    font.set(qn("w:name"), family)
    alt = OxmlElement("w:altName")
    alt.set(qn("w:val"), FALLBACK_FAMILY if family != FALLBACK_FAMILY else DEFAULT_FAMILY)
    charset = OxmlElement("w:charset")
    charset.set(qn("w:val"), "DE")  # THAI_CHARSET
    pitch = OxmlElement("w:pitch")
    pitch.set(qn("w:val"), "variable")
    for child in (alt, charset, pitch):
        font.append(child)
    root.append(font)
    font_table._blob = serialize_part_xml(root)


def _page_number_header(section, *, thai_digits: bool) -> None:
    """Official style: the page number centred at the top, "- ๒ -", from the second page on."""
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    paragraph_ = header.paragraphs[0]
    paragraph_.alignment = WD_ALIGN_PARAGRAPH.CENTER
    thai_run(paragraph_, "- ")
    run = thai_run(paragraph_, "")
    instruction = " PAGE \\* ThaiArabic " if thai_digits else " PAGE "
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("text", "2"), ("end", None)):
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        elif kind == "text":
            element = OxmlElement("w:t")
            element.text = "๒" if thai_digits else text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
    thai_run(paragraph_, " -")


def new_document(*, landscape: bool = False, thai_digits: bool = False) -> Document:
    """An empty A4 document in the official layout (margins 2.5/2/3/2 cm, TH SarabunPSK 16 pt, page numbers
    at the top centre from page 2; `thai_digits` makes them Thai numerals in Word)."""
    doc = python_docx.Document()
    _fix_styles(doc)
    _add_font_table_fallback(doc, font_family())
    section = doc.sections[0]
    width, height = A4_CM
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = Cm(width), Cm(height)
    section.top_margin = Cm(MARGINS_CM["top"])
    section.bottom_margin = Cm(MARGINS_CM["bottom"])
    section.left_margin = Cm(MARGINS_CM["left"])
    section.right_margin = Cm(MARGINS_CM["right"])
    section.header_distance = Cm(1.25)
    _page_number_header(section, thai_digits=thai_digits)
    doc.core_properties.language = "th-TH"
    return doc


def text_width_cm(doc: Document) -> float:
    section = doc.sections[-1]
    width, left, right = section.page_width, section.left_margin, section.right_margin
    # new_document() sets the page size and margins
    assert width is not None
    assert left is not None
    assert right is not None
    return (width - left - right) / 360000


# --- content -------------------------------------------------------------------------------------------------


def paragraph(
    doc, text: str, *, bold: bool = False, size: float = BODY_PT, align: str = "left", indent_cm: float = 0
) -> Paragraph:
    """One paragraph; `indent_cm` indents its first line (official paragraphs use 2.5 cm). Newlines in `text`
    become line breaks inside the paragraph. `doc` may also be a table cell."""
    if align not in ALIGNMENTS:
        raise ValueError(f"align must be one of {', '.join(ALIGNMENTS)}, not {align!r}")
    paragraph_ = doc.add_paragraph()
    paragraph_.alignment = ALIGNMENTS[align]
    if indent_cm:
        paragraph_.paragraph_format.first_line_indent = Cm(indent_cm)
    _add_lines(paragraph_, text, bold=bold, size=size)
    return paragraph_


def _add_lines(paragraph_: Paragraph, text: str, *, bold: bool = False, size: float = BODY_PT) -> None:
    for index, line in enumerate(str(text).split("\n")):
        run = thai_run(paragraph_, line, bold=bold, size=size)
        if index:
            run._r.insert(run._r.index(run._r.find(qn("w:t"))), OxmlElement("w:br"))


def heading(doc, text: str, level: int = 1) -> Paragraph:
    """A bold heading (Word's Heading 1–3 styles, restyled in Thai: 20/18/16 pt) that stays with what follows."""
    level = min(max(level, 1), 3)
    paragraph_ = doc.add_paragraph(style=f"Heading {level}")
    if level == 1:
        paragraph_.alignment = WD_ALIGN_PARAGRAPH.CENTER
    thai_run(paragraph_, text, bold=True, size=HEADING_PT[level])
    return paragraph_


def _cell_text(cell, text: str, *, bold: bool = False, align: str = "left") -> None:
    """Each line of `text` is its own paragraph in the cell (the cell's first, empty paragraph is reused)."""
    lines = str(text if text is not None else "").split("\n")
    first = cell.paragraphs[0]
    for index, line in enumerate(lines):
        paragraph_ = first if index == 0 else cell.add_paragraph()
        paragraph_.alignment = ALIGNMENTS[align]
        thai_run(paragraph_, line, bold=bold)


def _shade(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tc_pr.append(shading)


def _repeat_as_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    for tag in ("cantSplit", "tblHeader"):
        element = OxmlElement(f"w:{tag}")
        tr_pr.append(element)


def table(doc, header: list[str], rows: Sequence[Sequence[object]], *, widths_cm: list[float] | None = None) -> Table:
    """A bordered table whose bold, shaded header row repeats on every page; "\\n" in a cell starts a new
    paragraph. Widths default to equal columns across the text width."""
    columns = len(header)
    if any(len(row) != columns for row in rows):
        raise ValueError(f"every row must have {columns} cells like the header")
    if widths_cm is None:
        widths_cm = [text_width_cm(doc) / columns] * columns
    if len(widths_cm) != columns:
        raise ValueError(f"widths_cm needs {columns} values, one per column")
    table_ = doc.add_table(rows=1 + len(rows), cols=columns)
    table_.style = doc.styles["Table Grid"]
    table_.alignment = WD_TABLE_ALIGNMENT.CENTER
    table_.autofit = False
    for column, width in zip(table_.columns, widths_cm, strict=True):
        column.width = Cm(width)
    header_row = table_.rows[0]
    _repeat_as_header(header_row)
    for cell, text, width in zip(header_row.cells, header, widths_cm, strict=True):
        cell.width = Cm(width)
        _cell_text(cell, text, bold=True, align="center")
        _shade(cell, "EEEEEE")
    for row, values in zip(table_.rows[1:], rows, strict=True):
        for cell, value, width in zip(row.cells, values, widths_cm, strict=True):
            cell.width = Cm(width)
            _cell_text(cell, "" if value is None else str(value))
    return table_


def image(doc, png: bytes, *, width_cm: float) -> None:
    """A centred picture (e.g. `chart.png()`), scaled to `width_cm` at most the text width."""
    paragraph_ = doc.add_paragraph()
    paragraph_.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph_.add_run()
    run.add_picture(io.BytesIO(png), width=Cm(min(width_cm, text_width_cm(doc))))


def page_break(doc) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def memo(doc, *, unit: str, ref: str, date_text: str, subject: str) -> None:
    """The head of a บันทึกข้อความ: the title at 29 pt, then ส่วนราชการ / ที่ … วันที่ … / เรื่อง with 20 pt bold
    labels (ระเบียบงานสารบรรณ). Continue with `paragraph(doc, "เรียน …")` and the body."""
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    thai_run(title, "บันทึกข้อความ", bold=True, size=MEMO_HEADING_PT)
    half = text_width_cm(doc) / 2
    lines: list[list[tuple[str, str]]] = [
        [("ส่วนราชการ", unit)],
        [("ที่", ref), ("วันที่", date_text)],
        [("เรื่อง", subject)],
    ]
    for fields in lines:
        line = doc.add_paragraph()
        if len(fields) > 1:
            line.paragraph_format.tab_stops.add_tab_stop(Cm(half))
        for index, (label, value) in enumerate(fields):
            if index:
                thai_run(line, "\t")
            thai_run(line, label, bold=True, size=MEMO_LABEL_PT)
            thai_run(line, f"  {value}")
        _bottom_dotted_border(line)


def _bottom_dotted_border(paragraph_: Paragraph) -> None:
    p_pr = paragraph_._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "dotted"), ("sz", "4"), ("space", "1"), ("color", "auto")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    # w:pBdr comes after keepNext…/pStyle and before shd/tabs/spacing/jc in CT_PPr: insert before those.
    successors = {
        qn(f"w:{tag}")
        for tag in (
            "shd",
            "tabs",
            "suppressAutoHyphens",
            "kinsoku",
            "wordWrap",
            "overflowPunct",
            "topLinePunct",
            "autoSpaceDE",
            "autoSpaceDN",
            "bidi",
            "adjustRightInd",
            "snapToGrid",
            "spacing",
            "ind",
            "contextualSpacing",
            "mirrorIndents",
            "suppressOverlap",
            "jc",
            "textDirection",
            "textAlignment",
            "textboxTightWrap",
            "outlineLvl",
            "divId",
            "cnfStyle",
            "rPr",
            "sectPr",
            "pPrChange",
        )
    }
    for position, child in enumerate(p_pr):
        if child.tag in successors:
            p_pr.insert(position, borders)
            return
    p_pr.append(borders)


def to_bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
