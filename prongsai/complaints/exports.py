"""Downloadable kinds of this app: complaint statistics, the participation report and the channel poster.

Statistics are counts only (no subject, no name): the same figures as the public page, so they may include
corruption complaints. Nothing here lists individual complaints.
"""

from __future__ import annotations

import datetime as dt

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prongsai.agencies.models import Agency
from prongsai.complaints import stats as complaint_stats
from prongsai.complaints.models import Category, Participation, Status
from prongsai.documents import charts
from prongsai.documents import docx as docx_blocks
from prongsai.documents.pdf import render_template
from prongsai.documents.registry import Document, DocumentError, DocumentRequest, register
from prongsai.documents.xlsx import csv_bytes, workbook
from prongsai.lib import thaidate

NO_COMPLAINTS = complaint_stats.NO_COMPLAINTS
NOT_YET = "ยังไม่ถึงช่วงเวลา"


def _year(request: DocumentRequest) -> int:
    if request.fiscal_year is None or not 2500 <= request.fiscal_year <= 2700:
        raise DocumentError("a fiscal year in B.E. is needed, e.g. --year 2568")
    return request.fiscal_year


def _public_url(name: str, **kwargs: object) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, kwargs=kwargs)


def _category_labels() -> list[str]:
    return [str(label) for _value, label in Category.choices]


def stats_header() -> list[str]:
    return ["ช่วงเวลา", *_category_labels(), "รวม", "ดำเนินการแล้วเสร็จ", "อยู่ระหว่างดำเนินการ", "หมายเหตุ"]


def stats_row(period: complaint_stats.Period) -> list[object]:
    note = NO_COMPLAINTS if period.is_empty and not period.is_future else (NOT_YET if period.is_empty else "")
    return [
        period.label,
        *period.category_counts(),
        period.total,
        period.completed,
        period.in_progress,
        note,
    ]


def corruption_row(period: complaint_stats.Period) -> list[object]:
    note = NO_COMPLAINTS if period.corruption == 0 and not period.is_future else ""
    if period.corruption == 0 and period.is_future:
        note = NOT_YET
    return [period.label, period.corruption, period.corruption_done, period.corruption_in_progress, note]


CORRUPTION_HEADER = ["ช่วงเวลา", "เรื่องร้องเรียนการทุจริตฯ ที่ได้รับ", "ดำเนินการแล้วเสร็จ", "อยู่ระหว่างดำเนินการ", "หมายเหตุ"]


def monthly_chart(stats: complaint_stats.YearStats) -> charts.Chart:
    labels = []
    for year, month in thaidate.fiscal_months(stats.fiscal_year):
        labels.append(thaidate.format_date(dt.date(year, month, 1), "month"))
    values = [None if m.is_future and m.is_empty else float(m.total) for m in stats.months]
    return charts.bars(labels, values, title="จำนวนเรื่องที่ได้รับรายเดือน", horizontal=False)


