"""Downloadable kinds of the registers; the web download and `prongsai document KIND` both use them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import wraps

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from prongsai.documents.registry import Document, DocumentError, DocumentRequest, register
from prongsai.documents.xlsx import csv_bytes, workbook
from prongsai.registers import actions, official
from prongsai.registers.models import CoiDeclaration, CoiRound
from prongsai.registers.reports import coi_progress, gift_year, person_name, training_summary


def in_language(render: Callable[[DocumentRequest], Document]) -> Callable[[DocumentRequest], Document]:
    """Build the document in the request's language (labels such as a gift's handling are translated)."""

    @wraps(render)
    def wrapped(request: DocumentRequest) -> Document:
        with translation.override(request.language or "th"):
            return render(request)

    return wrapped


def _name(kind: str, request: DocumentRequest) -> str:
    year = f"-{request.fiscal_year}" if request.fiscal_year else ""
    return f"{kind}-{request.agency.slug}{year}.{request.format}"


def _official(kind: str, request: DocumentRequest, build: Callable[..., official.OfficialDocument]) -> Document:
    try:
        doc = build(request.agency, request.fiscal_year)
    except official.MissingRecord as exc:
        raise DocumentError(str(exc)) from exc
    return Document(official.render(doc, request.format), _name(kind, request), request.format)


@register("asset-register", _("State property register"), ("xlsx", "csv", "pdf"), needs_year=False)
@in_language
def asset_register(request: DocumentRequest) -> Document:
    if request.format == "pdf":
        return _official("asset-register", request, official.asset_register_doc)
    rows = official.asset_rows(request.agency)
    if request.format == "csv":
        return Document(csv_bytes(official.ASSET_HEADER, rows), _name("asset-register", request), "csv")
    return Document(workbook([("assets", official.ASSET_HEADER, rows)]), _name("asset-register", request), "xlsx")


@register("no-gift-announcement", _("No Gift Policy announcement"), ("docx", "pdf"))
@in_language
def no_gift_announcement(request: DocumentRequest) -> Document:
    return _official("no-gift-announcement", request, official.no_gift_announcement)


GIFT_HEADER = ["วันที่รับ", "ผู้รับ", "ผู้ให้", "รายการ", "มูลค่า (บาท)", "การดำเนินการ", "เกิน 3,000 บาท"]


@register("gifts-report", _("Report of gifts and benefits received"), ("docx", "pdf", "xlsx"))
@in_language
def gifts_report(request: DocumentRequest) -> Document:
    if request.format != "xlsx":
        return _official("gifts-report", request, official.gifts_report)
    summary = gift_year(request.agency, request.fiscal_year)  # type: ignore[arg-type]
    rows: list[list[object]] = [
        [
            g.received_on,
            g.recipient_label,
            g.giver,
            g.description,
            float(g.value),
            g.get_handling_display(),
            "ใช่" if g.over_limit else "",
        ]
        for g in summary.gifts
    ]
    if not rows:
        rows = [["ไม่มีการรับ", "", "", "", "", "", ""]]
    return Document(workbook([("gifts", GIFT_HEADER, rows)]), _name("gifts-report", request), "xlsx")


@register("training-summary", _("Training and meetings summary"), ("docx", "pdf", "xlsx"))
@in_language
def training_report(request: DocumentRequest) -> Document:
    if request.format != "xlsx":
        return _official("training-summary", request, official.training_summary_doc)
    summary = training_summary(request.agency, request.fiscal_year)  # type: ignore[arg-type]
    events = [
        [e.held_on, e.get_kind_display(), e.title, e.place, e.organiser, len(e.attendances.all())]
        for e in summary.events
    ]
    attendance = [
        [e.held_on, e.title, person_name(a.member) if a.member else a.outside_name, "" if a.member else "บุคคลภายนอก"]
        for e in summary.events
        for a in e.attendances.all()
    ]
    people = [[person_name(p), len(evs), ", ".join(e.title for e in evs)] for p, evs in summary.people]
    sheets: list[tuple[str, Sequence[str], Sequence[Sequence[object]]]] = [
        ("events", ["วันที่", "ประเภท", "หัวข้อ", "สถานที่", "ผู้จัด", "ผู้เข้าร่วม"], events),
        ("attendance", ["วันที่", "หัวข้อ", "ผู้เข้าร่วม", "หมายเหตุ"], attendance),
        ("people", ["ชื่อ–สกุล", "จำนวนครั้ง", "หัวข้อ"], people),
    ]
    return Document(workbook(sheets), _name("training-summary", request), "xlsx")


@register("risk-assessment", _("Corruption and bribery risk assessment"), ("docx", "pdf"))
@in_language
def risk_assessment(request: DocumentRequest) -> Document:
    return _official("risk-assessment", request, official.risk_assessment_doc)


@register("risk-follow-up", _("Report on managing corruption risks"), ("docx", "pdf"))
@in_language
def risk_follow_up(request: DocumentRequest) -> Document:
    return _official("risk-follow-up", request, official.risk_follow_up_doc)


@register(
    "coi-declarations",
    _("Conflict-of-interest declarations"),
    ("xlsx",),
    permitted=actions.sees_all_declarations,  # everyone's declarations: reviewers and auditors only
)
@in_language
def coi_declarations(request: DocumentRequest) -> Document:
    round_ = (
        CoiRound.objects.filter(agency=request.agency, fiscal_year=request.fiscal_year).first()
        if request.fiscal_year is not None
        else None
    )
    if round_ is None:
        raise DocumentError(f"no declaration round for fiscal year {request.fiscal_year}")
    declarations = {d.member_id: d for d in CoiDeclaration.objects.filter(round=round_).select_related("reviewed_by")}
    rows = []
    for group in coi_progress(round_).departments:
        for member in group.members:
            d = declarations.get(member.pk)
            rows.append(
                [
                    str(group.department or ""),
                    person_name(member),
                    ("มีส่วนได้เสีย" if d.has_interest else "ไม่มี") if d else "ยังไม่ยื่น",
                    d.details if d else "",
                    d.submitted_at.date() if d else "",
                    person_name(d.reviewed_by) if d and d.reviewed_by else "",
                    d.review_comment if d else "",
                ]
            )
    header = ["ส่วนราชการ", "ชื่อ–สกุล", "การเปิดเผย", "รายละเอียด", "วันที่ยื่น", "ผู้รับทราบ", "ความเห็น"]
    return Document(workbook([("declarations", header, rows)]), _name("coi-declarations", request), "xlsx")
