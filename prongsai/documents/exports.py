"""The documents app's own kind: a specimen of the house style, to check fonts after installing them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from prongsai.documents import specimen
from prongsai.documents.registry import Document, DocumentRequest, register


@register(
    "documents-specimen",
    _("Document style specimen"),
    ("pdf", "docx"),
    needs_year=False,
    options_help="chart=0 leaves out the chart",
)
def specimen_document(request: DocumentRequest) -> Document:
    """A seed-sized plan (text, measure table, chart) in the official style, with the fonts in use; the agency
    is not read. Run it after copying TH SarabunPSK into FONT_DIR (docs/documents.md)."""
    with_chart = request.options.get("chart", "1") != "0"
    if request.format == "pdf":
        content = specimen.specimen_pdf(with_chart=with_chart)
    else:
        content = specimen.specimen_docx(with_chart=with_chart)
    return Document(content, f"prongsai-specimen.{request.format}", request.format)
