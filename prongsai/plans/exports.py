"""Downloadable kinds of the plan app, each as DOCX (editable) and PDF (to publish):

- `plan`            the improvement plan laid out like the acceptance document (background, guidelines 2.1–2.4,
                    the table ตัวชี้วัด | แนวทาง/มาตรการ | ผู้รับผิดชอบ | ระยะเวลาในการดำเนินการ)
- `plan-progress`   the half-year (to 31 March) or annual (to 30 September) progress report of the measures
- `approval-memo`   บันทึกข้อความ asking the executive to approve publishing the plan
- `review-minutes`  the minutes of the review meeting on a year's result (guideline 2.1)

Options: `digits=thai` prints generated numbers (indicator numbers, periods, dates) in Thai digits;
`period=half|annual` for the progress report; `meeting=<id>` for the minutes (default: the latest meeting).
Text people wrote (measures, background) is printed exactly as written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from prongsai.agencies.models import Agency, Membership, Role
from prongsai.documents import docx as word
from prongsai.documents import pdf
from prongsai.documents.registry import Document, DocumentError, DocumentRequest, register
from prongsai.lib import thaidate
from prongsai.plans import overview, rules
from prongsai.plans.models import Decision, Plan, ReviewMeeting

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

    from prongsai.documents.charts import Chart

TABLE_HEADER = ["ตัวชี้วัด", "แนวทาง/มาตรการ", "ผู้รับผิดชอบ", "ระยะเวลาในการดำเนินการ"]
TABLE_SHARES = (0.2, 0.45, 0.16, 0.19)
PROGRESS_HEADER = ["ตัวชี้วัด", "มาตรการ", "ผู้รับผิดชอบ", "ระยะเวลา", "สถานะ", "ร้อยละ", "ผลการดำเนินงาน"]
PROGRESS_SHARES = (0.12, 0.27, 0.11, 0.10, 0.09, 0.06, 0.25)
STATUS_TH = {"not_started": "ยังไม่เริ่ม", "in_progress": "กำลังดำเนินการ", "done": "ดำเนินการแล้ว", "late": "ล่าช้า"}
DIGITS_HELP = "digits=thai|arabic"


@dataclass(frozen=True)
class Style:
    """How generated numbers are written."""

    thai: bool

    def n(self, value: object) -> str:
        return thaidate.thai_digits(value) if self.thai else str(value)

    def date(self, day: dt.date | dt.datetime | None) -> str:
        if isinstance(day, dt.datetime):
            from django.utils import timezone

            day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
        return thaidate.format_date(day, "long", "thai" if self.thai else "arabic")


def _style(request: DocumentRequest) -> Style:
    digits = request.options.get("digits", "arabic")
    if digits not in ("thai", "arabic"):
        raise DocumentError(f"digits must be thai or arabic, not {digits!r}")
    return Style(digits == "thai")


def _year(request: DocumentRequest) -> int:
    if request.fiscal_year is None:
        raise DocumentError("this document needs a fiscal year (--year, e.g. 2568)")
    return request.fiscal_year


def _plan(request: DocumentRequest) -> Plan:
    plan = (
        Plan.objects.filter(assessment__agency=request.agency, assessment__fiscal_year=_year(request))
        .select_related("assessment__agency", "assessment__criteria", "approved_by")
        .first()
    )
    if plan is None:
        raise DocumentError(f"{request.agency.slug} has no plan for fiscal year {request.fiscal_year}")
    return plan


def _name(plan: Plan, request: DocumentRequest, kind: str) -> str:
    return f"{kind}-{plan.assessment.agency.slug}-{plan.fiscal_year}.{request.format}"


def _widths(doc: DocxDocument, shares: tuple[float, ...]) -> list[float]:
    total = word.text_width_cm(doc)
    return [round(total * s, 2) for s in shares]


# --- the plan --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TableRow:
    indicator: str  # empty on continuation rows of the same indicator
    measures: list[str]
    responsible: str
    period: str

    @property
    def measures_text(self) -> str:
        return "\n".join(f"- {m}" for m in self.measures)


def table_rows(view: overview.PlanView, style: Style) -> list[TableRow]:
    """One row per run of measures of an indicator sharing responsible units and period (the seed's layout)."""
    rows: list[TableRow] = []
    for group in view.groups:
        first = True
        runs: list[tuple[tuple[str, str], list[str]]] = []
        for row in group.rows:
            key = (", ".join(row.responsible), row.period.label("thai" if style.thai else "arabic"))
            if runs and runs[-1][0] == key:
                runs[-1][1].append(row.measure.text)
            else:
                runs.append((key, [row.measure.text]))
        for (responsible, period), texts in runs:
            label = f"{style.n(group.number)}. {group.name}" if first else ""
            rows.append(TableRow(label, texts, responsible, period))
            first = False
    return rows


def _plan_context(plan: Plan, style: Style) -> dict:
    view = overview.build(plan, all_indicators=False)
    agency = plan.assessment.agency
    return {
        "plan": plan,
        "agency": agency,
        "view": view,
        "title": plan.title or f"แผนยกระดับผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. {style.n(plan.fiscal_year)}",
        "background": [p.strip() for p in plan.background.split("\n\n") if p.strip()],
        "guidelines": [(style.n(g.number), g.text) for g in view.guidelines],
        "guidelines_heading": f"แนวทางและมาตรการส่งเสริมคุณธรรมและความโปร่งใสของ{agency.name_th}",
        "rows": table_rows(view, style),
        "header": TABLE_HEADER,
        "thai_digits": style.thai,
        "one": style.n(1),
        "two": style.n(2),
    }


@register("plan", _("Improvement plan"), ("docx", "pdf"), options_help=DIGITS_HELP)
def plan_document(request: DocumentRequest) -> Document:
    plan = _plan(request)
    style = _style(request)
    context = _plan_context(plan, style)
    if request.format == "pdf":
        content = pdf.render_template("plans/pdf/plan.html", context, language=request.language)
        return Document(content, _name(plan, request, "ita-plan"), "pdf")
    doc = word.new_document(thai_digits=style.thai)
    word.heading(doc, context["title"], 1)
    word.heading(doc, "ที่มาและความสำคัญ", 2)
    for text in context["background"]:
        word.paragraph(doc, text, indent_cm=2.5)
    word.heading(doc, f"{context['two']}. {context['guidelines_heading']}", 2)
    for number, text in context["guidelines"]:
        word.paragraph(doc, f"{number} {text}", indent_cm=1.25)
    word.table(
        doc,
        TABLE_HEADER,
        [[r.indicator, r.measures_text, r.responsible, r.period] for r in context["rows"]],
        widths_cm=_widths(doc, TABLE_SHARES),
    )
    _approval_line(doc, plan, style)
    return Document(word.to_bytes(doc), _name(plan, request, "ita-plan"), "docx")


def _approval_line(doc: DocxDocument, plan: Plan, style: Style) -> None:
    if plan.approved_at and plan.approved_by:
        who = plan.approved_by.get_full_name() or plan.approved_by.get_username()
        word.paragraph(doc, f"อนุมัติโดย {who} เมื่อวันที่ {style.date(plan.approved_at)}", align="right")


# --- the progress report ---------------------------------------------------------------------------------


def report_cutoff(fiscal_year: int, period: str) -> dt.date:
    _, last = thaidate.fiscal_year_bounds(fiscal_year)
    return dt.date(last.year, 3, 31) if period == "half" else last


def _progress_context(plan: Plan, request: DocumentRequest, style: Style) -> dict:
    period = request.options.get("period", "annual")
    if period not in ("half", "annual"):
        raise DocumentError(f"period must be half or annual, not {period!r}")
    cutoff = report_cutoff(plan.fiscal_year, period)
    as_of = min(rules.today(), cutoff)
    view = overview.build(plan, as_of, with_notes=True, all_indicators=False)
    lines = []
    for group in view.groups:
        for index, row in enumerate(group.rows):
            notes = [n for n in row.measure.notes.all() if n.date <= cutoff][:3]
            lines.append(
                {
                    "indicator": f"{style.n(group.number)}. {group.name}" if index == 0 else "",
                    "text": row.measure.text,
                    "responsible": ", ".join(row.responsible),
                    "period": row.period.label("thai" if style.thai else "arabic"),
                    "status": STATUS_TH[row.status],
                    "status_code": row.status,
                    "percent": style.n(row.progress),
                    "notes": "\n".join(f"{style.date(n.date)}: {n.text}" for n in notes),
                }
            )
    tally = view.tally
    label = "รอบ ๖ เดือน (ตุลาคม – มีนาคม)" if period == "half" else "รอบ ๑๒ เดือน (ตุลาคม – กันยายน)"
    if not style.thai:
        label = label.replace("๖", "6").replace("๑๒", "12")
    summary = (
        f"มาตรการทั้งหมด {style.n(tally.total)} มาตรการ ดำเนินการแล้ว {style.n(tally.done)} "
        f"กำลังดำเนินการ {style.n(tally.in_progress)} ยังไม่เริ่ม {style.n(tally.not_started)} "
        f"ล่าช้า {style.n(tally.late)} ความก้าวหน้าเฉลี่ยร้อยละ {style.n(tally.mean_progress)}"
    )
    return {
        "plan": plan,
        "agency": plan.assessment.agency,
        "title": (f"รายงานผลการดำเนินงานตามแผนยกระดับผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. {style.n(plan.fiscal_year)}"),
        "round": label,
        "as_of": f"ข้อมูล ณ วันที่ {style.date(as_of)}",
        "summary": summary,
        "lines": lines,
        "header": PROGRESS_HEADER,
        "chart": _progress_chart(view),
        "thai_digits": style.thai,
        "landscape": True,
    }


def _progress_chart(view: overview.PlanView) -> Chart:
    from prongsai.documents import charts

    labels: list[str] = []
    values: list[float | None] = []
    for group in view.groups:
        if group.rows:
            labels.append(f"{group.number}. {group.name}")
            values.append(sum(r.progress for r in group.rows) / len(group.rows))
    return charts.bars(labels, values, title="ความก้าวหน้าเฉลี่ยรายตัวชี้วัด (ร้อยละ)", target=100)


@register(
    "plan-progress", _("Plan progress report"), ("docx", "pdf"), options_help=f"period=half|annual, {DIGITS_HELP}"
)
def progress_document(request: DocumentRequest) -> Document:
    plan = _plan(request)
    style = _style(request)
    context = _progress_context(plan, request, style)
    period = request.options.get("period", "annual")
    name = _name(plan, request, f"ita-plan-progress-{period}")
    if request.format == "pdf":
        return Document(pdf.render_template("plans/pdf/progress.html", context, language=request.language), name, "pdf")
    doc = word.new_document(landscape=True, thai_digits=style.thai)
    word.heading(doc, context["title"], 1)
    word.paragraph(doc, f"{context['agency'].name_th} {context['round']}", align="center")
    word.paragraph(doc, context["as_of"], align="center")
    word.paragraph(doc, context["summary"], indent_cm=2.5)
    word.image(doc, context["chart"].png(), width_cm=16)
    word.table(
        doc,
        PROGRESS_HEADER,
        [
            [x["indicator"], x["text"], x["responsible"], x["period"], x["status"], x["percent"], x["notes"]]
            for x in context["lines"]
        ],
        widths_cm=_widths(doc, PROGRESS_SHARES),
    )
    return Document(word.to_bytes(doc), name, "docx")


# --- the approval memo -----------------------------------------------------------------------------------


def _member(agency: Agency, role: str) -> Membership | None:
    """The first active member with `role`, preferring one who belongs to a department."""
    members = list(Membership.objects.active().filter(agency=agency, role=role).select_related("user", "department"))
    members.sort(key=lambda m: (m.department_id is None, m.pk))
    return members[0] if members else None


def _person(membership: Membership | None) -> tuple[str, str]:
    if membership is None:
        return "", ""
    return membership.user.get_full_name() or membership.user.get_username(), membership.position


def _head_of_agency(agency: Agency) -> str:
    executives = Membership.objects.active().filter(agency=agency, role=Role.EXECUTIVE, department__isnull=True)
    head = executives.exclude(position="").order_by("pk").first()
    return head.position if head else f"ผู้บริหาร{agency.name_th}"


def _memo_context(plan: Plan, style: Style) -> dict:
    agency = plan.assessment.agency
    coordinator = _member(agency, Role.COORDINATOR)
    signer_name, signer_position = _person(coordinator)
    unit = coordinator.department.name_th if coordinator and coordinator.department else agency.name_th
    year = style.n(plan.fiscal_year)
    subject = f"ขออนุญาตเผยแพร่แผนยกระดับผลการประเมินคุณธรรมและความโปร่งใส (ITA) ประจำปีงบประมาณ พ.ศ. {year}"
    view = overview.build(plan, all_indicators=False)
    body = [
        (
            f"ด้วย{agency.name_th} ได้จัดทำแผนยกระดับผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
            f"(Integrity and Transparency Assessment : ITA) ประจำปีงบประมาณ พ.ศ. {year} "
            f"ประกอบด้วยแนวทางทั่วไป {style.n(len(view.guidelines))} ข้อ และมาตรการ {style.n(view.tally.total)} มาตรการ "
            f"ครอบคลุม {style.n(len([g for g in view.groups if g.rows]))} ตัวชี้วัด"
        ),
        (
            "เพื่อให้การดำเนินงานเป็นไปตามหลักเกณฑ์การประเมินของสำนักงาน ป.ป.ช. และเพื่อให้ประชาชนและผู้มีส่วนได้ส่วนเสีย"
            "สามารถเข้าถึงและติดตามการดำเนินงานได้ จึงเห็นควรเผยแพร่แผนดังกล่าวทางเว็บไซต์หลักของหน่วยงาน"
            "และช่องทางสื่อสังคมออนไลน์ของหน่วยงาน"
        ),
        "จึงเรียนมาเพื่อโปรดพิจารณา หากเห็นชอบโปรดอนุญาตให้เผยแพร่ต่อไป",
    ]
    approved_by = ""
    if plan.approved_by:
        approved_by = plan.approved_by.get_full_name() or plan.approved_by.get_username()
    return {
        "unit": unit,
        "ref": "",
        "date_text": style.date(plan.submitted_at or rules.today()),
        "subject": subject,
        "addressee": _head_of_agency(agency),
        "body": body,
        "signer_name": signer_name,
        "signer_position": signer_position,
        "approved_by": approved_by,
        "approved_on": style.date(plan.approved_at) if plan.approved_at else "",
        "head": _head_of_agency(agency),
        "thai_digits": style.thai,
    }


@register("approval-memo", _("Memo asking approval to publish the plan"), ("docx", "pdf"), options_help=DIGITS_HELP)
def approval_memo(request: DocumentRequest) -> Document:
    plan = _plan(request)
    style = _style(request)
    context = _memo_context(plan, style)
    name = _name(plan, request, "ita-plan-approval-memo")
    if request.format == "pdf":
        return Document(pdf.render_template("plans/pdf/memo.html", context, language=request.language), name, "pdf")
    doc = word.new_document(thai_digits=style.thai)
    word.memo(
        doc,
        unit=context["unit"],
        ref=context["ref"] or "…………",
        date_text=context["date_text"],
        subject=context["subject"],
    )
    word.paragraph(doc, f"เรียน  {context['addressee']}")
    for text in context["body"]:
        word.paragraph(doc, text, indent_cm=2.5)
    _signature(doc, context["signer_name"], context["signer_position"])
    word.paragraph(doc, "ความเห็นของผู้บริหาร")
    decided = "☑ อนุญาต  ☐ ไม่อนุญาต" if context["approved_by"] else "☐ อนุญาต  ☐ ไม่อนุญาต"
    word.paragraph(doc, decided, indent_cm=2.5)
    _signature(
        doc, context["approved_by"], context["head"] + (f"\n{context['approved_on']}" if context["approved_on"] else "")
    )
    return Document(word.to_bytes(doc), name, "docx")


def _signature(doc: DocxDocument, name: str, position: str) -> None:
    word.paragraph(doc, "")
    word.paragraph(doc, "(ลงชื่อ)……………………………………", align="center")
    word.paragraph(doc, f"({name or '……………………………………'})", align="center")
    if position:
        word.paragraph(doc, position, align="center")


# --- the review meeting minutes --------------------------------------------------------------------------


def _meeting(request: DocumentRequest) -> ReviewMeeting:
    meetings = ReviewMeeting.objects.filter(assessment__agency=request.agency).select_related("assessment")
    wanted = request.options.get("meeting", "")
    if wanted:
        meeting = meetings.filter(pk=wanted).first() if wanted.isdecimal() else None
    else:
        meeting = meetings.filter(assessment__fiscal_year=_year(request)).order_by("-held_on", "-pk").first()
    if meeting is None:
        raise DocumentError(f"{request.agency.slug} has no such review meeting (fiscal year {request.fiscal_year})")
    return meeting


def _minutes_context(meeting: ReviewMeeting, style: Style) -> dict:
    agency = meeting.assessment.agency
    year = style.n(meeting.assessment.fiscal_year)
    members = [u.get_full_name() or u.get_username() for u in meeting.members.all()]
    decisions = []
    for number, decision in enumerate(
        Decision.objects.filter(meeting=meeting).select_related("measure__plan__assessment"), start=1
    ):
        text = f"{style.n(number)}. {decision.text}"
        if decision.measure:
            text += (
                f" (กำหนดเป็นมาตรการตัวชี้วัดที่ {style.n(decision.measure.indicator)} "
                f"ในแผนปีงบประมาณ พ.ศ. {style.n(decision.measure.plan.assessment.fiscal_year)})"
            )
        decisions.append(text)
    coordinator = _member(agency, Role.COORDINATOR)
    recorder, recorder_position = _person(coordinator)
    return {
        "meeting": meeting,
        "agency": agency,
        "title": f"รายงานการประชุมทบทวนและวิเคราะห์ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. {year}",
        "when": f"วันที่ {style.date(meeting.held_on)}",
        "place": meeting.place,
        "chair": meeting.chair,
        "attendees": members + meeting.outside_names(),
        "sections": [
            ("ระเบียบวาระการประชุม", meeting.agenda),
            ("ปัญหาและอุปสรรค", meeting.problems),
            ("การถอดบทเรียน", meeting.lessons),
        ],
        "decisions": decisions,
        "recorder": recorder,
        "recorder_position": recorder_position,
        "thai_digits": style.thai,
    }


@register(
    "review-minutes", _("Minutes of the review meeting"), ("docx", "pdf"), options_help=f"meeting=ID, {DIGITS_HELP}"
)
def review_minutes(request: DocumentRequest) -> Document:
    meeting = _meeting(request)
    style = _style(request)
    context = _minutes_context(meeting, style)
    name = f"ita-review-minutes-{request.agency.slug}-{meeting.assessment.fiscal_year}-{meeting.pk}.{request.format}"
    if request.format == "pdf":
        return Document(pdf.render_template("plans/pdf/minutes.html", context, language=request.language), name, "pdf")
    doc = word.new_document(thai_digits=style.thai)
    word.heading(doc, context["title"], 1)
    word.paragraph(doc, context["agency"].name_th, align="center")
    word.paragraph(doc, f"{context['when']}{' ณ ' + context['place'] if context['place'] else ''}", align="center")
    if context["chair"]:
        word.paragraph(doc, f"ประธานการประชุม: {context['chair']}")
    word.heading(doc, "ผู้เข้าร่วมประชุม", 2)
    for index, person in enumerate(context["attendees"], start=1):
        word.paragraph(doc, f"{style.n(index)}. {person}", indent_cm=1.25)
    for heading, text in context["sections"]:
        word.heading(doc, heading, 2)
        word.paragraph(doc, text or "–", indent_cm=1.25)
    word.heading(doc, "มติที่ประชุม", 2)
    for text in context["decisions"] or ["–"]:
        word.paragraph(doc, text, indent_cm=1.25)
    _signature(doc, context["recorder"], "ผู้จดรายงานการประชุม")
    return Document(word.to_bytes(doc), name, "docx")
