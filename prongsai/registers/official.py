"""The registers' official documents, described once as a list of blocks and rendered to DOCX and PDF.

A block list keeps the Word file (for officers to edit) and the PDF (to publish) saying the same thing. The
PDF goes through prongsai.documents.pdf (WeasyPrint, official Thai fonts) with the one template
`registers/pdf/blocks.html`; the DOCX through prongsai.documents.docx. No HTTP here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from prongsai.agencies.models import Agency
from prongsai.lib import thaidate
from prongsai.registers.models import (
    GIFT_LIMIT,
    Asset,
    GiftPolicy,
    RiskAssessment,
    RiskLevel,
)
from prongsai.registers.reports import gift_year, level_counts, person_name, risk_matrix, risks_of, training_summary

DEFAULT_MEASURES = "\n".join(
    [
        "เทศบาลให้ความสำคัญกับการเสริมสร้างวัฒนธรรมองค์กรที่ยึดมั่นในความซื่อสัตย์สุจริต จึงกำหนดมาตรการให้รางวัลและลงโทษแก่บุคลากร ดังนี้",
        "ด้านการให้รางวัล บุคลากรที่ปฏิบัติงานด้วยความซื่อสัตย์สุจริต มีผลงานดีเด่น "
        "หรือมีส่วนช่วยป้องกันการทุจริต จะได้รับการยกย่องชมเชย ประกาศเกียรติคุณ "
        "และได้รับการพิจารณาเลื่อนขั้นเงินเดือนหรือค่าตอบแทนตามผลการประเมินการปฏิบัติงาน",
        "ด้านการลงโทษ บุคลากรที่ฝ่าฝืนประมวลจริยธรรม ข้อบังคับ หรือระเบียบของทางราชการ "
        "หรือมีพฤติกรรมทุจริตหรือประพฤติมิชอบ "
        "จะถูกดำเนินการทางวินัยตามระเบียบที่เกี่ยวข้องโดยเคร่งครัด "
        "ตั้งแต่การว่ากล่าวตักเตือนจนถึงการลงโทษทางวินัยตามความร้ายแรงแห่งกรณี",
        "ผู้บังคับบัญชาทุกระดับมีหน้าที่กำกับดูแล เป็นแบบอย่างที่ดี และรายงานผลการดำเนินการตามมาตรการนี้ต่อผู้บริหารเป็นประจำทุกปี",
    ]
)


def default_announcement(agency: Agency) -> str:
    """The usual wording of a No Gift Policy announcement (one paragraph per line)."""
    return (
        f"ด้วย{agency.name_th} ได้ตระหนักถึงความสำคัญของการบริหารงานด้วยความซื่อสัตย์สุจริต โปร่งใส "
        "และตรวจสอบได้ ตามหลักธรรมาภิบาล และเพื่อให้สอดคล้องกับนโยบายของรัฐบาลในการป้องกันและปราบปรามการทุจริต"
        "และประพฤติมิชอบ รวมทั้งการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA)\n"
        "จึงประกาศเจตนารมณ์ว่า ผู้บริหารและบุคลากรทุกคนของหน่วยงานจะไม่รับของขวัญ ของกำนัล หรือประโยชน์อื่นใด"
        "จากการปฏิบัติหน้าที่ (No Gift Policy) และจะไม่ให้ของขวัญหรือของกำนัลแก่ผู้บังคับบัญชาหรือผู้อื่น "
        "เว้นแต่การรับโดยธรรมจรรยาตามประกาศคณะกรรมการ ป.ป.ช. ซึ่งมีมูลค่าไม่เกิน 3,000 บาท\n"
        "หากมีความจำเป็นต้องรับทรัพย์สินหรือประโยชน์อื่นใดที่มีมูลค่าเกินกว่าที่กำหนด ให้รายงานผู้บังคับบัญชา"
        "ตามแบบรายงาน เพื่อพิจารณาส่งคืนผู้ให้ หรือส่งมอบเป็นสิทธิของหน่วยงานต่อไป\n"
        "ทั้งนี้ ขอให้บุคลากรทุกคนร่วมกันสร้างวัฒนธรรมองค์กรที่ไม่รับและไม่ให้ของขวัญ "
        "เพื่อเป็นแบบอย่างที่ดีในการปฏิบัติหน้าที่ราชการ"
    )


# ------------------------------------------------------------------------------------------------------ blocks


@dataclass(frozen=True)
class Block:
    kind: str  # title | heading | para | table | signature | rule | notice
    text: str = ""
    indent: bool = False
    align: str = "left"
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    widths_cm: tuple[float, ...] = ()
    cell_classes: tuple[tuple[str, ...], ...] = ()
    lines: tuple[str, ...] = ()

    def styled_rows(self) -> list[list[tuple[str, str]]]:
        """Each table cell with its CSS class (risk colours in the PDF), '' when none."""
        return [
            [(value, self.cell_classes[r][c] if r < len(self.cell_classes) else "") for c, value in enumerate(row)]
            for r, row in enumerate(self.rows)
        ]


@dataclass
class OfficialDocument:
    title: str
    blocks: list[Block] = field(default_factory=list)
    landscape: bool = False
    thai_digits: bool = False

    def title_block(self, text: str) -> None:
        self.blocks.append(Block("title", self.digits(text)))

    def heading(self, text: str) -> None:
        self.blocks.append(Block("heading", self.digits(text)))

    def para(self, text: str, *, indent: bool = True, align: str = "left") -> None:
        self.blocks.append(Block("para", self.digits(text), indent=indent, align=align))

    def notice(self, text: str) -> None:
        self.blocks.append(Block("notice", self.digits(text)))

    def rule(self) -> None:
        self.blocks.append(Block("rule", "-" * 24))

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[object]],
        widths_cm: Sequence[float],
        cell_classes: Sequence[Sequence[str]] = (),
    ) -> None:
        self.blocks.append(
            Block(
                "table",
                header=tuple(header),
                rows=tuple(tuple(self.digits("" if v is None else str(v)) for v in row) for row in rows),
                widths_cm=tuple(widths_cm),
                cell_classes=tuple(tuple(c) for c in cell_classes),
            )
        )

    def signature(self, *lines: str) -> None:
        self.blocks.append(Block("signature", lines=tuple(self.digits(line) for line in lines)))

    def digits(self, text: str) -> str:
        return thaidate.thai_digits(text) if self.thai_digits else text


def to_pdf(doc: OfficialDocument) -> bytes:
    from prongsai.documents import pdf

    return pdf.render_template(
        "registers/pdf/blocks.html", {"doc": doc, "landscape": doc.landscape, "thai_digits": doc.thai_digits}
    )


def to_docx(doc: OfficialDocument) -> bytes:
    from prongsai.documents import docx

    out = docx.new_document(landscape=doc.landscape, thai_digits=doc.thai_digits)
    for block in doc.blocks:
        if block.kind == "title":
            docx.paragraph(out, block.text, bold=True, size=20, align="center")
        elif block.kind == "heading":
            docx.heading(out, block.text, level=2)
        elif block.kind in ("para", "notice"):
            docx.paragraph(
                out, block.text, indent_cm=2.5 if block.indent else 0, align=block.align, bold=block.kind == "notice"
            )
        elif block.kind == "rule":
            docx.paragraph(out, block.text, align="center")
        elif block.kind == "table":
            docx.table(out, list(block.header), [list(r) for r in block.rows], widths_cm=list(block.widths_cm))
        elif block.kind == "signature":
            docx.paragraph(out, "")
            for line in block.lines:
                docx.paragraph(out, line, align="center").paragraph_format.left_indent = _half_width(out)
    return docx.to_bytes(out)


def _half_width(out: Any) -> Any:
    from docx.shared import Cm

    from prongsai.documents import docx

    return Cm(docx.text_width_cm(out) / 2)


def render(doc: OfficialDocument, fmt: str) -> bytes:
    return to_pdf(doc) if fmt == "pdf" else to_docx(doc)


def _fy(year: int, digits: bool = False) -> str:
    text = f"ปีงบประมาณ พ.ศ. {year}"
    return thaidate.thai_digits(text) if digits else text


def _date(day: Any) -> str:
    return thaidate.format_date(day) if day else ""


def _baht(value: Any) -> str:
    return f"{value:,.2f}"


# ------------------------------------------------------------------------------------------------- documents


class MissingRecord(LookupError):
    """The register has nothing to build this document from (e.g. no announcement for the year)."""


def no_gift_announcement(agency: Agency, year: int) -> OfficialDocument:
    """ประกาศ in official style: heading, subject, dashes, indented paragraphs, date, signature (Thai digits)."""
    policy = GiftPolicy.objects.filter(agency=agency, fiscal_year=year).first()
    if policy is None:
        raise MissingRecord(f"no No Gift Policy announcement for fiscal year {year}; prepare it in the registers")
    doc = OfficialDocument(f"ประกาศ No Gift Policy {year}", thai_digits=True)
    doc.title_block(f"ประกาศ{agency.name_th}")
    doc.title_block(f"เรื่อง เจตนารมณ์การไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่ (No Gift Policy) ประจำ{_fy(year)}")
    doc.rule()
    for line in policy.body.splitlines():
        if line.strip():
            doc.para(line.strip())
    doc.para("จึงประกาศมาเพื่อทราบโดยทั่วกัน")
    doc.para(f"ประกาศ ณ วันที่ {thaidate.format_date(policy.announced_on)}", indent=False, align="center")
    doc.signature("", f"({policy.executive_name})", policy.executive_position)
    return doc


def gifts_report(agency: Agency, year: int) -> OfficialDocument:
    summary = gift_year(agency, year)
    doc = OfficialDocument(f"รายงานการรับของขวัญ {year}", landscape=not summary.none_received)
    doc.title_block("รายงานการรับทรัพย์สินหรือประโยชน์อื่นใดโดยธรรมจรรยา")
    doc.title_block(f"{agency.name_th} ประจำ{_fy(year)}")
    start, end = thaidate.fiscal_year_bounds(year)
    period = f"ระหว่างวันที่ {_date(start)} ถึงวันที่ {_date(end)}"
    if summary.none_received:
        doc.para(
            f"ตามที่{agency.name_th}ได้ประกาศเจตนารมณ์การไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่ "
            f"(No Gift Policy) {period} ผลการดำเนินการปรากฏว่า"
        )
        doc.notice("ไม่มีการรับทรัพย์สินหรือประโยชน์อื่นใด (ไม่มีการรับ)")
        doc.para("ผู้บริหารและบุคลากรทุกคนไม่ได้รับทรัพย์สินหรือประโยชน์อื่นใดจากการปฏิบัติหน้าที่ในรอบปีงบประมาณนี้")
    else:
        doc.para(
            f"{period} มีการรับทรัพย์สินหรือประโยชน์อื่นใด จำนวน {len(summary.gifts)} รายการ "
            f"มูลค่ารวมประมาณ {_baht(summary.total_value)} บาท "
            f"ในจำนวนนี้มีมูลค่าเกิน {_baht(GIFT_LIMIT)} บาท {summary.over_limit} รายการ รายละเอียดดังนี้"
        )
        rows = [
            [
                n,
                _date(g.received_on),
                g.recipient_label,
                g.giver,
                g.description,
                _baht(g.value),
                g.get_handling_display() + (" (เกิน 3,000 บาท)" if g.over_limit else ""),
            ]
            for n, g in enumerate(summary.gifts, start=1)
        ]
        doc.table(
            ["ที่", "วันที่รับ", "ผู้รับ", "ผู้ให้", "รายการ", "มูลค่า (บาท)", "การดำเนินการ"],
            rows,
            [1.2, 3.0, 4.0, 4.0, 6.5, 2.8, 4.5],
        )
    policy = GiftPolicy.objects.filter(agency=agency, fiscal_year=year).first()
    doc.para(f"รายงาน ณ วันที่ {_date(timezone.localdate())}", indent=False)
    if policy:
        doc.signature("", f"({policy.executive_name})", policy.executive_position)
    return doc


def training_summary_doc(agency: Agency, year: int) -> OfficialDocument:
    summary = training_summary(agency, year)
    doc = OfficialDocument(f"สรุปการฝึกอบรม {year}", landscape=True)
    doc.title_block("สรุปผลการฝึกอบรม ประชุม และชี้แจง")
    doc.title_block(f"{agency.name_th} ประจำ{_fy(year)}")
    if not summary.events:
        doc.para("ในปีงบประมาณนี้ยังไม่มีการบันทึกการฝึกอบรมหรือการประชุม")
        return doc
    kinds = ", ".join(f"{k} {n} ครั้ง" for k, n in summary.by_kind.items())
    doc.para(
        f"ในปีงบประมาณนี้มีการฝึกอบรม ประชุม และชี้แจงรวม {len(summary.events)} ครั้ง ({kinds}) "
        f"มีผู้เข้าร่วมรวม {summary.attendances} คน-ครั้ง"
    )
    rows = [
        [n, _date(e.held_on), e.get_kind_display(), e.title, e.place, e.organiser, len(e.attendances.all())]
        for n, e in enumerate(summary.events, start=1)
    ]
    doc.table(["ที่", "วันที่", "ประเภท", "หัวข้อ", "สถานที่", "ผู้จัด", "ผู้เข้าร่วม"], rows, [1.2, 3.2, 3.2, 8.0, 4.0, 4.0, 2.2])
    doc.heading("การเข้าร่วมรายบุคคล")
    doc.table(
        ["ที่", "ชื่อ–สกุล", "จำนวนครั้ง", "หัวข้อที่เข้าร่วม"],
        [
            [n, person_name(p), len(evs), "\n".join(e.title for e in evs)]
            for n, (p, evs) in enumerate(summary.people, start=1)
        ],
        [1.2, 6.0, 2.5, 16.1],
    )
    return doc


LEVEL_TH = {
    RiskLevel.LOW: "ต่ำ",
    RiskLevel.MEDIUM: "ปานกลาง",
    RiskLevel.HIGH: "สูง",
    RiskLevel.VERY_HIGH: "สูงมาก",
}


def _assessment(agency: Agency, year: int) -> RiskAssessment:
    assessment = RiskAssessment.objects.filter(agency=agency, fiscal_year=year).select_related("approved_by").first()
    if assessment is None:
        raise MissingRecord(f"no risk assessment for fiscal year {year}; start it in the registers")
    return assessment


def risk_assessment_doc(agency: Agency, year: int) -> OfficialDocument:
    assessment = _assessment(agency, year)
    risks = risks_of(assessment)
    doc = OfficialDocument(f"การประเมินความเสี่ยงการทุจริต {year}", landscape=True)
    doc.title_block("รายงานการประเมินความเสี่ยงการทุจริตและการให้หรือรับสินบน")
    doc.title_block(f"{agency.name_th} ประจำ{_fy(year)}")
    if assessment.scope:
        doc.heading("ขอบเขตและวิธีการ")
        for line in assessment.scope.splitlines():
            if line.strip():
                doc.para(line.strip())
    doc.heading("เกณฑ์การประเมิน")
    doc.para("ระดับความเสี่ยง = โอกาสที่จะเกิด (1–5) × ผลกระทบ (1–5): คะแนน 1–4 ต่ำ, 5–9 ปานกลาง, 10–16 สูง, 17–25 สูงมาก")
    counts = ", ".join(f"{LEVEL_TH[level]} {n} รายการ" for level, n in level_counts(risks))
    doc.para(f"ผลการประเมินพบความเสี่ยงทั้งหมด {len(risks)} รายการ ได้แก่ ระดับ{counts}")
    doc.heading("แผนภูมิความเสี่ยง (Risk Matrix)")
    matrix = risk_matrix(risks)
    doc.table(
        ["โอกาส \\ ผลกระทบ", *[str(n) for n in range(1, 6)]],
        [[str(row[0].likelihood), *[_cell(c) for c in row]] for row in matrix],
        [4.0, *[4.3] * 5],
        cell_classes=[["", *[f"risk-{c.level}".replace("_", "-") for c in row]] for row in matrix],
    )
    doc.heading("ทะเบียนความเสี่ยง")
    doc.table(
        ["ที่", "กระบวนงาน/ภารกิจ", "ความเสี่ยง", "โอกาส×ผลกระทบ", "ระดับ", "การควบคุมที่มีอยู่", "มาตรการจัดการ", "ผู้รับผิดชอบ"],
        [
            [
                r.code,
                r.process,
                r.description,
                f"{r.likelihood}×{r.impact}={r.score}",
                LEVEL_TH[r.level],
                r.existing_controls,
                r.response,
                str(r.department),
            ]
            for r in risks
        ],
        [1.3, 3.5, 5.0, 2.4, 1.8, 4.2, 4.8, 2.7],
    )
    _approval(doc, assessment)
    return doc


def _cell(cell: Any) -> str:
    names = " ".join(r.code for r in cell.risks)
    return f"{cell.score} ({LEVEL_TH[cell.level]})" + (f"\n{names}" if names else "")


def _approval(doc: OfficialDocument, assessment: RiskAssessment) -> None:
    if assessment.approved_at:
        doc.para(f"อนุมัติเมื่อวันที่ {_date(assessment.approved_at)}", indent=False)
        approver = assessment.approved_by
        if approver is not None:
            position = approver.memberships.filter(agency=assessment.agency).values_list("position", flat=True).first()
            doc.signature("", f"({person_name(approver)})", position or "")


def risk_follow_up_doc(agency: Agency, year: int) -> OfficialDocument:
    assessment = _assessment(agency, year)
    risks = risks_of(assessment)
    doc = OfficialDocument(f"ผลการจัดการความเสี่ยง {year}", landscape=True)
    doc.title_block("รายงานผลการดำเนินการเพื่อจัดการความเสี่ยงการทุจริตและประพฤติมิชอบ")
    doc.title_block(f"{agency.name_th} ประจำ{_fy(year)}")
    done = sum(1 for r in risks if r.status == "done")
    doc.para(
        f"จากความเสี่ยงที่ประเมินไว้ {len(risks)} รายการ ดำเนินการตามมาตรการแล้วเสร็จ {done} รายการ "
        f"อยู่ระหว่างดำเนินการหรือยังไม่เริ่ม {len(risks) - done} รายการ รายละเอียดดังนี้"
    )
    rows = []
    for r in risks:
        notes = "\n".join(f"{_date(n.noted_on)}: {n.text}" for n in r.notes.all()) or "-"
        rows.append(
            [r.code, r.process, LEVEL_TH[r.level], r.response, notes, r.get_status_display(), str(r.department)]
        )
    doc.table(
        ["ที่", "กระบวนงาน/ภารกิจ", "ระดับ", "มาตรการจัดการ", "ผลการดำเนินการ", "สถานะ", "ผู้รับผิดชอบ"],
        rows,
        [1.3, 4.0, 1.8, 5.5, 8.0, 2.5, 2.6],
    )
    doc.para(f"รายงาน ณ วันที่ {_date(timezone.localdate())}", indent=False)
    return doc


def asset_register_doc(agency: Agency, year: int | None) -> OfficialDocument:
    doc = OfficialDocument("ทะเบียนพัสดุ/ครุภัณฑ์", landscape=True)
    doc.title_block(f"ทะเบียนพัสดุ/ครุภัณฑ์ {agency.name_th}")
    doc.para(f"ข้อมูล ณ วันที่ {_date(timezone.localdate())}", indent=False, align="center")
    doc.table(ASSET_HEADER, asset_rows(agency), [2.8, 5.0, 3.2, 4.0, 3.5, 2.5, 2.7, 3.0])
    return doc


ASSET_HEADER = ["รหัส", "ชื่อ", "ประเภท", "หน่วยงานที่รับผิดชอบ", "สถานที่", "สถานะ", "วันที่ได้มา", "มูลค่า (บาท)"]


def asset_rows(agency: Agency) -> list[list[object]]:
    return [
        [
            a.code,
            a.name,
            a.category,
            str(a.department),
            a.location,
            a.get_status_display(),
            _date(a.acquired_on),
            _baht(a.value),
        ]
        for a in Asset.objects.filter(agency=agency).select_related("department").order_by("code")
    ]
