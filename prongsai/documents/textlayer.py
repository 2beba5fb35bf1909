"""Exact text layer for Thai in WeasyPrint PDFs (copy, search, screen readers, our OIT link checker).

What goes wrong with WeasyPrint 70 and any Thai font (Sarabun, TLWG, Noto…):

1. Each *glyph* is mapped to text once, with the text of the first cluster it was drawn in
   (`draw/text.py`, `if glyph_id not in font.to_unicode`). Thai shaping makes multi-glyph clusters: HarfBuzz
   always splits SARA AM (ำ) into NIKHAHIT + SARA AA and moves NIKHAHIT before a tone mark, so in น้ำ the
   glyphs are น · ํ · ้ · า where า carries "้ำ" and ํ, ้ carry "". The same า glyph drawn later for a plain า
   (or ้ for ผู้) then reuses that mapping, and back: ตำบล → ตาบล, น้ำ → นา, สำนักงาน → สำนักงำน.
2. A tone mark that shaping moves left over a vowel above (ปั้น) is drawn "move left, draw, move right"; text
   extractors read the move back as a gap between words and insert a space: "ปั้ น".
3. Viewers that order glyphs by position (PDFium in Chromium, poppler) show the "" glyphs of a cluster as
   invented characters, or tear a raised mark away from its letter.

The fixes, all in the text layer (the glyphs drawn and their positions do not change):

1. A glyph that must carry another text than the one already recorded gets an *alias* character code above
   the font's glyphs, with its own ToUnicode entry, and the font's CIDToGIDMap sends the alias to the real
   glyph (an encoding CMap does it for CFF fonts). WeasyPrint itself draws missing glyphs with such codes.
2. A mark moved left gets an alias whose PDF advance equals the move, so the pen comes back by drawing it.
3. Each letter drawn with several glyphs is wrapped in `/Span <</ActualText (…)>> BDC … EMC`
   (ISO 32000-1 §14.9.4), which those viewers copy as written.

They are applied by editing four statements of WeasyPrint's `draw_first_line` at import time and wrapping
two of its font functions. When the installed WeasyPrint no longer has those statements nothing is patched,
a warning is logged, and the exact-extraction tests fail: an upgrade cannot silently bring the bug back.
"""

from __future__ import annotations

import inspect
import logging
import textwrap
import unicodedata

import pydyf

logger = logging.getLogger(__name__)

_ORIGINAL_MAPPING = """\
            if glyph_id not in font.to_unicode:
                # Get positions of the glyph in the UTF-8 string.
                offset = glyph_item.item.offset
                t1 = clusters[i]
                if glyph_item.item.analysis.level % 2:  # rtl
                    t2 = glyph_item.item.length if i == 0 else clusters[i-1]
                else:
                    t2 = glyph_item.item.length if i == num_glyphs-1 else clusters[i+1]
                utf8_text = utf8_text or textbox.pango_layout.text.encode()
                font.to_unicode[glyph_id] = utf8_text[offset+t1:offset+t2].decode()
"""
_EXACT_MAPPING = """\
            if True:
                offset = glyph_item.item.offset
                t1 = clusters[i]
                if glyph_item.item.analysis.level % 2:  # rtl
                    t2 = glyph_item.item.length if i == 0 else clusters[i-1]
                else:
                    t2 = glyph_item.item.length if i == num_glyphs-1 else clusters[i+1]
                utf8_text = utf8_text or textbox.pango_layout.text.encode()
                if glyph_id not in font.widths:
                    pango.pango_font_get_glyph_extents(
                        pango_font, glyph_id, stream.ink_rect, stream.logical_rect)
                    font.widths[glyph_id] = round(
                        stream.logical_rect.width * 1000 * FROM_UNITS / font_size)
                glyph_id = _prongsai_code_for(
                    font, glyph_id, utf8_text[offset+t1:offset+t2].decode(),
                    glyph_info.geometry.width, glyph_info.geometry.x_offset / font_size)
"""

