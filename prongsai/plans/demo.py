"""The demo agency's FY2568 improvement plan (the acceptance document, verbatim), its progress, and the review
meeting on the FY2567 result. Idempotent: nothing is added when the plan already exists."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.utils import timezone

from prongsai.agencies.models import Agency
from prongsai.assessments.models import Assessment
from prongsai.core.demo import demo_step
from prongsai.plans import seed
from prongsai.plans.models import (
    Decision,
    Guideline,
    Measure,
    Plan,
    PlanStatus,
    ProgressNote,
    ReviewMeeting,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

YEAR = 2568

# (indicator, position in its cell) → (status, progress, [(date, percent, note)])
PROGRESS: dict[tuple[int, int], tuple[str, int, list[tuple[dt.date, int, str]]]] = {
    (1, 0): (
        "done",
        100,
        [
            (dt.date(2024, 12, 20), 50, "ทุกกองส่งร่างคู่มือการปฏิบัติงานครบ ๕ กอง อยู่ระหว่างตรวจทาน"),
            (dt.date(2025, 4, 25), 100, "เผยแพร่คู่มือการปฏิบัติงานบนเว็บไซต์เทศบาลครบทุกภารกิจแล้ว"),
        ],
    ),
    (2, 0): ("in_progress", 70, [(dt.date(2025, 3, 14), 70, "ชี้แจงพนักงานกองคลังแล้ว ๒ ครั้ง")]),
    (3, 0): ("done", 100, [(dt.date(2024, 11, 28), 100, "ประชุมชี้แจงพนักงานเทศบาล ๔๒ คน ณ ห้องประชุมเทศบาล")]),
    (4, 0): ("done", 100, [(dt.date(2025, 1, 20), 100, "ประกาศแผนผังขั้นตอนการยืมทรัพย์สินและติดบอร์ดประชาสัมพันธ์")]),
    (5, 0): ("done", 100, [(dt.date(2025, 1, 10), 100, "ออกคำสั่งให้ถือปฏิบัติตามคู่มือการป้องกันผลประโยชน์ทับซ้อน")]),
    (5, 1): ("done", 100, [(dt.date(2024, 12, 18), 100, "อบรมเสริมสร้างวินัยคุณธรรมจริยธรรม ผู้เข้าร่วม ๓๘ คน")]),
    (6, 0): ("done", 100, []),
    (6, 1): ("in_progress", 60, [(dt.date(2025, 3, 31), 60, "ทุกกองส่งแบบวิเคราะห์ความเสี่ยงแล้ว ๓ จาก ๕ กอง")]),
    (7, 0): ("done", 100, [(dt.date(2025, 4, 22), 100, "สำรวจความพึงพอใจผู้รับบริการ ๔๐๐ ราย ร้อยละ ๙๑.๒")]),
    (7, 1): ("in_progress", 50, []),
    (8, 0): ("done", 100, []),
    (8, 2): ("done", 100, [(dt.date(2024, 11, 15), 100, "ได้รับรายชื่อผู้มีส่วนได้ส่วนเสียภายในและภายนอกครบทุกกอง")]),
    (9, 0): ("in_progress", 80, [(dt.date(2025, 2, 28), 80, "เปิดเพจ Facebook และปรับหน้าข่าวบนเว็บไซต์แล้ว")]),
    (10, 1): ("done", 100, [(dt.date(2025, 2, 12), 100, "จัดอบรมการป้องกันการทุจริต ผู้เข้าร่วม ๔๕ คน")]),
}

GUIDELINE_STATUS = {"2.1": "done", "2.2": "done", "2.3": "done", "2.4": "in_progress"}

DECISIONS = [
    (
        9,
        "ปรับปรุงเว็บไซต์ของหน่วยงานให้เป็นหมวดหมู่เพื่อความสะดวกในการค้นหาข้อมูลข่าวสารได้ง่าย",
        (9, 1),
    ),
    (10, "จัดอบรมการป้องกันการทุจริตภายในเทศบาล", (10, 1)),
    (7, "เพิ่มการประชาสัมพันธ์ช่องทางตอบแบบวัด EIT ให้ผู้รับบริการทราบก่อนช่วงเก็บข้อมูล", None),
]


def _user(username: str) -> User | None:
    return get_user_model().objects.filter(username=username).first()


@demo_step
def improvement_plan(agency: Agency) -> None:
    assessment = Assessment.objects.filter(agency=agency, fiscal_year=YEAR).first()
    if assessment is None or Plan.objects.filter(assessment=assessment).exists():
        return
    departments = {d.code: d for d in agency.departments.all()}
    mayor = _user("mayor")
    approved_at = timezone.make_aware(dt.datetime(2024, 10, 21, 10, 0))
    plan = Plan.objects.create(
        assessment=assessment,
        title=seed.TITLE,
        background=seed.BACKGROUND,
        status=PlanStatus.PUBLISHED,
        submitted_at=timezone.make_aware(dt.datetime(2024, 10, 18, 9, 0)),
        approved_by=mayor,
        approved_at=approved_at,
        published_at=approved_at + dt.timedelta(days=1),
    )
    for order, (number, text) in enumerate(seed.GUIDELINES):
        Guideline.objects.create(plan=plan, number=number, text=text, order=order, status=GUIDELINE_STATUS[number])
    authors = {"finance": _user("finance"), "office": _user("office")}
    measures: dict[tuple[int, int], Measure] = {}
    for indicator, texts, responsible, period in seed.TABLE:
        for position, text in enumerate(texts):
            status, progress, notes = PROGRESS.get((indicator, position), ("not_started", 0, []))
            measure = Measure.objects.create(
                plan=plan,
                indicator=indicator,
                order=position,
                text=text,
                all_departments=responsible == seed.ALL,
                whole_year=period is seed.WHOLE_YEAR,
                start_month=dt.date(*period[0], 1) if period else None,
                end_month=dt.date(*period[1], 1) if period else None,
                status=status,
                progress=progress,
            )
            if responsible != seed.ALL:
                measure.departments.set([departments[responsible]])
            author = authors.get(responsible) or _user("coordinator")
            for day, percent, note in notes:
                ProgressNote.objects.create(measure=measure, date=day, author=author, text=note, percent=percent)
            measures[(indicator, position)] = measure
    _review_meeting(agency, measures)


def _review_meeting(agency: Agency, measures: dict[tuple[int, int], Measure]) -> None:
    reviewed = Assessment.objects.filter(agency=agency, fiscal_year=YEAR - 1).first()
    if reviewed is None or ReviewMeeting.objects.filter(assessment=reviewed).exists():
        return
    meeting = ReviewMeeting.objects.create(
        assessment=reviewed,
        held_on=dt.date(2024, 10, 15),
        place="ห้องประชุมเทศบาลตำบลคึกคัก",
        chair="นายประเสริฐ มั่นคง นายกเทศมนตรีตำบลคึกคัก",
        outside_attendees="นางสาวอรทัย ใจงาม ผู้แทนประชาคมตำบล\nนายสมชาย ทองดี ผู้แทนผู้ประกอบการท่องเที่ยว",
        agenda=(
            "๑. รับทราบผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๗\n"
            "๒. วิเคราะห์ผลคะแนนรายตัวชี้วัด\n"
            "๓. กำหนดมาตรการยกระดับผลการประเมิน ประจำปีงบประมาณ พ.ศ. ๒๕๖๘"
        ),
        problems=(
            "ตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต และตัวชี้วัดที่ ๒ การใช้งบประมาณ ได้คะแนนต่ำสุด "
            "ผู้มีส่วนได้ส่วนเสียภายนอกบางส่วนไม่ทราบช่องทางการตอบแบบวัด EIT "
            "ข้อมูลบนเว็บไซต์ยังไม่เป็นหมวดหมู่ ค้นหายาก"
        ),
        lessons=(
            "การแต่งตั้งผู้รับผิดชอบข้อ OIT รายกองและตรวจทานก่อนนำเข้าทำให้คะแนน OIT ผ่านเกณฑ์ "
            "การประชุมชี้แจงพนักงานก่อนช่วงเก็บข้อมูล IIT ทำให้ผู้ตอบเข้าใจแบบวัดมากขึ้น"
        ),
    )
    meeting.members.set(
        [u for u in (_user(n) for n in ("mayor", "clerk", "coordinator", "office", "finance")) if u is not None]
    )
    for order, (indicator, text, target) in enumerate(DECISIONS):
        Decision.objects.create(
            meeting=meeting,
            order=order,
            text=text,
            indicator=indicator,
            measure=measures.get(target) if target else None,
        )