@register("complaint-stats", _("Complaint statistics (fiscal year)"), ("xlsx", "csv", "pdf", "docx"))
def complaint_stats_document(request: DocumentRequest) -> Document:
    year = _year(request)
    stats = complaint_stats.year_stats(request.agency, year)
    name = f"complaint-stats-{request.agency.slug}-{year}.{request.format}"
    rows = [stats_row(m) for m in stats.months]
    quarter_rows = [stats_row(q) for q in stats.quarters]
    total_row = stats_row(stats.total)
    if request.format == "csv":
        return Document(csv_bytes(stats_header(), [*rows, *quarter_rows, total_row]), name, "csv")
    if request.format == "xlsx":
        status_header = [str(label) for _v, label in Status.choices] + ["รวม"]
        sheets: list[tuple[str, list[str], list[list[object]]]] = [
            ("รายเดือน", stats_header(), [*rows, total_row]),
            ("รายไตรมาส", stats_header(), [*quarter_rows, total_row]),
            (
                "ทุจริตและประพฤติมิชอบ",
                CORRUPTION_HEADER,
                [*(corruption_row(q) for q in stats.quarters), corruption_row(stats.total)],
            ),
            ("ตามสถานะ", status_header, [[*stats.total.status_counts(), stats.total.total]]),
        ]
        return Document(workbook(sheets), name, "xlsx")
    context = {
        "agency": request.agency,
        "stats": stats,
        "year": year,
        "url": _public_url("public-complaints:stats", agency=request.agency.slug, year=year),
        "today": timezone.localdate(),
        "landscape": True,
    }
    if request.format == "pdf":
        context.update(
            {
                "chart": monthly_chart(stats),
                "header": stats_header(),
                "rows": rows,
                "quarter_rows": quarter_rows,
                "total_row": total_row,
                "corruption_header": CORRUPTION_HEADER,
                "corruption_rows": [corruption_row(q) for q in stats.quarters] + [corruption_row(stats.total)],
            }
        )
        return Document(render_template("complaints/pdf/stats.html", context, language=request.language), name, "pdf")
    return Document(_stats_docx(request.agency, stats, context["url"]), name, "docx")


def _stats_docx(agency: object, stats: complaint_stats.YearStats, url: str) -> bytes:
    doc = docx_blocks.new_document(landscape=True)
    docx_blocks.heading(doc, f"ข้อมูลสถิติเรื่องร้องเรียน ประจำปีงบประมาณ พ.ศ. {stats.fiscal_year}")
    docx_blocks.paragraph(doc, str(agency), align="center")
    docx_blocks.paragraph(
        doc,
        f"ข้อมูล ณ วันที่ {thaidate.format_date(stats.as_of)} รับเรื่องทั้งสิ้น {stats.total.total} เรื่อง "
        f"ดำเนินการแล้วเสร็จ {stats.total.completed} เรื่อง อยู่ระหว่างดำเนินการ {stats.total.in_progress} เรื่อง",
        indent_cm=2.5,
    )
    docx_blocks.heading(doc, "1. เรื่องร้องเรียนการทุจริตและประพฤติมิชอบ", level=2)
    corruption = [corruption_row(q) for q in stats.quarters] + [corruption_row(stats.total)]
    docx_blocks.table(doc, CORRUPTION_HEADER, corruption, widths_cm=[6.5, 4.5, 4, 4, 5.7])
    docx_blocks.heading(doc, "2. เรื่องร้องเรียนและข้อเสนอแนะทั้งหมด รายเดือน", level=2)
    widths = [4.2, 2.6, 2.6, 2.8, 1.8, 2.6, 2.6, 5.5]
    docx_blocks.table(
        doc, stats_header(), [*(stats_row(m) for m in stats.months), stats_row(stats.total)], widths_cm=widths
    )
    docx_blocks.heading(doc, "3. รายไตรมาส", level=2)
    docx_blocks.table(doc, stats_header(), [stats_row(q) for q in stats.quarters], widths_cm=widths)
    if stats.ratings:
        docx_blocks.paragraph(
            doc, f"ความพึงพอใจของผู้ร้องเรียนต่อการดำเนินการ เฉลี่ย {stats.rating_average} จาก 5 ({stats.ratings} ราย)"
        )
    docx_blocks.paragraph(doc, f"เผยแพร่ที่ {url}", size=14)
    return docx_blocks.to_bytes(doc)


# Participation ------------------------------------------------------------------------------------------------


def _rounds(agency: Agency, year: int) -> list[Participation]:
    return list(
        Participation.objects.filter(agency=agency)
        .published()
        .in_fiscal_year(year)
        .select_related("department")
        .prefetch_related("attachments")
        .order_by("held_on", "pk")
    )


def _when(item: Participation) -> str:
    text = thaidate.format_date(item.held_on)
    return f"{text} – {thaidate.format_date(item.ends_on)}" if item.ends_on else text