_RUN_START = """\
        clusters = glyph_string.log_clusters
        utf8_text = None
"""
_RUN_START_WITH_SPANS = """\
        clusters = glyph_string.log_clusters
        utf8_text = None
        _prongsai_spans = _prongsai_actual_text(
            stream, textbox.pango_layout.text, glyph_item, glyphs_info, clusters, num_glyphs)
"""
_GLYPH_START = """\
        for i, glyph_info in enumerate(glyphs_info[0:num_glyphs]):
            glyph_id = glyph_info.glyph
"""
_GLYPH_START_WITH_SPANS = """\
        for i, glyph_info in enumerate(glyphs_info[0:num_glyphs]):
            string = _prongsai_spans.before(string, i)
            glyph_id = glyph_info.glyph
"""
_GLYPH_END = """\
            x_advance += (logical_width + offset - kerning) / 1000
"""
_GLYPH_END_WITH_SPANS = """\
            x_advance += (logical_width + offset - kerning) / 1000
            string = _prongsai_spans.after(string, i)
"""
EDITS = (
    (_ORIGINAL_MAPPING, _EXACT_MAPPING),
    (_RUN_START, _RUN_START_WITH_SPANS),
    (_GLYPH_START, _GLYPH_START_WITH_SPANS),
    (_GLYPH_END, _GLYPH_END_WITH_SPANS),
)

ALIAS_ATTRIBUTE = "prongsai_aliases"  # on weasyprint.pdf.fonts.Font: {alias code: real glyph id}
#: Alias codes start this far above the font's glyphs, leaving room for WeasyPrint's codes for missing glyphs.
ALIAS_GAP = 1024
_applied: bool | None = None


def code_for(font, glyph_id: int, text: str, advance: int = 0, x_offset: float = 0.0) -> int:
    """The character code to draw `glyph_id` with so that the PDF maps it to exactly `text`.

    A mark that shaping moved left of the pen (x_offset < 0, no advance: a tone mark over ั or ิ) is drawn
    "move left, draw, move right"; text extractors read the move back to the right as a gap between words and
    insert a space (ปั้น → "ปั้ น"). Such a mark gets an alias whose PDF width equals the shift, so the pen
    comes back by drawing it and no gap appears. Its outline and position are unchanged.
    """
    width = round(-x_offset) if advance == 0 and x_offset < -1 else None
    known = font.to_unicode.get(glyph_id)
    if known is None:
        font.to_unicode[glyph_id] = text  # also keeps the real glyph in the font subset
        if width is None:
            return glyph_id
    elif known == text and width is None:
        return glyph_id
    if font.bitmap or font.svg or font.png or font.colr:
        return glyph_id
    aliases: dict[int, int] = font.__dict__.setdefault(ALIAS_ATTRIBUTE, {})
    by_key: dict[tuple[int, str, int | None], int] = font.__dict__.setdefault(ALIAS_ATTRIBUTE + "_by_key", {})
    code = by_key.get((glyph_id, text, width))
    if code is None:
        code = font.glyph_count + ALIAS_GAP + len(aliases)
        if code > 0xFFFF or len(font.missing) >= ALIAS_GAP:
            return glyph_id  # no free code left (never seen in practice): keep WeasyPrint's mapping
        aliases[code] = glyph_id
        by_key[(glyph_id, text, width)] = code
        font.to_unicode[code] = text
        font.widths[code] = font.widths[glyph_id] if width is None else width
    return code


def _cid_to_gid_map(font, compress: bool) -> pydyf.Stream:
    """TrueType CID fonts: CIDs are our character codes (Identity-H); aliases point at their real glyph."""
    aliases: dict[int, int] = font.__dict__[ALIAS_ATTRIBUTE]
    last = max(aliases)
    table = bytearray()
    for cid in range(last + 1):
        table += aliases.get(cid, cid if cid < font.glyph_count else 0).to_bytes(2, "big")
    return pydyf.Stream([bytes(table)], compress=compress)


