"""Demo data for เทศบาลตำบลคึกคัก FY2568: stakeholders, the ITAS links and their spreading, an EIT pulse survey
on an open link, an IIT pulse survey on one-time codes (some unused), and a satisfaction survey with its report.

Generated answers follow a realistic pattern: mostly "มาก/มากที่สุด", a weaker spot on technology (e13) and on
fair assignment (i13–i15), rare "yes" to bribery questions. Idempotent: nothing is added twice.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid

from django.utils import timezone

from prongsai.agencies.models import Agency, Department, Membership, Role
from prongsai.assessments.models import Assessment
from prongsai.core.demo import CURRENT_YEAR, demo_step
from prongsai.surveys import actions, anonymity
from prongsai.surveys.models import (
    AccessCode,
    Campaign,
    Channel,
    CodeKind,
    InternalPopulation,
    LinkSpread,
    QuestionKind,
    Questionnaire,
    Response,
    SatisfactionQuestion,
    StakeholderGroup,
    StakeholderKind,
)
from prongsai.surveys.questionnaires import sheet_for

POPULATION = {"office": 24, "finance": 11, "works": 14, "education": 19, "health": 9}
GROUPS = [
    (StakeholderKind.SERVICE, "ขออนุญาตก่อสร้าง ดัดแปลง รื้อถอนอาคาร", 120),
    (StakeholderKind.SERVICE, "ชำระภาษีที่ดินและสิ่งปลูกสร้าง", 900),
    (StakeholderKind.SERVICE, "ลงทะเบียนเบี้ยยังชีพผู้สูงอายุและผู้พิการ", 450),
    (StakeholderKind.SERVICE, "จัดเก็บขยะมูลฝอยและรับเรื่องร้องเรียน", 300),
    (StakeholderKind.CONTRACTOR, "ผู้รับจ้างและผู้ขายพัสดุ", 40),
    (StakeholderKind.AGENCY, "หน่วยงานภาครัฐที่ติดต่อราชการ", 25),
    (StakeholderKind.CITIZEN, "ประชาชนในเขตเทศบาล", 3000),
]
SATISFACTION = [
    ("ความสะดวกรวดเร็วในการให้บริการ", QuestionKind.SCALE5, ""),
    ("ความสุภาพและความเต็มใจของเจ้าหน้าที่", QuestionKind.SCALE5, ""),
    ("ความชัดเจนของขั้นตอนและเอกสารที่ต้องใช้", QuestionKind.SCALE5, ""),
    ("ความสะอาดและความพร้อมของสถานที่", QuestionKind.SCALE5, ""),
    ("ท่านจะแนะนำบริการนี้ให้ผู้อื่นหรือไม่", QuestionKind.OPTIONS, "ไม่แนะนำ\nไม่แน่ใจ\nแนะนำ"),
]
COMMENTS = [
    "อยากให้มีที่จอดรถมากกว่านี้",
    "เจ้าหน้าที่บริการดีมาก ขอบคุณครับ",
    "ควรเพิ่มช่องทางชำระภาษีออนไลน์",
    "รอคิวนานในช่วงเช้า",
]


def _answer(rng: random.Random, key_code: str, size: int, reverse: bool, bad_yes: bool) -> int:
    """A plausible answer: positions are 1-based on the criteria's scale (A: 1 least … 4 most)."""
    if size == 2:  # yes/no: position 1 = มี (yes)
        if bad_yes:
            return 1 if rng.random() < 0.03 else 2
        return 1 if rng.random() < 0.9 else 2
    weights = [0.03, 0.12, 0.45, 0.40]
    if key_code.startswith(("e13", "i13", "i14", "i15")):
        weights = [0.08, 0.30, 0.42, 0.20]  # the weak spots the results page should show first
    if reverse:
        weights = list(reversed(weights))
    return rng.choices(range(1, size + 1), weights=weights[:size] if size == 4 else None)[0]


def _sheet_answers(rng: random.Random, campaign: Campaign) -> dict[str, int]:
    sheet = sheet_for(campaign)
    criteria = sheet.criteria
    keys = {k.code: k for k in criteria.answer_keys(campaign.instrument)} if campaign.is_pulse else {}
    result = {}
    for code, size in sheet.sizes.items():
        key = keys.get(code)
        bad_yes = bool(key and key.scale == "YES_NO_BAD")
        reverse = bool(key and key.reverse)
        if not campaign.is_pulse:
            result[code] = rng.choices(range(1, size + 1), weights=[1, 2, 6, 12, 9][-size:] if size == 5 else None)[0]
            continue
        result[code] = _answer(rng, code, size, reverse, bad_yes)
    return result


def _generate(campaign: Campaign, count: int, first_day: dt.date, last_day: dt.date, seed: int) -> None:
    """Bulk answers in random order with random ids and dates only, as store_response would leave them."""
    rng = random.Random(seed)  # noqa: S311 — demo data, reproducible on purpose
    days = (last_day - first_day).days + 1
    rows = []
    for n in range(count):
        # More answers early in the week after the link was spread, then a steady trickle.
        offset = min(int(rng.expovariate(1 / max(days / 2.5, 1))), days - 1)
        answers = _sheet_answers(rng, campaign)
        comment = rng.choice(COMMENTS) if not campaign.is_pulse and n % 9 == 0 else ""
        rows.append(
            Response(
                id=uuid.UUID(int=rng.getrandbits(128), version=4),
                campaign=campaign,
                answered_on=first_day + dt.timedelta(days=offset),
                answers=answers,
                comment=comment,
                fingerprint=anonymity.fingerprint(answers),
            )
        )
    rng.shuffle(rows)
    Response.objects.bulk_create(rows)