@register("participation-report", _("Public participation report (fiscal year)"), ("docx", "pdf"))
def participation_report(request: DocumentRequest) -> Document:
    """The published rounds of a fiscal year (OIT O20): what was asked, who came, what was said and done."""
    year = _year(request)
    rounds = _rounds(request.agency, year)
    name = f"participation-{request.agency.slug}-{year}.{request.format}"
    url = _public_url("public-complaints:participation-year", agency=request.agency.slug, year=year)
    if request.format == "pdf":
        context = {
            "agency": request.agency,
            "year": year,
            "rounds": rounds,
            "url": url,
            "today": timezone.localdate(),
            "people": sum(r.participants or 0 for r in rounds),
        }
        return Document(
            render_template("complaints/pdf/participation.html", context, language=request.language), name, "pdf"
        )
    doc = docx_blocks.new_document()
    docx_blocks.heading(doc, f"รายงานการเปิดโอกาสให้เกิดการมีส่วนร่วม ประจำปีงบประมาณ พ.ศ. {year}")
    docx_blocks.paragraph(doc, str(request.agency), align="center")
    if not rounds:
        docx_blocks.paragraph(doc, "ยังไม่มีการเผยแพร่ข้อมูลการเปิดโอกาสให้เกิดการมีส่วนร่วมในปีงบประมาณนี้", indent_cm=2.5)
    else:
        people = sum(r.participants or 0 for r in rounds)
        docx_blocks.paragraph(
            doc,
            f"ในปีงบประมาณ พ.ศ. {year} {request.agency} เปิดโอกาสให้ประชาชนและผู้มีส่วนได้ส่วนเสียมีส่วนร่วม "
            f"จำนวน {len(rounds)} ครั้ง มีผู้เข้าร่วมรวม {people} คน ดังนี้",
            indent_cm=2.5,
        )
        docx_blocks.table(
            doc,
            ["ลำดับ", "วันที่", "เรื่อง", "รูปแบบ / สถานที่", "ผู้เข้าร่วม (คน)"],
            [
                [
                    n,
                    _when(r),
                    r.topic,
                    f"{r.get_kind_display()}\n{r.place}",
                    "" if r.participants is None else r.participants,
                ]
                for n, r in enumerate(rounds, start=1)
            ],
            widths_cm=[1.3, 3.2, 5.5, 4.0, 2.0],
        )
        for n, item in enumerate(rounds, start=1):
            docx_blocks.heading(doc, f"{n}. {item.topic}", level=2)
            facts = f"วันที่ {_when(item)} · {item.get_kind_display()} · {item.place}"
            if item.department:
                facts += f" · ผู้รับผิดชอบ {item.department.name_th}"
            docx_blocks.paragraph(doc, facts)
            for title, text in (
                ("รายละเอียด", item.description),
                ("สรุปความคิดเห็น", item.opinions),
                ("ผลการดำเนินการ", item.outcome),
            ):
                if text:
                    docx_blocks.paragraph(doc, title, bold=True)
                    docx_blocks.paragraph(doc, text, indent_cm=2.5)
            files = [a.title or a.original_name for a in item.attachments.all()]
            if files:
                docx_blocks.paragraph(doc, "เอกสารประกอบ: " + ", ".join(files), size=14)
    docx_blocks.paragraph(doc, f"เผยแพร่ที่ {url}", size=14)
    return Document(docx_blocks.to_bytes(doc), name, "docx")


# The poster ---------------------------------------------------------------------------------------------------


@register("complaint-poster", _("Complaint channel poster with QR code (A4)"), ("pdf",), needs_year=False)
def complaint_poster(request: DocumentRequest) -> Document:
    url = _public_url("public-complaints:new", agency=request.agency.slug)
    qr = segno.make(url, error="m").svg_data_uri(scale=10, border=2)
    context = {
        "agency": request.agency,
        "url": url,
        "qr": qr,
        "track_url": _public_url("public-complaints:track", agency=request.agency.slug),
    }
    content = render_template("complaints/pdf/poster.html", context, language=request.language)
    return Document(content, f"complaint-poster-{request.agency.slug}.pdf", "pdf")
