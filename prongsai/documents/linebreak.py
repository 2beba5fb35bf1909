"""Thai line breaking in WeasyPrint PDFs: lines end between words, as PyThaiNLP segments them.

Pango breaks Thai lines with libthai's dictionary, which splits many compounds an officer reads as one word
(หน่วย|งาน, ดำเนิน|งาน, โดย|รวม). We tell Pango not to break inside the words PyThaiNLP's `newmm` tokenizer
finds, with Pango's own `allow_breaks=false` text attribute (Pango ≥ 1.44), set on each text WeasyPrint lays
out. The text itself is not changed (no invisible joiners in the PDF's text layer), and break opportunities
between words, at spaces and in Latin text stay Pango's.

The segmentation is PyThaiNLP's default (newmm, its own dictionary), except that dictionary entries longer than
LONGEST_PROTECTED characters are cut again into the dictionary words they are made of: those are mostly full
agency names (สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ), which must be able to wrap at their
component words (สำนักงาน|คณะกรรมการ|ป้องกัน…) in a narrow table cell. A token that is still longer (an unknown
string) is left to libthai's breaks so that it cannot overflow its box.
"""

from __future__ import annotations

import functools
import logging

logger = logging.getLogger(__name__)

LONGEST_PROTECTED = 16
_applied: bool | None = None


def _is_thai(char: str) -> bool:
    return "\u0e01" <= char <= "\u0e5b"


def words(text: str) -> list[str]:
    """`text` cut into words (and runs of spaces, punctuation, Latin) the way PDF lines may break."""
    from pythainlp.tokenize import word_dict_trie, word_tokenize

    cut: list[str] = []
    for token in word_tokenize(text, custom_dict=word_dict_trie(), engine="newmm", keep_whitespace=True):
        cut.extend(_component_words(token) if len(token) > LONGEST_PROTECTED else (token,))
    return cut


@functools.lru_cache(maxsize=1024)
def _component_words(token: str) -> tuple[str, ...]:
    """A long dictionary entry (an agency's full name) cut into the shorter dictionary words it is made of."""
    from pythainlp.tokenize import word_dict_trie, word_tokenize
    from pythainlp.util import Trie

    dictionary = word_dict_trie()
    parts = {
        word
        for start in range(len(token))
        for word in dictionary.prefixes(token[start:])
        if len(word) <= LONGEST_PROTECTED
    }
    if not parts:
        return (token,)
    return tuple(word_tokenize(token, custom_dict=Trie(parts), engine="newmm", keep_whitespace=True))


@functools.lru_cache(maxsize=4096)
def protected_spans(text: str) -> tuple[tuple[int, int], ...]:
    """UTF-8 byte ranges of the Thai words (2+ characters) of `text` that must not be broken."""
    if not any(_is_thai(char) for char in text):
        return ()
    spans = []
    position = 0  # in bytes
    for word in words(text):
        size = len(word.encode())
        if 1 < len(word) <= LONGEST_PROTECTED and all(_is_thai(char) for char in word):
            spans.append((position, position + size))
        position += size
    return tuple(spans)


def apply() -> bool:
    """Patch WeasyPrint's Layout.set_text once per process; True when active."""
    global _applied
    if _applied is not None:
        return _applied
    from weasyprint.text import line_break
    from weasyprint.text.ffi import ffi, pango

    try:
        ffi.cdef("PangoAttribute * pango_attr_allow_breaks_new (gboolean allow_breaks);")
    except Exception:
        logger.debug("pango_attr_allow_breaks_new already declared")
    try:
        allow_breaks_new = pango.pango_attr_allow_breaks_new
    except AttributeError:
        logger.warning("Pango < 1.44: Thai lines may break inside compound words")
        _applied = False
        return False

    set_text = line_break.Layout.set_text

    def set_text_keeping_thai_words(self, text, justify=False):
        set_text(self, text, justify)
        spans = protected_spans(self.text)
        if not spans:
            return
        attr_list = pango.pango_layout_get_attributes(self.layout)
        if attr_list == ffi.NULL:
            attr_list = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
        for start, end in spans:
            attr = allow_breaks_new(False)
            attr.start_index, attr.end_index = start, end
            pango.pango_attr_list_insert(attr_list, attr)
        pango.pango_layout_set_attributes(self.layout, attr_list)

    line_break.Layout.set_text = set_text_keeping_thai_words
    _applied = True
    return True
