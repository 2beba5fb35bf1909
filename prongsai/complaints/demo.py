"""Demo data of เทศบาลตำบลคึกคัก: a year of complaints (FY2568), a few open ones now, and two participation rounds.

Two tracking codes are fixed so that the public tracking page can be tried:
KKDEM-23456 (closed, not yet rated: the satisfaction form shows) and KKDEM-45678 (in progress).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from prongsai.agencies.access import AgencyAccess
from prongsai.agencies.models import Agency, Department, Membership
from prongsai.complaints import actions, tracking
from prongsai.complaints.models import (
    Category,
    Channel,
    Complaint,
    ComplaintSettings,
    ComplaintUpdate,
    Participation,
    ParticipationKind,
    Rating,
    Status,
    UpdateKind,
)
from prongsai.core.demo import demo_step

if TYPE_CHECKING:
    from django.contrib.auth.models import User

DEMO_CODES = {"closed": "KKDEM23456", "open": "KKDEM45678"}


@dataclass(frozen=True)
class DemoComplaint:
    received: dt.date | int  # a date, or "this many days ago"
    category: str
    subject: str
    details: str
    department: str
    reach: str  # the status it has reached
    answer: str = ""
    anonymous: bool = False
    name: str = ""
    phone: str = ""
    place: str = ""
    channel: str = Channel.WEB
    rating: int | None = None
    code: str = ""


S, OP, C = Category.SERVICE, Category.OPINION, Category.CORRUPTION
FY2568 = [
    DemoComplaint(
        dt.date(2024, 10, 8),
        S,
        "ไฟส่องสว่างทางสาธารณะดับ หมู่ที่ 3",
        "ไฟฟ้าส่องสว่างริมถนนสายบ้านบางเนียง ช่วงหน้าโรงเรียน ดับติดต่อกัน 4 ต้น เวลากลางคืนมืดมาก เกรงจะเกิดอุบัติเหตุ",
        "works",
        Status.CLOSED,
        "กองช่างได้เปลี่ยนหลอดไฟและตรวจซ่อมสายไฟเรียบร้อยแล้ว เมื่อวันที่ 11 ตุลาคม 2567",
        name="นายสมชาย ทะเลงาม",
        phone="081-234-5678",
        place="หน้าโรงเรียนบ้านบางเนียง หมู่ที่ 3",
        rating=5,
    ),
    DemoComplaint(
        dt.date(2024, 10, 21),
        S,
        "ขยะไม่ได้รับการจัดเก็บตามรอบ",
        "ซอยร่มไทร 2 ขยะไม่ได้รับการจัดเก็บมา 1 สัปดาห์ ส่งกลิ่นเหม็นและมีสุนัขคุ้ยเขี่ย",
        "health",
        Status.CLOSED,
        "ปรับเส้นทางรถเก็บขนขยะให้ครอบคลุมซอยร่มไทร 2 ทุกวันอังคารและศุกร์ และจัดเก็บตกค้างแล้ว",
        name="นางอรุณี แสงจันทร์",
        phone="089-765-4321",
        place="ซอยร่มไทร 2",
        channel=Channel.PHONE,
    ),
    DemoComplaint(
        dt.date(2024, 11, 5),
        OP,
        "เสนอให้เปิดให้บริการรับชำระภาษีวันเสาร์",
        "ผู้ที่ทำงานวันจันทร์ถึงศุกร์ไม่สะดวกมาชำระภาษีที่ดินและสิ่งปลูกสร้าง เสนอให้เปิดบริการวันเสาร์ช่วงครบกำหนดชำระ",
        "finance",
        Status.CLOSED,
        "เทศบาลจะเปิดจุดรับชำระภาษีวันเสาร์ เดือนเมษายน 2568 และเพิ่มการชำระผ่าน QR Code แล้ว",
        name="นายวีระ พึ่งบุญ",
        phone="086-111-2233",
        code=DEMO_CODES["closed"],
    ),
    DemoComplaint(
        dt.date(2024, 11, 19),
        S,
        "ท่อระบายน้ำอุดตันหน้าตลาดสด",
        "ฝนตกแล้วน้ำท่วมขังหน้าตลาดสดเทศบาล เนื่องจากท่อระบายน้ำอุดตัน",
        "works",
        Status.CLOSED,
        "ล้างลอกท่อระบายน้ำความยาว 120 เมตร เรียบร้อยแล้ว",
        anonymous=True,
        place="ตลาดสดเทศบาลตำบลคึกคัก",
    ),
    DemoComplaint(
        dt.date(2025, 1, 9),
        S,
        "ขอให้ตัดกิ่งไม้ที่พาดสายไฟ",
        "กิ่งต้นจามจุรีพาดสายไฟฟ้าหน้าบ้านเลขที่ 45/2 หมู่ที่ 4 เกรงว่าจะหักโค่นช่วงมรสุม",
        "office",
        Status.CLOSED,
        "ประสานการไฟฟ้าส่วนภูมิภาคและตัดกิ่งไม้ร่วมกันแล้ว",
        name="นางสาวพิมพ์ใจ รักษ์ดี",
        phone="062-345-6789",
    ),
    DemoComplaint(
        dt.date(2025, 1, 27),
        C,
        "เจ้าหน้าที่เรียกรับเงินเพื่อเร่งออกใบอนุญาตก่อสร้าง",
        "ผู้ร้องยื่นขออนุญาตก่อสร้างอาคาร มีบุคคลอ้างว่าเป็นเจ้าหน้าที่ เรียกเงิน 3,000 บาท เพื่อให้ได้ใบอนุญาตเร็วขึ้น",
        "office",
        Status.CLOSED,
        "เทศบาลได้ตรวจสอบข้อเท็จจริงแล้ว และดำเนินการตามระเบียบ พร้อมกำชับการให้บริการตามคู่มือและระยะเวลาที่ประกาศ",
        anonymous=True,
    ),
    DemoComplaint(
        dt.date(2025, 2, 12),
        OP,
        "ขอให้จัดที่จอดรถสำหรับผู้พิการหน้าสำนักงาน",
        "ที่จอดรถหน้าสำนักงานเทศบาลไม่มีช่องสำหรับผู้พิการและผู้สูงอายุ",
        "works",
        Status.RESOLVED,
        "ตีเส้นช่องจอดรถสำหรับผู้พิการ 2 ช่อง และติดตั้งทางลาดเรียบร้อยแล้ว",
        name="นายประยุทธ ใจงาม",
        phone="084-555-1212",
    ),
    DemoComplaint(
        dt.date(2025, 3, 3),
        S,
        "น้ำประปาไหลอ่อนช่วงเช้า",
        "บ้านในซอยท่าเรือ น้ำประปาไหลอ่อนมากช่วง 06.00–08.00 น.",
        "works",
        Status.CLOSED,
        "ปรับแรงดันและเปลี่ยนมาตรวัดที่ชำรุดแล้ว",
        name="นางมยุรี ศรีสมุทร",
        phone="087-222-3344",
        place="ซอยท่าเรือ หมู่ที่ 2",
    ),
    DemoComplaint(
        dt.date(2025, 3, 24),
        S,
        "สุนัขจรจัดจำนวนมากบริเวณชายหาด",
        "มีสุนัขจรจัดรวมกลุ่มไล่กัดนักท่องเที่ยวบริเวณชายหาดคึกคัก",
        "health",
        Status.CLOSED,
        "ร่วมกับปศุสัตว์อำเภอฉีดวัคซีนและทำหมันสุนัข 38 ตัว และติดป้ายเตือน",
        anonymous=True,
        place="ชายหาดคึกคัก",
    ),
    DemoComplaint(
        dt.date(2025, 5, 6),
        S,
        "ถนนชำรุดเป็นหลุมบ่อ",
        "ถนนสายหลักหมู่ที่ 5 เป็นหลุมลึก รถจักรยานยนต์ล้มแล้ว 2 ครั้ง",
        "works",
        Status.CLOSED,
        "ซ่อมแซมผิวจราจรด้วยแอสฟัลต์ติกคอนกรีตแล้ว",
        name="นายอนันต์ ทองดี",
        phone="081-999-0001",
        channel=Channel.LINE,
        rating=4,
    ),
    DemoComplaint(
        dt.date(2025, 5, 28),
        OP,
        "เสนอให้จัดกิจกรรมช่วงปิดภาคเรียนสำหรับเด็ก",
        "อยากให้เทศบาลจัดกิจกรรมว่ายน้ำและความปลอดภัยทางน้ำให้เด็กช่วงปิดเทอม",
        "education",
        Status.CLOSED,
        "บรรจุโครงการสอนว่ายน้ำเพื่อเอาชีวิตรอดในแผนปี 2569 แล้ว",
        name="นางสาวกมลา ชื่นใจ",
        phone="090-123-4567",
    ),
    DemoComplaint(
        dt.date(2025, 6, 16),
        S,
        "กลิ่นเหม็นจากฟาร์มสุกร",
        "มีกลิ่นเหม็นจากฟาร์มสุกรรบกวนชุมชนในช่วงเย็น",
        "health",
        Status.CLOSED,
        "ตรวจสอบและให้ผู้ประกอบการปรับปรุงระบบบำบัดน้ำเสีย ภายใน 30 วัน ผลการตรวจซ้ำผ่านเกณฑ์",
        anonymous=True,
    ),
    DemoComplaint(
        dt.date(2025, 7, 10),
        S,
        "เสียงดังจากร้านอาหารริมชายหาดยามวิกาล",
        "ร้านอาหารเปิดเพลงเสียงดังหลังเที่ยงคืนเกือบทุกคืน",
        "office",
        Status.RESOLVED,
        "ออกหนังสือแจ้งเตือนและตรวจวัดระดับเสียงร่วมกับสถานีตำรวจ",
        name="นายเกรียงไกร สมบัติ",
        phone="083-333-4455",
    ),
    DemoComplaint(
        dt.date(2025, 8, 25),
        OP,
        "เสนอให้ติดตั้งกล้องวงจรปิดทางแยกชุมชน",
        "ทางแยกหน้าวัดมีอุบัติเหตุบ่อย เสนอให้ติดกล้องวงจรปิดและไฟกะพริบ",
        "works",
        Status.IN_PROGRESS,
        name="นางสาวนิภา ทองมา",
        phone="088-765-1234",
        place="แยกหน้าวัดคึกคัก",
        code=DEMO_CODES["open"],
    ),
    DemoComplaint(
        dt.date(2025, 9, 15),
        S,
        "ขอถังขยะเพิ่มบริเวณลานกีฬา",
        "ลานกีฬาชุมชนมีถังขยะไม่เพียงพอในช่วงเย็น",
        "health",
        Status.ASSIGNED,
        name="นายชาตรี ยิ้มแย้ม",
        phone="085-432-1098",
    ),
]
NOW = [
    DemoComplaint(
        12,
        S,
        "ฝาท่อระบายน้ำชำรุด",
        "ฝาท่อระบายน้ำหน้าร้านสะดวกซื้อแตก เสี่ยงต่อคนเดินเท้า",
        "works",
        Status.IN_PROGRESS,
        name="นายภาณุ แก้วใส",
        phone="081-000-1122",
        place="ถนนเพชรเกษม ช่วงหน้าร้านสะดวกซื้อ",
    ),
    DemoComplaint(
        4,
        OP,
        "ขอให้ขยายเวลาเปิดห้องสมุดประชาชน",
        "เสนอให้เปิดถึง 19.00 น. สำหรับนักเรียนหลังเลิกเรียน",
        "education",
        Status.ASSIGNED,
        anonymous=True,
    ),
    DemoComplaint(
        1,
        S,
        "ไฟจราจรกะพริบไม่ทำงาน",
        "ไฟกะพริบทางแยกหน้าโรงเรียนไม่ทำงานตั้งแต่เมื่อวาน",
        "works",
        Status.RECEIVED,
        name="นางสาววันดี ศรีสุข",
        phone="089-000-3344",
    ),
]
PATH = [Status.ASSIGNED, Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED]


@demo_step
def complaints(agency: Agency) -> None:
    if Complaint.objects.filter(agency=agency).exists():
        return
    with transaction.atomic():
        users = {u.username: u for u in get_user_model().objects.filter(memberships__agency=agency)}
        config = ComplaintSettings.for_agency(agency)
        config.notify_email = agency.email
        config.save()
        # The coordinator and the office clerk handle corruption complaints; nobody else sees them.
        config.confidential_handlers.set([users["coordinator"], users["office"]])
        departments = {d.code: d for d in Department.objects.filter(agency=agency)}
        coordinator = _access(agency, users["coordinator"])
        for item in FY2568 + NOW:
            _play(agency, item, departments, users, coordinator)


def _access(agency: Agency, user: User) -> AgencyAccess:
    membership = Membership.objects.select_related("department").get(agency=agency, user=user)
    return AgencyAccess(user, agency, membership.role, membership.department)


def _play(
    agency: Agency, item: DemoComplaint, departments: dict, users: dict[str, User], coordinator: AgencyAccess
) -> None:
    today = timezone.localdate()
    day = item.received if isinstance(item.received, dt.date) else today - dt.timedelta(days=item.received)
    received_at = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 30)))
    data = actions.Submission(
        category=item.category,
        subject=item.subject,
        details=item.details,
        anonymous=item.anonymous,
        contact_name=item.name,
        contact_phone=item.phone,
        location_text=item.place,
        channel=item.channel,
        received_at=received_at,
    )
    complaint = actions.submit(agency, data).complaint
    if item.code:  # a known code, so that the demo's tracking page can be tried
        complaint.tracking_selector = tracking.selector(item.code)
        complaint.tracking_digest = tracking.digest(item.code)
        complaint.save(update_fields=["tracking_selector", "tracking_digest"])
    if item.reach == Status.RECEIVED:
        return
    handler = users["office"] if item.category == C else _department_officer(users, item.department)
    worker = _access(agency, handler)
    steps = PATH[: PATH.index(Status(item.reach)) + 1]
    for step in steps:
        if step == Status.ASSIGNED:
            actions.assign(coordinator, complaint, departments[item.department], handler)
        elif step == Status.IN_PROGRESS:
            actions.start(worker, complaint)
            if item.category != C:
                actions.add_update(worker, complaint, "รับเรื่องแล้ว เจ้าหน้าที่จะลงพื้นที่ตรวจสอบภายใน 3 วันทำการ", public=True)
            else:
                actions.add_update(worker, complaint, "ตั้งคณะกรรมการสืบข้อเท็จจริงตามคำสั่งเทศบาล", public=False)
        elif step == Status.RESOLVED:
            actions.resolve(worker, complaint, item.answer)
        elif step == Status.CLOSED:
            actions.close(coordinator, complaint)
    _backdate(complaint, received_at, is_recent=not isinstance(item.received, dt.date))
    if item.rating:
        Rating.objects.create(complaint=complaint, score=item.rating, comment="ขอบคุณที่ดำเนินการรวดเร็ว")


def _department_officer(users: dict[str, User], department: str) -> User:
    return users.get(department) or users["office"]


def _backdate(complaint: Complaint, received_at: dt.datetime, *, is_recent: bool) -> None:
    """Spread the steps over the days after receipt, as they would have happened."""
    gap = dt.timedelta(hours=6) if is_recent else dt.timedelta(days=2)
    moment = received_at
    for update in complaint.updates.order_by("pk")[1:]:
        if update.kind != UpdateKind.ASSIGNMENT:  # the assignment note belongs to the "assigned" step
            moment += gap
        ComplaintUpdate.objects.filter(pk=update.pk).update(created_at=moment)
        if update.status == Status.RESOLVED:
            Complaint.objects.filter(pk=complaint.pk).update(resolved_at=moment)
        if update.status == Status.CLOSED:
            Complaint.objects.filter(pk=complaint.pk).update(closed_at=moment)


@demo_step
def participation(agency: Agency) -> None:
    if Participation.objects.filter(agency=agency).exists():
        return
    departments = {d.code: d for d in Department.objects.filter(agency=agency)}
    rounds = [
        Participation(
            agency=agency,
            kind=ParticipationKind.FORUM,
            topic="ประชาคมท้องถิ่นเพื่อทบทวนแผนพัฒนาท้องถิ่น (พ.ศ. 2566–2570) ประจำปี 2568",
            held_on=dt.date(2025, 2, 20),
            place="ศาลาประชาคมหมู่ที่ 1–5 ตำบลคึกคัก",
            department=departments.get("office"),
            description="จัดเวทีประชาคมรายหมู่บ้านเพื่อรับฟังปัญหาและความต้องการของประชาชน "
            "นำไปทบทวนและเพิ่มเติมโครงการในแผนพัฒนาท้องถิ่น",
            participants=186,
            opinions="ประชาชนเสนอให้ปรับปรุงถนนและระบบระบายน้ำในหมู่ที่ 2 และ 5 เพิ่มไฟส่องสว่างริมชายหาด "
            "จัดการขยะในฤดูท่องเที่ยว และส่งเสริมอาชีพกลุ่มแม่บ้าน",
            outcome="บรรจุโครงการที่ได้รับการเสนอ 14 โครงการในแผนพัฒนาท้องถิ่น (เพิ่มเติม ครั้งที่ 1/2568) "
            "และแจ้งผลให้ผู้นำชุมชนทราบทางหนังสือและเว็บไซต์เทศบาล",
        ),
        Participation(
            agency=agency,
            kind=ParticipationKind.ONLINE,
            topic="รับฟังความคิดเห็นร่างเทศบัญญัติ เรื่อง การจัดการสิ่งปฏิกูลและมูลฝอย พ.ศ. 2568",
            held_on=dt.date(2025, 6, 2),
            ends_on=dt.date(2025, 6, 16),
            place="เว็บไซต์และเพจ Facebook เทศบาลตำบลคึกคัก และกล่องรับความคิดเห็นที่สำนักงาน",
            department=departments.get("health"),
            description="เผยแพร่ร่างเทศบัญญัติและอัตราค่าธรรมเนียมเก็บขนขยะ เพื่อรับฟังความคิดเห็นเป็นเวลา 15 วัน",
            participants=74,
            opinions="ผู้แสดงความคิดเห็นส่วนใหญ่เห็นด้วย โดยขอให้กำหนดอัตราค่าธรรมเนียมผู้ประกอบการที่พักแยกจากครัวเรือน "
            "และเพิ่มจุดทิ้งขยะอันตราย",
            outcome="ปรับร่างให้มีอัตราค่าธรรมเนียมตามประเภทผู้ประกอบการ และเพิ่มจุดรับขยะอันตราย 3 จุด ก่อนเสนอสภาเทศบาลพิจารณา",
        ),
    ]
    coordinator = get_user_model().objects.filter(username="coordinator").first()
    for item in rounds:
        actions.save_participation(coordinator, item)
        actions.publish_participation(coordinator, item, True)
