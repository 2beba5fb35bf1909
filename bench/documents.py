"""Benchmark: render a seed-sized official document (the FY2568 ITA plan of เทศบาลตำบลคึกคัก) as PDF and DOCX.

Goal: the plan as PDF in < 3 s and as DOCX in < 0.5 s. The sample is prongsai.documents.specimen: a few pages
of Thai text (headings, official paragraphs), a 10-row measure table with multi-line cells, and a radar chart
(PDF inline SVG; DOCX PNG when --docx-chart is given, which adds a PDF render of the chart).

The first render of a process loads the fonts (Pango/fontconfig) and PyThaiNLP's dictionary; it is reported
separately as `*_first_s`. `pdf_s` and `docx_s` are the median of --repeat later renders, which is what a
worker that has rendered once pays for each document.

Usage: .venv/bin/python bench/documents.py [--repeat 5] [--docx-chart] [--output /tmp/specimen]
The last line is `pdf_s=… docx_s=… pdf_first_s=… docx_first_s=… pdf_pages=… pdf_kb=… docx_kb=…`.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.settings")

import django

django.setup()

from pypdf import PdfReader  # noqa: E402

from prongsai.documents import specimen  # noqa: E402


def timed(render, repeat: int) -> tuple[float, float, bytes]:
    start = time.perf_counter()
    content = render()
    first = time.perf_counter() - start
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        content = render()
        runs.append(time.perf_counter() - start)
    return first, statistics.median(runs), content


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--docx-chart", action="store_true", help="embed the chart as PNG in the DOCX too")
    parser.add_argument("--output", type=Path, help="write OUTPUT.pdf and OUTPUT.docx to look at")
    args = parser.parse_args()

    pdf_first, pdf_s, pdf_bytes = timed(specimen.specimen_pdf, args.repeat)
    docx_first, docx_s, docx_bytes = timed(lambda: specimen.specimen_docx(with_chart=args.docx_chart), args.repeat)
    pages = len(PdfReader(io.BytesIO(pdf_bytes)).pages)
    if args.output:
        args.output.with_suffix(".pdf").write_bytes(pdf_bytes)
        args.output.with_suffix(".docx").write_bytes(docx_bytes)
    print(f"PDF : {pages} pages, {len(pdf_bytes) / 1024:.0f} KB, first {pdf_first:.2f} s, then {pdf_s:.3f} s")
    print(f"DOCX: {len(docx_bytes) / 1024:.0f} KB, first {docx_first:.2f} s, then {docx_s:.3f} s")
    print(
        f"pdf_s={pdf_s:.3f} docx_s={docx_s:.3f} pdf_first_s={pdf_first:.3f} docx_first_s={docx_first:.3f} "
        f"pdf_pages={pages} pdf_kb={len(pdf_bytes) / 1024:.0f} docx_kb={len(docx_bytes) / 1024:.0f}"
    )


if __name__ == "__main__":
    main()