def _encoding_cmap(font, compress: bool) -> pydyf.Stream:
    """CFF (OpenType) CID fonts have no CIDToGIDMap: map the codes to glyphs with an encoding CMap instead."""
    aliases: dict[int, int] = font.__dict__.get(ALIAS_ATTRIBUTE, {})
    missing = set(font.missing.values())
    system_info = {"Registry": pydyf.String("Adobe"), "Ordering": pydyf.String("Identity"), "Supplement": 0}
    extra = pydyf.Dictionary(
        {"Type": "/CMap", "CMapName": "/Prongsai-Encod-0", "CIDSystemInfo": pydyf.Dictionary(system_info)}
    )
    stream = pydyf.Stream(
        [
            b"/CIDInit /ProcSet findresource begin",
            b"12 dict begin",
            b"begincmap",
            b"/CIDSystemInfo",
            b"3 dict dup begin",
            b"/Registry (Adobe) def",
            b"/Ordering (Identity) def",
            b"/Supplement 0 def",
            b"end def",
            b"/CMapName /Prongsai-Encod-0 def",
            b"/CMapType 1 def",
            b"1 begincodespacerange",
            b"<0000> <ffff>",
            b"endcodespacerange",
        ],
        extra,
        compress=compress,
    )
    codes = sorted(font.to_unicode)
    for start in range(0, len(codes), 100):
        batch = codes[start : start + 100]
        stream.stream.append(f"{len(batch)} begincidchar".encode())
        for code in batch:
            glyph_id = aliases.get(code, code)
            stream.stream.append(f"<{code:04x}> {0 if glyph_id in missing else glyph_id}".encode())
        stream.stream.append(b"endcidchar")
    stream.stream.extend([b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"])
    return stream


def _add_aliases(font_dictionary, pdf, font, compress: bool) -> None:
    if font.type == "ttf":
        subfont_number = int(font_dictionary["DescendantFonts"][0].split()[0])
        cid_to_gid = _cid_to_gid_map(font, compress)
        pdf.add_object(cid_to_gid)
        pdf.objects[subfont_number]["CIDToGIDMap"] = cid_to_gid.reference
    else:
        encoding = _encoding_cmap(font, compress)
        pdf.add_object(encoding)
        font_dictionary["Encoding"] = encoding.reference


def _is_mark(char: str) -> bool:
    """Characters drawn on the previous base letter: Thai vowels above/below, tone marks, and SARA AM."""
    return char == "\u0e33" or unicodedata.category(char) in ("Mn", "Mc", "Me")


class _ActualText:
    """Wraps each multi-glyph letter (a base with its marks, or SARA AM's two glyphs) of a Pango run in a
    `/Span <</ActualText …>> BDC … EMC` marked-content sequence.

    The ToUnicode map alone gives the right text when glyphs are read in order (pypdf), but some glyphs of a
    cluster carry "" and viewers that sort glyphs by position (PDFium in Chromium, poppler) then invent
    characters or reorder raised tone marks. ActualText is the PDF's own answer (ISO 32000 §14.9.4): those
    viewers copy the span's text as written.
    """

    __slots__ = ("_open_until", "spans", "stream")

    def __init__(self, stream, spans: dict[int, tuple[int, str]]) -> None:
        self.stream = stream
        self.spans = spans
        self._open_until = -1

    @staticmethod
    def _flush(stream, string: str) -> str:
        string = string[:-1] if string.endswith("<") else string + ">"
        if string and string.strip("<>0") != "":
            stream.show_text(string)  # (nothing to show: no glyph, no move)
        return "<"

    def before(self, string: str, index: int) -> str:
        span = self.spans.get(index)
        if span is None:
            return string
        string = self._flush(self.stream, string)
        self.stream.stream.append(
            b"/Span <</ActualText <feff" + span[1].encode("utf-16-be").hex().encode() + b">>> BDC"
        )
        self._open_until = span[0]
        return string

    def after(self, string: str, index: int) -> str:
        if index != self._open_until:
            return string
        string = self._flush(self.stream, string)
        self.stream.stream.append(b"EMC")
        self._open_until = -1
        return string


def actual_text_spans(stream, layout_text: str, glyph_item, glyphs_info, clusters, num_glyphs: int) -> _ActualText:
    """The letters of one Pango run that need ActualText: {first glyph index: (last glyph index, text)}."""
    from weasyprint.text.ffi import pango

    spans: dict[int, tuple[int, str]] = {}
    if glyph_item.item.analysis.level % 2 or num_glyphs < 2:  # right-to-left runs are left as they are
        return _ActualText(stream, spans)
    utf8 = layout_text.encode()
    start = glyph_item.item.offset
    end = start + glyph_item.item.length
    groups: list[list[int]] = []
    for index in range(num_glyphs):
        cluster = clusters[index]
        char = utf8[start + cluster : start + cluster + 4].decode("utf-8", "ignore")[:1]
        if groups and (cluster == clusters[index - 1] or _is_mark(char)):
            groups[-1].append(index)
        else:
            groups.append([index])
    empty = pango.PANGO_GLYPH_EMPTY

    def text_start(number: int) -> int:
        return start + clusters[groups[number][0]] if number < len(groups) else end

    def raised_right(group: list[int]) -> bool:
        # A raised mark shifted right is drawn by its own text operator whose origin lies right of the next
        # letter's: viewers that sort text by x would put the next letter first, so it joins the span.
        return any(glyphs_info[i].geometry.y_offset and glyphs_info[i].geometry.x_offset > 0 for i in group[1:])

    number = 0
    while number < len(groups):
        group = groups[number]
        if len(group) < 2 or any(glyphs_info[i].glyph == empty for i in group):
            number += 1
            continue
        last = number
        while raised_right(groups[last]) and last + 1 < len(groups):
            if any(glyphs_info[i].glyph == empty for i in groups[last + 1]):
                break
            last += 1
        text = utf8[text_start(number) : text_start(last + 1)].decode("utf-8", "replace")
        spans[group[0]] = (groups[last][-1], text)
        number = last + 1
    return _ActualText(stream, spans)


def apply() -> bool:
    """Patch WeasyPrint once per process; True when the exact text layer is active."""
    global _applied
    if _applied is not None:
        return _applied
    from weasyprint.draw import text as draw_text_module
    from weasyprint.pdf import fonts as pdf_fonts

    source = textwrap.dedent(inspect.getsource(draw_text_module.draw_first_line))
    if any(source.count(original) != 1 for original, _ in EDITS):
        logger.warning("WeasyPrint changed: Thai text-layer fix not applied; PDF text extraction may be inexact")
        _applied = False
        return False
    for original, replacement in EDITS:
        source = source.replace(original, replacement)
    namespace = dict(vars(draw_text_module))
    namespace["_prongsai_code_for"] = code_for
    namespace["_prongsai_actual_text"] = actual_text_spans
    exec(compile(source, draw_text_module.__file__, "exec"), namespace)  # noqa: S102 - WeasyPrint's own code
    draw_text_module.draw_first_line = namespace["draw_first_line"]

    build_vector_font = pdf_fonts._build_vector_font_dictionary

    def build_vector_font_with_aliases(font_dictionary, pdf, font, widths, compress, *args, **kwargs):
        build_vector_font(font_dictionary, pdf, font, widths, compress, *args, **kwargs)
        if font.__dict__.get(ALIAS_ATTRIBUTE):
            _add_aliases(font_dictionary, pdf, font, compress)

    pdf_fonts._build_vector_font_dictionary = build_vector_font_with_aliases

    subset = pdf_fonts.Font.subset

    def subset_without_aliases(self, to_unicode, hinting):
        # Alias codes are not glyphs of the font file: keep them out of the subsetter's glyph list.
        real = {gid: text for gid, text in to_unicode.items() if gid < self.glyph_count + ALIAS_GAP}
        subset(self, real, hinting)

    pdf_fonts.Font.subset = subset_without_aliases
    _applied = True
    return True
