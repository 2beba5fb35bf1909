"""Demo data of the registers for เทศบาลตำบลคึกคัก: FY2568 records plus a few loans around today.

Each step checks what already exists, so running the demo twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from prongsai.agencies.models import Agency, Department
from prongsai.core.demo import demo_step
from prongsai.lib.uploads import safe_storage_name
from prongsai.registers import actions
from prongsai.registers.models import (
    Asset,
    AssetStatus,
    Attendance,
    CoiDeclaration,
    CoiRound,
    EventKind,
    FollowUpStatus,
    Gift,
    GiftHandling,
    GiftPolicy,
    Loan,
    LoanStatus,
    Manual,
    ManualKind,
    ManualVersion,
    PersonnelAction,
    PersonnelActionKind,
    RewardsMeasures,
    Risk,
    RiskAssessment,
    RiskNote,
    TrainingEvent,
    TrainingMaterial,
)
from prongsai.registers.official import DEFAULT_MEASURES, default_announcement

if TYPE_CHECKING:
    from django.contrib.auth.models import User

YEAR = 2568
D = dt.date


def _users() -> dict[str, User]:
    return {
        u.username: u
        for u in get_user_model().objects.filter(
            username__in=[
                "coordinator",
                "mayor",
                "clerk",
                "office",
                "finance",
                "works",
                "education",
                "health",
                "auditor",
            ]
        )
    }


def _departments(agency: Agency) -> dict[str, Department]:
    return {d.code: d for d in Department.objects.filter(agency=agency)}


ASSETS = [
    (
        "416-58-0001",
        "รถบรรทุกน้ำอเนกประสงค์",
        "ยานพาหนะและขนส่ง",
        "works",
        "โรงจอดรถเทศบาล",
        "1850000",
        D(2015, 3, 2),
        False,
    ),
    ("416-61-0003", "เครื่องตัดหญ้าแบบสะพาย", "การเกษตร", "works", "คลังพัสดุกองช่าง", "12500", D(2018, 6, 12), True),
    (
        "420-63-0012",
        "เครื่องฉายภาพโปรเจคเตอร์",
        "โฆษณาและเผยแพร่",
        "office",
        "ห้องประชุมสภาเทศบาล",
        "28900",
        D(2020, 1, 20),
        True,
    ),
    ("420-64-0015", "ชุดเครื่องเสียงเคลื่อนที่", "โฆษณาและเผยแพร่", "office", "ห้องเก็บของสำนักปลัด", "45000", D(2021, 2, 5), True),
    ("416-65-0021", "เต็นท์ผ้าใบ ขนาด 4×8 เมตร", "งานบ้านงานครัว", "office", "โกดังเทศบาล", "18500", D(2022, 4, 1), True),
    ("416-65-0022", "โต๊ะพับอเนกประสงค์ (ชุด 20 ตัว)", "สำนักงาน", "office", "โกดังเทศบาล", "36000", D(2022, 4, 1), True),
    ("480-66-0004", "เครื่องพ่นหมอกควัน", "การแพทย์", "health", "กองสาธารณสุขฯ", "59000", D(2023, 1, 10), True),
    ("420-66-0030", "กล้องถ่ายภาพดิจิทัล", "โฆษณาและเผยแพร่", "education", "กองการศึกษา", "24900", D(2023, 7, 3), True),
    ("416-67-0005", "คอมพิวเตอร์โน้ตบุ๊ก", "คอมพิวเตอร์", "finance", "กองคลัง", "24000", D(2024, 2, 14), True),
    ("416-55-0002", "เครื่องถ่ายเอกสาร (จำหน่ายแล้ว)", "สำนักงาน", "finance", "-", "85000", D(2012, 5, 1), False),
]


@demo_step
def demo_assets(agency: Agency) -> None:
    if Asset.objects.filter(agency=agency).exists():
        return
    departments, users = _departments(agency), _users()
    for code, name, category, dept, location, value, acquired, lendable in ASSETS:
        Asset.objects.create(
            agency=agency,
            code=code,
            name=name,
            category=category,
            department=departments[dept],
            location=location,
            value=Decimal(value),
            acquired_on=acquired,
            lendable=lendable,
            status=AssetStatus.DISPOSED if "จำหน่าย" in name else AssetStatus.AVAILABLE,
        )
    actions.procedure_for(agency)
    assets = {a.code: a for a in Asset.objects.filter(agency=agency)}
    today = timezone.localdate()
    # FY2568 history: returned loans.
    past = [
        ("420-63-0012", "education", "ใช้ในการอบรมครูผู้ดูแลเด็กศูนย์พัฒนาเด็กเล็ก", D(2024, 11, 18), D(2024, 11, 19), "good"),
        ("416-65-0021", "health", "กิจกรรมรณรงค์ป้องกันไข้เลือดออก หมู่ที่ 3", D(2025, 5, 9), D(2025, 5, 10), "good"),
        ("420-64-0015", "education", "งานวันเด็กแห่งชาติ", D(2025, 1, 10), D(2025, 1, 11), "damaged"),
    ]
    for code, who, purpose, start, end, condition in past:
        Loan.objects.create(
            agency=agency,
            asset=assets[code],
            borrower=users[who],
            purpose=purpose,
            start_date=start,
            end_date=end,
            status=LoanStatus.RETURNED,
            decided_by=users["office"],
            decided_at=timezone.make_aware(dt.datetime.combine(start - dt.timedelta(days=2), dt.time(10))),
            handed_over_at=timezone.make_aware(dt.datetime.combine(start, dt.time(9))),
            returned_at=timezone.make_aware(dt.datetime.combine(end, dt.time(16))),
            return_condition=condition,
        )
    Asset.objects.filter(pk=assets["420-64-0015"].pk).update(status=AssetStatus.AVAILABLE)
    # Around today: one overdue, one approved, one waiting for a decision.
    Loan.objects.create(
        agency=agency,
        asset=assets["480-66-0004"],
        borrower=users["works"],
        purpose="พ่นหมอกควันกำจัดยุงลายในชุมชนบ้านบางคลี",
        start_date=today - dt.timedelta(days=6),
        end_date=today - dt.timedelta(days=2),
        status=LoanStatus.HANDED_OVER,
        decided_by=users["health"],
        decided_at=timezone.now() - dt.timedelta(days=7),
        handed_over_at=timezone.now() - dt.timedelta(days=6),
    )
    Asset.objects.filter(pk=assets["480-66-0004"].pk).update(status=AssetStatus.ON_LOAN)
    Loan.objects.create(
        agency=agency,
        asset=assets["420-66-0030"],
        borrower=users["office"],
        purpose="ถ่ายภาพกิจกรรมประชุมประชาคมหมู่บ้าน",
        start_date=today + dt.timedelta(days=3),
        end_date=today + dt.timedelta(days=4),
        status=LoanStatus.APPROVED,
        decided_by=users["education"],
        decided_at=timezone.now(),
    )
    Loan.objects.create(
        agency=agency,
        asset=assets["416-65-0021"],
        borrower=users["education"],
        purpose="จัดกิจกรรมกีฬาสีศูนย์พัฒนาเด็กเล็ก",
        start_date=today + dt.timedelta(days=7),
        end_date=today + dt.timedelta(days=8),
    )


@demo_step
def demo_gifts(agency: Agency) -> None:
    if GiftPolicy.objects.filter(agency=agency).exists():
        return
    departments, users = _departments(agency), _users()
    for year, day in ((2567, D(2023, 10, 2)), (YEAR, D(2024, 10, 1))):
        GiftPolicy.objects.create(
            agency=agency,
            fiscal_year=year,
            executive_name="นายประเสริฐ มั่นคง",
            executive_position="นายกเทศมนตรีตำบลคึกคัก",
            announced_on=day,
            body=default_announcement(agency),
            published=True,
        )
    gifts = [
        (D(2024, 12, 30), "finance", "finance", "ห้างหุ้นส่วนจำกัด ก่อสร้างพังงา", "กระเช้าผลไม้ปีใหม่", "1200", GiftHandling.KEPT),
        (D(2025, 1, 2), "mayor", None, "บริษัท ทราย ทะเล จำกัด", "นาฬิกาข้อมือเนื่องในวันขึ้นปีใหม่", "8500", GiftHandling.RETURNED),
        (
            D(2025, 4, 11),
            "clerk",
            "office",
            "สมาคมผู้ประกอบการท่องเที่ยวเขาหลัก",
            "ของที่ระลึกงานสงกรานต์ (ผ้าไทย)",
            "4500",
            GiftHandling.STATE_PROPERTY,
        ),
    ]
    for day, who, dept, giver, what, value, handling in gifts:
        Gift.objects.create(
            agency=agency,
            received_on=day,
            recipient=users[who],
            department=departments.get(dept) if dept else None,
            giver=giver,
            description=what,
            value=Decimal(value),
            handling=handling,
        )


@demo_step
def demo_coi(agency: Agency) -> None:
    if CoiRound.objects.filter(agency=agency).exists():
        return
    users = _users()
    round_ = CoiRound.objects.create(
        agency=agency,
        fiscal_year=YEAR,
        opens_on=D(2024, 11, 1),
        closes_on=D(2024, 12, 31),
        instructions="ขอให้บุคลากรทุกคนเปิดเผยข้อมูลความเกี่ยวข้องกับผู้ประกอบการ "
        "หรือผู้รับบริการที่อาจก่อให้เกิดผลประโยชน์ทับซ้อนกับการปฏิบัติหน้าที่",
    )
    from prongsai.agencies.models import Membership

    for username, has, details in [
        ("coordinator", False, ""),
        ("mayor", False, ""),
        ("clerk", False, ""),
        ("office", False, ""),
        (
            "finance",
            True,
            "คู่สมรสเป็นหุ้นส่วนในร้านวัสดุก่อสร้างที่เคยเสนอราคาต่อเทศบาล จะไม่เข้าร่วมพิจารณาการจัดซื้อจัดจ้างที่ร้านดังกล่าวเสนอราคา",
        ),
        ("works", False, ""),
    ]:
        user = users[username]
        membership = Membership.objects.get(user=user, agency=agency)
        declaration = CoiDeclaration.objects.create(
            agency=agency,
            round=round_,
            member=user,
            department=membership.department,
            has_interest=has,
            details=details,
            signed_name=user.get_full_name(),
            submitted_at=timezone.make_aware(dt.datetime(2024, 11, 15, 10)),
        )
        if username in ("finance", "office", "coordinator"):
            declaration.reviewed_by = users["clerk"]
            declaration.reviewed_at = timezone.make_aware(dt.datetime(2024, 11, 20, 14))
            declaration.review_comment = "รับทราบ ให้ถือปฏิบัติตามที่แจ้งไว้" if has else "รับทราบ"
            declaration.save()


def _docx_bytes(title: str, lines: list[str]) -> bytes:
    from prongsai.documents import docx

    doc = docx.new_document()
    docx.heading(doc, title)
    for line in lines:
        docx.paragraph(doc, line, indent_cm=2.5)
    return docx.to_bytes(doc)


@demo_step
def demo_training(agency: Agency) -> None:
    if TrainingEvent.objects.filter(agency=agency).exists():
        return
    departments, users = _departments(agency), _users()
    everyone = list(users.values())
    events = [
        (
            EventKind.ITA_BRIEFING,
            "ประชุมชี้แจงการประเมิน ITA ประจำปี 2568 และแผนยกระดับ",
            D(2024, 11, 7),
            "ห้องประชุมสภาเทศบาลตำบลคึกคัก",
            "สำนักปลัดเทศบาล",
            "office",
            everyone,
            ["นายสมนึก ผู้ใหญ่บ้านหมู่ 2"],
        ),
        (
            EventKind.ETHICS,
            "อบรมเสริมสร้างคุณธรรม จริยธรรม และการป้องกันผลประโยชน์ทับซ้อน",
            D(2025, 2, 19),
            "ห้องประชุมสภาเทศบาลตำบลคึกคัก",
            "สำนักปลัดเทศบาล ร่วมกับ สำนักงาน ป.ป.ช. ประจำจังหวัดพังงา",
            "office",
            [u for k, u in users.items() if k not in ("mayor",)],
            [],
        ),
        (
            EventKind.ANTI_CORRUPTION,
            "กิจกรรมวันต่อต้านคอร์รัปชันสากล",
            D(2024, 12, 9),
            "ลานหน้าสำนักงานเทศบาล",
            "สำนักปลัดเทศบาล",
            "office",
            everyone,
            ["ตัวแทนชมรมผู้สูงอายุ", "ตัวแทนสภาเด็กและเยาวชน"],
        ),
        (
            EventKind.SERVICE,
            "อบรมการให้บริการประชาชนด้วยใจและการใช้ระบบรับเรื่องร้องเรียน",
            D(2025, 6, 24),
            "ห้องประชุมกองการศึกษา",
            "กองการศึกษา",
            "education",
            [users[k] for k in ("office", "finance", "education", "health")],
            [],
        ),
    ]
    for kind, title, day, place, organiser, dept, attendees, outside in events:
        event = TrainingEvent.objects.create(
            agency=agency,
            kind=kind,
            title=title,
            held_on=day,
            place=place,
            organiser=organiser,
            department=departments[dept],
            description=f"{title} เพื่อให้บุคลากรมีความรู้ความเข้าใจและนำไปปฏิบัติได้จริง",
        )
        Attendance.objects.bulk_create(
            [Attendance(event=event, member=u) for u in attendees]
            + [Attendance(event=event, outside_name=n) for n in outside]
        )
    event = TrainingEvent.objects.get(agency=agency, kind=EventKind.ETHICS)
    material = TrainingMaterial(
        event=event,
        title="เอกสารประกอบการบรรยาย: ผลประโยชน์ทับซ้อน",
        file_type="docx",
        original_name="ผลประโยชน์ทับซ้อน.docx",
    )
    content = _docx_bytes(
        "ผลประโยชน์ทับซ้อน (Conflict of Interest)",
        [
            "ผลประโยชน์ทับซ้อน คือ สถานการณ์ที่เจ้าหน้าที่ของรัฐมีผลประโยชน์ส่วนตนอยู่ และได้ใช้อิทธิพลตามหน้าที่"
            "ทำให้เกิดผลกระทบต่อประโยชน์สาธารณะ",
            "การป้องกัน: เปิดเผยข้อมูลส่วนได้เสีย ถอนตัวจากการพิจารณา และรายงานผู้บังคับบัญชา",
        ],
    )
    material.file.save(safe_storage_name(material.original_name, "docx"), ContentFile(content), save=True)


RISKS = [
    (
        "การจัดซื้อจัดจ้างโดยวิธีเฉพาะเจาะจง",
        "กำหนดคุณลักษณะเฉพาะของพัสดุเอื้อประโยชน์แก่ผู้ขายบางราย",
        3,
        4,
        "มีคณะกรรมการกำหนดร่างขอบเขตงาน",
        "finance",
        "เผยแพร่ร่างขอบเขตงานให้ผู้สนใจวิจารณ์ และสุ่มตรวจโดยหน่วยตรวจสอบภายใน",
        FollowUpStatus.DONE,
    ),
    (
        "การตรวจรับงานก่อสร้าง",
        "คณะกรรมการตรวจรับงานโดยไม่ตรวจสอบสถานที่จริง หรือรับสินบนจากผู้รับจ้าง",
        2,
        5,
        "มีแบบรายงานการตรวจรับ",
        "works",
        "ถ่ายภาพการตรวจรับพร้อมพิกัดทุกงวดงาน และประกาศผลการตรวจรับบนเว็บไซต์",
        FollowUpStatus.IN_PROGRESS,
    ),
    (
        "การออกใบอนุญาตก่อสร้างอาคาร",
        "เรียกรับผลประโยชน์เพื่อเร่งรัดการออกใบอนุญาต",
        3,
        3,
        "กำหนดระยะเวลาตามคู่มือประชาชน",
        "works",
        "เปิดให้ติดตามสถานะคำขอออนไลน์ และสำรวจความพึงพอใจผู้รับบริการ",
        FollowUpStatus.IN_PROGRESS,
    ),
    (
        "การจัดเก็บภาษีที่ดินและสิ่งปลูกสร้าง",
        "ลดหย่อนการประเมินภาษีโดยไม่เป็นไปตามหลักเกณฑ์",
        2,
        3,
        "ตรวจสอบโดยหัวหน้างานผลประโยชน์",
        "finance",
        "สอบทานการประเมินแบบสุ่มร้อยละ 10 ทุกไตรมาส",
        FollowUpStatus.DONE,
    ),
    (
        "การใช้รถยนต์ส่วนกลาง",
        "นำรถยนต์ของทางราชการไปใช้เพื่อประโยชน์ส่วนตน",
        2,
        2,
        "มีสมุดบันทึกการใช้รถ",
        "office",
        "ตรวจสอบสมุดบันทึกการใช้รถและน้ำมันเชื้อเพลิงรายเดือน",
        FollowUpStatus.NOT_STARTED,
    ),
    (
        "การรับเรื่องร้องเรียนการทุจริต",
        "ข้อมูลผู้ร้องเรียนรั่วไหลทำให้ผู้ร้องไม่ปลอดภัย",
        1,
        5,
        "จำกัดสิทธิ์ผู้เข้าถึงข้อมูล",
        "office",
        "ใช้ระบบรับเรื่องที่บันทึกการเข้าถึงทุกครั้ง",
        FollowUpStatus.DONE,
    ),
]


@demo_step
def demo_risks(agency: Agency) -> None:
    if RiskAssessment.objects.filter(agency=agency).exists():
        return
    departments, users = _departments(agency), _users()
    assessment = RiskAssessment.objects.create(
        agency=agency,
        fiscal_year=YEAR,
        scope="ประเมินความเสี่ยงการทุจริตและการให้หรือรับสินบนในกระบวนงานตามภารกิจหลักของทุกกอง "
        "โดยคณะทำงานบริหารความเสี่ยงของเทศบาล ตามแนวทางของสำนักงาน ป.ป.ช.",
        approved_by=users["mayor"],
        approved_at=timezone.make_aware(dt.datetime(2024, 12, 16, 11)),
    )
    for process, description, lk, im, controls, dept, response, status in RISKS:
        risk = Risk.objects.create(
            agency=agency,
            assessment=assessment,
            process=process,
            description=description,
            likelihood=lk,
            impact=im,
            existing_controls=controls,
            department=departments[dept],
            response=response,
            status=status,
        )
        if status != FollowUpStatus.NOT_STARTED:
            RiskNote.objects.create(
                risk=risk,
                noted_on=D(2025, 3, 31),
                status=FollowUpStatus.IN_PROGRESS,
                text="รอบ 6 เดือน: เริ่มดำเนินการตามมาตรการแล้ว",
                author=users["coordinator"],
            )
        if status == FollowUpStatus.DONE:
            RiskNote.objects.create(
                risk=risk,
                noted_on=D(2025, 9, 15),
                status=FollowUpStatus.DONE,
                text="รอบ 12 เดือน: ดำเนินการครบถ้วน ไม่พบข้อร้องเรียน",
                author=users["coordinator"],
            )


MANUALS = [
    (ManualKind.SERVICE, "คู่มือการให้บริการ การขออนุญาตก่อสร้าง ดัดแปลง รื้อถอนอาคาร", "works"),
    (ManualKind.SERVICE, "คู่มือการให้บริการ การชำระภาษีที่ดินและสิ่งปลูกสร้าง", "finance"),
    (ManualKind.WORK, "คู่มือการปฏิบัติงาน การจัดซื้อจัดจ้าง", "finance"),
    (ManualKind.CONFLICT_OF_INTEREST, "คู่มือการป้องกันผลประโยชน์ทับซ้อน", "office"),
    (ManualKind.ASSET_BORROWING, "คู่มือการยืมพัสดุ/ครุภัณฑ์ของทางราชการ", "office"),
    (ManualKind.COMPLAINT_HANDLING, "คู่มือการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ", "office"),
]


@demo_step
def demo_manuals(agency: Agency) -> None:
    if Manual.objects.filter(agency=agency).exists():
        return
    departments, users = _departments(agency), _users()
    for n, (kind, title, dept) in enumerate(MANUALS):
        manual = Manual.objects.create(agency=agency, kind=kind, title=title, department=departments[dept])
        versions = 2 if n in (0, 3) else 1
        for number in range(1, versions + 1):
            content = _docx_bytes(
                title,
                [
                    f"ฉบับที่ {number}",
                    "1. วัตถุประสงค์",
                    "2. ขอบเขต",
                    "3. ขั้นตอนการปฏิบัติงาน",
                    "4. ระยะเวลาดำเนินการ",
                    "5. ช่องทางการติดต่อและร้องเรียน",
                ],
            )
            version = ManualVersion(
                manual=manual,
                number=number,
                file_type="docx",
                original_name=f"{title}.docx",
                effective_on=D(2023 + number, 10, 1),
                uploaded_by=users["coordinator"],
                change_note="ฉบับแรก" if number == 1 else "ปรับปรุงขั้นตอนและระยะเวลาตามกฎหมายใหม่",
            )
            version.file.save(safe_storage_name(version.original_name, "docx"), ContentFile(content), save=False)
            # The last manual's newest version stays a draft: the page shows what waits to be published.
            if n != len(MANUALS) - 1:
                version.published_at = timezone.make_aware(dt.datetime(2023 + number, 10, 1, 9))
            version.save()


@demo_step
def demo_personnel(agency: Agency) -> None:
    if RewardsMeasures.objects.filter(agency=agency).exists():
        return
    RewardsMeasures.objects.create(
        agency=agency, title=f"มาตรการให้รางวัลและลงโทษ {agency.name_th}", body=DEFAULT_MEASURES, published=True
    )
    PersonnelAction.objects.create(
        agency=agency,
        kind=PersonnelActionKind.COMMENDATION,
        decided_on=D(2025, 1, 16),
        person_name="นางกาญจนา ตรงเวลา",
        position="ผู้อำนวยการกองคลัง",
        reason="ปรับปรุงระบบรับชำระภาษีออนไลน์ ลดระยะเวลารอคอยของประชาชน",
        measure="ประกาศเกียรติคุณข้าราชการดีเด่นประจำปี",
        reference="คำสั่งเทศบาลตำบลคึกคัก ที่ 12/2568",
    )
    PersonnelAction.objects.create(
        agency=agency,
        kind=PersonnelActionKind.DISCIPLINE,
        decided_on=D(2025, 7, 3),
        person_name="(สงวนชื่อ) พนักงานจ้างทั่วไป",
        position="พนักงานขับรถ",
        reason="นำรถยนต์ส่วนกลางไปใช้ในกิจธุระส่วนตัว",
        measure="ว่ากล่าวตักเตือนเป็นลายลักษณ์อักษร",
        reference="บันทึกสำนักปลัด ที่ 88/2568",
    )