def _stakeholders(agency: Agency, assessment: Assessment) -> None:
    if not InternalPopulation.objects.filter(assessment=assessment).exists():
        for dept in Department.objects.filter(agency=agency, code__in=POPULATION):
            InternalPopulation.objects.create(assessment=assessment, department=dept, eligible=POPULATION[dept.code])
    for kind, name, estimated in GROUPS:
        StakeholderGroup.objects.get_or_create(
            assessment=assessment, kind=kind, name=name, defaults={"estimated": estimated}
        )


def _links(assessment: Assessment, today: dt.date) -> None:
    defaults = actions.default_links(assessment)
    if not hasattr(assessment, "itas_links"):
        actions.save_links(assessment, defaults["IIT"], defaults["EIT"], None)
    if not LinkSpread.objects.filter(assessment=assessment).exists():
        for days_ago, instrument, channel, where in [
            (21, "IIT", Channel.MEETING, "ประชุมพนักงานเทศบาลประจำเดือน ห้องประชุมสภาเทศบาล"),
            (20, "EIT", Channel.FACEBOOK, "เพจเฟซบุ๊กเทศบาลตำบลคึกคัก"),
            (20, "EIT", Channel.WEBSITE, "หน้าแรกเว็บไซต์เทศบาล แบนเนอร์ ITA"),
            (19, "EIT", Channel.POSTER, "โปสเตอร์ A4 และป้ายตั้งโต๊ะ จุดบริการเบ็ดเสร็จ (One Stop Service)"),
            (14, "EIT", Channel.LINE, "กลุ่มไลน์ผู้นำชุมชนทั้ง 9 ชุมชน"),
            (7, "IIT", Channel.LINE, "กลุ่มไลน์พนักงานเทศบาล"),
        ]:
            actions.log_spread(
                assessment,
                None,
                instrument=instrument,
                channel=channel,
                where=where,
                spread_on=today - dt.timedelta(days=days_ago),
            )
    if not assessment.itas_counts.exists():
        counts = []
        for days_ago, iit, eit in [(18, 12, 9), (14, 25, 21), (10, 38, 33), (7, 47, 44), (3, 55, 52), (1, 58, 57)]:
            day = today - dt.timedelta(days=days_ago)
            counts += [("IIT", day, iit), ("EIT", day, eit)]
        actions.save_counts(assessment, counts, None)


@demo_step
def surveys_demo(agency: Agency) -> None:
    assessment = Assessment.objects.filter(agency=agency, fiscal_year=CURRENT_YEAR).first()
    if assessment is None:
        return
    today = timezone.localdate()
    coordinator = Membership.objects.filter(agency=agency, role=Role.COORDINATOR).select_related("user").first()
    actor = coordinator.user if coordinator else None
    _stakeholders(agency, assessment)
    _links(assessment, today)
    start = today - dt.timedelta(days=20)

    eit = Campaign.objects.filter(assessment=assessment, instrument="EIT").first()
    if eit is None:
        eit = actions.create_campaign(
            assessment,
            None,
            instrument="EIT",
            title="แบบสำรวจความคิดเห็นผู้รับบริการ (คำถาม EIT) ปีงบประมาณ 2568",
            opens_on=start,
            closes_on=today + dt.timedelta(days=25),
            open_link=True,
            ask_group=False,
        )
        actions.confirm_oit_complete(eit, actor)
        _generate(eit, 264, start, today, seed=2568)
        actions.issue_codes(eit, 20, None, CodeKind.EVENT, "บัตรคิวจุดบริการเบ็ดเสร็จ")

    iit = Campaign.objects.filter(assessment=assessment, instrument="IIT").first()
    if iit is None:
        iit = actions.create_campaign(
            assessment,
            None,
            instrument="IIT",
            title="แบบสำรวจความคิดเห็นบุคลากร (คำถาม IIT) ปีงบประมาณ 2568",
            opens_on=start,
            closes_on=today + dt.timedelta(days=25),
            open_link=False,
            ask_group=False,
        )
        actions.confirm_oit_complete(iit, actor)
        batch = actions.issue_codes(iit, 77, None, CodeKind.SLIP, "แจกในที่ประชุมพนักงานประจำเดือน")
        # 52 slips came back answered: their codes are gone, as spending leaves no trace.
        spent = list(AccessCode.objects.filter(batch=batch).order_by("code").values_list("pk", flat=True)[:52])
        AccessCode.objects.filter(pk__in=spent).delete()
        _generate(iit, 52, start, today, seed=6825)

    questionnaire = Questionnaire.objects.filter(agency=agency).first()
    if questionnaire is None:
        questionnaire = Questionnaire.objects.create(
            agency=agency,
            title="ความพึงพอใจต่อการให้บริการ ณ จุดบริการเบ็ดเสร็จ",
            intro="โปรดประเมินการให้บริการที่ท่านได้รับในวันนี้",
            ask_comment=True,
        )
        for order, (text, kind, options) in enumerate(SATISFACTION, start=1):
            SatisfactionQuestion.objects.create(
                questionnaire=questionnaire, order=order, text=text, kind=kind, options=options
            )
    sat = Campaign.objects.filter(assessment=assessment, instrument="SAT").first()
    if sat is None:
        sat = actions.create_campaign(
            assessment,
            None,
            instrument="SAT",
            questionnaire=questionnaire,
            title="สำรวจความพึงพอใจผู้รับบริการ ไตรมาส 1/2568",
            opens_on=start,
            closes_on=today + dt.timedelta(days=10),
            open_link=True,
            ask_group=False,
        )
        _generate(sat, 96, start, today, seed=7)
        actions.publish_report(sat, None)
