"""Demo OIT of เทศบาลตำบลคึกคัก: FY2567 published (the archive), FY2568 carried forward from it and in progress.

FY2568 shows every state: published, approved, submitted, returned with comments, drafted and to do, with one
evidence pointing to an address that cannot exist (http://broken.invalid/…) so that the link check has a broken
link to report. The check itself is not run here: it would try to reach the internet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from prongsai.agencies.models import Agency
from prongsai.assessments.models import Assessment
from prongsai.core.demo import demo_step
from prongsai.disclosure import actions
from prongsai.disclosure.models import OitItemWork, OitYear

BROKEN_URL = "http://broken.invalid/eservice/request-form"


@dataclass(frozen=True)
class Ev:
    kind: str  # url | page | pdf
    title: str
    date: dt.date
    url: str = ""
    body: str = ""


@dataclass(frozen=True)
class Plan:
    code: str
    state: str  # published | approved | submitted | returned | drafted
    evidence: tuple[Ev, ...] = ()
    description: str = ""
    met: str = "all"  # all | some | none
    comment: str = ""
    owner: str = ""
    extra: dict = field(default_factory=dict)


def _pdf(title: str, lines: list[str]) -> bytes:
    from prongsai.documents.pdf import render_pdf

    body = "".join(f"<p>{line}</p>" for line in lines)
    head = f'<head><meta charset="utf-8"><title>{title}</title></head>'
    html = f'<html lang="th">{head}<body><h1>{title}</h1>{body}</body></html>'
    return render_pdf(html)


CONTACT_PAGE = """<h2>ที่ตั้งและช่องทางติดต่อ</h2>
<p>เทศบาลตำบลคึกคัก เลขที่ 99 หมู่ 1 ตำบลคึกคัก อำเภอตะกั่วป่า จังหวัดพังงา 82220</p>
<ul><li>โทรศัพท์ 076-000000 (ในวันและเวลาราชการ 08.30–16.30 น.)</li><li>โทรสาร 076-000001</li>
<li>อีเมล info@khuekkhak.example</li><li>Facebook: เทศบาลตำบลคึกคัก</li></ul>
<p>ข้อมูล ณ วันที่ 1 ตุลาคม 2567</p>"""

STATS_PAGE = """<h2>สถิติการให้บริการ ปีงบประมาณ พ.ศ. 2568</h2>
<table><thead><tr><th>เดือน</th><th>งานทะเบียนราษฎร</th><th>งานจัดเก็บรายได้</th><th>งานขออนุญาตก่อสร้าง</th></tr></thead>
<tbody><tr><td>ต.ค. 67</td><td>412</td><td>188</td><td>9</td></tr>
<tr><td>พ.ย. 67</td><td>398</td><td>205</td><td>7</td></tr>
<tr><td>ธ.ค. 67</td><td>377</td><td>164</td><td>11</td></tr>
<tr><td>ม.ค. 68</td><td>420</td><td>231</td><td>8</td></tr></tbody></table>
<p>ปรับปรุงข้อมูล ณ วันที่ 5 กุมภาพันธ์ 2568</p>"""

NEWS_PAGE = """<h2>ข่าวประชาสัมพันธ์</h2>
<ul><li>20 มกราคม 2568 เทศบาลจัดกิจกรรมวันเด็กแห่งชาติ ณ ลานอเนกประสงค์</li>
<li>8 มกราคม 2568 ประชาสัมพันธ์การชำระภาษีที่ดินและสิ่งปลูกสร้าง ประจำปี 2568</li>
<li>15 ธันวาคม 2567 โครงการท้องถิ่นสะอาด ร่วมเก็บขยะชายหาด</li></ul>"""

COMPLAINTS_PAGE = """<h2>สถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ ปีงบประมาณ พ.ศ. 2567</h2>
<table><thead><tr><th>รายการ</th><th>จำนวน</th></tr></thead>
<tbody><tr><td>เรื่องร้องเรียนทั้งหมด</td><td>2</td></tr><tr><td>ดำเนินการแล้วเสร็จ</td><td>2</td></tr></tbody></table>
<p>ข้อมูล ณ วันที่ 30 กันยายน 2567</p>"""

STRUCTURE_2567 = "<p>สำนักปลัดเทศบาล กองคลัง กองช่าง กองการศึกษา กองสาธารณสุขฯ</p><p>ข้อมูล ณ วันที่ 10 ตุลาคม 2566</p>"
EXECUTIVES_2567 = "<p>นายประเสริฐ มั่นคง นายกเทศมนตรีตำบลคึกคัก โทร 076-000000</p><p>ข้อมูล ณ วันที่ 3 ตุลาคม 2566</p>"

PLANS_2568 = [
    Plan(
        "O1",
        "published",
        (
            Ev(
                "page",
                "โครงสร้างส่วนราชการและอำนาจหน้าที่ เทศบาลตำบลคึกคัก",
                dt.date(2024, 10, 15),
                body="<h2>โครงสร้างส่วนราชการ</h2><p>ฝ่ายการเมือง: นายกเทศมนตรี รองนายกเทศมนตรี 2 คน สภาเทศบาล 12 คน</p>"
                "<p>ฝ่ายข้าราชการประจำ: ปลัดเทศบาล สำนักปลัดเทศบาล กองคลัง กองช่าง กองการศึกษา กองสาธารณสุขและสิ่งแวดล้อม</p>"
                "<h2>อำนาจหน้าที่</h2><p>ตามพระราชบัญญัติเทศบาล พ.ศ. 2496 มาตรา 50 "
                "และพระราชบัญญัติกำหนดแผนและขั้นตอนการกระจายอำนาจฯ พ.ศ. 2542</p>"
                "<p>ข้อมูล ณ วันที่ 15 ตุลาคม 2567</p>",
            ),
        ),
        "แผนผังโครงสร้างส่วนราชการทั้งฝ่ายการเมืองและฝ่ายข้าราชการประจำ พร้อมอำนาจหน้าที่ตามกฎหมาย",
        owner="office",
    ),
    # Nothing new yet: last year's evidence stays, flagged "update for FY2568".
    Plan("O2", "drafted", (), met="none", owner="office"),
    Plan(
        "O3",
        "published",
        (Ev("page", "ช่องทางการติดต่อเทศบาลตำบลคึกคัก", dt.date(2024, 10, 1), body=CONTACT_PAGE),),
        "ที่อยู่ หมายเลขโทรศัพท์ อีเมล และช่องทางติดต่อออนไลน์",
        owner="office",
    ),
    Plan(
        "O4",
        "drafted",
        (Ev("page", "ข่าวประชาสัมพันธ์ เดือนมกราคม 2568", dt.date(2025, 1, 20), body=NEWS_PAGE),),
        met="none",
    ),
    Plan(
        "O5",
        "published",
        (Ev("pdf", "แผนพัฒนาท้องถิ่น (พ.ศ. 2566–2570) เพิ่มเติม ฉบับที่ 1", dt.date(2024, 11, 8)),),
        "แผนพัฒนาท้องถิ่นที่ครอบคลุมปีงบประมาณ พ.ศ. 2568",
        owner="office",
    ),
    Plan(
        "O6",
        "approved",
        (Ev("pdf", "แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2568", dt.date(2024, 10, 28)),),
        "แผนการดำเนินงานประจำปีและงบประมาณที่ใช้",
        owner="office",
    ),
    Plan(
        "O7",
        "submitted",
        (Ev("pdf", "รายงานผลการติดตามและประเมินผลแผนพัฒนาท้องถิ่น ประจำปี 2567", dt.date(2024, 12, 20)),),
        owner="office",
    ),
    Plan(
        "O8",
        "returned",
        (Ev("pdf", "คู่มือการปฏิบัติงานงานทะเบียนราษฎร", dt.date(2022, 6, 1)),),
        met="some",
        comment="คู่มือเป็นฉบับปี 2565 และมีเฉพาะงานทะเบียน ขอให้เพิ่มคู่มือของกองคลังและกองช่าง และระบุวันที่ปรับปรุง",
        owner="office",
    ),
    Plan(
        "O10",
        "drafted",
        (Ev("url", "ระบบ E-Service ยื่นคำร้องออนไลน์", dt.date(2025, 1, 10), url=BROKEN_URL),),
        "แบบคำร้องออนไลน์สำหรับประชาชน",
        met="none",
    ),
    Plan(
        "O11",
        "drafted",
        (Ev("page", "สถิติการให้บริการ ปีงบประมาณ พ.ศ. 2568", dt.date(2025, 2, 5), body=STATS_PAGE),),
        met="all",
    ),
    Plan(
        "O12",
        "published",
        (Ev("pdf", "ประกาศเผยแพร่แผนการจัดซื้อจัดจ้าง ปีงบประมาณ 2568", dt.date(2024, 10, 30)),),
        "รายการจัดซื้อจัดจ้างและความก้าวหน้า ตามข้อมูลในระบบ e-GP",
        owner="finance",
    ),
    Plan(
        "O13",
        "submitted",
        (Ev("pdf", "รายงานผลการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. 2567", dt.date(2024, 11, 15)),),
        "สรุปผล ปัญหาอุปสรรค และแนวทางปรับปรุงการจัดซื้อจัดจ้าง",
        owner="finance",
    ),
    Plan(
        "O19",
        "returned",
        (Ev("page", "สถิติเรื่องร้องเรียนการทุจริต", dt.date(2024, 9, 30), body=COMPLAINTS_PAGE),),
        met="some",
        comment="ตารางเป็นข้อมูลปี 2567 ขอให้ปรับเป็นข้อมูลปีงบประมาณ 2568 และแยกจำนวนเรื่องที่ดำเนินการแล้วเสร็จ",
        owner="office",
    ),
    Plan(
        "O21",
        "published",
        (Ev("pdf", "ประกาศเจตนารมณ์ No Gift Policy ประจำปี 2568", dt.date(2024, 10, 1)),),
        "นายกเทศมนตรีประกาศไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่",
        owner="office",
    ),
    Plan(
        "O23",
        "drafted",
        (
            Ev(
                "page",
                "การประเมินความเสี่ยงการทุจริต ปี 2568 (ร่าง)",
                dt.date(2025, 1, 15),
                body="<p>ร่างผลการประเมินความเสี่ยงการให้หรือรับสินบน งานอนุญาตก่อสร้างและงานจัดเก็บภาษี</p>"
                "<p>ณ วันที่ 15 มกราคม 2568</p>",
            ),
        ),
        met="none",
    ),
]

PDF_LINES = {
    "แผนพัฒนาท้องถิ่น": ["เทศบาลตำบลคึกคัก อำเภอตะกั่วป่า จังหวัดพังงา", "ประกาศ ณ วันที่ 8 พฤศจิกายน 2567"],
    "แผนการดำเนินงาน": ["แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2568", "ประกาศ ณ วันที่ 28 ตุลาคม 2567"],
    "รายงานผลการติดตาม": ["รายงานผลการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2567", "ลงวันที่ 20 ธันวาคม 2567"],
    "รายงานผลการจัดซื้อจัดจ้าง": ["รายงานผลการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. 2567", "ลงวันที่ 15 พฤศจิกายน 2567"],
    "คู่มือการปฏิบัติงานงานทะเบียน": ["คู่มือการปฏิบัติงาน งานทะเบียนราษฎร", "ปรับปรุงเมื่อ 1 มิถุนายน 2565"],
    "แผนการจัดซื้อจัดจ้าง": ["ประกาศเผยแพร่แผนการจัดซื้อจัดจ้าง ความก้าวหน้า", "ประกาศ ณ วันที่ 30 ตุลาคม 2567"],
    "No Gift Policy": [
        "ประกาศเจตนารมณ์ No Gift Policy ของขวัญ",
        "ประกาศ ณ วันที่ 1 ตุลาคม 2567",
        "นายประเสริฐ มั่นคง นายกเทศมนตรีตำบลคึกคัก",
    ],
}

PLANS_2567 = [
    Plan(
        "O1",
        "published",
        (Ev("page", "โครงสร้างส่วนราชการ", dt.date(2023, 10, 10), body=STRUCTURE_2567),),
        "แผนผังโครงสร้างส่วนราชการ",
        owner="office",
    ),
    Plan(
        "O2",
        "published",
        (Ev("page", "ข้อมูลผู้บริหาร", dt.date(2023, 10, 3), body=EXECUTIVES_2567),),
        "รายชื่อและช่องทางติดต่อผู้บริหาร",
        owner="office",
    ),
    Plan(
        "O3",
        "published",
        (
            Ev(
                "page",
                "อำนาจหน้าที่ของเทศบาล",
                dt.date(2023, 10, 3),
                body="<p>อำนาจหน้าที่ตามพระราชบัญญัติเทศบาล พ.ศ. 2496</p><p>ข้อมูล ณ วันที่ 3 ตุลาคม 2566</p>",
            ),
        ),
        "อำนาจหน้าที่ตามกฎหมาย",
        owner="office",
    ),
    Plan(
        "O4",
        "published",
        (
            Ev(
                "page",
                "ข้อมูลการติดต่อ",
                dt.date(2023, 10, 3),
                body="<p>เทศบาลตำบลคึกคัก โทร 076-000000</p><p>ข้อมูล ณ วันที่ 3 ตุลาคม 2566</p>",
            ),
        ),
        "ที่อยู่และหมายเลขโทรศัพท์",
        owner="office",
    ),
]


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def _add(work: OitItemWork, ev: Ev, actor) -> None:
    if ev.kind == "url":
        actions.add_url(work, actor, url=ev.url, title=ev.title, evidence_date=ev.date, fiscal_year=None)
    elif ev.kind == "page":
        actions.add_page(work, actor, title=ev.title, body=ev.body, evidence_date=ev.date, fiscal_year=None)
    else:
        lines = next((v for k, v in PDF_LINES.items() if k in ev.title), [ev.title])
        upload = SimpleUploadedFile(f"{ev.title}.pdf", _pdf(ev.title, lines), content_type="application/pdf")
        actions.add_file(work, actor, upload, title=ev.title, evidence_date=ev.date, fiscal_year=None)


def _play(assessment: Assessment, plan: Plan) -> None:
    work = OitItemWork.objects.select_related("assessment__agency", "department").get(
        assessment=assessment, code=plan.code
    )
    officer = _user(plan.owner or (work.department.code if work.department else "office")) or _user("coordinator")
    coordinator, mayor = _user("coordinator"), _user("mayor")
    if plan.owner:
        actions.assign(work, coordinator, department=work.department, owner=officer, due_date=work.due_date)
    if plan.evidence:  # carried evidence is replaced by this year's
        for old in work.evidence.filter(update_for_year__isnull=False):
            actions.remove_evidence(old, officer)
    for ev in plan.evidence:
        _add(work, ev, officer)
    if plan.description:
        actions.set_description(work, officer, plan.description)
    definition = assessment.criteria.framework.oit_item(plan.code)
    codes = [c.code for c in definition.components] or [plan.code]
    first = work.evidence.order_by("order").first()
    ticks = {}
    for n, code in enumerate(codes):
        met = plan.met == "all" or (plan.met == "some" and n == 0)
        ticks[code] = (met, first.pk if met and first else None, "")
    actions.set_components(work, officer, ticks)
    if plan.state == "drafted":
        return
    actions.transition(work, "submit", officer, is_editor=True, is_approver=False)
    if plan.state == "submitted":
        return
    if plan.state == "returned":
        actions.transition(
            work, "return", mayor or coordinator, comment=plan.comment, is_editor=False, is_approver=True
        )
        return
    actions.transition(work, "approve", mayor or coordinator, snapshot_urls=False, is_editor=False, is_approver=True)
    if plan.state == "published":
        actions.transition(work, "publish", coordinator, is_editor=False, is_approver=True)


@demo_step
def oit_demo(agency: Agency) -> None:
    old = Assessment.objects.filter(agency=agency, fiscal_year=2567).select_related("criteria").first()
    current = Assessment.objects.filter(agency=agency, fiscal_year=2568).select_related("criteria").first()
    if current is None:
        return
    coordinator = _user("coordinator")
    if old is not None and not OitItemWork.objects.filter(assessment=old).exists():
        actions.ensure_items(old, coordinator)
        for plan in PLANS_2567:
            _play(old, plan)
    if not OitItemWork.objects.filter(assessment=current).exists():
        oit_year = actions.ensure_items(current, coordinator)
        actions.set_default_due(oit_year, dt.date(2025, 3, 31), coordinator, apply_to_all=True)
        if old is not None:
            actions.carry_forward(current, old, coordinator)
        for plan in PLANS_2568:
            _play(current, plan)
        OitYear.objects.filter(assessment=current).update(
            intro_th="เทศบาลตำบลคึกคักเปิดเผยข้อมูลตามแบบวัดการเปิดเผยข้อมูลสาธารณะ (OIT) ของสำนักงาน ป.ป.ช. "
            "หากพบข้อมูลไม่ครบถ้วนหรือลิงก์เสีย แจ้งได้ที่ info@khuekkhak.example หรือโทร 076-000000"
        )
