"""The demo agency of the README quick start: เทศบาลตำบลคึกคัก and its FY2568 plan year.

Idempotent: running it twice changes nothing. Other apps add their own demo data through
`DEMO_STEPS` (a list of callables taking the agency), so the demo grows with the product.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from prongsai.agencies.models import Agency, AgencyType, Department, Membership, Role
from prongsai.assessments import actions as assessment_actions
from prongsai.assessments.models import Assessment, AssessmentStatus
from prongsai.assessments.results_file import parse_results, read_table
from prongsai.criteria.loader import load_shipped
from prongsai.criteria.models import CriteriaVersion

SLUG = "khuekkhak"
DEMO_PASSWORD = "prongsai-demo"  # noqa: S105 — printed on start; a demo database only
RESULTS_FILE = Path(__file__).with_name("demo_data") / "khuekkhak-results.csv"
CURRENT_YEAR = 2568

DEPARTMENTS = [
    ("office", "สำนักปลัดเทศบาล", "Office of the Municipal Clerk"),
    ("finance", "กองคลัง", "Finance Division"),
    ("works", "กองช่าง", "Public Works Division"),
    ("education", "กองการศึกษา", "Education Division"),
    ("health", "กองสาธารณสุขและสิ่งแวดล้อม", "Public Health and Environment Division"),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    department: str | None
    position: str


USERS = [
    DemoUser("coordinator", "สมศรี", "ใจดี", Role.COORDINATOR, "office", "นักวิเคราะห์นโยบายและแผน (ผู้ประสานงาน ITA)"),
    DemoUser("mayor", "ประเสริฐ", "มั่นคง", Role.EXECUTIVE, None, "นายกเทศมนตรีตำบลคึกคัก"),
    DemoUser("clerk", "วิไล", "ศรีสุข", Role.EXECUTIVE, "office", "ปลัดเทศบาล"),
    DemoUser("office", "อนุชา", "รักงาน", Role.OFFICER, "office", "นักจัดการงานทั่วไป"),
    DemoUser("finance", "กาญจนา", "ตรงเวลา", Role.OFFICER, "finance", "ผู้อำนวยการกองคลัง"),
    DemoUser("works", "ธนพล", "สร้างสรรค์", Role.OFFICER, "works", "นายช่างโยธา"),
    DemoUser("education", "มาลี", "เรียนดี", Role.OFFICER, "education", "นักวิชาการศึกษา"),
    DemoUser("health", "สุดา", "สะอาด", Role.OFFICER, "health", "นักวิชาการสาธารณสุข"),
    DemoUser("auditor", "ปกรณ์", "ตรวจตรา", Role.AUDITOR, None, "นักวิชาการตรวจสอบภายใน"),
]

DEMO_STEPS: list[Callable[[Agency], None]] = []


def demo_step(step: Callable[[Agency], None]) -> Callable[[Agency], None]:
    """Register another app's demo data; it runs after the agency, users and results exist."""
    DEMO_STEPS.append(step)
    return step


@transaction.atomic
def load_demo() -> Agency:
    load_shipped()
    agency, _ = Agency.objects.get_or_create(
        slug=SLUG,
        defaults={
            "name_th": "เทศบาลตำบลคึกคัก",
            "name_en": "Khuek Khak Subdistrict Municipality",
            "agency_type": AgencyType.SUBDISTRICT_MUNICIPALITY,
            "size_group": "M",
            "province": "พังงา",
            "district": "ตะกั่วป่า",
            "itas_code": "kk2568",
            "address": "เทศบาลตำบลคึกคัก อำเภอตะกั่วป่า จังหวัดพังงา",
            "phone": "076-000000",
            "email": "info@khuekkhak.example",
        },
    )
    departments = {
        code: Department.objects.get_or_create(
            agency=agency, code=code, defaults={"name_th": th, "name_en": en, "order": n}
        )[0]
        for n, (code, th, en) in enumerate(DEPARTMENTS)
    }
    _users(agency, departments)
    if not Assessment.objects.filter(agency=agency, fiscal_year=2567).exists():
        parsed = parse_results(read_table(RESULTS_FILE.name, RESULTS_FILE.read_bytes()))
        assert not parsed.errors, parsed.errors
        assessment_actions.import_results(agency, parsed.rows, None)
        Assessment.objects.filter(agency=agency, fiscal_year=2567).update(status=AssessmentStatus.CLOSED)
    if not Assessment.objects.filter(agency=agency, fiscal_year=CURRENT_YEAR).exists():
        version = CriteriaVersion.objects.get(code=f"ita-{CURRENT_YEAR}")
        assessment = assessment_actions.create_assessment(agency, CURRENT_YEAR, version, None)
        assessment.status = AssessmentStatus.IN_PROGRESS
        assessment.save(update_fields=["status"])
    # Each app adds its demo data in its own demo.py with @demo_step, run in INSTALLED_APPS order.
    autodiscover_modules("demo")
    for step in DEMO_STEPS:
        step(agency)
    return agency


def _users(agency: Agency, departments: dict[str, Department]) -> None:
    User = get_user_model()
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "admin@localhost", DEMO_PASSWORD)
    for demo in USERS:
        user = User.objects.filter(username=demo.username).first()
        if user is None:
            user = User.objects.create_user(
                demo.username,
                email=f"{demo.username}@khuekkhak.example",  # reminders in the demo go to the console
                password=DEMO_PASSWORD,
                first_name=demo.first_name,
                last_name=demo.last_name,
            )
        Membership.objects.get_or_create(
            user=user,
            agency=agency,
            defaults={
                "role": demo.role,
                "department": departments.get(demo.department or ""),
                "position": demo.position,
            },
        )


def logins() -> list[tuple[str, str, str]]:
    """(username, password, what they are) for the start-up banner."""
    rows = [("admin", DEMO_PASSWORD, "Django superuser (all agencies, /admin/)")]
    rows += [(u.username, DEMO_PASSWORD, f"{u.role}: {u.position}") for u in USERS]
    return rows
